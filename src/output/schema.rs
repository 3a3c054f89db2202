//! Every table mtaudit writes, column by column, in one place: the
//! per-sentence report (the contract's columns first), the document and
//! batch summary, the per-term summary and the findings of `mtaudit terms`.
//! Domain modules hand over their records; only this file decides how a
//! record becomes cells, so a column is added or renamed here alone.

use crate::audit::Row;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::glossary::{FindingKind, LinkClass, TermFinding, TermTally, TextFinding};
use crate::metric::PairStats;
use crate::summary::DocSummary;
use crate::table::{Cell, Table};

/// The contract's columns, in order; extra columns follow.
pub const REPORT_COLUMNS: &[&str] = &[
    "doc",
    "link",
    "kind",
    "hyp_line",
    "ref_line",
    "hyp_text",
    "ref_text",
    "align_score",
    "char_dist",
    "char_sim",
    "word_dist",
    "wer",
    "chrf",
    "ter",
    "bleu",
    "hyp_terms",
    "ref_terms",
    "verdict",
];

/// Where a report column's value comes from.
#[derive(Clone, Copy)]
enum Source {
    Doc,
    Link,
    Kind,
    HypLine,
    RefLine,
    HypText,
    RefText,
    AlignScore,
    HypTerms,
    RefTerms,
    Verdict,
    /// The i-th of [`PairStats::columns`].
    Metric(usize),
    Qa,
    Reason,
    HypState,
    RefState,
}

/// The report's columns with their sources: the contract's, then every
/// metric column the contract does not name, in metric-table order.
static REPORT: LazyLock<Vec<(&'static str, Source)>> = LazyLock::new(|| {
    let metrics = PairStats::columns();
    let metric = |name: &str| metrics.iter().position(|m| *m == name).map(Source::Metric);
    let mut v: Vec<(&'static str, Source)> = REPORT_COLUMNS
        .iter()
        .map(|&c| {
            let src = match c {
                "doc" => Source::Doc,
                "link" => Source::Link,
                "kind" => Source::Kind,
                "hyp_line" => Source::HypLine,
                "ref_line" => Source::RefLine,
                "hyp_text" => Source::HypText,
                "ref_text" => Source::RefText,
                "align_score" => Source::AlignScore,
                "hyp_terms" => Source::HypTerms,
                "ref_terms" => Source::RefTerms,
                "verdict" => Source::Verdict,
                // Every other contract column is a metric's.
                m => metric(m).unwrap_or(Source::Doc),
            };
            (c, src)
        })
        .collect();
    for (i, m) in metrics.iter().enumerate() {
        if !REPORT_COLUMNS.contains(m) {
            v.push((m, Source::Metric(i)));
        }
    }
    v.push(("qa", Source::Qa));
    v.push(("reason", Source::Reason));
    v.push(("hyp_state", Source::HypState));
    v.push(("ref_state", Source::RefState));
    v
});

pub fn report_header() -> Vec<String> {
    REPORT.iter().map(|(c, _)| c.to_string()).collect()
}

fn findings(f: &[TermFinding]) -> String {
    f.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One report row's cells, owned.
pub fn report_cells(doc: &str, r: &Row) -> Vec<Cell<'static>> {
    let mut out = Vec::new();
    let mut qa = String::new();
    report_cells_into(&mut out, &mut Vec::new(), &mut qa, doc, r);
    out.into_iter().map(Cell::into_owned).collect()
}

