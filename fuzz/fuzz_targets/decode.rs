//! Input decoding: any bytes give a document or an error naming the file,
//! never a panic; a decoded text never holds NUL and its line index agrees
//! with the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::input::{DecodeOptions, Document};

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        match Document::from_bytes(
            "f.txt",
            data,
            DecodeOptions {
                lossy,
                ..Default::default()
            },
        ) {
            Ok(d) => {
                assert!(!d.text.contains('\0'));
                if !lossy {
                    assert_eq!(d.replacements, 0);
                }
                let lines = d.line_count();
                for (i, _) in d.text.char_indices() {
                    let l = d.line_at(i);
                    assert!(l >= 1 && l <= lines.max(1), "line {l} of {lines}");
                }
            }
            Err(e) => assert!(e.message.starts_with("f.txt"), "{}", e.message),
        }
    }
});
