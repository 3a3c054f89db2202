//! Sentence alignment of two renderings of one source.
//!
//! Each sentence gets its features once (`features`): hashed character
//! 3-grams, light word stems, numbers and name-like tokens. A link's score is
//! its 3-gram and word overlap above what chance gives (a per-sentence rate
//! measured on the neighbours it competes with), minus a length-ratio term,
//! a penalty for merged links and one for a merged part that overlaps with
//! nothing (a swallowed heading); gaps cost
//! a constant per sentence plus an opening cost (affine), more where a run
//! of hyp-only gaps meets a run of ref-only gaps (`gap_swap`: two sentences
//! left unlinked side by side are more often a weak link than two
//! deletions), and much less at either end of a document, where
//! truncation, front matter and footers live.
//!
//! Calibration per document: chance overlap is subtracted per sentence, so
//! unrelated pairs score near 0 whatever the rendering, but true links of a
//! poor MT score far lower than those of a good MT or a paraphrase. Every
//! similarity is therefore multiplied by `match_level` over the median
//! similarity of the document's mutually best 1-1 pairs (its best
//! candidates), shrunk towards `match_level` in short documents and
//! clamped to `gain_min..=gain_max`; the costs then mean the same thing on
//! near-identical renderings, paraphrase and poor MT.
//!
//! Merged links (1-2, 2-1, 2-2, 1-3, 3-1) are scored on their groups read as
//! one text, each feature once, as Vecalign embeds the concatenation: the
//! exact overlap comes by inclusion-exclusion from the sentence pairs and
//! what neighbouring sentences share, and is computed only where an upper
//! bound from the pairs beats a path of one 1-1 link plus gaps over the
//! same sentences (otherwise the link cannot be on the best path).
//! The search (`dp`) is a monotone dynamic programme over 1-1, 1-2, 2-1,
//! 2-2, 1-3, 3-1 and 1-0/0-1. Long documents are searched in a band around a
//! chain of anchors (sentences sharing words unique on both sides), widened
//! when the best path touches its edge: O((n+m)·band) time and memory.
//!
//! Confidence: for every link, the best full path through each competing
//! edge (leaving the link's start or entering its end) is known from the
//! forward and backward passes; a softmax over those totals gives a local
//! posterior P of the chosen link, reported as `2P - 1` (0 = a coin flip
//! between two readings, 1 = no competitor comes close).
//!
//! Boundaries: with `boundary`, sentences matching the regex open sections
//! that no link crosses. Equal counts pair the k-th section with the k-th;
//! otherwise the sections themselves are aligned (by the same search, each
//! section represented by its first few sentences), so a chapter present on
//! one side only becomes a run of gaps and merged chapters align together.

mod anchor;
mod dp;
mod features;

use std::fmt;
use std::ops::Range;

/// How many sentences of each side a link holds (`1-2`, `1-0`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKind {
    pub hyp: u8,
    pub ref_: u8,
}

impl LinkKind {
    pub fn is_gap(self) -> bool {
        self.hyp == 0 || self.ref_ == 0
    }

    /// `1-2`, without an allocation for the kinds the aligner makes.
    pub fn label(self) -> std::borrow::Cow<'static, str> {
        const SMALL: [[&str; 4]; 4] = [
            ["0-0", "0-1", "0-2", "0-3"],
            ["1-0", "1-1", "1-2", "1-3"],
            ["2-0", "2-1", "2-2", "2-3"],
            ["3-0", "3-1", "3-2", "3-3"],
        ];
        match SMALL
            .get(self.hyp as usize)
            .and_then(|r| r.get(self.ref_ as usize))
        {
            Some(s) => (*s).into(),
            None => self.to_string().into(),
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.hyp, self.ref_)
    }
}

/// One alignment link: consecutive sentence indices on each side (either may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub hyp: Range<usize>,
    pub ref_: Range<usize>,
    /// Confidence in 0..1.
    pub score: f64,
}

