//! The format-neutral intermediate every output goes through: a header and
//! rows of typed cells. Domain modules never build tables; `output::schema`
//! turns their records into rows, and each writer in `output` decides how a
//! cell looks in its format (a CSV text, an xlsx number, a JSON null).

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    /// Borrowed where the text already lives in a record (a report row's
    /// sentence), so writing a row copies no text.
    Text(Cow<'a, str>),
    Int(i64),
    /// A float written with a fixed number of decimals; NaN is written empty.
    Float(f64, usize),
}

impl<'a> Cell<'a> {
    /// A score: four decimals, the report's precision.
    pub fn float(v: f64) -> Cell<'a> {
        Cell::Float(v, 4)
    }

    pub fn int(v: usize) -> Cell<'a> {
        Cell::Int(v as i64)
    }

    pub fn opt_int(v: Option<usize>) -> Cell<'a> {
        v.map_or(Cell::Empty, Cell::int)
    }

    pub fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    /// The cell with its text owned, to outlive the record it came from.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(s) => Cell::Text(Cow::Owned(s.into_owned())),
            Cell::Int(i) => Cell::Int(i),
            Cell::Float(v, d) => Cell::Float(v, d),
        }
    }

    /// The cell as plain text (numbers with `.` as decimal separator).
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    /// [`Cell::render`] appended to `out`, so a writer can reuse one buffer
    /// for every cell.
    pub fn render_into(&self, out: &mut String) {
        match self {
            Cell::Empty => {}
            Cell::Text(s) => out.push_str(s),
            Cell::Int(i) => {
                use std::fmt::Write;
                let _ = write!(out, "{i}");
            }
            Cell::Float(v, _) if v.is_nan() => {}
            Cell::Float(v, _) if v.is_infinite() => {
                out.push_str(if *v > 0.0 { "inf" } else { "-inf" })
            }
            Cell::Float(v, d) => crate::fixed::push_fixed(out, *v, *d),
        }
    }
}

/// A whole table held in memory: summaries and other small outputs (the
/// per-sentence report streams row by row instead).
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell<'static>>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The cell of `row` under the column named `column`, if both exist.
    pub fn get(&self, row: usize, column: &str) -> Option<&Cell<'static>> {
        let c = self.header.iter().position(|h| h == column)?;
        self.rows.get(row)?.get(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_render_as_the_report_shows_them() {
        assert_eq!(Cell::Empty.render(), "");
        assert_eq!(Cell::text("a,b").render(), "a,b");
        assert_eq!(Cell::Int(-3).render(), "-3");
        assert_eq!(Cell::float(0.5).render(), "0.5000");
        assert_eq!(Cell::float(f64::NAN).render(), "");
        assert_eq!(Cell::float(f64::INFINITY).render(), "inf");
        assert_eq!(Cell::float(f64::NEG_INFINITY).render(), "-inf");
        assert_eq!(Cell::Float(2.0 / 3.0, 2).render(), "0.67");
        let mut t = Table::new(&["a", "b"]);
        t.rows
            .push(vec![Cell::int(1), Cell::text("x").into_owned()]);
        assert_eq!(t.get(0, "b"), Some(&Cell::text("x")));
        assert_eq!(t.get(0, "c"), None);
        assert_eq!(t.get(1, "a"), None);
    }
}
