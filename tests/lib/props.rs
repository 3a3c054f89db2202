//! Property tests: the same invariants as the cargo-fuzz targets in fuzz/,
//! run on every `cargo test` (256 cases each; `PROPTEST_CASES=100000` for a
//! long run, see TESTING.md).

use std::path::Path;

use mtaudit::align::{AlignConfig, align};
use mtaudit::glossary::Glossary;
use mtaudit::input::{DecodeOptions, Document};
use mtaudit::output::{WriteOptions, write_table};
use mtaudit::segment::{Segmenter, SplitMode};
use mtaudit::table::{Cell, Table};
use proptest::prelude::*;

/// Bytes that often hit the interesting paths: BOMs, NUL, CR/LF, invalid
/// UTF-8 lead bytes, surrogate halves.
fn tricky_bytes() -> impl Strategy<Value = Vec<u8>> {
    let prefix = prop::sample::select(vec![
        vec![],
        vec![0xEF, 0xBB, 0xBF],
        vec![0xFF, 0xFE],
        vec![0xFE, 0xFF],
    ]);
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"\r\n".to_vec()),
        Just(b". ".to_vec()),
        Just(vec![0x00]),
        Just(vec![0xD8, 0x00]),
        Just(vec![0xE9]),
        "[a-zA-Z .!?\n]{1,12}".prop_map(String::into_bytes),
    ];
    (prefix, prop::collection::vec(piece, 0..64)).prop_map(|(mut p, v)| {
        p.extend(v.concat());
        p
    })
}

proptest! {
    #[test]
    fn decode_never_panics_and_keeps_invariants(bytes in tricky_bytes(), lossy in any::<bool>()) {
        match Document::from_bytes("f.txt", &bytes, DecodeOptions { lossy, ..Default::default() }) {
            Ok(d) => {
                prop_assert!(!d.text.contains('\0'));
                if !lossy {
                    prop_assert_eq!(d.replacements, 0);
                }
                let n = d.line_count().max(1);
                for (i, _) in d.text.char_indices() {
                    let l = d.line_at(i);
                    prop_assert!(l >= 1 && l <= n);
                }
            }
            Err(e) => prop_assert!(e.message.starts_with("f.txt"), "{}", e.message),
        }
    }

    #[test]
    fn lossy_accepts_everything_without_nul(bytes in tricky_bytes()) {
        let r = Document::from_bytes("f.txt", &bytes, DecodeOptions { lossy: true, ..Default::default() });
        if let Err(e) = r {
            prop_assert!(e.message.contains("NUL"), "{}", e.message);
        }
    }

    #[test]
    fn segments_lie_in_the_text_in_order(text in "[a-zA-Z0-9 .!?\"'()\n\r\t«»…—é微]{0,300}") {
        let seg = Segmenter::new();
        let d = Document::from_bytes("f.txt", text.as_bytes(), DecodeOptions::default()).unwrap();
        for mode in [SplitMode::Sentences, SplitMode::Lines] {
            let mut last = 0;
            for s in seg.segment(&d.text, mode) {
                prop_assert!(s.span.start >= last && s.span.end <= d.text.len());
                prop_assert!(d.text.is_char_boundary(s.span.start) && d.text.is_char_boundary(s.span.end));
                last = s.span.end;
                prop_assert!(s.line >= 1 && s.line <= d.line_count().max(1));
                prop_assert!(!s.text.trim().is_empty());
            }
        }
    }

    #[test]
    fn alignment_covers_both_sides_once_in_order(
        hyp in prop::collection::vec("[a-e ]{0,12}", 0..40),
        ref_ in prop::collection::vec("[a-e ]{0,12}", 0..40),
    ) {
        let h: Vec<&str> = hyp.iter().map(String::as_str).collect();
        let r: Vec<&str> = ref_.iter().map(String::as_str).collect();
        let (mut hi, mut ri) = (0, 0);
        for l in align(&h, &r, &AlignConfig::default()) {
            prop_assert_eq!(l.hyp.start, hi);
            prop_assert_eq!(l.ref_.start, ri);
            prop_assert!(!(l.hyp.is_empty() && l.ref_.is_empty()));
            prop_assert!((0.0..=1.0).contains(&l.score));
            hi = l.hyp.end;
            ri = l.ref_.end;
        }
        prop_assert_eq!((hi, ri), (h.len(), r.len()));
    }

    #[test]
    fn glossary_parse_never_panics(
        kind in 0usize..3,
        text in "[a-zA-Z,|\t\"\n<>/=: -]{0,200}|<martif><text><body><termEntry>[a-z<>/ =\"]{0,200}",
    ) {
        let name = ["g.csv", "g.tsv", "g.tbx"][kind];
        match Glossary::parse(Path::new(name), &text) {
            Ok(g) => {
                for f in g.check("the WeChat and micro-letter text") {
                    prop_assert!(f.span.end <= "the WeChat and micro-letter text".len());
                }
                let _ = g.canonicalize(&text);
            }
            Err(e) => prop_assert!(e.message.starts_with(name), "{}", e.message),
        }
    }

    /// Whatever the text, the CSV parses back to the same cells, with the
    /// formula guard's apostrophe exactly where a spreadsheet needs one.
    #[test]
    fn csv_round_trips_with_guard(cells in prop::collection::vec("[=+@\t\r\n\",;' a-z-]{0,10}", 1..6), semi in any::<bool>()) {
        let t = Table {
            header: (0..cells.len()).map(|i| format!("c{i}")).collect(),
            rows: vec![cells.iter().map(|c| Cell::text(c.clone())).collect()],
        };
        let o = WriteOptions { delimiter: if semi { b';' } else { b',' }, ..WriteOptions::default() };
        let mut out = Vec::new();
        write_table(&mut out, &t, &o).unwrap();
        let mut rdr = csv::ReaderBuilder::new().delimiter(o.delimiter).from_reader(out.as_slice());
        let rec = rdr.records().next().unwrap().unwrap();
        for (got, want) in rec.iter().zip(&cells) {
            // Leading blanks (space, line break) hide a formula start from no spreadsheet.
            let guarded = want.starts_with(['\t', '\r'])
                || want.trim_start().starts_with(['=', '+', '-', '@']);
            let expect = if guarded { format!("'{want}") } else { want.clone() };
            prop_assert_eq!(got, expect);
        }
    }
}
