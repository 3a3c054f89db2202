//! Per-document figures: counts by link kind and verdict, corpus scores,
//! term findings. One [`DocSummary`] is one row of `summary.csv`.

use std::collections::BTreeMap;

use crate::audit::{DocReport, Verdict};
use crate::glossary::FindingKind;
use crate::metric::CorpusStats;

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
        crate::fixed::fixed(v, decimals)
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
