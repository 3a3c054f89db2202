//! Everything mtaudit writes goes through here: one writer per format behind
//! the [`Writer`] trait, the table schemas in [`schema`], and atomic
//! replacement of files in [`atomic`].
//!
//! A writer is handed rows one at a time and told when the table ends, so
//! a report can stream to its file; the column names and the spreadsheet
//! safety rules (formula guard, Excel's cell limit) are the same whatever
//! the format.

pub mod atomic;
mod csv;
pub mod html;
mod jsonl;
pub mod schema;
mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::audit::Row;
use crate::error::{Error, Result};
use crate::summary::DocSummary;
use crate::table::{Cell, Table};

pub use csv::needs_formula_guard;

pub use atomic::{
    Sink, Staging, commit_all, is_stdout, remove_temp_files_and_exit, stdout_error, write_atomic,
};

/// Excel refuses longer cells; we cut and say so rather than lose the file.
pub const EXCEL_CELL_LIMIT: usize = 32_767;
/// Excel's row limit, header included.
pub const EXCEL_ROW_LIMIT: usize = 1_048_576;
const CUT_MARKER: &str = " [...cut by mtaudit]";
/// The words every cut-cell warning carries (see [`collapse_cut_warnings`]).
const CUT_WARNING: &str = "cut to Excel's limit of";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Jsonl,
    Xlsx,
    /// The review page (see [`html`]).
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// Binary formats cannot go to a terminal.
    fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub format: Format,
    pub bom: bool,
    pub delimiter: u8,
    pub formula_guard: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            format: Format::Csv,
            bom: false,
            delimiter: b',',
            formula_guard: true,
        }
    }
}

/// One output table being written. Rows arrive in order; `finish` ends
/// the output and returns the warnings collected on the way (cut cells).
pub trait Writer: Send {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()>;

    /// A report row: its cells and the link they came from, for a format
    /// that shows more than the cells (the review page); the others write
    /// the cells.
    fn link(&mut self, cells: &[Cell], _row: &Row) -> std::io::Result<()> {
        self.row(cells)
    }

    /// Ends the table. `summary` is the document summary of a report, which
    /// a format can show beside the rows (a second xlsx sheet, the review
    /// page's header); the others ignore it.
    fn finish(self: Box<Self>, summary: Option<&DocSummary>) -> std::io::Result<Vec<String>>;
}

/// A writer of `format` with `header`, writing to `out`.
pub fn writer<'w>(
    out: impl Write + Send + 'w,
    header: &[String],
    o: &WriteOptions,
) -> std::io::Result<Box<dyn Writer + 'w>> {
    Ok(match o.format {
        Format::Csv => Box::new(csv::CsvWriter::new(out, header, o)?),
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(out, header)),
        Format::Xlsx => Box::new(xlsx::XlsxWriter::new(out, header)?),
        Format::Html => Box::new(html::HtmlWriter::new(out, header)),
    })
}

/// Writes a whole table to `w`; returns warnings.
pub fn write_table<W: Write + Send>(
    w: W,
    t: &Table,
    o: &WriteOptions,
) -> std::io::Result<Vec<String>> {
    let mut wr = writer(w, &t.header, o)?;
    for r in &t.rows {
        wr.row(r)?;
    }
    wr.finish(None).map(collapse_cut_warnings)
}

/// Opens the output `path` for `o`'s format: refuses a binary format on a
/// terminal, where it would only garble the screen.
pub fn open(path: &Path, o: &WriteOptions) -> Result<Sink> {
    if is_stdout(path) && o.format.is_binary() {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            return Err(Error::usage(format!(
                "--format {} is binary: write it to a file with -o FILE.{}",
                o.format.extension(),
                o.format.extension()
            )));
        }
    }
    Sink::open(path)
}

/// Writes a whole table into an open output (not yet committed).
pub fn write_table_into(sink: &mut Sink, t: &Table, o: &WriteOptions) -> Result<Vec<String>> {
    write_table(&mut *sink, t, o).map_err(|e| sink.error(e))
}

/// Writes one value as pretty JSON into an open output.
pub fn write_json_into(sink: &mut Sink, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *sink, value)
        .map_err(std::io::Error::from)
        .and_then(|()| sink.write_all(b"\n"))
        .map_err(|e| sink.error(e))
}

/// Writes the table to a file (atomically) or to stdout when `path` is `-`.
pub fn write_table_to(path: &Path, t: &Table, o: &WriteOptions) -> Result<Vec<String>> {
    let mut sink = open(path, o)?;
    let w = write_table_into(&mut sink, t, o)?;
    sink.commit()?;
    Ok(w)
}

