//! Per-pair and corpus metrics, equal to the reference Python tools:
//! sacrebleu 2.6 (chrF, chrF++, TER, BLEU with default options), rapidfuzz
//! (edit distances over code points and `str.split()` words) and jiwer
//! (WER with its default transform).
//!
//! Corpus scores come from summed sufficient statistics ([`CorpusStats`]),
//! as sacrebleu's `corpus_score` does, never from a mean of sentence scores.

pub mod bleu;
pub mod chrf;
pub mod lev;
mod shared;
pub mod ter;
pub mod text;

use std::cell::RefCell;

pub use bleu::{BleuStats, sentence_bleu, tokenize_13a};
pub use chrf::{ChrfStats, sentence_chrf, sentence_chrfpp};
pub use lev::{char_distance, word_distance};
pub use ter::{TerStats, sentence_ter};

use text::{Interner, for_each_py_word, jiwer_words};

/// The sacrebleu release whose numbers these metrics reproduce.
pub const SACREBLEU_VERSION: &str = "2.6.0";

/// Everything the report needs for one aligned pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairScores {
    /// `None` (and `char_sim` NaN) past [`lev::MAX_DISTANCE_CELLS`].
    pub char_dist: Option<usize>,
    pub char_sim: f64,
    /// `None` (and `wer` NaN) past [`lev::MAX_DISTANCE_CELLS`].
    pub word_dist: Option<usize>,
    pub wer: f64,
    pub chrf: f64,
    pub chrfpp: f64,
    pub ter: f64,
    pub bleu: f64,
    /// Sufficient statistics for corpus-level scores.
    pub stats: PairStats,
}

/// Sufficient statistics of one pair, summed by [`CorpusStats`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairStats {
    /// `[hyp, ref, match]` per order: character orders 1..6, then word
    /// orders 1..2 (the chrF++ part).
    pub chrf: ChrfStats,
    pub bleu: BleuStats,
    pub ter: TerStats,
    /// 1 when a distance was left out for [`lev::MAX_DISTANCE_CELLS`].
    pub distances_capped: u64,
}

/// Corpus-level accumulator: corpus scores come from summed statistics, as
/// sacrebleu's `corpus_score`, never from a mean of sentence scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusStats {
    pub pairs: usize,
    pub chrf: ChrfStats,
    pub bleu: BleuStats,
    pub ter: TerStats,
    /// Pairs whose edit distances were left out (too long to compare).
    pub distances_capped: u64,
}

impl CorpusStats {
    pub fn add(&mut self, s: &PairStats) {
        self.pairs += 1;
        self.distances_capped += s.distances_capped;
        add_chrf(&mut self.chrf, &s.chrf);
        self.bleu.add(&s.bleu);
        self.ter.edits += s.ter.edits;
        self.ter.ref_len += s.ter.ref_len;
        self.ter.capped += s.ter.capped;
    }
    pub fn merge(&mut self, other: &CorpusStats) {
        self.pairs += other.pairs;
        self.distances_capped += other.distances_capped;
        add_chrf(&mut self.chrf, &other.chrf);
        self.bleu.add(&other.bleu);
        self.ter.edits += other.ter.edits;
        self.ter.ref_len += other.ter.ref_len;
        self.ter.capped += other.ter.capped;
    }
    /// sacrebleu `corpus_chrf` (chrF2). NaN for an empty corpus.
    pub fn chrf(&self) -> f64 {
        self.or_nan(chrf::f_score(&self.chrf[..chrf::CHAR_ORDER]))
    }
    /// sacrebleu `corpus_chrf(word_order=2)` (chrF2++).
    pub fn chrfpp(&self) -> f64 {
        self.or_nan(chrf::f_score(&self.chrf))
    }
    /// sacrebleu `corpus_ter` with default options.
    pub fn ter(&self) -> f64 {
        self.or_nan(self.ter.score())
    }
    /// sacrebleu `corpus_bleu` with default options (no effective order).
    pub fn bleu(&self) -> f64 {
        self.or_nan(bleu::score(&self.bleu, false))
    }
    /// sacrebleu-style signatures of the four corpus scores.
    pub fn signatures(&self) -> [(&'static str, &'static str); 4] {
        signatures()
    }
    fn or_nan(&self, v: f64) -> f64 {
        if self.pairs == 0 { f64::NAN } else { v }
    }
}

fn add_chrf(a: &mut ChrfStats, b: &ChrfStats) {
    for (x, y) in a.iter_mut().zip(b) {
        for k in 0..3 {
            x[k] += y[k];
        }
    }
}

