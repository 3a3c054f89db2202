//! xlsx workbooks: text always stored as text (so no formula guard is
//! needed), wrapped running-text columns with rows tall enough to show
//! them, a frozen header with filters, verdict colours as conditional
//! formats that follow a reviewer's edits, and a page setup for printing
//! (landscape, one page wide, the header on every page).
//!
//! The report sheet streams: rust_xlsxwriter's constant-memory mode writes
//! each row to a temporary file as soon as the next one starts, so a report
//! of a million rows holds one row, not the workbook (1.1 M rows took
//! 5.4 GB when every row was kept to build the workbook at the end).

use std::io::Write;

use rust_xlsxwriter::{Color, Format as XFormat, FormatAlign, Workbook, XlsxError};

use super::{EXCEL_ROW_LIMIT, cap_cell};
use crate::summary::DocSummary;
use crate::table::{Cell, Table};

/// Columns holding running text: wide and wrapped in xlsx.
const WRAPPED_COLUMNS: &[&str] = &[
    "hyp_text",
    "ref_text",
    "hyp_terms",
    "ref_terms",
    "message",
    "sentence",
];
/// Width of a wrapped column, in characters.
const WRAP_WIDTH: usize = 60;
/// Excel's default row height and its largest, in points.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

fn io(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e)
}

/// The cell formats every sheet uses.
struct Formats {
    header: XFormat,
    top: XFormat,
    wrap: XFormat,
    number: XFormat,
    /// Verdict/status colours, as conditional formats so that a reviewer
    /// who changes `review` to `ok` sees the colour follow.
    colours: [(&'static str, XFormat); 4],
}

impl Formats {
    fn new() -> Formats {
        let colour = |bg: u32, fg: u32| {
            XFormat::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Formats {
            header: XFormat::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Top),
            top: XFormat::new().set_align(FormatAlign::Top),
            wrap: XFormat::new().set_text_wrap().set_align(FormatAlign::Top),
            number: XFormat::new()
                .set_num_format("0.0000")
                .set_align(FormatAlign::Top),
            colours: [
                ("ok", colour(0xC6EFCE, 0x006100)),
                ("review", colour(0xFFEB9C, 0x9C5700)),
                ("gap", colour(0xD9D9D9, 0x404040)),
                ("error", colour(0xFFC7CE, 0x9C0006)),
            ],
        }
    }
}

/// Lines a wrapped cell takes at [`WRAP_WIDTH`] characters a line.
fn wrapped_lines(s: &str) -> usize {
    s.split('\n')
        .map(|l| l.chars().count().div_ceil(WRAP_WIDTH).max(1))
        .sum()
}

/// One sheet being written row by row.
struct Sheet {
    index: usize,
    name: String,
    header: Vec<String>,
    ncols: usize,
    wrapped: Vec<bool>,
    widths: Vec<usize>,
    /// Data rows written and rows past Excel's limit.
    rows: usize,
    cut: usize,
}

impl Sheet {
    fn start(
        wb: &mut Workbook,
        name: &str,
        header: &[String],
        streamed: bool,
        f: &Formats,
    ) -> Result<Sheet, XlsxError> {
        let index = wb.worksheets().len();
        let ws = if streamed {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(name)?;
        let ncols = header.len().min(16_384);
        for (c, h) in header.iter().take(ncols).enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.header)?;
        }
        ws.set_landscape();
        // One page wide, as many pages tall as it takes.
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        Ok(Sheet {
            index,
            name: name.to_owned(),
            header: header.to_vec(),
            ncols,
            wrapped: header
                .iter()
                .map(|h| WRAPPED_COLUMNS.contains(&h.as_str()))
                .collect(),
            widths: header.iter().map(|h| h.chars().count() + 2).collect(),
            rows: 0,
            cut: 0,
        })
    }

    fn row(
        &mut self,
        wb: &mut Workbook,
        cells: &[Cell],
        f: &Formats,
        warnings: &mut Vec<String>,
    ) -> Result<(), XlsxError> {
        if self.rows >= EXCEL_ROW_LIMIT - 1 {
            self.cut += 1;
            return Ok(());
        }
        self.rows += 1;
        let r = self.rows as u32;
        let ws = wb.worksheet_from_index(self.index)?;
        let mut texts: Vec<Option<std::borrow::Cow<str>>> = Vec::with_capacity(self.ncols);
        for (ci, cell) in cells.iter().take(self.ncols).enumerate() {
            texts.push(match cell {
                Cell::Text(s) => {
                    let head = self.header.get(ci).map_or("", String::as_str);
                    let (name, ri) = (&self.name, self.rows);
                    let capped = cap_cell(s, warnings, || {
                        format!("sheet {name}, row {ri}, column {head}")
                    });
                    Some(capped.map_or_else(|| s.as_ref().into(), Into::into))
                }
                _ => None,
            });
        }
        // Set before the row's cells: a streamed row is written out once
        // the next one starts, so its height cannot change afterwards.
        let lines = texts
            .iter()
            .enumerate()
            .filter(|(ci, _)| self.wrapped[*ci])
            .filter_map(|(_, t)| t.as_deref().map(wrapped_lines))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT))?;
        }
        for (ci, cell) in cells.iter().take(self.ncols).enumerate() {
            let c = ci as u16;
            match cell {
                Cell::Empty => {}
                Cell::Int(i) => {
                    ws.write_number_with_format(r, c, *i as f64, &f.top)?;
                    self.widths[ci] = self.widths[ci].max(i.to_string().len() + 1);
                }
                Cell::Float(v, _) if v.is_nan() => {}
                Cell::Float(v, _) if v.is_infinite() => {
                    ws.write_string_with_format(r, c, cell.render(), &f.top)?;
                }
                Cell::Float(v, _) => {
                    ws.write_number_with_format(r, c, *v, &f.number)?;
                    self.widths[ci] = self.widths[ci].max(8);
                }
                Cell::Text(_) => {
                    let s = texts[ci].as_deref().unwrap_or("");
                    let fmt = if self.wrapped[ci] { &f.wrap } else { &f.top };
                    self.widths[ci] = self.widths[ci].max(s.chars().count().min(60) + 1);
                    ws.write_string_with_format(r, c, s, fmt)?;
                }
            }
        }
        Ok(())
    }

    fn finish(
        self,
        wb: &mut Workbook,
        f: &Formats,
        warnings: &mut Vec<String>,
    ) -> Result<(), XlsxError> {
        if self.cut > 0 {
            warnings.push(format!(
                "sheet {}: {} rows cut to Excel's limit of {}",
                self.name,
                self.rows + self.cut,
                EXCEL_ROW_LIMIT - 1
            ));
        }
        let ws = wb.worksheet_from_index(self.index)?;
        for (ci, w) in self.widths.iter().take(self.ncols).enumerate() {
            // Running text gets a fixed reading width and wraps; the rest
            // fit their content within bounds.
            let w = if self.wrapped[ci] {
                WRAP_WIDTH
            } else {
                (*w).clamp(6, 40)
            };
            ws.set_column_width(ci as u16, w as f64)?;
        }
        if self.ncols > 0 {
            ws.set_freeze_panes(1, 0)?;
            let last_row = self.rows as u32;
            ws.autofilter(0, 0, last_row, (self.ncols - 1) as u16)?;
            for (ci, h) in self.header.iter().take(self.ncols).enumerate() {
                if !(h == "verdict" || h == "status") || last_row == 0 {
                    continue;
                }
                for (value, fmt) in &f.colours {
                    let cf = rust_xlsxwriter::ConditionalFormatCell::new()
                        .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::EqualTo(*value))
                        .set_format(fmt);
                    ws.add_conditional_format(1, ci as u16, last_row, ci as u16, &cf)?;
                }
            }
        }
        Ok(())
    }
}