impl Link {
    pub fn kind(&self) -> LinkKind {
        LinkKind {
            hyp: self.hyp.len().min(u8::MAX as usize) as u8,
            ref_: self.ref_.len().min(u8::MAX as usize) as u8,
        }
    }
}

/// Tunable costs of the search (defaults tuned on the dev set, see bench/align.md).
#[derive(Debug, Clone)]
pub struct Params {
    /// Weight of the similarity term per sentence of a link.
    pub scale: f32,
    /// Similarity above the unrelated-sentence baseline a link needs to beat gaps.
    pub threshold: f32,
    /// Factor on the similarity term when it is below the threshold.
    pub neg_weight: f32,
    /// Cost per gap sentence.
    pub gap: f32,
    /// Extra cost of opening a run of gaps (keeps gaps together, not smeared).
    pub gap_open: f32,
    /// Extra cost when a run of hyp-only gaps meets a run of ref-only gaps:
    /// sentences on both sides left unlinked side by side are more often
    /// weak links than a deletion on each side.
    pub gap_swap: f32,
    /// Cost per gap sentence before the other side starts or after it ends.
    pub edge_gap: f32,
    /// Weight of the squared log length ratio.
    pub len_weight: f32,
    pub pen_12: f32,
    pub pen_22: f32,
    pub pen_13: f32,
    /// Cost of each line break inside a merged link (see [`align_lines`]).
    pub pen_line: f32,
    /// A link's similarity counts `((k+l)/2)^merge_exp` times: 1 treats a
    /// merged link like that many 1-1 links, 0 like a single one.
    pub merge_exp: f32,
    /// A merged link's weakest part should cover at least this share of its
    /// 3-grams in the other side above chance; each missing unit costs `part_weight`.
    pub part_min: f32,
    pub part_weight: f32,
    /// Weight of number/name agreement relative to the 3-gram and word overlap.
    pub strong_weight: f32,
    /// Prior expected similarity of unrelated sentences.
    pub base_prior: f32,
    /// Softmax temperature of the confidence.
    pub temperature: f32,
    /// Per-document calibration: every similarity is scaled so that the
    /// median of the document's mutually best 1-1 pairs reads as this value
    /// (0 = no calibration). See the module docs.
    pub match_level: f32,
    /// Bounds of that scale factor.
    pub gain_min: f32,
    pub gain_max: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            scale: 15.6,
            threshold: 0.0875,
            neg_weight: 3.0,
            gap: 0.22,
            gap_open: 1.1,
            gap_swap: 1.0,
            edge_gap: 0.3,
            len_weight: 16.0,
            pen_12: 3.0,
            pen_22: 7.95,
            pen_13: 6.0,
            pen_line: 3.0,
            merge_exp: 0.75,
            part_min: 0.2,
            part_weight: 10.0,
            strong_weight: 0.112,
            base_prior: 0.06,
            temperature: 1.0,
            match_level: 0.62,
            gain_min: 0.5,
            gain_max: 4.0,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AlignConfig {
    /// Sentences matching this start a hard section: no link crosses it.
    pub boundary: Option<regex::Regex>,
    /// Initial half-width of the search band around the anchor path (0 = automatic).
    pub band: usize,
    pub params: Params,
}

/// Aligns two sentence lists monotonically. Every index of both sides
/// appears in exactly one link, in document order.
pub fn align(hyp: &[&str], ref_: &[&str], cfg: &AlignConfig) -> Vec<Link> {
    align_lines(hyp, ref_, &[], &[], cfg)
}

/// [`align`] with layout: `hyp_line_starts[i]` says hyp sentence `i` starts a
/// line of its file (a heading, a new paragraph); missing entries count as
/// false. Merged links that join sentences across a line break cost more,
/// so a dropped heading stays a gap instead of riding along with its
/// neighbour.
pub fn align_lines(
    hyp: &[&str],
    ref_: &[&str],
    hyp_line_starts: &[bool],
    ref_line_starts: &[bool],
    cfg: &AlignConfig,
) -> Vec<Link> {
    let feats = |v: &[&str], starts: &[bool]| -> Vec<features::Features> {
        v.iter()
            .enumerate()
            .map(|(i, s)| {
                let mut f = features::Features::new(s);
                f.line_start = starts.get(i).copied().unwrap_or(false);
                f
            })
            .collect()
    };
    let hf = feats(hyp, hyp_line_starts);
    let rf = feats(ref_, ref_line_starts);
    let regions = match &cfg.boundary {
        None => vec![(0..hyp.len(), 0..ref_.len())],
        Some(re) => sections(hyp, ref_, &hf, &rf, re, cfg),
    };
    let mut out = Vec::with_capacity(hyp.len().max(ref_.len()));
    for (hr, rr) in regions {
        let (h0, r0) = (hr.start, rr.start);
        for l in dp::align_region(&hf[hr], &rf[rr], &cfg.params, cfg.band) {
            out.push(Link {
                hyp: h0 + l.hyp.0..h0 + l.hyp.1,
                ref_: r0 + l.ref_.0..r0 + l.ref_.1,
                score: l.score,
            });
        }
    }
    out
}

/// Start indices of the sections: 0 (the part before the first boundary,
/// possibly empty) and every sentence matching `re`.
fn starts(s: &[&str], re: &regex::Regex) -> Vec<usize> {
    // Section 0 is whatever precedes the first boundary, possibly nothing.
    let mut v = vec![0];
    v.extend((0..s.len()).filter(|&i| re.is_match(s[i])));
    v
}

/// Pairs of regions (hyp range, ref range) that are aligned independently.
fn sections(
    hyp: &[&str],
    ref_: &[&str],
    hf: &[features::Features],
    rf: &[features::Features],
    re: &regex::Regex,
    cfg: &AlignConfig,
) -> Vec<(Range<usize>, Range<usize>)> {
    let hs = starts(hyp, re);
    let rs = starts(ref_, re);
    let ranges = |st: &[usize], len: usize| -> Vec<Range<usize>> {
        (0..st.len())
            .map(|k| st[k]..st.get(k + 1).copied().unwrap_or(len))
            .collect()
    };
    let hr = ranges(&hs, hyp.len());
    let rr = ranges(&rs, ref_.len());
    if hr.len() == rr.len() {
        return hr.into_iter().zip(rr).collect();
    }
    // Unequal counts: align the sections themselves. The part before the
    // first boundary pairs with its counterpart; the rest are represented by
    // their heading and next few sentences, merged into one feature set.
    const HEAD: usize = 4;
    let repr = |f: &[features::Features], r: &Range<usize>| {
        features::Features::merged(&f[r.start..r.end.min(r.start + HEAD)])
    };
    let hsf: Vec<_> = hr[1..].iter().map(|r| repr(hf, r)).collect();
    let rsf: Vec<_> = rr[1..].iter().map(|r| repr(rf, r)).collect();
    let mut out = vec![(hr[0].clone(), rr[0].clone())];
    for l in dp::align_region(&hsf, &rsf, &cfg.params, 0) {
        // Sections 1.. of each side; a k-l link merges k and l sections.
        let h = if l.hyp.0 < l.hyp.1 {
            hr[1 + l.hyp.0].start..hr[l.hyp.1].end
        } else {
            let at = hr.get(1 + l.hyp.0).map_or(hyp.len(), |r| r.start);
            at..at
        };
        let r = if l.ref_.0 < l.ref_.1 {
            rr[1 + l.ref_.0].start..rr[l.ref_.1].end
        } else {
            let at = rr.get(1 + l.ref_.0).map_or(ref_.len(), |r| r.start);
            at..at
        };
        out.push((h, r));
    }
    out
}
