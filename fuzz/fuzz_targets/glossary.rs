//! Glossary parsing: any CSV, TSV or TBX text loads or fails with a short
//! message naming the file; a loaded glossary can check, canonicalize and
//! compare text without panicking and its findings point into the checked
//! text. The same text read as an ignore file loads or fails naming the
//! file, and fingerprints of any span of the text never panic.
//!
//! Selectors 3 to 5 shape the input into what an adversary feeds the
//! loader: a term and a variant made of the input repeated up to 200,000
//! characters (loaded with no length limit, then checked on a text holding
//! them; a quadratic load or scan shows as a libFuzzer timeout), a TBX
//! nested up to 65,535 deep (refused past 1,000 levels with a short
//! message), and one regex entry per input line (run together as sets,
//! the ones a set refuses alone).
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::glossary::{Fingerprints, Glossary, IgnoreList, fingerprint};
use std::path::Path;

/// Every message names its file and quotes at most a clipped excerpt.
fn check_error(name: &str, message: &str) {
    assert!(message.starts_with(name), "{message}");
    assert!(
        message.len() < 4096,
        "{} bytes: {:.300}",
        message.len(),
        message
    );
}

fn exercise(g: &Glossary, extra: &str) {
    let _ = g.warnings();
    let sample = "The WeChat app, wechat and micro-letter. Micro-Trust!";
    for t in [sample, extra] {
        for f in g.check(t) {
            assert!(f.span.end <= t.len() && t.is_char_boundary(f.span.start));
            assert!(t.is_char_boundary(f.span.end));
        }
        let _ = g.canonicalize(t);
        let _ = g.missing(t, sample);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match sel % 6 {
        3 => {
            // A long term and variant: the input repeated.
            if text.is_empty() {
                return;
            }
            let frag: String = text
                .chars()
                .filter(|c| !matches!(c, ',' | '"' | '\n' | '\r' | '|'))
                .collect();
            if frag.trim().is_empty() {
                return;
            }
            let reps = (200_000 / frag.len().max(1)).min(1 + sel as usize * 50);
            let term = frag.repeat(reps);
            let variant = format!("{frag} x").repeat(reps / 2 + 1);
            let csv = format!("term,variants\nWeChat,micro-letter\n{term},{variant}\n");
            match Glossary::parse_with(Path::new("g.csv"), &csv, 0) {
                Ok(g) => exercise(&g, &format!("{term} and {variant}. {term}s")),
                Err(e) => check_error("g.csv", &e.message),
            }
            if let Err(e) = Glossary::parse(Path::new("g.csv"), &csv) {
                check_error("g.csv", &e.message);
            }
            return;
        }
        4 => {
            // Deep TBX, cut short or closed, element names from the input.
            let depth = rest.first().copied().unwrap_or(0) as usize * 256
                + rest.get(1).copied().unwrap_or(0) as usize;
            let name: String = text
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .take(40)
                .collect();
            let name = if name.is_empty() {
                "x".to_owned()
            } else {
                name
            };
            let mut tbx = String::from("<martif><text><body>");
            tbx.push_str(&format!("<{name}>").repeat(depth));
            if sel & 0x40 != 0 {
                tbx.push_str(&format!("</{name}>").repeat(depth));
                tbx.push_str("</body></text></martif>");
            }
            match Glossary::parse(Path::new("g.tbx"), &tbx) {
                Ok(g) => exercise(&g, &text),
                Err(e) => check_error("g.tbx", &e.message),
            }
            return;
        }
        5 => {
            // One regex entry per line of the input.
            let mut csv = String::from("term,variants,match\nWeChat,micro-letter,word\n");
            for (i, l) in text.lines().enumerate().take(3000) {
                let l = l.replace('"', "\"\"");
                csv.push_str(&format!("T{i},\"{l}\",regex\n"));
            }
            match Glossary::parse(Path::new("g.csv"), &csv) {
                Ok(g) => exercise(&g, &text),
                Err(e) => check_error("g.csv", &e.message),
            }
            return;
        }
        _ => {}
    }
    let name = ["g.csv", "g.tsv", "g.tbx"][sel as usize % 3];
    match Glossary::parse(Path::new(name), &text) {
        Ok(g) => exercise(&g, &text),
        Err(e) => check_error(name, &e.message),
    }
    let t = text.as_ref();
    let mut fps = Fingerprints::new(t);
    let step = (t.len() / 16).max(1);
    for at in (0..=t.len())
        .step_by(step)
        .filter(|&i| t.is_char_boundary(i))
    {
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
        Err(e) => check_error("i.csv", &e.message),
    }
});
