//! Edit distances as rapidfuzz and jiwer compute them: Levenshtein over code
//! points (`char_dist`, with `char_sim` = 1 - dist / longer length) and over
//! `str.split()` words (`word_dist`), and WER with jiwer's default
//! transform. One metric, because they share the cell limit that keeps a
//! giant "sentence" from stalling a run, and its note.

use std::cell::RefCell;

use super::fused::PairText;
use super::text::{self, Interner, jiwer_words};
use super::{CorpusSpec, GateRule, Metric, lev};
use crate::table::Cell;

thread_local! {
    static WER_BUF: RefCell<(Vec<u32>, Vec<u32>)> = RefCell::new(Default::default());
}

/// `jiwer.wer(reference=ref, hypothesis=hyp)` with the default transform.
/// With an empty reference jiwer returns the number of hyp words.
pub fn wer(hyp: &str, ref_: &str) -> f64 {
    wer_within(hyp, ref_, u64::MAX)
}

/// [`wer`], or NaN when its word distance spans more than `max_cells` cells.
pub(crate) fn wer_within(hyp: &str, ref_: &str, max_cells: u64) -> f64 {
    let mut hw = Vec::new();
    let mut rw = Vec::new();
    jiwer_words(hyp, &mut hw);
    jiwer_words(ref_, &mut rw);
    if rw.is_empty() {
        return hw.len() as f64;
    }
    let mut interner = Interner::new(0, hw.len() + rw.len());
    WER_BUF.with(|cell| {
        let (ref mut x, ref mut y) = *cell.borrow_mut();
        x.clear();
        y.clear();
        x.extend(hw.iter().map(|w| interner.id(w)));
        y.extend(rw.iter().map(|w| interner.id(w)));
        lev::distance_ids_within(x, y, interner.end() as usize, max_cells)
            .map_or(f64::NAN, |d| d as f64 / rw.len() as f64)
    })
}

/// True when the only whitespace in `s` is the plain space, so jiwer's words
/// are exactly Python's `str.split()` words.
pub(crate) fn only_plain_spaces(s: &str) -> bool {
    // Python's other ASCII whitespace lies below 0x20, so text of bytes
    // 0x20..=0x7f qualifies; that test is one pass without an early exit,
    // which vectorises, and text rarely fails it.
    let printable = s
        .bytes()
        .fold(0u8, |bad, b| bad | (b.wrapping_sub(0x20) >= 0x60) as u8)
        == 0;
    printable || (s.is_ascii() && !s.bytes().any(|b| b != b' ' && text::is_py_space_ascii(b)))
}

/// `1 - char_dist / max(len)` over code points; 1.0 when both are empty.
pub fn char_sim(char_dist: usize, hyp: &str, ref_: &str) -> f64 {
    let chars = |s: &str| {
        if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }
    };
    let longest = chars(hyp).max(chars(ref_));
    if longest == 0 {
        1.0
    } else {
        1.0 - char_dist as f64 / longest as f64
    }
}

/// The distances of one pair, or their sums over many. Each distance counts
/// the pairs that have it: a pair past [`lev::MAX_DISTANCE_CELLS`] has none.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Distances {
    pub char_dist: u64,
    pub char_sim: f64,
    pub char_pairs: u64,
    pub word_dist: u64,
    pub word_pairs: u64,
    pub wer: f64,
    pub wer_pairs: u64,
    /// Pairs for which a distance was left out.
    pub capped: u64,
}

impl Distances {
    fn of(
        hyp: &str,
        ref_: &str,
        char_dist: Option<usize>,
        word_dist: Option<usize>,
        wer: f64,
    ) -> Self {
        Distances {
            char_dist: char_dist.unwrap_or(0) as u64,
            char_sim: char_dist.map_or(0.0, |d| char_sim(d, hyp, ref_)),
            char_pairs: char_dist.is_some() as u64,
            word_dist: word_dist.unwrap_or(0) as u64,
            word_pairs: word_dist.is_some() as u64,
            wer: if wer.is_nan() { 0.0 } else { wer },
            wer_pairs: !wer.is_nan() as u64,
            capped: (char_dist.is_none() || word_dist.is_none() || wer.is_nan()) as u64,
        }
    }

    /// `char_dist` of one pair (`None` past the cell limit).
    pub fn char(&self) -> Option<usize> {
        (self.char_pairs > 0).then_some(self.char_dist as usize)
    }

    /// `word_dist` of one pair (`None` past the cell limit).
    pub fn word(&self) -> Option<usize> {
        (self.word_pairs > 0).then_some(self.word_dist as usize)
    }

    /// Mean `char_sim` over the pairs that have one; NaN when none has.
    pub fn mean_char_sim(&self) -> f64 {
        if self.char_pairs == 0 {
            f64::NAN
        } else {
            self.char_sim / self.char_pairs as f64
        }
    }

    /// `wer` of one pair (NaN past the cell limit).
    pub fn wer(&self) -> f64 {
        if self.wer_pairs == 0 {
            f64::NAN
        } else {
            self.wer / self.wer_pairs as f64
        }
    }
}

impl Metric for Distances {
    const NAME: &'static str = "distances";
    const COLUMNS: &'static [&'static str] = &["char_dist", "char_sim", "word_dist", "wer"];
    const CORPUS: Option<CorpusSpec> = Some(CorpusSpec {
        column: "mean_char_sim",
        label: "mean char_sim",
        short: "mean char_sim",
        decimals: 4,
        linked_only: true,
    });
    const GATE: Option<GateRule> = Some(GateRule {
        name: "char_sim",
        aliases: &["charsim", "char-sim"],
        label: "mean char_sim",
        max: 1.0,
        lower_is_better: false,
        decimals: 4,
    });

    fn of_pair(hyp: &str, ref_: &str) -> Self {
        let cap = lev::MAX_DISTANCE_CELLS;
        Distances::of(
            hyp,
            ref_,
            lev::char_distance_within(hyp, ref_, cap),
            lev::word_distance_within(hyp, ref_, cap),
            wer_within(hyp, ref_, cap),
        )
    }

    fn of_pass(p: &PairText) -> Self {
        let f = p.fused();
        Distances::of(p.hyp, p.ref_, f.char_dist, f.word_dist, f.wer)
    }

    fn add(&mut self, o: &Self) {
        self.char_dist += o.char_dist;
        self.char_sim += o.char_sim;
        self.char_pairs += o.char_pairs;
        self.word_dist += o.word_dist;
        self.word_pairs += o.word_pairs;
        self.wer += o.wer;
        self.wer_pairs += o.wer_pairs;
        self.capped += o.capped;
    }

    fn cell(&self, i: usize) -> Cell<'static> {
        match i {
            0 => Cell::opt_int(self.char()),
            1 => Cell::float(self.mean_char_sim()),
            2 => Cell::opt_int(self.word()),
            _ => Cell::float(self.wer()),
        }
    }

    fn sentence(&self) -> f64 {
        self.mean_char_sim()
    }

    fn notes(&self) -> Vec<String> {
        if self.capped == 0 {
            return Vec::new();
        }
        vec![format!(
            "char_dist/word_dist left out for {} pair(s) differing over more than \
             {} cells, e.g. two {}-character sides (not sentences)",
            self.capped,
            lev::MAX_DISTANCE_CELLS,
            lev::MAX_DISTANCE_CELLS.isqrt()
        )]
    }
}
