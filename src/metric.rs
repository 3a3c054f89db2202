//! Per-pair and corpus metrics.
//!
//! PLACEHOLDER: edit distances via strsim, chrF/TER/BLEU not yet computed
//! (NaN, written as empty cells). The metrics issue replaces the body, keeping
//! this public API.

/// Everything the report needs for one aligned pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairScores {
    pub char_dist: usize,
    pub char_sim: f64,
    pub word_dist: usize,
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
pub struct PairStats {}

/// Corpus-level accumulator: corpus scores come from summed statistics, as
/// sacrebleu's `corpus_score`, never from a mean of sentence scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusStats {
    pub pairs: usize,
}

impl CorpusStats {
    pub fn add(&mut self, _s: &PairStats) {
        self.pairs += 1;
    }
    pub fn merge(&mut self, other: &CorpusStats) {
        self.pairs += other.pairs;
    }
    pub fn chrf(&self) -> f64 {
        f64::NAN
    }
    pub fn chrfpp(&self) -> f64 {
        f64::NAN
    }
    pub fn ter(&self) -> f64 {
        f64::NAN
    }
    pub fn bleu(&self) -> f64 {
        f64::NAN
    }
}

pub fn char_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    strsim::generic_levenshtein(&a, &b)
}

pub fn word_distance(a: &str, b: &str) -> usize {
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    strsim::generic_levenshtein(&a, &b)
}

pub fn score_pair(hyp: &str, ref_: &str) -> PairScores {
    let char_dist = char_distance(hyp, ref_);
    let longest = hyp.chars().count().max(ref_.chars().count());
    let word_dist = word_distance(hyp, ref_);
    let ref_words = ref_.split_whitespace().count();
    PairScores {
        char_dist,
        char_sim: if longest == 0 {
            1.0
        } else {
            1.0 - char_dist as f64 / longest as f64
        },
        word_dist,
        wer: if ref_words == 0 {
            hyp.split_whitespace().count() as f64
        } else {
            word_dist as f64 / ref_words as f64
        },
        chrf: f64::NAN,
        chrfpp: f64::NAN,
        ter: f64::NAN,
        bleu: f64::NAN,
        stats: PairStats {},
    }
}
