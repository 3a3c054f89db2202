//! Glossary parsing: any CSV, TSV or TBX text loads or fails with a message
//! naming the file; a loaded glossary can check, canonicalize and compare
//! text without panicking and its findings point into the checked text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::glossary::Glossary;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let name = ["g.csv", "g.tsv", "g.tbx"][sel as usize % 3];
    match Glossary::parse(Path::new(name), &text) {
        Ok(g) => {
            let _ = g.warnings();
            let sample = "The WeChat app, wechat and micro-letter. Micro-Trust!";
            for t in [sample, text.as_ref()] {
                for f in g.check(t) {
                    assert!(f.span.end <= t.len() && t.is_char_boundary(f.span.start));
                }
                let _ = g.canonicalize(t);
                let _ = g.missing(t, sample);
            }
        }
        Err(e) => assert!(e.message.starts_with(name), "{}", e.message),
    }
});
