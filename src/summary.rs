//! Per-document figures: counts by link kind and verdict, corpus scores,
//! term findings. One [`DocSummary`] is one row of `summary.csv`.

use std::collections::BTreeMap;

use crate::glossary::{FindingKind, TermTally};
use crate::metric::{CorpusScore, CorpusStats};

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocSummary {
    pub name: String,
    /// `None` when the pair was processed; the error message otherwise.
    pub error: Option<String>,
    pub hyp_sentences: usize,
    pub ref_sentences: usize,
    pub links: usize,
    pub kinds: BTreeMap<String, usize>,
    #[serde(deserialize_with = "verdict_keys")]
    pub verdicts: BTreeMap<&'static str, usize>,
    pub low_confidence: usize,
    /// Every row, a gap counted as a pair with one empty side: the delivery.
    pub corpus: CorpusStats,
    /// The linked rows only.
    pub linked: CorpusStats,
    pub hyp_findings: BTreeMap<FindingKind, usize>,
    pub ref_findings: BTreeMap<FindingKind, usize>,
    /// QA findings by code, both sides.
    pub qa_findings: BTreeMap<crate::qa::Code, usize>,
    pub lossy_replacements: usize,
    /// Per-term comparison of the two renderings (every row).
    pub terms: TermTally,
    /// Whether each side (hyp, ref) was judged tokenized text, whose
    /// spaces before marks `space` leaves out (see [`crate::qa::Style`]).
    #[serde(default)]
    pub tokenized: [bool; 2],
}

impl DocSummary {
    /// An empty summary, filled row by row as the audit goes.
    pub fn new(name: &str) -> DocSummary {
        DocSummary {
            name: name.to_owned(),
            ..DocSummary::default()
        }
    }

    /// Glossary findings an `--ignore` rule suppressed (both sides).
    pub fn terms_suppressed(&self) -> usize {
        self.terms.suppressed()
    }

    /// The corpus scores in metric-table order (see
    /// [`crate::metric::PairStats::corpus_scores`]): over the whole
    /// document, a gap row counted as a pair with one empty side. This is
    /// what the delivery scores: a truncated or padded one cannot pass on
    /// its linked part alone.
    pub fn corpus_scores(&self) -> Vec<CorpusScore> {
        self.corpus.scores(&self.linked)
    }

    /// The same scores over the linked rows only: the quality of the
    /// sentences that do correspond.
    pub fn linked_scores(&self) -> Vec<CorpusScore> {
        self.linked.scores(&self.linked)
    }

    pub fn failed(name: &str, message: &str) -> DocSummary {
        DocSummary {
            name: name.to_owned(),
            error: Some(message.to_owned()),
            ..DocSummary::default()
        }
    }
}

/// A score for a human reader: "n/a" where there is none (no pair to score).
pub fn or_na(v: f64, decimals: usize) -> String {
    if v.is_nan() {
        "n/a".to_owned()
    } else {
        crate::fixed::fixed(v, decimals)
    }
}

/// A short human-readable summary for stderr.
pub fn describe(s: &DocSummary) -> String {
    let v = |k: &str| s.verdicts.get(k).copied().unwrap_or(0);
    let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    let scores = s.corpus_scores();
    let mut out = format!(
        "{}: {} hyp / {} ref sentences, {} links ({}); ok {}, review {}, gap {}, low-confidence {}",
        s.name,
        s.hyp_sentences,
        s.ref_sentences,
        s.links,
        kinds.join(" "),
        v("ok"),
        v("review"),
        v("gap"),
        s.low_confidence,
    );
    // Scores without a signature (mean char_sim) close the first line; each
    // one with a sacrebleu-style signature gets its own, so a reader can
    // check it against sacrebleu's own output.
    for c in scores.iter().filter(|c| c.signature.is_none()) {
        out.push_str(&format!(
            "; {} {}",
            c.spec.label,
            or_na(c.value, c.spec.decimals)
        ));
    }
    if scores.iter().any(|c| c.signature.is_some()) {
        out.push_str("\n  whole document (a gap counts as a pair with one empty side):");
    }
    for c in &scores {
        if let Some(sig) = &c.signature {
            out.push_str(&format!(
                "\n  {}|{sig} = {}",
                c.spec.label,
                or_na(c.value, c.spec.decimals)
            ));
        }
    }
    let linked: Vec<String> = s
        .linked_scores()
        .iter()
        .filter(|c| c.signature.is_some())
        .map(|c| format!("{} {}", c.spec.label, or_na(c.value, c.spec.decimals)))
        .collect();
    if !linked.is_empty() {
        out.push_str(&format!(
            "\n  linked rows only ({} pairs): {}",
            s.linked.pairs,
            linked.join(", ")
        ));
    }
    if !s.qa_findings.is_empty() {
        let qa: Vec<String> = s
            .qa_findings
            .iter()
            .map(|(c, n)| format!("{} {n}", c.as_str()))
            .collect();
        out.push_str(&format!("\n  QA findings: {}", qa.join(", ")));
    }
    for note in s.corpus.stats.notes() {
        out.push_str(&format!("\n  {note}"));
    }
    if s.terms_suppressed() > 0 {
        out.push_str(&format!(
            "\n  {} glossary findings suppressed by --ignore",
            s.terms_suppressed()
        ));
    }
    out
}

/// The verdict counts of a summary read back (a shard's), keyed by the
/// verdicts' own names.
fn verdict_keys<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<&'static str, usize>, D::Error> {
    use serde::de::Error as _;
    let m: BTreeMap<String, usize> = serde::Deserialize::deserialize(d)?;
    m.into_iter()
        .map(|(k, v)| match k.as_str() {
            "ok" => Ok(("ok", v)),
            "review" => Ok(("review", v)),
            "gap" => Ok(("gap", v)),
            other => Err(D::Error::custom(format!("unknown verdict {other:?}"))),
        })
        .collect()
}
