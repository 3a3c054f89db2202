//! Per-pair and corpus metrics, equal to the reference Python tools:
//! sacrebleu 2.6 (chrF, chrF++, TER, BLEU with default options), rapidfuzz
//! (edit distances over code points and `str.split()` words) and jiwer
//! (WER with its default transform).
//!
//! Every metric has sacrebleu's shape (the [`Metric`] trait): sufficient
//! statistics of one pair that add up over a corpus, a sentence and a corpus
//! score computed from them, and a signature. Corpus scores therefore come
//! from summed statistics, as sacrebleu's `corpus_score`, never from a mean
//! of sentence scores. The metric table (`table.rs`) lists the metrics once;
//! report columns, summary columns and lines, gates and signatures all follow
//! it, so a new metric is its own file plus one line there.

mod fused;
pub mod lev;
mod shared;
mod table;
pub mod text;

// The metric table: each metric's module, and one line for it below. The
// report's metric columns, the summaries, the gates and the signatures all
// follow this list, in this order.
pub mod bleu;
pub mod chrf;
mod distance;
pub mod ter;

table::metric_table! {
    dist: Distances,
    chrf: Chrf,
    chrfpp: ChrfPlusPlus,
    ter: TerStats,
    bleu: BleuStats,
}

pub use bleu::{BleuStats, sentence_bleu, tokenize_13a};
pub use chrf::{Chrf, ChrfPlusPlus, ChrfStats, sentence_chrf, sentence_chrfpp};
pub use distance::{Distances, char_sim, wer};
pub use fused::PairText;
pub use lev::{char_distance, word_distance};
pub use table::{CorpusScore, CorpusStats};
pub use ter::{TerStats, sentence_ter};

use crate::table::Cell;

/// The sacrebleu release whose numbers these metrics reproduce.
pub const SACREBLEU_VERSION: &str = "2.6.0";

/// How a metric's corpus score appears in summaries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorpusSpec {
    /// The summary column (`summary.csv`, JSON).
    pub column: &'static str,
    /// The name printed beside its signature (`chrF2`).
    pub label: &'static str,
    /// The name in the one-line batch total; empty to leave it out there.
    pub short: &'static str,
    /// Decimals on the terminal.
    pub decimals: usize,
    /// Scored over linked rows only (a mean over aligned pairs), not over
    /// the whole document with its gaps.
    pub linked_only: bool,
}

/// How `--fail-under NAME=VALUE` treats a metric's corpus score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateRule {
    pub name: &'static str,
    /// Other spellings a user may give.
    pub aliases: &'static [&'static str],
    /// What the failure message calls the score.
    pub label: &'static str,
    /// The largest valid value (the smallest is 0).
    pub max: f64,
    /// The gate fails when the score is above the value (TER).
    pub lower_is_better: bool,
    /// Decimals of the score in the failure message.
    pub decimals: usize,
}

/// One metric in sacrebleu's shape: its statistics of one pair (or summed
/// over many) are the implementing type.
pub trait Metric: Clone + Default + PartialEq + std::fmt::Debug + Send + Sync + 'static {
    const NAME: &'static str;
    /// The report columns it fills on every scored row, in order.
    const COLUMNS: &'static [&'static str];
    const CORPUS: Option<CorpusSpec> = None;
    const GATE: Option<GateRule> = None;

    /// The statistics of one pair, computed on their own.
    fn of_pair(hyp: &str, ref_: &str) -> Self;

    /// The statistics of one pair from the fused pass; a metric outside the
    /// pass computes them on its own, and for one inside it `of_pair` is
    /// the oracle.
    fn of_pass(p: &PairText) -> Self {
        Self::of_pair(p.hyp, p.ref_)
    }

    fn add(&mut self, other: &Self);

    /// The value of `COLUMNS[i]` for one pair.
    fn cell(&self, i: usize) -> Cell<'static>;

    /// The sentence-level score of one pair's statistics.
    fn sentence(&self) -> f64;

    /// The corpus-level score of summed statistics.
    fn corpus(&self) -> f64 {
        self.sentence()
    }

    /// sacrebleu's signature of the corpus score, where the metric has one.
    fn signature() -> Option<String> {
        None
    }

    /// Lines for the summary about pairs the statistics leave out.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Every metric of one pair, from the fused pass.
pub fn score_pair(hyp: &str, ref_: &str) -> PairStats {
    PairStats::compute(hyp, ref_)
}

#[cfg(test)]
mod tests {
    use super::*;
    use distance::only_plain_spaces;

    /// The sentence-level values of one pair, as the report shows them.
    struct View {
        chrf: f64,
        chrfpp: f64,
        ter: f64,
        bleu: f64,
        wer: f64,
        char_sim: f64,
        char_dist: Option<usize>,
        word_dist: Option<usize>,
    }

