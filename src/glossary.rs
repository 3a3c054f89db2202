//! Glossary loading and term checks.
//!
//! PLACEHOLDER: loads CSV/TSV entries and finds nothing yet; the glossary
//! issue replaces the body, keeping this public API.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// A variant the glossary rejects.
    Deprecated,
    /// The preferred term with the wrong letter case.
    Case,
    /// The ref uses the term (or a variant), the hyp has neither.
    Missing,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Deprecated => "deprecated",
            FindingKind::Case => "case",
            FindingKind::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
    Info,
}

/// One glossary finding in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFinding {
    pub kind: FindingKind,
    /// The text as it appears in the checked text (empty for `missing`).
    pub found: String,
    /// The preferred term.
    pub term: String,
    /// Index of the entry in [`Glossary::entries`].
    pub entry: usize,
    /// Byte range of `found` in the checked text (empty for `missing`).
    pub span: Range<usize>,
    pub severity: Severity,
}

impl fmt::Display for TermFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} -> {}", self.kind.as_str(), self.found, self.term)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub term: String,
    pub variants: Vec<String>,
    pub note: String,
    pub severity: Severity,
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// Loads and merges glossary files (`.csv`, `.tsv`, `.tbx`).
    pub fn load(paths: &[PathBuf]) -> Result<Glossary> {
        let mut g = Glossary::default();
        for p in paths {
            let text = std::fs::read_to_string(p).map_err(|e| Error::input(p, None, e))?;
            g.entries.extend(Glossary::parse(p, &text)?.entries);
        }
        Ok(g)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Glossary> {
        let delim = if path.extension().is_some_and(|e| e == "tsv") {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .from_reader(text.as_bytes());
        let mut entries = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| Error::input(path, Some(i + 2), e))?;
            entries.push(Entry {
                term: rec.get(0).unwrap_or("").to_owned(),
                variants: rec
                    .get(1)
                    .unwrap_or("")
                    .split('|')
                    .map(str::to_owned)
                    .collect(),
                note: rec.get(2).unwrap_or("").to_owned(),
                severity: Severity::Error,
            });
        }
        Ok(Glossary { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `deprecated` and `case` findings in one text, in text order.
    pub fn check(&self, _text: &str) -> Vec<TermFinding> {
        Vec::new()
    }

    /// `missing` findings: terms the ref uses that the hyp lacks entirely.
    pub fn missing(&self, _hyp: &str, _ref: &str) -> Vec<TermFinding> {
        Vec::new()
    }

    /// The text with every variant replaced by its preferred term, so the
    /// aligner sees "micro-letter" and "WeChat" as the same word.
    pub fn canonicalize(&self, text: &str) -> String {
        text.to_owned()
    }

    /// Problems found while loading (duplicates, a variant that is another entry's term, ...).
    pub fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
}

/// `mtaudit terms`: one row per finding in a monolingual text.
pub fn terms_table(
    doc: &crate::input::Document,
    sentences: &[crate::segment::Sentence],
    g: &Glossary,
) -> crate::report::Table {
    use crate::report::{Cell, Table};
    let _ = doc;
    let mut rows = Vec::new();
    for s in sentences {
        for f in g.check(&s.text) {
            rows.push(vec![
                Cell::Int(s.line as i64),
                Cell::Empty,
                Cell::Text(f.found.clone()),
                Cell::Text(f.term.clone()),
                Cell::Text(f.kind.as_str().into()),
                Cell::Text(s.text.clone()),
            ]);
        }
    }
    Table {
        header: ["line", "column", "found", "term", "kind", "sentence"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows,
    }
}
