//! Segmentation: any text gives sentences whose spans lie in the text, on
//! character boundaries, in order, with lines within the document.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::input::{DecodeOptions, Document};
use mtaudit::segment::{Segmenter, SplitMode};

fuzz_target!(|data: &[u8]| {
    let Ok(d) = Document::from_bytes(
        "f.txt",
        data,
        DecodeOptions {
            lossy: true,
            ..Default::default()
        },
    ) else {
        return;
    };
    let seg = Segmenter::new();
    for mode in [SplitMode::Sentences, SplitMode::Lines] {
        let mut last_end = 0;
        for s in seg.segment(&d.text, mode) {
            assert!(s.span.start <= s.span.end && s.span.end <= d.text.len());
            assert!(d.text.is_char_boundary(s.span.start) && d.text.is_char_boundary(s.span.end));
            assert!(s.span.start >= last_end, "overlapping sentences");
            last_end = s.span.end;
            assert!(s.line >= 1 && s.line <= d.line_count().max(1));
            assert!(!s.text.trim().is_empty());
        }
    }
});