    fn view(s: &PairStats) -> View {
        View {
            chrf: s.chrf.sentence(),
            chrfpp: s.chrfpp.sentence(),
            ter: s.ter.sentence(),
            bleu: s.bleu.sentence(),
            wer: s.dist.wer(),
            char_sim: s.dist.mean_char_sim(),
            char_dist: s.dist.char(),
            word_dist: s.dist.word(),
        }
    }

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
            let p = score_pair(h, r);
            let s = view(&p);
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
            let p = score_pair(&h, &r);
            let s = view(&p);
            for v in [s.chrf, s.chrfpp, s.bleu] {
                proptest::prop_assert!((0.0..=100.0 + 1e-9).contains(&v));
            }
            proptest::prop_assert!(s.ter >= 0.0 && s.wer >= 0.0);
            proptest::prop_assert!((0.0..=1.0).contains(&s.char_sim));
            let mut c = CorpusStats::default();
            c.add(&p);
            proptest::prop_assert_eq!(c.stats.chrf.corpus(), s.chrf);
            proptest::prop_assert_eq!(c.stats.chrfpp.corpus(), s.chrfpp);
            proptest::prop_assert_eq!(c.stats.ter.corpus(), s.ter);
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
            c.add(&score_pair(h, r));
        }
        assert!(
            (c.stats.chrf.corpus() - 48.93283521717381).abs() < 1e-9,
            "{}",
            c.stats.chrf.corpus()
        );
        assert!(
            (c.stats.chrfpp.corpus() - 48.93742982580147).abs() < 1e-9,
            "{}",
            c.stats.chrfpp.corpus()
        );
        assert!(
            (c.stats.ter.corpus() - 55.00000000000001).abs() < 1e-9,
            "{}",
            c.stats.ter.corpus()
        );
        assert!(
            (c.stats.bleu.corpus() - 36.26751870567075).abs() < 1e-9,
            "{}",
            c.stats.bleu.corpus()
        );
    }

    #[test]
    fn distances_of_a_giant_pair_are_left_out_not_stalled() {
        // 33,999 differing characters a side (the common final space does
        // not count): past the cell limit, so no char_dist; in words it is
        // 17,000 x 17,000 cells, under the limit, so word_dist stays.
        let (h, r) = ("a ".repeat(17_000), "c ".repeat(17_000));
        let p = score_pair(&h, &r);
        let s = view(&p);
        assert_eq!(s.char_dist, None);
        assert!(s.char_sim.is_nan());
        assert_eq!(s.word_dist, Some(17_000));
        assert_eq!(s.wer, 1.0);
        assert_eq!(p.dist.capped, 1);
        assert!(s.ter.is_nan(), "over the TER word limit too");
        assert_eq!(s.chrf, 0.0);
        let mut c = CorpusStats::default();
        c.add(&p);
        c.add(&score_pair("a b", "a c"));
        assert_eq!(c.stats.dist.capped, 1);
        // Sides of 32,768 characters (32,767 differing) are under it.
        let p = score_pair(&h[..32_768], &r[..32_768]);
        let s = view(&p);
        assert_eq!(s.char_dist, Some(16_384));
        assert_eq!(p.dist.capped, 0);
    }

    #[test]
    fn fused_pass_equals_every_metric_alone() {
        let mut next = text::test_rng(0xf0_5ed);
        let pool = [
            "the",
            "The",
            "WeChat",
            "micro-letter",
            "&amp;",
            "a,",
            "(b)",
            "İ",
            "Σ",
            "😀",
            "\t",
            "\u{a0}",
            "-",
            "1,000",
            "x.",
            "won't",
            "<skipped>",
        ];
        let text = |next: &mut dyn FnMut(usize) -> usize| -> String {
            let n = next(25);
            (0..n)
                .map(|_| pool[next(pool.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        for _ in 0..1_500 {
            let h = text(&mut next);
            let r = if next(4) == 0 {
                h.clone()
            } else {
                text(&mut next)
            };
            assert_eq!(
                PairStats::compute(&h, &r),
                PairStats::alone(&h, &r),
                "{h:?} / {r:?}"
            );
        }
    }

    #[test]
    fn the_table_drives_columns_gates_and_summaries() {
        assert_eq!(
            PairStats::columns(),
            [
                "char_dist",
                "char_sim",
                "word_dist",
                "wer",
                "chrf",
                "chrfpp",
                "ter",
                "bleu"
            ]
        );
        let gates: Vec<&str> = PairStats::gate_rules().iter().map(|g| g.name).collect();
        assert_eq!(gates, ["char_sim", "chrf", "chrfpp", "ter", "bleu"]);
        let p = score_pair("a b c", "a b d");
        let mut cells = Vec::new();
        p.cells(&mut cells);
        assert_eq!(cells.len(), PairStats::columns().len());
        assert_eq!(cells[0], Cell::Int(1));
        let scores = p.corpus_scores(&p, false);
        let cols: Vec<&str> = scores.iter().map(|c| c.spec.column).collect();
        assert_eq!(cols, ["mean_char_sim", "chrf", "chrfpp", "ter", "bleu"]);
        assert!(scores[0].signature.is_none() && scores[1].signature.is_some());
        assert!(p.corpus_scores(&p, true).iter().all(|c| c.value.is_nan()));
    }

    #[test]
    fn char_sim_edges() {
        assert_eq!(score_pair("", "").dist.mean_char_sim(), 1.0);
        assert_eq!(score_pair("abc", "").dist.mean_char_sim(), 0.0);
        assert_eq!(score_pair("ab", "ac").dist.mean_char_sim(), 0.5);
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
            c.add(&score_pair(h, r));
        }
        // TER: (0 + 4 edits) / (4 + 4 ref words).
        assert!((c.stats.ter.corpus() - 50.0).abs() < 1e-12);
        let mean = (sentence_chrf("a b c d", "a b c d") + sentence_chrf("x y", "p q r s")) / 2.0;
        assert!((c.stats.chrf.corpus() - mean).abs() > 1e-6);
        let mut merged = CorpusStats::default();
        merged.merge(&c);
        assert_eq!(merged, c);
        assert!(
            CorpusStats::default()
                .stats
                .corpus_scores(&PairStats::default(), true)
                .iter()
                .all(|c| c.value.is_nan())
        );
    }
}