/// Streams the `report` sheet; the `summary` sheet is added at the end.
pub struct XlsxWriter<W: Write> {
    w: W,
    wb: Workbook,
    formats: Formats,
    sheet: Sheet,
    warnings: Vec<String>,
}

impl<W: Write> XlsxWriter<W> {
    pub fn new(w: W, header: &[String]) -> std::io::Result<Self> {
        let mut wb = Workbook::new();
        // A fixed creation date (the one the zip entries carry) keeps reports
        // byte-identical between runs, as the CSV ones are.
        let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1).map_err(io)?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&epoch));
        let formats = Formats::new();
        let sheet = Sheet::start(&mut wb, "report", header, true, &formats).map_err(io)?;
        Ok(XlsxWriter {
            w,
            wb,
            formats,
            sheet,
            warnings: Vec::new(),
        })
    }
}

impl<W: Write + Send> super::Writer for XlsxWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.sheet
            .row(&mut self.wb, cells, &self.formats, &mut self.warnings)
            .map_err(io)
    }

    fn finish(self: Box<Self>, summary: Option<&DocSummary>) -> std::io::Result<Vec<String>> {
        let XlsxWriter {
            mut w,
            mut wb,
            formats: f,
            sheet,
            mut warnings,
        } = *self;
        sheet.finish(&mut wb, &f, &mut warnings).map_err(io)?;
        if let Some(s) = summary {
            let t: Table = super::schema::summary_table(std::slice::from_ref(s));
            let mut sheet = Sheet::start(&mut wb, "summary", &t.header, false, &f).map_err(io)?;
            for r in &t.rows {
                sheet.row(&mut wb, r, &f, &mut warnings).map_err(io)?;
            }
            sheet.finish(&mut wb, &f, &mut warnings).map_err(io)?;
        }
        wb.save_to_writer(&mut w).map_err(io)?;
        w.flush()?;
        Ok(warnings)
    }
}
