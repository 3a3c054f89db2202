//! Per-document figures: counts by link kind and verdict, corpus scores,
//! term findings. One [`DocSummary`] is one row of `summary.csv`.

use std::collections::BTreeMap;

use crate::glossary::FindingKind;
use crate::metric::CorpusStats;
use crate::pipeline::{DocReport, Verdict};
use crate::report::{Cell, Table};

#[derive(Debug, Clone, Default)]
pub struct DocSummary {
    pub name: String,
    /// `None` when the pair was processed; the error message otherwise.
    pub error: Option<String>,
    pub hyp_sentences: usize,
    pub ref_sentences: usize,
    pub links: usize,
    pub kinds: BTreeMap<String, usize>,
    pub verdicts: BTreeMap<&'static str, usize>,
    pub low_confidence: usize,
    pub mean_char_sim: f64,
    pub corpus: CorpusStats,
    pub hyp_findings: BTreeMap<FindingKind, usize>,
    pub ref_findings: BTreeMap<FindingKind, usize>,
    pub lossy_replacements: usize,
    /// Glossary findings an `--ignore` rule suppressed (both sides).
    pub terms_suppressed: usize,
}

/// Link kinds that always get their own summary column.
const KIND_COLUMNS: &[&str] = &["1-1", "1-2", "2-1", "2-2", "1-0", "0-1"];

impl DocSummary {
    pub fn from_report(rep: &DocReport, min_align_score: f64) -> DocSummary {
        let mut s = DocSummary {
            name: rep.name.clone(),
            hyp_sentences: rep.hyp_sentences,
            ref_sentences: rep.ref_sentences,
            links: rep.rows.len(),
            corpus: rep.corpus.clone(),
            lossy_replacements: rep.replacements.0 + rep.replacements.1,
            terms_suppressed: rep.terms.suppressed(),
            ..DocSummary::default()
        };
        for r in &rep.rows {
            *s.kinds.entry(r.kind.to_string()).or_default() += 1;
            *s.verdicts.entry(r.verdict.as_str()).or_default() += 1;
            if r.verdict != Verdict::Gap && r.align_score < min_align_score {
                s.low_confidence += 1;
            }
            for f in &r.hyp_terms {
                *s.hyp_findings.entry(f.kind).or_default() += 1;
            }
            for f in &r.ref_terms {
                *s.ref_findings.entry(f.kind).or_default() += 1;
            }
        }
        let (sim_sum, sim_n) = rep.char_sim_total();
        s.mean_char_sim = if sim_n == 0 {
            f64::NAN
        } else {
            sim_sum / sim_n as f64
        };
        s
    }

    pub fn failed(name: &str, message: &str) -> DocSummary {
        DocSummary {
            name: name.to_owned(),
            error: Some(message.to_owned()),
            mean_char_sim: f64::NAN,
            ..DocSummary::default()
        }
    }

    fn other_kinds(&self) -> usize {
        self.kinds
            .iter()
            .filter(|(k, _)| !KIND_COLUMNS.contains(&k.as_str()))
            .map(|(_, v)| v)
            .sum()
    }
}