/// [`report_cells`] into `out`, with `metrics` and `qa` (the qa cell's
/// text) as scratch space: a writer streaming millions of rows reuses them.
pub fn report_cells_into<'r>(
    out: &mut Vec<Cell<'r>>,
    metrics: &mut Vec<Cell<'static>>,
    qa: &'r mut String,
    doc: &'r str,
    r: &'r Row,
) {
    crate::qa::joined_into(qa, &r.qa);
    let qa: &'r String = qa;
    metrics.clear();
    if let Some(s) = &r.scores {
        s.cells(metrics);
    }
    out.clear();
    out.extend(REPORT.iter().map(|(_, src)| match *src {
        Source::Doc => Cell::text(doc),
        Source::Link => Cell::int(r.link),
        Source::Kind => Cell::text(r.kind.label()),
        Source::HypLine => Cell::opt_int(r.hyp_line),
        Source::RefLine => Cell::opt_int(r.ref_line),
        Source::HypText => Cell::text(r.hyp_text.as_str()),
        Source::RefText => Cell::text(r.ref_text.as_str()),
        Source::AlignScore => Cell::float(r.align_score),
        Source::HypTerms => Cell::text(findings(&r.hyp_terms)),
        Source::RefTerms => Cell::text(findings(&r.ref_terms)),
        Source::Verdict => Cell::text(r.verdict.as_str()),
        Source::Metric(i) => metrics.get(i).cloned().unwrap_or(Cell::Empty),
        Source::Qa if r.qa.is_empty() => Cell::Empty,
        Source::Qa => Cell::text(qa.as_str()),
        Source::Reason if r.reasons.is_empty() => Cell::Empty,
        Source::Reason => Cell::text(r.reasons.as_str()),
        Source::HypState => r.states[0].as_deref().map_or(Cell::Empty, Cell::text),
        Source::RefState => r.states[1].as_deref().map_or(Cell::Empty, Cell::text),
    }));
}

/// Link kinds that always get their own summary column.
pub const KIND_COLUMNS: &[&str] = &["1-1", "1-2", "2-1", "2-2", "1-0", "0-1"];

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
        ["links_other", "ok", "review", "gap", "low_confidence"]
            .iter()
            .map(|s| s.to_string()),
    );
    let scores = DocSummary::default().corpus_scores();
    h.extend(scores.iter().map(|c| c.spec.column.to_string()));
    h.extend(
        scores
            .iter()
            .filter(|c| !c.spec.linked_only)
            .map(|c| format!("linked_{}", c.spec.column)),
    );
    h.extend(
        [
            "hyp_deprecated",
            "hyp_case",
            "hyp_missing",
            "ref_deprecated",
            "ref_case",
            "hyp_near",
            "ref_near",
            "lossy_replacements",
            "terms_suppressed",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h.extend(
        crate::qa::Code::ALL
            .iter()
            .map(|c| format!("qa_{}", c.as_str())),
    );
    h.push("tokenized".to_string());
    h
}

/// The sides read as tokenized text (`hyp`, `ref`), for the summaries.
fn tokenized_sides(s: &DocSummary) -> Vec<&'static str> {
    ["hyp", "ref"]
        .into_iter()
        .zip(s.tokenized)
        .filter_map(|(side, t)| t.then_some(side))
        .collect()
}

pub fn summary_row(s: &DocSummary) -> Vec<Cell<'static>> {
    let n = Cell::int;
    let f = Cell::float;
    let mut row = vec![
        Cell::text(s.name.clone()),
        Cell::text(if s.error.is_some() { "error" } else { "ok" }),
        Cell::text(s.error.clone().unwrap_or_default()),
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
    let other_kinds = s
        .kinds
        .iter()
        .filter(|(k, _)| !KIND_COLUMNS.contains(&k.as_str()))
        .map(|(_, v)| v)
        .sum();
    row.extend([
        n(other_kinds),
        v("ok"),
        v("review"),
        v("gap"),
        n(s.low_confidence),
    ]);
    let scores = s.corpus_scores();
    row.extend(scores.iter().map(|c| f(c.value)));
    row.extend(
        s.linked_scores()
            .iter()
            .filter(|c| !c.spec.linked_only)
            .map(|c| f(c.value)),
    );
    row.extend([
        hf(FindingKind::Deprecated),
        hf(FindingKind::Case),
        hf(FindingKind::Missing),
        rf(FindingKind::Deprecated),
        rf(FindingKind::Case),
        hf(FindingKind::Near),
        rf(FindingKind::Near),
        n(s.lossy_replacements),
        n(s.terms_suppressed()),
    ]);
    row.extend(
        crate::qa::Code::ALL
            .iter()
            .map(|c| n(s.qa_findings.get(c).copied().unwrap_or(0))),
    );
    row.push(Cell::text(tokenized_sides(s).join(" ")));
    row
}