/// `(score name, signature)` of the corpus scores, in the format sacrebleu
/// 2.6 prints (`metric.get_signature()`), in the order chrF, chrF++, TER, BLEU.
pub fn signatures() -> [(&'static str, &'static str); 4] {
    [
        (
            "chrF2",
            "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0",
        ),
        (
            "chrF2++",
            "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0",
        ),
        (
            "TER",
            "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0",
        ),
        (
            "BLEU",
            "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
        ),
    ]
}

thread_local! {
    static WER_BUF: RefCell<(Vec<u32>, Vec<u32>)> = RefCell::new(Default::default());
}

/// `jiwer.wer(reference=ref, hypothesis=hyp)` with the default transform.
/// With an empty reference jiwer returns the number of hyp words.
pub fn wer(hyp: &str, ref_: &str) -> f64 {
    wer_within(hyp, ref_, u64::MAX)
}

/// [`wer`], or NaN when its word distance spans more than `max_cells` cells.
fn wer_within(hyp: &str, ref_: &str, max_cells: u64) -> f64 {
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
fn only_plain_spaces(s: &str) -> bool {
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

/// Every metric of one pair. The edit distances of a pair too long to be a
/// pair of sentences (see [`lev::MAX_DISTANCE_CELLS`]) are left out.
pub fn score_pair(hyp: &str, ref_: &str) -> PairScores {
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
    let wer = if only_plain_spaces(hyp) && only_plain_spaces(ref_) {
        match word_dist {
            _ if n_ref == 0 => n_hyp as f64,
            Some(d) => d as f64 / n_ref as f64,
            None => f64::NAN,
        }
    } else {
        wer_within(hyp, ref_, cap)
    };
    PairScores {
        char_dist,
        char_sim: char_dist.map_or(f64::NAN, |d| char_sim(d, hyp, ref_)),
        word_dist,
        wer,
        chrf: chrf::f_score(&chrf_stats[..chrf::CHAR_ORDER]),
        chrfpp: chrf::f_score(&chrf_stats),
        ter: ter_stats.score(),
        bleu: bleu::score(&bleu_stats, true),
        stats: PairStats {
            chrf: chrf_stats,
            bleu: bleu_stats,
            ter: ter_stats,
            distances_capped: (char_dist.is_none() || word_dist.is_none() || wer.is_nan()) as u64,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_space_test_equals_its_definition() {
        let oracle =
            |s: &str| s.is_ascii() && s.bytes().all(|b| b == b' ' || !text::is_py_space_ascii(b));
        let mut cases: Vec<String> = (0u8..128).map(|b| format!("ab {} cd", b as char)).collect();
        cases.extend(
            [
                "",
                " ",
                "plain words only",
                "é",
                "a\u{a0}b",
                "\u{7f}",
                "x\u{85}",
            ]
            .map(String::from),
        );
        let mut next = text::test_rng(0x9a1e_5ace);
        for _ in 0..2000 {
            let pool = ['a', ' ', '\t', '\n', '\x1f', '\x7f', 'é', '~', '\x00'];
            cases.push((0..next(30)).map(|_| pool[next(pool.len())]).collect());
        }
        for c in &cases {
            assert_eq!(only_plain_spaces(c), oracle(c), "{c:?}");
        }
    }

    #[test]
    fn score_pair_is_consistent_with_single_metrics() {
        let pairs = [
            (
                "The micro-letter app is popular.",
                "The WeChat app is popular.",
            ),
            ("", "x"),
            ("a\tb c", "a b c"),
            ("Größe", "grösse"),
        ];
        for (h, r) in pairs {
            let s = score_pair(h, r);
            assert_eq!(s.chrf, sentence_chrf(h, r));
            assert_eq!(s.chrfpp, sentence_chrfpp(h, r));
            assert_eq!(s.ter, sentence_ter(h, r));
            assert_eq!(s.bleu, sentence_bleu(h, r));
            assert_eq!(s.wer, wer(h, r));
            assert_eq!(s.char_dist, Some(char_distance(h, r)));
            assert_eq!(s.word_dist, Some(word_distance(h, r)));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Arbitrary text (controls, Python-only whitespace, combining marks,
        /// astral characters) never panics and stays in range; a one-pair
        /// corpus equals the sentence scores where sacrebleu's do.
        #[test]
        fn any_text_scores_in_range(
            h in "[a-c .,&;<>\\-\t\n\u{1f}\u{85}\u{a0}\u{301}İΣ😀]{0,40}",
            r in "[a-c .,&;<>\\-\t\n\u{1f}\u{85}\u{a0}\u{301}İΣ😀]{0,40}",
        ) {
            let s = score_pair(&h, &r);
            for v in [s.chrf, s.chrfpp, s.bleu] {
                proptest::prop_assert!((0.0..=100.0 + 1e-9).contains(&v));
            }
            proptest::prop_assert!(s.ter >= 0.0 && s.wer >= 0.0);
            proptest::prop_assert!((0.0..=1.0).contains(&s.char_sim));
            let mut c = CorpusStats::default();
            c.add(&s.stats);
            proptest::prop_assert_eq!(c.chrf(), s.chrf);
            proptest::prop_assert_eq!(c.chrfpp(), s.chrfpp);
            proptest::prop_assert_eq!(c.ter(), s.ter);
        }
    }

    #[test]
    fn corpus_scores_equal_sacrebleu_corpus_score() {
        // Expected values printed by sacrebleu 2.6.0 corpus_chrf /
        // corpus_chrf(word_order=2) / corpus_ter / corpus_bleu on these pairs.
        let hyp = [
            "The micro-letter app is popular.",
            "Hello world",
            "",
            "a b c d e f",
            "Tom &amp; Jerry ran.",
        ];
        let ref_ = [
            "The WeChat app is popular.",
            "hello world",
            "Nothing here",
            "f e d c b a",
            "Tom & Jerry ran away.",
        ];
        let mut c = CorpusStats::default();
        for (h, r) in hyp.iter().zip(ref_) {
            c.add(&score_pair(h, r).stats);
        }
        assert!((c.chrf() - 48.93283521717381).abs() < 1e-9, "{}", c.chrf());
        assert!(
            (c.chrfpp() - 48.93742982580147).abs() < 1e-9,
            "{}",
            c.chrfpp()
        );
        assert!((c.ter() - 55.00000000000001).abs() < 1e-9, "{}", c.ter());
        assert!((c.bleu() - 36.26751870567075).abs() < 1e-9, "{}", c.bleu());
    }

    #[test]
    fn distances_of_a_giant_pair_are_left_out_not_stalled() {
        // 33,999 differing characters a side (the common final space does
        // not count): past the cell limit, so no char_dist; in words it is
        // 17,000 x 17,000 cells, under the limit, so word_dist stays.
        let (h, r) = ("a ".repeat(17_000), "c ".repeat(17_000));
        let s = score_pair(&h, &r);
        assert_eq!(s.char_dist, None);
        assert!(s.char_sim.is_nan());
        assert_eq!(s.word_dist, Some(17_000));
        assert_eq!(s.wer, 1.0);
        assert_eq!(s.stats.distances_capped, 1);
        assert!(s.ter.is_nan(), "over the TER word limit too");
        assert_eq!(s.chrf, 0.0);
        let mut c = CorpusStats::default();
        c.add(&s.stats);
        c.add(&score_pair("a b", "a c").stats);
        assert_eq!(c.distances_capped, 1);
        // Sides of 32,768 characters (32,767 differing) are under it.
        let s = score_pair(&h[..32_768], &r[..32_768]);
        assert_eq!(s.char_dist, Some(16_384));
        assert_eq!(s.stats.distances_capped, 0);
    }

    #[test]
    fn char_sim_edges() {
        assert_eq!(score_pair("", "").char_sim, 1.0);
        assert_eq!(score_pair("abc", "").char_sim, 0.0);
        assert_eq!(score_pair("ab", "ac").char_sim, 0.5);
    }

    #[test]
    fn wer_jiwer_semantics() {
        assert_eq!(wer("a b c", ""), 3.0);
        assert_eq!(wer("", ""), 0.0);
        assert_eq!(wer("", "a b"), 1.0);
        assert_eq!(wer("a\tb", "a b"), 1.0);
        assert_eq!(wer("a\t\tb", "a b"), 0.0);
    }

    #[test]
    fn corpus_scores_use_summed_statistics() {
        let pairs = [("a b c d", "a b c d"), ("x y", "p q r s")];
        let mut c = CorpusStats::default();
        for (h, r) in pairs {
            c.add(&score_pair(h, r).stats);
        }
        // TER: (0 + 4 edits) / (4 + 4 ref words).
        assert!((c.ter() - 50.0).abs() < 1e-12);
        let mean = (sentence_chrf("a b c d", "a b c d") + sentence_chrf("x y", "p q r s")) / 2.0;
        assert!((c.chrf() - mean).abs() > 1e-6);
        let mut merged = CorpusStats::default();
        merged.merge(&c);
        assert_eq!(merged, c);
        assert!(CorpusStats::default().bleu().is_nan());
    }
}
