//! Alignment: any two sentence lists give monotone links that cover every
//! sentence of both sides exactly once, with scores in 0..1.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::align::{AlignConfig, align};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A 0x01 byte separates hyp from ref; lines are sentences.
    let (h, r) = text.split_once('\u{1}').unwrap_or((&text, ""));
    let hyp: Vec<&str> = h.lines().take(400).collect();
    let ref_: Vec<&str> = r.lines().take(400).collect();
    let links = align(&hyp, &ref_, &AlignConfig::default());
    let (mut hi, mut ri) = (0, 0);
    for l in &links {
        assert_eq!(l.hyp.start, hi, "hyp not covered in order");
        assert_eq!(l.ref_.start, ri, "ref not covered in order");
        assert!(!(l.hyp.is_empty() && l.ref_.is_empty()), "empty link");
        assert!((0.0..=1.0).contains(&l.score), "score {}", l.score);
        hi = l.hyp.end;
        ri = l.ref_.end;
    }
    assert_eq!((hi, ri), (hyp.len(), ref_.len()));
});