pub fn summary_table(rows: &[DocSummary]) -> Table {
    Table {
        header: summary_header(),
        rows: rows.iter().map(summary_row).collect(),
    }
}

/// One corpus score in the JSON summary.
#[derive(Serialize)]
pub struct ScoreRecord {
    /// `None` when nothing was scored.
    pub score: Option<f64>,
    /// sacrebleu's signature, where the metric has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// The document summary as JSON (`--summary FILE.json`): the same figures
/// as `summary.csv`, grouped, with both corpus scorings labelled.
#[derive(Serialize)]
pub struct SummaryRecord<'a> {
    pub name: &'a str,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    pub hyp_sentences: usize,
    pub ref_sentences: usize,
    pub links: usize,
    pub kinds: &'a BTreeMap<String, usize>,
    pub verdicts: &'a BTreeMap<&'static str, usize>,
    pub low_confidence: usize,
    /// Over the whole document: a gap row counts as a pair with one empty
    /// side, so a truncated or padded delivery scores as delivered.
    pub whole_document: BTreeMap<&'static str, ScoreRecord>,
    /// Over the linked rows only: the quality of what does correspond.
    pub linked_rows: BTreeMap<&'static str, ScoreRecord>,
    pub hyp_findings: BTreeMap<&'static str, usize>,
    pub ref_findings: BTreeMap<&'static str, usize>,
    pub qa_findings: BTreeMap<&'static str, usize>,
    pub lossy_replacements: usize,
    pub terms_suppressed: usize,
    /// The sides read as tokenized text, whose spaces before marks `space`
    /// left out of the rows.
    pub tokenized: Vec<&'static str>,
}

impl<'a> SummaryRecord<'a> {
    pub fn new(s: &'a DocSummary) -> SummaryRecord<'a> {
        let scores = |v: Vec<crate::metric::CorpusScore>| {
            v.into_iter()
                .map(|c| {
                    (
                        c.spec.column,
                        ScoreRecord {
                            score: (!c.value.is_nan()).then_some(c.value),
                            signature: c.signature,
                        },
                    )
                })
                .collect()
        };
        let kinds =
            |m: &BTreeMap<FindingKind, usize>| m.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        SummaryRecord {
            name: &s.name,
            status: if s.error.is_some() { "error" } else { "ok" },
            message: s.error.as_deref(),
            hyp_sentences: s.hyp_sentences,
            ref_sentences: s.ref_sentences,
            links: s.links,
            kinds: &s.kinds,
            verdicts: &s.verdicts,
            low_confidence: s.low_confidence,
            whole_document: scores(s.corpus_scores()),
            linked_rows: scores(s.linked_scores()),
            hyp_findings: kinds(&s.hyp_findings),
            ref_findings: kinds(&s.ref_findings),
            qa_findings: s
                .qa_findings
                .iter()
                .map(|(c, n)| (c.as_str(), *n))
                .collect(),
            lossy_replacements: s.lossy_replacements,
            terms_suppressed: s.terms_suppressed(),
            tokenized: tokenized_sides(s),
        }
    }
}

pub const TERM_SUMMARY_COLUMNS: &[&str] = &[
    "doc",
    "term",
    "hyp_ok",
    "hyp_deprecated",
    "hyp_case",
    "hyp_missing",
    "ref_ok",
    "ref_deprecated",
    "ref_case",
    "links_both_right",
    "links_hyp_wrong_ref_right",
    "links_ref_wrong_hyp_right",
    "links_both_wrong",
    "links_ref_only",
    "links_hyp_only",
    "suppressed",
    "hyp_renderings",
    "ref_renderings",
];

/// One row per term that occurs on either side, in glossary order.
fn term_rows(doc: &str, t: &TermTally) -> Vec<Vec<Cell<'static>>> {
    let n = Cell::int;
    t.terms
        .values()
        .map(|s| {
            vec![
                Cell::text(doc.to_owned()),
                Cell::text(s.term.clone()),
                n(s.hyp_ok),
                n(s.hyp_deprecated),
                n(s.hyp_case),
                n(s.hyp_missing),
                n(s.ref_ok),
                n(s.ref_deprecated),
                n(s.ref_case),
                n(s.link_count(LinkClass::BothRight)),
                n(s.link_count(LinkClass::HypWrongRefRight)),
                n(s.link_count(LinkClass::RefWrongHypRight)),
                n(s.link_count(LinkClass::BothWrong)),
                n(s.link_count(LinkClass::RefOnly)),
                n(s.link_count(LinkClass::HypOnly)),
                n(s.suppressed),
                Cell::text(crate::glossary::format_renderings(&s.hyp_renderings)),
                Cell::text(crate::glossary::format_renderings(&s.ref_renderings)),
            ]
        })
        .collect()
}

