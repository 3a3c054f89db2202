//! One pair, end to end: segment both sides, align, score, check terms.

use crate::align::{self, AlignConfig, Link, LinkKind};
use crate::error::{Error, Result};
use crate::glossary::{Glossary, LinkCheck, TermFinding, TermTally};
use crate::input::Document;
use crate::metric::{self, CorpusStats, Metric, PairStats};
use crate::segment::{Segmenter, Sentence, SplitMode, layout_breaks};

/// What the reviewer is asked to do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Ok,
    Review,
    Gap,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Review => "review",
            Verdict::Gap => "gap",
        }
    }
}

/// Settings shared by `compare` and `batch`.
#[derive(Debug, Clone)]
pub struct Options {
    /// How both texts become segments; [`SplitMode::AlignedLines`] pairs
    /// line i with line i instead of aligning (sacrebleu's mode).
    pub split: SplitMode,
    pub segmenter: Segmenter,
    pub align: AlignConfig,
    pub glossary: Glossary,
    /// A link whose chrF is below this is flagged `review`.
    pub review_below_chrf: f64,
    /// A link whose aligner confidence is below this is flagged `review`.
    pub min_align_score: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            split: SplitMode::Sentences,
            segmenter: Segmenter::new(),
            align: AlignConfig::default(),
            glossary: Glossary::default(),
            review_below_chrf: 50.0,
            min_align_score: 0.5,
        }
    }
}

/// One report row: one alignment link with its scores and findings.
#[derive(Debug, Clone)]
pub struct Row {
    pub link: usize,
    pub kind: LinkKind,
    pub hyp_line: Option<usize>,
    pub ref_line: Option<usize>,
    pub hyp_text: String,
    pub ref_text: String,
    pub align_score: f64,
    /// `None` on a gap row.
    pub scores: Option<PairStats>,
    pub hyp_terms: Vec<TermFinding>,
    pub ref_terms: Vec<TermFinding>,
    pub verdict: Verdict,
}

/// The result of comparing one pair of documents.
#[derive(Debug, Clone)]
pub struct DocReport {
    pub name: String,
    pub hyp_sentences: usize,
    pub ref_sentences: usize,
    pub rows: Vec<Row>,
    /// Every row, a gap counted as a pair with one empty side: the delivery.
    pub corpus: CorpusStats,
    /// The linked rows only: the quality of what does correspond.
    pub linked: CorpusStats,
    /// Lossy-decoding substitutions on each side (0 unless `--lossy`).
    pub replacements: (usize, usize),
    /// Per-term comparison of the two renderings (all rows, before any filter).
    pub terms: TermTally,
}

/// Aligns, scores and checks one pair of documents: the one flow that
/// `compare` and every pair of `batch` run.
pub fn audit_pair(
    name: &str,
    hyp: &Document,
    ref_: &Document,
    opts: &Options,
) -> Result<DocReport> {
    let hs = opts.segmenter.segment(&hyp.text, opts.split);
    let rs = opts.segmenter.segment(&ref_.text, opts.split);
    let links = if opts.split == SplitMode::AlignedLines {
        line_links(hyp, ref_, &hs, &rs)?
    } else {
        // The aligner sees every variant as its preferred term, so that
        // "micro-letter" and "WeChat" count as the same word.
        let canon = |s: &[Sentence]| -> Vec<String> {
            s.iter()
                .map(|x| opts.glossary.canonicalize(&x.text))
                .collect()
        };
        let hc = canon(&hs);
        let rc = canon(&rs);
        let hv: Vec<&str> = hc.iter().map(String::as_str).collect();
        let rv: Vec<&str> = rc.iter().map(String::as_str).collect();
        align::align_lines(
            &hv,
            &rv,
            &layout_breaks(&hyp.text, &hs, opts.split),
            &layout_breaks(&ref_.text, &rs, opts.split),
            &opts.align,
        )
    };
    let mut rows = Vec::with_capacity(links.len());
    let mut terms = TermTally::new();
    for (row, check) in build_rows(&hs, &rs, &links, opts) {
        if !opts.glossary.is_empty() {
            terms.add_check(
                &opts.glossary,
                &check,
                &row.hyp_text,
                &row.ref_text,
                row.kind.is_gap(),
            );
        }
        rows.push(row);
    }
    // Corpus scores cover the whole document: a gap row counts as a pair
    // with one empty side (as sacrebleu scores an empty line), so a
    // truncated or padded delivery cannot pass a gate on its linked part alone.
    let mut corpus = CorpusStats::default();
    let mut linked = CorpusStats::default();
    for r in &rows {
        match &r.scores {
            Some(s) => {
                corpus.add(s);
                linked.add(s);
            }
            None => corpus.add(&metric::score_pair(&r.hyp_text, &r.ref_text)),
        }
    }
    Ok(DocReport {
        name: name.to_owned(),
        hyp_sentences: hs.len(),
        ref_sentences: rs.len(),
        rows,
        corpus,
        linked,
        replacements: (hyp.replacements, ref_.replacements),
        terms,
    })
}

