//! TER as sacrebleu 2.x computes it with default options (lowercased, no
//! normalization): Tercom's greedy shift search with its heuristics (shift
//! size ≤ 10 words, distance ≤ 50, at most 1000 candidates per sentence,
//! tie-breaks by gain, then length, then earliest start, then earliest
//! target) over a beam-limited edit distance (beam 25 around the
//! pseudo-diagonal).
//!
//! Speed without changing results:
//! * words are interned to integer ids;
//! * a candidate shares its first `min(start, target)` words with the
//!   current hypothesis, so its Myers state (recorded per prefix, for one
//!   block or up to 16) and its banded DP row are resumed from there;
//! * most candidates are scored with the bit-parallel Levenshtein distance
//!   instead of the banded DP: when every path of that cost provably stays
//!   inside the beam, both are equal (see `Beam::trust_limit`); otherwise
//!   that distance bounds the gain, and only candidates whose bound beats
//!   the best exact gain get the banded DP, highest bound first;
//! * when the current hypothesis is trusted the same way, its alignment
//!   trace is read from the Myers states (`Beam::cost_at`) and the banded
//!   DP of the round runs only if a candidate needs it;
//! * past the moved block a candidate's words equal the hypothesis', so its
//!   banded DP stops at the first row that differs from the hypothesis' row
//!   by a constant;
//! * a starting distance of 0 or 1 is final (a shift costs one edit), and
//!   so is one at the bag-of-words floor, which no reordering goes below
//!   (`bag_floor`): most pairs without moved words end there, and a round
//!   whose winner reaches the floor is the last; a candidate that could not
//!   win even at the floor is not scored;
//! * the banded DP itself runs on bit vectors, one Myers step per row
//!   (`BitRow`), whenever the band is at most 64 cells wide; the
//!   cell-by-cell DP stays for wider bands and is the tests' oracle.
//!
//! No cap is needed for sentences: only the band's rows are kept, and the
//! longest real cases stay fast (BENCHMARKS.md, "TER safety"); past
//! [`MAX_TER_WORDS`] a "sentence" is a file without sentence marks.

use std::cell::RefCell;

use crate::metric::fused::PairText;
use crate::metric::lev::{Lanes, block_step, blocks_step, myers_step};
use crate::metric::text::{Interner, for_each_py_word, py_lower_into};
use crate::metric::{CorpusSpec, GateRule, Metric, SACREBLEU_VERSION};
use crate::table::Cell;

mod beam;
mod bits;
mod myers;
mod shift;
mod trace;

use beam::{Beam, Bufs};
use shift::bag_floor;

thread_local! {
    /// A thread's [`Bufs`], lent to one [`Beam`] at a time.
    static SPARE: RefCell<Bufs> = RefCell::new(Bufs::default());
}

pub(super) const MAX_SHIFT_SIZE: usize = 10;
pub(super) const MAX_SHIFT_DIST: usize = 50;
pub(super) const BEAM_WIDTH: i64 = 25;
pub(super) const MAX_SHIFT_CANDIDATES: usize = 1000;
pub(super) const INF: i32 = 1 << 30;
/// Multi-block Myers states are recorded for resuming candidates when the
/// reference has at most this many 64-word blocks and the table at most
/// `MAX_RESUME_WORDS` words (512 KiB); longer pairs recompute from scratch.
pub(super) const MAX_RESUME_BLOCKS: usize = 16;
pub(super) const MAX_RESUME_WORDS: usize = 1 << 16;
/// Longest side (in words) TER is computed for. The beam and the Myers
/// tables grow with the product of the two lengths; a "sentence" this long
/// is a file without sentence marks, where TER would take minutes and
/// gigabytes. Such a pair gets no TER (empty cell, left out of corpus TER)
/// rather than stalling a batch. Real sentences are two orders shorter.
pub const MAX_TER_WORDS: usize = 5_000;

pub(super) const OP_NOP: u8 = b' ';
pub(super) const OP_SUB: u8 = b's';
pub(super) const OP_INS: u8 = b'i';
pub(super) const OP_DEL: u8 = b'd';
pub(super) const OP_UNDEF: u8 = b'x';

/// Edits and reference length of one pair; summed for corpus TER.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TerStats {
    pub edits: u64,
    pub ref_len: u64,
    /// Pairs left out because a side exceeds [`MAX_TER_WORDS`].
    pub capped: u64,
}

impl TerStats {
    /// sacrebleu `TER._compute_score_from_stats`.
    pub fn score(&self) -> f64 {
        if self.capped > 0 && self.edits == 0 && self.ref_len == 0 {
            return f64::NAN;
        }
        let s = if self.ref_len > 0 {
            self.edits as f64 / self.ref_len as f64
        } else if self.edits > 0 {
            1.0
        } else {
            0.0
        };
        100.0 * s
    }
}

thread_local! {
    static LOWER: RefCell<(String, String)> = RefCell::new(Default::default());
}

