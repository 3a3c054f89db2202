//! Metrics: any two texts score without a panic, and `score_pair` (which
//! tokenizes an ASCII pair once for all word metrics) gives exactly the
//! numbers of the single-metric functions, each with its own tokenizer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::metric::{self, Metric};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A 0x01 byte separates hyp from ref; long inputs are cut to keep runs
    // fast (TER grows faster than quadratically).
    let (h, r) = text.split_once('\u{1}').unwrap_or((&text, ""));
    let cut = |s: &str| -> String { s.chars().take(600).collect() };
    let (h, r) = (cut(h), cut(r));
    let s = metric::score_pair(&h, &r);
    assert_eq!(
        s,
        metric::PairStats::alone(&h, &r),
        "fused pass vs each metric alone"
    );
    let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
    assert!(
        same(s.chrf.sentence(), metric::sentence_chrf(&h, &r)),
        "chrf"
    );
    assert!(
        same(s.chrfpp.sentence(), metric::sentence_chrfpp(&h, &r)),
        "chrf++"
    );
    assert!(same(s.ter.sentence(), metric::sentence_ter(&h, &r)), "ter");
    assert!(
        same(s.bleu.sentence(), metric::sentence_bleu(&h, &r)),
        "bleu"
    );
    assert!(same(s.dist.wer(), metric::wer(&h, &r)), "wer");
    assert_eq!(s.dist.char(), Some(metric::char_distance(&h, &r)));
    assert_eq!(s.dist.word(), Some(metric::word_distance(&h, &r)));
});
