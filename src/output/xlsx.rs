//! xlsx workbooks: text always stored as text (so no formula guard is
//! needed), wrapped running-text columns, a frozen header with filters, and
//! verdict colours as conditional formats that follow a reviewer's edits.

use std::io::Write;

use super::{EXCEL_ROW_LIMIT, cap_cell};
use crate::summary::DocSummary;
use crate::table::{Cell, Table};

/// Collects the rows and builds the workbook at the end.
pub struct XlsxWriter<W: Write> {
    w: W,
    table: Table,
}

impl<W: Write> XlsxWriter<W> {
    pub fn new(w: W, header: &[String]) -> Self {
        XlsxWriter {
            w,
            table: Table {
                header: header.to_vec(),
                rows: Vec::new(),
            },
        }
    }
}

impl<W: Write + Send> super::Writer for XlsxWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.table
            .rows
            .push(cells.iter().map(|c| c.clone().into_owned()).collect());
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: Option<&DocSummary>) -> std::io::Result<Vec<String>> {
        let sheet = summary.map(|s| super::schema::summary_table(std::slice::from_ref(s)));
        let (bytes, warnings) =
            xlsx_bytes(&self.table, sheet.as_ref()).map_err(std::io::Error::other)?;
        self.w.write_all(&bytes)?;
        self.w.flush()?;
        Ok(warnings)
    }
}

/// Columns holding running text: wide and wrapped in xlsx.
const WRAPPED_COLUMNS: &[&str] = &[
    "hyp_text",
    "ref_text",
    "hyp_terms",
    "ref_terms",
    "message",
    "sentence",
];

/// The xlsx workbook as bytes: sheet `report`, plus sheet `summary` when given.
pub fn xlsx_bytes(
    report: &Table,
    summary: Option<&Table>,
) -> std::result::Result<(Vec<u8>, Vec<String>), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    // A fixed creation date (the one the zip entries carry) keeps reports
    // byte-identical between runs, as the CSV ones are.
    let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&epoch));
    let mut warnings = Vec::new();
    xlsx_sheet(&mut wb, "report", report, &mut warnings)?;
    if let Some(s) = summary {
        xlsx_sheet(&mut wb, "summary", s, &mut warnings)?;
    }
    Ok((wb.save_to_buffer()?, warnings))
}

fn xlsx_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    name: &str,
    t: &Table,
    warnings: &mut Vec<String>,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format as XFormat, FormatAlign};
    let header_fmt = XFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_align(FormatAlign::Top);
    let top = XFormat::new().set_align(FormatAlign::Top);
    let wrap = XFormat::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = XFormat::new()
        .set_num_format("0.0000")
        .set_align(FormatAlign::Top);
    // Verdict/status colours are conditional formats, so a reviewer who
    // changes `review` to `ok` sees the colour follow.
    let colour = |bg: u32, fg: u32| {
        XFormat::new()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    };
    let colours = [
        ("ok", colour(0xC6EFCE, 0x006100)),
        ("review", colour(0xFFEB9C, 0x9C5700)),
        ("gap", colour(0xD9D9D9, 0x404040)),
        ("error", colour(0xFFC7CE, 0x9C0006)),
    ];

    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let ncols = t.header.len().min(16_384);
    let wrapped: Vec<bool> = t
        .header
        .iter()
        .map(|h| WRAPPED_COLUMNS.contains(&h.as_str()))
        .collect();
    let coloured = |h: &str| h == "verdict" || h == "status";
    let mut widths: Vec<usize> = t.header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in t.header.iter().take(ncols).enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header_fmt)?;
    }
    let max_rows = EXCEL_ROW_LIMIT - 1;
    if t.rows.len() > max_rows {
        warnings.push(format!(
            "sheet {name}: {} rows cut to Excel's limit of {max_rows}",
            t.rows.len()
        ));
    }
    for (ri, row) in t.rows.iter().take(max_rows).enumerate() {
        let r = (ri + 1) as u32;
        for (ci, cell) in row.iter().take(ncols).enumerate() {
            let c = ci as u16;
            let head = t.header.get(ci).map_or("", String::as_str);
            match cell {
                Cell::Empty => {}
                Cell::Int(i) => {
                    ws.write_number_with_format(r, c, *i as f64, &top)?;
                    widths[ci] = widths[ci].max(i.to_string().len() + 1);
                }
                Cell::Float(v, _) if v.is_nan() => {}
                Cell::Float(v, _) if v.is_infinite() => {
                    ws.write_string_with_format(r, c, cell.render(), &top)?;
                }
                Cell::Float(v, _) => {
                    ws.write_number_with_format(r, c, *v, &number)?;
                    widths[ci] = widths[ci].max(8);
                }
                Cell::Text(s) => {
                    let capped = cap_cell(s, warnings, || {
                        format!("sheet {name}, row {}, column {head}", ri + 1)
                    });
                    let s: &str = capped.as_deref().unwrap_or(s);
                    let fmt = if wrapped[ci] { &wrap } else { &top };
                    widths[ci] = widths[ci].max(s.chars().count().min(60) + 1);
                    ws.write_string_with_format(r, c, s, fmt)?;
                }
            }
        }
    }
    for (ci, w) in widths.iter().take(ncols).enumerate() {
        // Running text gets a fixed reading width and wraps; the rest fit
        // their content within bounds.
        let w = if wrapped[ci] { 60 } else { (*w).clamp(6, 40) };
        ws.set_column_width(ci as u16, w as f64)?;
    }
    if ncols > 0 {
        ws.set_freeze_panes(1, 0)?;
        let last_row = t.rows.len().min(max_rows) as u32;
        ws.autofilter(0, 0, last_row, (ncols - 1) as u16)?;
        for (ci, h) in t.header.iter().take(ncols).enumerate() {
            if !coloured(h) || last_row == 0 {
                continue;
            }
            for (value, fmt) in &colours {
                let cf = rust_xlsxwriter::ConditionalFormatCell::new()
                    .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::EqualTo(*value))
                    .set_format(fmt);
                ws.add_conditional_format(1, ci as u16, last_row, ci as u16, &cf)?;
            }
        }
    }
    Ok(())
}
