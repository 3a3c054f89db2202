//! CSV (and TSV, with `--delimiter '\t'`) for spreadsheets: CRLF line ends,
//! an optional BOM for Excel, the formula guard and Excel's cell limit.

use std::io::Write;

use super::{WriteOptions, cap_cell};
use crate::summary::DocSummary;
use crate::table::Cell;

/// Prefixes a cell a spreadsheet would run as a formula with `'`.
pub fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_formula_guard(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// Whether a spreadsheet could read `s` as a formula: it starts with a tab
/// or CR, or its first visible character is `=`, `+`, `-`, `@` or their
/// full-width forms. Spreadsheets (and the people who paste cells) drop
/// leading spaces, NBSP, U+3000, a BOM and zero-width characters, so
/// `  =1+1` or `\u{FEFF}=1+1` runs just like `=1+1`.
pub fn needs_formula_guard(s: &str) -> bool {
    if s.starts_with(['\t', '\r']) {
        return true;
    }
    s.chars()
        .find(|&c| !(c.is_whitespace() || is_invisible(c)))
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'))
}

/// Characters that take no room on screen: BOM, zero-width space and
/// (non-)joiners, word joiner, soft hyphen, Mongolian vowel separator.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{180E}'
    )
}

pub struct CsvWriter<W: Write> {
    w: csv::Writer<W>,
    header: Vec<String>,
    guard: bool,
    rows: usize,
    /// One buffer for every rendered cell.
    buf: String,
    warnings: Vec<String>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, header: &[String], o: &WriteOptions) -> std::io::Result<Self> {
        if o.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(o.delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(header)?;
        Ok(CsvWriter {
            w,
            header: header.to_vec(),
            guard: o.formula_guard,
            rows: 0,
            buf: String::new(),
            warnings: Vec::new(),
        })
    }
}

impl<W: Write + Send> super::Writer for CsvWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.rows += 1;
        for (ci, c) in cells.iter().enumerate() {
            self.buf.clear();
            c.render_into(&mut self.buf);
            let guarded = match c {
                Cell::Text(_) if self.guard => guard_formula(&self.buf),
                _ => self.buf.as_str().into(),
            };
            let (ri, header) = (self.rows, &self.header);
            let capped = cap_cell(&guarded, &mut self.warnings, || {
                format!(
                    "row {ri}, column {}",
                    header.get(ci).map_or("?", |h| h.as_str())
                )
            });
            self.w.write_field(capped.as_deref().unwrap_or(&guarded))?;
        }
        self.w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _summary: Option<&DocSummary>) -> std::io::Result<Vec<String>> {
        self.w.flush()?;
        Ok(std::mem::take(&mut self.warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{EXCEL_CELL_LIMIT, WriteOptions, write_table};
    use super::*;
    use crate::table::Table;

    fn table() -> Table {
        Table {
            header: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![
                vec![Cell::text("=SUM(A1)"), Cell::Float(0.5, 4), Cell::Empty],
                vec![
                    Cell::text("line\nbreak, \"q\""),
                    Cell::Int(-3),
                    Cell::Float(f64::NAN, 4),
                ],
            ],
        }
    }

    #[test]
    fn csv_guards_formulas_quotes_and_keeps_numbers() {
        let mut out = Vec::new();
        write_table(&mut out, &table(), &WriteOptions::default()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "a,b,c\r\n'=SUM(A1),0.5000,\r\n\"line\nbreak, \"\"q\"\"\",-3,\r\n"
        );
    }

    #[test]
    fn guard_looks_past_leading_blanks_and_invisible_characters() {
        for s in [
            "=1+1",
            "  =1+1",
            "\u{FEFF}=1",
            "\u{200B}+1",
            "\u{A0}-1",
            "\u{3000}@x",
            "\u{200C}\u{200D} =1",
            "＝1+1",
            "＋1",
            "－1",
            "＠x",
            "\tx",
            "\rx",
            "\n =1",
        ] {
            assert!(needs_formula_guard(s), "{s:?}");
            assert_eq!(guard_formula(s), format!("'{s}"));
        }
        for s in ["", "  ", "a=1", " x-1", "\u{FEFF}text", "'=1", "1+1"] {
            assert!(!needs_formula_guard(s), "{s:?}");
            assert_eq!(guard_formula(s), s);
        }
    }

    #[test]
    fn bom_delimiter_and_no_guard() {
        let o = WriteOptions {
            bom: true,
            delimiter: b';',
            formula_guard: false,
            ..WriteOptions::default()
        };
        let mut out = Vec::new();
        write_table(&mut out, &table(), &o).unwrap();
        assert!(out.starts_with(b"\xEF\xBB\xBFa;b;c\r\n=SUM(A1);0.5000;\r\n"));
    }

    #[test]
    fn long_cells_are_cut_with_warning() {
        let t = Table {
            header: vec!["x".into()],
            rows: vec![vec![Cell::text("é".repeat(40_000))]],
        };
        let mut out = Vec::new();
        let w = write_table(&mut out, &t, &WriteOptions::default()).unwrap();
        assert_eq!(w.len(), 1);
        let s = String::from_utf8(out).unwrap();
        let cell = s.lines().nth(1).unwrap();
        assert_eq!(cell.chars().count(), EXCEL_CELL_LIMIT);
        assert!(cell.ends_with(super::super::CUT_MARKER));
    }

    #[test]
    fn cell_limit_counts_utf16_units_like_excel() {
        let t = Table {
            header: vec!["x".into()],
            rows: vec![
                vec![Cell::text("😀".repeat(20_000))],
                vec![Cell::text("😀".repeat(16_383))],
            ],
        };
        let mut out = Vec::new();
        let w = write_table(&mut out, &t, &WriteOptions::default()).unwrap();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("row 1") && w[0].contains("40000"), "{w:?}");
        let s = String::from_utf8(out).unwrap();
        let mut lines = s.split("\r\n").skip(1);
        let cut = lines.next().unwrap();
        assert!(cut.ends_with(super::super::CUT_MARKER));
        let n = cut.encode_utf16().count();
        assert!(
            (EXCEL_CELL_LIMIT - 1..=EXCEL_CELL_LIMIT).contains(&n),
            "{n}"
        );
        assert_eq!(lines.next().unwrap(), "😀".repeat(16_383));
    }
}