pub fn summary_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "name",
        "status",
        "message",
        "hyp_sentences",
        "ref_sentences",
        "links",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(KIND_COLUMNS.iter().map(|k| format!("links_{k}")));
    h.extend(
        [
            "links_other",
            "ok",
            "review",
            "gap",
            "low_confidence",
            "mean_char_sim",
            "chrf",
            "chrfpp",
            "ter",
            "bleu",
            "hyp_deprecated",
            "hyp_case",
            "hyp_missing",
            "ref_deprecated",
            "ref_case",
            "lossy_replacements",
            "terms_suppressed",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

pub fn summary_row(s: &DocSummary) -> Vec<Cell> {
    let n = |v: usize| Cell::Int(v as i64);
    let f = |v: f64| Cell::Float(v, 4);
    let mut row = vec![
        Cell::Text(s.name.clone()),
        Cell::Text(if s.error.is_some() { "error" } else { "ok" }.into()),
        Cell::Text(s.error.clone().unwrap_or_default()),
    ];
    if s.error.is_some() {
        row.resize(summary_header().len(), Cell::Empty);
        return row;
    }
    row.extend([n(s.hyp_sentences), n(s.ref_sentences), n(s.links)]);
    row.extend(
        KIND_COLUMNS
            .iter()
            .map(|k| n(s.kinds.get(*k).copied().unwrap_or(0))),
    );
    let v = |k: &str| n(s.verdicts.get(k).copied().unwrap_or(0));
    let hf = |k| n(s.hyp_findings.get(&k).copied().unwrap_or(0));
    let rf = |k| n(s.ref_findings.get(&k).copied().unwrap_or(0));
    row.extend([
        n(s.other_kinds()),
        v("ok"),
        v("review"),
        v("gap"),
        n(s.low_confidence),
        f(s.mean_char_sim),
        f(s.corpus.chrf()),
        f(s.corpus.chrfpp()),
        f(s.corpus.ter()),
        f(s.corpus.bleu()),
        hf(FindingKind::Deprecated),
        hf(FindingKind::Case),
        hf(FindingKind::Missing),
        rf(FindingKind::Deprecated),
        rf(FindingKind::Case),
        n(s.lossy_replacements),
        n(s.terms_suppressed),
    ]);
    row
}

pub fn summary_table(rows: &[DocSummary]) -> Table {
    Table {
        header: summary_header(),
        rows: rows.iter().map(summary_row).collect(),
    }
}

/// The per-term comparison of one or many documents (`--term-summary`, and
/// `term_summary.csv` in batch): one row per document and term; with
/// `total`, rows with doc `*` add up every document.
pub fn term_summary_table<'a>(
    docs: impl IntoIterator<Item = (&'a str, &'a crate::glossary::TermTally)>,
    total: bool,
) -> Table {
    let mut rows = Vec::new();
    let mut all = crate::glossary::TermTally::new();
    for (name, t) in docs {
        rows.extend(t.rows(name));
        if total {
            all.merge(t);
        }
    }
    if total {
        rows.extend(all.rows("*"));
    }
    Table {
        header: crate::glossary::term_summary_header(),
        rows,
    }
}

/// Says how many pairs corpus TER leaves out for the word limit, and how
/// many pairs got no edit distances for the cell limit, if any.
pub fn capped_notes(c: &crate::metric::CorpusStats) -> Vec<String> {
    let mut notes = Vec::new();
    if c.ter.capped > 0 {
        notes.push(format!(
            "TER left out for {} pair(s) with a side over {} words (not sentences)",
            c.ter.capped,
            crate::metric::ter::MAX_TER_WORDS
        ));
    }
    if c.distances_capped > 0 {
        notes.push(format!(
            "char_dist/word_dist left out for {} pair(s) differing over more than \
             {} cells, e.g. two {}-character sides (not sentences)",
            c.distances_capped,
            crate::metric::lev::MAX_DISTANCE_CELLS,
            crate::metric::lev::MAX_DISTANCE_CELLS.isqrt()
        ));
    }
    notes
}

/// A score for a human reader: "n/a" where there is none (no pair to score).
pub fn or_na(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        "n/a".to_owned()
    } else {
        format!("{v:.decimals$}")
    }
}

/// A short human-readable summary for stderr.
pub fn describe(s: &DocSummary) -> String {
    let v = |k: &str| s.verdicts.get(k).copied().unwrap_or(0);
    let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    let mut out = format!(
        "{}: {} hyp / {} ref sentences, {} links ({}); ok {}, review {}, gap {}, low-confidence {}; \
         mean char_sim {}",
        s.name,
        s.hyp_sentences,
        s.ref_sentences,
        s.links,
        kinds.join(" "),
        v("ok"),
        v("review"),
        v("gap"),
        s.low_confidence,
        or_na(s.mean_char_sim, 4),
    );
    // One line per corpus score with its sacrebleu-style signature, so a
    // reader can check it against sacrebleu's own output.
    let scores = [
        s.corpus.chrf(),
        s.corpus.chrfpp(),
        s.corpus.ter(),
        s.corpus.bleu(),
    ];
    for ((name, sig), v) in s.corpus.signatures().iter().zip(scores) {
        out.push_str(&format!("\n  {name}|{sig} = {}", or_na(v, 2)));
    }
    for note in capped_notes(&s.corpus) {
        out.push_str(&format!("\n  {note}"));
    }
    if s.terms_suppressed > 0 {
        out.push_str(&format!(
            "\n  {} glossary findings suppressed by --ignore",
            s.terms_suppressed
        ));
    }
    out
}