/// The per-term comparison of one or many documents (`--term-summary`, and
/// `term_summary.csv` in batch): one row per document and term; with
/// `total`, rows with doc `*` add up every document.
pub fn term_summary_table<'a>(
    docs: impl IntoIterator<Item = (&'a str, &'a TermTally)>,
    total: bool,
) -> Table {
    let mut rows = Vec::new();
    let mut all = TermTally::new();
    for (name, t) in docs {
        rows.extend(term_rows(name, t));
        if total {
            all.merge(t);
        }
    }
    if total {
        rows.extend(term_rows("*", &all));
    }
    Table {
        header: TERM_SUMMARY_COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

/// `mtaudit qa`: one row per finding in a monolingual text.
pub const QA_COLUMNS: &[&str] = &["line", "code", "detail", "sentence"];

pub fn qa_row(line: usize, f: &crate::qa::QaFinding, sentence: &str) -> Vec<Cell<'static>> {
    vec![
        Cell::int(line),
        Cell::text(f.code.as_str()),
        Cell::text(f.detail.clone()),
        Cell::text(sentence.to_owned()),
    ]
}

/// `mtaudit terms`: one row per finding in a monolingual text.
pub const TERMS_COLUMNS: &[&str] = &[
    "line",
    "column",
    "found",
    "term",
    "kind",
    "severity",
    "sentence",
    "fingerprint",
];

pub fn terms_row(f: TextFinding) -> Vec<Cell<'static>> {
    vec![
        Cell::int(f.line),
        Cell::int(f.column),
        Cell::text(f.finding.found),
        Cell::text(f.finding.term),
        Cell::text(f.finding.kind.as_str()),
        Cell::text(f.finding.severity.as_str()),
        Cell::text(f.sentence),
        Cell::text(f.fingerprint),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Glossary};

    fn wechat() -> Glossary {
        Glossary::from_entries(
            vec![Entry::new("WeChat", &["micro-letter", "micro-trust"])],
            Vec::new(),
        )
    }

    #[test]
    fn term_summary_adds_documents_up() {
        let g = wechat();
        let mut a = TermTally::new();
        a.add_link(&g, "micro-letter", "WeChat", false);
        let mut b = TermTally::new();
        b.add_link(&g, "micro-trust and WeChat", "WeChat and WeChat", false);
        let t = term_summary_table([("a", &a), ("b", &b)], true);
        assert_eq!(t.header.len(), t.rows[0].len());
        let total: Vec<usize> = (0..t.rows.len())
            .filter(|&i| t.get(i, "doc") == Some(&Cell::text("*")))
            .collect();
        assert_eq!(total.len(), 1);
        let cell = |c: &str| t.get(total[0], c).cloned().unwrap();
        assert_eq!(cell("hyp_deprecated"), Cell::Int(2));
        assert_eq!(cell("hyp_ok"), Cell::Int(1));
        assert_eq!(cell("ref_ok"), Cell::Int(3));
        assert_eq!(cell("links_hyp_wrong_ref_right"), Cell::Int(2));
        assert_eq!(
            cell("hyp_renderings"),
            Cell::text("WeChat 1; micro-letter 1; micro-trust 1")
        );
        assert_eq!(t.rows.len(), 3);
    }

    #[test]
    fn every_schema_row_fills_its_header() {
        let s = DocSummary::failed("x", "boom");
        assert_eq!(summary_row(&s).len(), summary_header().len());
        let ok = DocSummary {
            name: "y".into(),
            ..DocSummary::default()
        };
        assert_eq!(summary_row(&ok).len(), summary_header().len());
    }
}
