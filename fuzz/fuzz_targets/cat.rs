//! CAT-file readers: any text read as XLIFF, TMX or PO gives units or an
//! error naming the file, never a panic; every unit's line lies in the
//! file; a unit's text without its codes (what the scores see) has no
//! space at its ends and no more bytes, and each of its characters maps
//! back to itself in the unit (where glossary findings are marked); and
//! pairing keeps every unit of both sides exactly once (a list against
//! itself pairs each unit with itself).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mtaudit::input::cat::{self, Format, Unit, pair_units, without_codes, without_codes_mapped};

/// Every index of both sides appears exactly once.
fn check_pairing(hyp: &[Unit], ref_: &[Unit]) -> Vec<(Option<usize>, Option<usize>)> {
    let pairs = pair_units(hyp, ref_);
    let (mut h, mut r) = (vec![0u8; hyp.len()], vec![0u8; ref_.len()]);
    for &(a, b) in &pairs {
        assert!(a.is_some() || b.is_some(), "an empty row");
        a.map(|i| h[i] += 1);
        b.map(|i| r[i] += 1);
    }
    assert!(h.iter().chain(&r).all(|&n| n == 1), "{pairs:?}");
    pairs
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Lines as Document::line_at counts them: \r\n, \n and a lone \r.
    let lines =
        1 + text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    let mut read = Vec::new();
    for format in [Format::Xliff, Format::Tmx, Format::Po] {
        for lang in [None, Some("en")] {
            match cat::read(Path::new("f.cat"), &text, format, lang) {
                Ok(cat::CatFile { units, .. }) => {
                    assert!(!units.is_empty());
                    for u in &units {
                        assert!(u.line >= 1 && u.line <= lines, "line {} of {lines}", u.line);
                        let bare = without_codes(&u.text);
                        assert!(bare.len() <= u.text.len());
                        if bare.len() < u.text.len() {
                            assert!(!bare.starts_with(' ') && !bare.ends_with(' '), "{bare:?}");
                        }
                        // Each character maps back to itself in the unit.
                        let mapped = without_codes_mapped(&u.text);
                        assert_eq!(mapped.text, bare);
                        for (i, c) in bare.char_indices() {
                            let r = mapped.original(i..i + c.len_utf8());
                            assert_eq!(u.text.get(r), Some(&*c.to_string()));
                        }
                    }
                    read.push(units);
                }
                Err(e) => assert!(e.message.starts_with("f.cat"), "{}", e.message),
            }
        }
    }
    for units in &read {
        for (a, b) in check_pairing(units, units) {
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!(a, b, "a unit paired with another unit of the same list");
            }
        }
    }
    // Two different readings of the same text: nothing lost either way.
    if let [a, .., b] = &read[..] {
        check_pairing(a, b);
        check_pairing(b, a);
    }
});
