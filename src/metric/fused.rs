//! The fused pass: every built-in metric of one pair from one tokenization
//! per side (see `shared`), computed once and shared by the metrics that
//! take their statistics from it. Each metric's own `of_pair` path computes
//! the same numbers alone and is the fused pass's oracle in the tests.

use std::cell::OnceCell;

use super::text::{Interner, for_each_py_word};
use super::{bleu, chrf, lev, shared, ter};

/// One pair's texts and, computed on first use, the fused statistics.
pub struct PairText<'t> {
    pub hyp: &'t str,
    pub ref_: &'t str,
    fused: OnceCell<Fused>,
}

/// What the fused pass yields for the built-in metrics.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fused {
    /// `None` past [`lev::MAX_DISTANCE_CELLS`].
    pub char_dist: Option<usize>,
    pub word_dist: Option<usize>,
    /// jiwer's WER (NaN past the cell limit).
    pub wer: f64,
    /// Character orders 1..6, then word orders 1..2 (chrF++).
    pub chrf: chrf::ChrfStats,
    pub bleu: bleu::BleuStats,
    pub ter: ter::TerStats,
}

impl<'t> PairText<'t> {
    pub fn new(hyp: &'t str, ref_: &'t str) -> Self {
        PairText {
            hyp,
            ref_,
            fused: OnceCell::new(),
        }
    }

    pub(crate) fn fused(&self) -> &Fused {
        self.fused.get_or_init(|| fuse(self.hyp, self.ref_))
    }
}

fn fuse(hyp: &str, ref_: &str) -> Fused {
    let cap = lev::MAX_DISTANCE_CELLS;
    let char_dist = lev::char_distance_within(hyp, ref_, cap);
    let (word_dist, n_hyp, n_ref, chrf_stats, bleu_stats, ter_stats);
    if shared::applies(hyp) && shared::applies(ref_) {
        let w = shared::word_stats(hyp, ref_);
        (word_dist, n_hyp, n_ref) = (w.word_dist, w.hyp_words, w.ref_words);
        let mut rows = chrf::stats(hyp, ref_, false);
        rows[chrf::CHAR_ORDER..].copy_from_slice(&w.chrf[chrf::CHAR_ORDER..]);
        (bleu_stats, ter_stats) = (w.bleu, w.ter);
        chrf_stats = rows;
    } else {
        // Word distance and (in the common case) WER share one tokenization.
        let mut interner = Interner::new(0, 64);
        let mut x = Vec::with_capacity(32);
        let mut y = Vec::with_capacity(32);
        for_each_py_word(hyp, |w| x.push(interner.id(w)));
        for_each_py_word(ref_, |w| y.push(interner.id(w)));
        word_dist = lev::distance_ids_within(&x, &y, interner.end() as usize, cap);
        (n_hyp, n_ref) = (x.len(), y.len());
        chrf_stats = chrf::stats(hyp, ref_, true);
        bleu_stats = bleu::stats(hyp, ref_);
        ter_stats = ter::stats(hyp, ref_);
    }
    let wer = if super::distance::only_plain_spaces(hyp) && super::distance::only_plain_spaces(ref_)
    {
        match word_dist {
            _ if n_ref == 0 => n_hyp as f64,
            Some(d) => d as f64 / n_ref as f64,
            None => f64::NAN,
        }
    } else {
        super::distance::wer_within(hyp, ref_, cap)
    };
    Fused {
        char_dist,
        word_dist,
        wer,
        chrf: chrf_stats,
        bleu: bleu_stats,
        ter: ter_stats,
    }
}