/// One document's per-sentence report, written row by row as the rows are
/// made, so no more than one row is held.
pub struct ReportWriter<'w> {
    w: Box<dyn Writer + 'w>,
    doc: String,
    /// Buffers every row reuses.
    cells: Vec<Cell<'static>>,
    metrics: Vec<Cell<'static>>,
    qa: String,
}

impl<'w> ReportWriter<'w> {
    pub fn new(out: impl Write + Send + 'w, doc: &str, o: &WriteOptions) -> std::io::Result<Self> {
        Ok(ReportWriter {
            w: writer(out, &schema::report_header(), o)?,
            doc: doc.to_owned(),
            cells: Vec::new(),
            metrics: Vec::new(),
            qa: String::new(),
        })
    }

    pub fn row(&mut self, r: &Row) -> std::io::Result<()> {
        let mut cells = recycle(std::mem::take(&mut self.cells));
        schema::report_cells_into(&mut cells, &mut self.metrics, &mut self.qa, &self.doc, r);
        let res = self.w.link(&cells, r);
        self.cells = recycle(cells);
        res
    }

    /// Ends the report; `summary` goes where the format shows one.
    pub fn finish(self, summary: &DocSummary) -> std::io::Result<Vec<String>> {
        self.w.finish(Some(summary)).map(collapse_cut_warnings)
    }
}

/// An empty vector with `v`'s allocation, for cells that borrow from the
/// next row: the in-place collect keeps the buffer (same layout), so rows
/// allocate no cell vector of their own.
fn recycle<'b>(mut v: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    v.clear();
    v.into_iter().map(|_| Cell::Empty).collect()
}

/// Cuts text over Excel's cell limit (on a char boundary) and says so.
/// Excel counts UTF-16 code units, so a character outside the Basic
/// Multilingual Plane (emoji, rare CJK) counts twice. `None`: the text fits.
fn cap_cell(
    s: &str,
    warnings: &mut Vec<String>,
    where_: impl FnOnce() -> String,
) -> Option<String> {
    // Fast path: even all-astral text of this many bytes fits.
    if s.len() <= EXCEL_CELL_LIMIT {
        return None;
    }
    let units = s.encode_utf16().count();
    if units <= EXCEL_CELL_LIMIT {
        return None;
    }
    let keep = EXCEL_CELL_LIMIT - CUT_MARKER.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if used + c.len_utf16() > keep {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    warnings.push(format!(
        "{}: cell of {units} characters {CUT_WARNING} {EXCEL_CELL_LIMIT}",
        where_()
    ));
    Some(format!("{}{CUT_MARKER}", &s[..end]))
}

/// How many cut cells are named one by one before the rest are counted.
const CUT_WARNINGS_SHOWN: usize = 3;

/// A text without sentence marks can have thousands of findings in one
/// huge "sentence", each row repeating it: name the first few cut cells and
/// count the rest, rather than one warning line per cell.
pub fn collapse_cut_warnings(warnings: Vec<String>) -> Vec<String> {
    let is_cut = |w: &String| w.contains(CUT_WARNING);
    let cuts = warnings.iter().filter(|w| is_cut(w)).count();
    if cuts <= CUT_WARNINGS_SHOWN + 1 {
        return warnings;
    }
    let mut out = Vec::new();
    let mut shown = 0;
    for w in warnings {
        if !is_cut(&w) {
            out.push(w);
        } else if shown < CUT_WARNINGS_SHOWN {
            out.push(w);
            shown += 1;
        }
    }
    out.push(format!(
        "{} more cells {CUT_WARNING} {EXCEL_CELL_LIMIT} (--format jsonl keeps every text whole)",
        cuts - CUT_WARNINGS_SHOWN
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_cut_cells_are_counted_not_listed() {
        let cut = |i: usize| {
            format!(
                "row {i}, column sentence: cell of 40000 characters cut to Excel's limit of 32767"
            )
        };
        let mut w: Vec<String> = (1..=10).map(cut).collect();
        w.insert(2, "another warning".to_owned());
        let c = collapse_cut_warnings(w);
        assert_eq!(c.len(), 5, "{c:?}");
        assert_eq!(c[0], cut(1));
        assert_eq!(c[2], "another warning");
        assert!(c[4].starts_with("7 more cells cut"), "{c:?}");
        // A handful is listed whole.
        let few: Vec<String> = (1..=4).map(cut).collect();
        assert_eq!(collapse_cut_warnings(few.clone()), few);
    }
}
