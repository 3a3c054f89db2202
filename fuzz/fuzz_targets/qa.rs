//! QA checks: any pair of texts (and any fold marks) gives findings whose
//! spans lie in their side on character boundaries, whose report cell
//! splits back into them, and `inconsistent` over a document of the
//! pieces never panics either.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtaudit::qa::{self, CheckSet, Code, Consistency, QaFinding, Script};

fn spans_ok(f: &QaFinding, hyp: &str, ref_: &str) {
    for (side, t) in [(&f.hyp, hyp), (&f.ref_, ref_)] {
        for r in side.iter() {
            assert!(
                r.start <= r.end && r.end <= t.len(),
                "{f:?} {r:?} in {}",
                t.len()
            );
            assert!(
                t.is_char_boundary(r.start) && t.is_char_boundary(r.end),
                "{f:?}"
            );
        }
    }
}

/// The cell splits at each `; ` followed by a code and `: `.
fn split_count(cell: &str) -> usize {
    1 + cell
        .match_indices("; ")
        .filter(|(i, _)| {
            let rest = &cell[i + 2..];
            Code::ALL.iter().any(|c| {
                rest.strip_prefix(c.as_str())
                    .is_some_and(|r| r.starts_with(": "))
            })
        })
        .count()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Hyp and ref are split at the first NUL, or in the middle.
    let (hyp, ref_) = match text.find('\0') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => {
            let mut m = text.len() / 2;
            while !text.is_char_boundary(m) {
                m -= 1;
            }
            (&text[..m], &text[m..])
        }
    };
    // Fold marks anywhere, some past the end: the checks must use only
    // those that point at a space.
    let marks: Vec<u32> = data.iter().take(4).map(|&b| u32::from(b) * 3).collect();
    let mut out = Vec::new();
    for folded in [
        [&[][..], &[][..]],
        [&marks[..], &marks[..1.min(marks.len())]],
    ] {
        out.clear();
        qa::check_pair_folded(hyp, ref_, folded, CheckSet::ALL, &mut out);
        for f in &out {
            spans_ok(f, hyp, ref_);
            assert_ne!(f.code, Code::Inconsistent);
        }
        let cell = qa::joined(&out);
        assert_eq!(split_count(&cell), out.len().max(1), "{cell:?}");
    }
    for script in [Script::Latin, Script::Han, Script::Cyrillic, Script::Arabic] {
        out.clear();
        qa::check_text(&text, script, CheckSet::ALL, &mut out);
        for f in &out {
            spans_ok(f, &text, "");
        }
    }
    // A tiny document: its lines as rows against a rotation of themselves.
    let lines: Vec<&str> = text.lines().collect();
    let mut c = Consistency::with_limit(3);
    for (i, h) in lines.iter().enumerate() {
        let r = lines[(i + 1) % lines.len()];
        if let Some(f) = c.observe(i + 1, h, r) {
            spans_ok(&f, h, r);
            assert_eq!(split_count(&qa::joined(std::slice::from_ref(&f))), 1);
        }
    }
});