/// TER statistics of one pair: words are `hyp.lower().split()`.
pub fn stats(hyp: &str, ref_: &str) -> TerStats {
    LOWER.with(|cell| {
        let (ref mut lh, ref mut lr) = *cell.borrow_mut();
        py_lower_into(hyp, lh);
        py_lower_into(ref_, lr);
        let mut interner = Interner::new(0, 64);
        let mut h = Vec::with_capacity(32);
        let mut r = Vec::with_capacity(32);
        for_each_py_word(lh, |w| h.push(interner.id(w)));
        for_each_py_word(lr, |w| r.push(interner.id(w)));
        stats_from_ids(&h, &r, interner.end() as usize)
    })
}

/// TER statistics of lowercased word id sequences (ids below `alphabet`).
pub(crate) fn stats_from_ids(h: &[u32], r: &[u32], alphabet: usize) -> TerStats {
    if h != r && h.len().max(r.len()) > MAX_TER_WORDS {
        return TerStats {
            capped: 1,
            ..TerStats::default()
        };
    }
    TerStats {
        edits: edits(h, r, alphabet) as u64,
        ref_len: r.len() as u64,
        capped: 0,
    }
}

impl Metric for TerStats {
    const NAME: &'static str = "ter";
    const COLUMNS: &'static [&'static str] = &["ter"];
    const CORPUS: Option<CorpusSpec> = Some(CorpusSpec {
        column: "ter",
        label: "TER",
        short: "TER",
        decimals: 2,
        linked_only: false,
    });
    // TER counts edits per reference word, so it has no upper bound (a long
    // hyp against a one-word ref scores in the thousands).
    const GATE: Option<GateRule> = Some(GateRule {
        name: "ter",
        aliases: &[],
        label: "corpus TER",
        max: f64::INFINITY,
        lower_is_better: true,
        decimals: 2,
    });

    fn of_pair(hyp: &str, ref_: &str) -> Self {
        stats(hyp, ref_)
    }

    fn of_pass(p: &PairText) -> Self {
        p.fused().ter
    }

    fn add(&mut self, o: &Self) {
        self.edits += o.edits;
        self.ref_len += o.ref_len;
        self.capped += o.capped;
    }

    fn cell(&self, _: usize) -> Cell<'static> {
        Cell::float(self.sentence())
    }

    fn sentence(&self) -> f64 {
        self.score()
    }

    fn signature() -> Option<String> {
        Some(format!(
            "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:{SACREBLEU_VERSION}"
        ))
    }

    fn notes(&self) -> Vec<String> {
        if self.capped == 0 {
            return Vec::new();
        }
        vec![format!(
            "TER left out for {} pair(s) with a side over {MAX_TER_WORDS} words (not sentences)",
            self.capped
        )]
    }
}

/// sacrebleu `sentence_ter(hyp, [ref]).score`.
pub fn sentence_ter(hyp: &str, ref_: &str) -> f64 {
    stats(hyp, ref_).score()
}

/// Number of edits (shifts + beam edit distance) of `translation_edit_rate`.
pub fn edits(hyp: &[u32], refw: &[u32], alphabet: usize) -> usize {
    edits_with(hyp, refw, alphabet, true)
}

/// [`edits`]; without `use_floor` the search ignores [`bag_floor`] (the
/// tests' oracle for the shortcuts that rely on it).
pub(super) fn edits_with(hyp: &[u32], refw: &[u32], alphabet: usize, use_floor: bool) -> usize {
    if refw.is_empty() {
        return hyp.len();
    }
    if hyp.is_empty() {
        return refw.len();
    }
    if hyp == refw {
        return 0;
    }
    SPARE.with(|bufs| {
        let mut bufs = bufs.borrow_mut();
        let mut beam = Beam::new(refw, hyp.len(), alphabet, &mut bufs);
        beam.floor = if use_floor {
            bag_floor(hyp, refw, alphabet, &mut beam.b.bag) as i64
        } else {
            // Below every distance: no shortcut or pruning ever fires.
            -1
        };
        // Every accepted shift lowers the distance by at least one and costs
        // one, so the result never exceeds the starting distance; a distance
        // of 0 or 1 is therefore final, and so is one at the floor.
        if beam.trust.is_some() {
            let d = beam.myers_full(hyp.iter().copied());
            if (d <= 1 || d as i64 == beam.floor) && beam.trusted(d as i64) {
                return d;
            }
        }
        let mut cur = hyp.to_vec();
        let mut shifts = 0;
        let mut checked = 0;
        loop {
            let (delta, next, pre) = beam.best_shift(&cur, &mut checked);
            if checked >= MAX_SHIFT_CANDIDATES || delta <= 0 {
                // The loop stops without changing `cur`, whose distance the
                // last round already computed.
                return shifts + pre as usize;
            }
            shifts += 1;
            // The gain is exact, so this is the next round's starting
            // distance; at the floor that round would find nothing.
            if pre - delta == beam.floor {
                return shifts + pre as usize - delta as usize;
            }
            cur = next;
        }
    })
}

#[cfg(test)]
mod tests;
