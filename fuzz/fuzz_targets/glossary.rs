//! Glossary parsing: any CSV, TSV or TBX text loads or fails with a message
//! naming the file; a loaded glossary can check, canonicalize and compare
//! text without panicking and its findings point into the checked text.
//! The same text read as an ignore file loads or fails naming the file, and
//! fingerprints of any span of the text never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::glossary::{Fingerprints, Glossary, IgnoreList, fingerprint};
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
    let t = text.as_ref();
    let mut fps = Fingerprints::new(t);
    let step = (t.len() / 16).max(1);
    for at in (0..=t.len()).step_by(step).filter(|&i| t.is_char_boundary(i)) {
        assert_eq!(fps.of(at..at), fingerprint(t, at..at));
    }
    match IgnoreList::parse(Path::new("i.csv"), t) {
        Ok(list) => {
            if let Ok(g) = Glossary::parse(
                Path::new("g.csv"),
                "term,variants\nWeChat,micro-letter|micro-trust\n",
            ) {
                let g = g.with_ignore(list);
                let sample = "The WeChat app, wechat and micro-letter. Micro-Trust!";
                let _ = g.check_counted(sample);
                let _ = g.check_counted(t);
            }
        }
        Err(e) => assert!(e.message.starts_with("i.csv"), "{}", e.message),
    }
});
