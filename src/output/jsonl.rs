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

impl<W: Write + Send> super::Writer for JsonlWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let mut m = serde_json::Map::new();
        for (h, c) in self.header.iter().zip(cells) {
            let v = match c {
                Cell::Empty => serde_json::Value::Null,
                Cell::Text(s) => serde_json::Value::String(s.to_string()),
                Cell::Int(i) => (*i).into(),
                Cell::Float(f, _) => {
                    serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
                }
            };
            m.insert(h.clone(), v);
        }
        serde_json::to_writer(&mut self.w, &m)?;
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
    }
}
