//! JSON Lines: one object per row, every text whole (no cell limit, no
//! formula guard: JSON readers run nothing).

use std::io::Write;

use crate::summary::DocSummary;
use crate::table::Cell;

pub struct JsonlWriter<W: Write> {
    w: W,
    header: Vec<String>,
}

impl<W: Write> JsonlWriter<W> {
    pub fn new(w: W, header: &[String]) -> Self {
        JsonlWriter {
            w,
            header: header.to_vec(),
        }
    }
}

/// One row as a JSON object whose keys come in the report's column order
/// (a `serde_json::Map` would sort them), serialised straight to the
/// writer without building a map.
struct Record<'r> {
    header: &'r [String],
    cells: &'r [Cell<'r>],
}

impl serde::Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.header.len().min(self.cells.len())))?;
        for (h, c) in self.header.iter().zip(self.cells) {
            match c {
                Cell::Empty => m.serialize_entry(h, &())?,
                Cell::Text(t) => m.serialize_entry(h, t.as_ref())?,
                Cell::Int(i) => m.serialize_entry(h, i)?,
                // JSON has no NaN or infinity: such a score is null.
                Cell::Float(f, _) if !f.is_finite() => m.serialize_entry(h, &())?,
                Cell::Float(f, _) => m.serialize_entry(h, f)?,
            }
        }
        m.end()
    }
}

impl<W: Write + Send> super::Writer for JsonlWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let rec = Record {
            header: &self.header,
            cells,
        };
        serde_json::to_writer(&mut self.w, &rec)?;
        self.w.write_all(b"\n")
    }

    fn finish(mut self: Box<Self>, _summary: Option<&DocSummary>) -> std::io::Result<Vec<String>> {
        self.w.flush()?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, WriteOptions, write_table};
    use super::*;
    use crate::table::Table;

    #[test]
    fn jsonl_types() {
        let t = Table {
            header: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![vec![
                Cell::text("=SUM(A1)"),
                Cell::Float(0.5, 4),
                Cell::Empty,
            ]],
        };
        let mut out = Vec::new();
        let o = WriteOptions {
            format: Format::Jsonl,
            ..Default::default()
        };
        write_table(&mut out, &t, &o).unwrap();
        let s = String::from_utf8(out).unwrap();
        let first: serde_json::Value = serde_json::from_str(s.lines().next().unwrap()).unwrap();
        assert_eq!(first["a"], "=SUM(A1)");
        assert_eq!(first["b"], 0.5);
        assert!(first["c"].is_null());
        // Keys in column order, not sorted.
        let t = Table {
            header: vec!["z".into(), "a".into()],
            rows: vec![vec![Cell::Int(1), Cell::Float(f64::NAN, 4)]],
        };
        let mut out = Vec::new();
        write_table(&mut out, &t, &o).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "{\"z\":1,\"a\":null}\n");
    }
}