/// Line i with line i. An empty line against a non-empty one is a gap row
/// (the contract's "one side empty"): no per-row metrics, but the pair still
/// counts in the corpus scores, as sacrebleu scores it against an empty
/// segment.
fn line_links(
    hyp: &Document,
    ref_: &Document,
    hs: &[Sentence],
    rs: &[Sentence],
) -> Result<Vec<Link>> {
    if hs.len() != rs.len() {
        return Err(Error::input(
            &hyp.path,
            None,
            format!(
                "--aligned needs equal line counts: {} has {} lines, {} has {}",
                hyp.path.display(),
                hs.len(),
                ref_.path.display(),
                rs.len()
            ),
        ));
    }
    Ok((0..hs.len())
        .map(|i| {
            let (he, re) = (hs[i].text.is_empty(), rs[i].text.is_empty());
            Link {
                hyp: i..i + usize::from(!he || re),
                ref_: i..i + usize::from(!re || he),
                score: 1.0,
            }
        })
        .collect())
}

fn join(s: &[Sentence]) -> String {
    let mut out = String::new();
    for (i, x) in s.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&x.text);
    }
    out
}

fn build_rows(
    hs: &[Sentence],
    rs: &[Sentence],
    links: &[Link],
    opts: &Options,
) -> Vec<(Row, LinkCheck)> {
    use rayon::prelude::*;
    links
        .par_iter()
        .enumerate()
        .map(|(i, l)| {
            let h = &hs[l.hyp.clone()];
            let r = &rs[l.ref_.clone()];
            let hyp_text = join(h);
            let ref_text = join(r);
            let kind = l.kind();
            let scores = (!kind.is_gap()).then(|| metric::score_pair(&hyp_text, &ref_text));
            let g = &opts.glossary;
            let check = g.check_link(&hyp_text, &ref_text, kind.is_gap());
            let hyp_terms = check.hyp_findings(g, &hyp_text);
            let ref_terms = check.ref_findings(g, &ref_text);
            let verdict = if kind.is_gap() {
                Verdict::Gap
            } else {
                let chrf = scores.as_ref().map_or(f64::NAN, |s| s.chrf.sentence());
                // A score that could not be computed (NaN) asks for a look too.
                // Identical sides need no look even where chrF is 0 (two
                // empty lines in --aligned mode).
                let low = (hyp_text != ref_text
                    && (chrf.is_nan() || chrf < opts.review_below_chrf))
                    || l.score < opts.min_align_score;
                if low || !hyp_terms.is_empty() || !ref_terms.is_empty() {
                    Verdict::Review
                } else {
                    Verdict::Ok
                }
            };
            let row = Row {
                link: i + 1,
                kind,
                hyp_line: h.first().map(|s| s.line),
                ref_line: r.first().map(|s| s.line),
                hyp_text,
                ref_text,
                align_score: l.score,
                scores,
                hyp_terms,
                ref_terms,
                verdict,
            };
            (row, check)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{DecodeOptions, Document};

    fn doc(t: &str) -> Document {
        Document::from_bytes("x.txt", t.as_bytes(), DecodeOptions::default()).unwrap()
    }

    #[test]
    fn every_sentence_in_exactly_one_row() {
        let h = doc("One thing. Two things.\n\nThree.\nExtra footer line\n");
        let r = doc("One thing.\nThree.\n");
        let rep = audit_pair("x", &h, &r, &Options::default()).unwrap();
        let hyp_count: usize = rep.rows.iter().map(|r| r.kind.hyp as usize).sum();
        let ref_count: usize = rep.rows.iter().map(|r| r.kind.ref_ as usize).sum();
        assert_eq!(hyp_count, rep.hyp_sentences);
        assert_eq!(ref_count, rep.ref_sentences);
        for (i, r) in rep.rows.iter().enumerate() {
            assert_eq!(r.link, i + 1);
            assert_eq!(r.verdict == Verdict::Gap, r.kind.is_gap());
            assert_eq!(r.scores.is_none(), r.kind.is_gap());
        }
    }

    #[test]
    fn aligned_mode_keeps_empty_lines_and_checks_counts() {
        let o = Options {
            split: SplitMode::AlignedLines,
            ..Options::default()
        };
        let rep = audit_pair("x", &doc("a\n\nc\n\n"), &doc("a\nb\nc\n\n"), &o).unwrap();
        assert_eq!(rep.rows.len(), 4);
        // The empty hyp line is the gap side of a ref-only row.
        let gap = &rep.rows[1];
        assert_eq!((gap.kind.hyp, gap.kind.ref_), (0, 1));
        assert_eq!((gap.hyp_line, gap.ref_line), (None, Some(2)));
        assert_eq!(gap.verdict, Verdict::Gap);
        assert!(gap.scores.is_none());
        // Two empty lines are an identical pair: 1-1, nothing to review.
        let both = &rep.rows[3];
        assert_eq!((both.kind.hyp, both.kind.ref_), (1, 1));
        assert_eq!((both.hyp_line, both.ref_line), (Some(4), Some(4)));
        assert_eq!(both.verdict, Verdict::Ok);
        // The corpus still has four pairs, the gap scored against "".
        assert_eq!(rep.corpus.pairs, 4);
        let mut want = CorpusStats::default();
        for (h, r) in [("a", "a"), ("", "b"), ("c", "c"), ("", "")] {
            want.add(&metric::score_pair(h, r));
        }
        assert_eq!(rep.corpus, want);
        let e = audit_pair("x", &doc("a\nb\n"), &doc("a\n"), &o).unwrap_err();
        assert!(
            e.message.contains("2 lines") && e.message.contains("1"),
            "{}",
            e.message
        );
    }
}

#[cfg(test)]
mod layout_tests {
    use crate::align::{AlignConfig, align_lines};

    #[test]
    fn a_heading_on_its_own_line_stays_a_gap() {
        // The heading's word also occurs in the ref sentence, so only the
        // layout tells that it is not part of the sentence before it (without
        // it, this pair aligns as one 2-1 link).
        let hyp = [
            "But one detail is worth attention: Ali competes with WeChat for mobile traffic.",
            "Wechat",
        ];
        let reference = [
            "However, one detail deserves attention: Ali competes with WeChat for mobile traffic.",
        ];
        let links = align_lines(
            &hyp,
            &reference,
            &[true, true],
            &[true],
            &AlignConfig::default(),
        );
        let kinds: Vec<String> = links.iter().map(|l| l.kind().to_string()).collect();
        assert_eq!(kinds, ["1-1", "1-0"]);
    }
}
