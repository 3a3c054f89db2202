//! Conformance against the reference tools' numbers in
//! `../shared/vectors/scores.tsv` (sacrebleu 2.6.0, rapidfuzz 3.14.6,
//! jiwer 4.0.0). `MTAUDIT_VECTORS` points at another file with the same
//! columns (e.g. the held-out set); `tests/fixtures/scores.tsv` is a copy
//! used when `../shared` is not there. Every mismatch is reported at once.

use std::path::PathBuf;

use mtaudit::metric::{self, Metric};

fn vectors_path() -> PathBuf {
    if let Ok(p) = std::env::var("MTAUDIT_VECTORS") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/vectors/scores.tsv");
    if shared.exists() {
        shared
    } else {
        root.join("tests/fixtures/scores.tsv")
    }
}

/// The README's escaping: `\\`, `\t`, `\n`, `\r`, `\u{HEX}`.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                if it.next() != Some('{') {
                    return Err(format!("bad \\u escape in {s:?}"));
                }
                let mut hex = String::new();
                loop {
                    match it.next() {
                        Some('}') => break,
                        Some(h) if h.is_ascii_hexdigit() => hex.push(h),
                        _ => return Err(format!("bad \\u{{}} escape in {s:?}")),
                    }
                }
                let v = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                out.push(char::from_u32(v).ok_or(format!("bad code point {hex}"))?);
            }
            // Not an escape the generator writes: keep it literally.
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    Ok(out)
}

#[test]
fn unescape_rules() {
    assert_eq!(
        unescape(r"a\\b\tc\nd\re\u{1f}\u{2028}").unwrap(),
        "a\\b\tc\nd\re\u{1f}\u{2028}"
    );
    assert_eq!(unescape("\"x\u{a0}\"").unwrap(), "\"x\u{a0}\"");
    assert!(unescape(r"\u{zz}").is_err());
}

#[test]
fn every_vector_matches_the_reference_tools() {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the metric vectors at {} ({e}); set MTAUDIT_VECTORS to a scores.tsv",
            path.display()
        )
    });
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .expect("empty vectors file")
        .split('\t')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("column {name} missing in {}", path.display()))
    };
    let (c_id, c_hyp, c_ref) = (col("id"), col("hyp"), col("ref"));
    let cols = [
        "chrf",
        "chrfpp",
        "ter",
        "bleu",
        "char_lev",
        "char_lev_norm",
        "word_lev",
        "wer",
    ]
    .map(|n| (n, col(n)));
    let mut failures = Vec::new();
    let mut rows = 0;
    for (lineno, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        rows += 1;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != header.len() {
            failures.push(format!("line {}: {} fields", lineno + 2, f.len()));
            continue;
        }
        let id = f[c_id];
        let (hyp, ref_) = match (unescape(f[c_hyp]), unescape(f[c_ref])) {
            (Ok(h), Ok(r)) => (h, r),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        let s = metric::score_pair(&hyp, &ref_);
        for (name, c) in cols {
            let want_s = f[c];
            if want_s == "error" {
                continue;
            }
            let Ok(want) = want_s.parse::<f64>() else {
                failures.push(format!("{id} {name}: unparsable {want_s:?}"));
                continue;
            };
            let (got, tol) = match name {
                "chrf" => (s.chrf.sentence(), 1e-9),
                "chrfpp" => (s.chrfpp.sentence(), 1e-9),
                "ter" => (s.ter.sentence(), 1e-9),
                "bleu" => (s.bleu.sentence(), 1e-9),
                "char_lev" => (s.dist.char().map_or(f64::NAN, |d| d as f64), 0.0),
                "word_lev" => (s.dist.word().map_or(f64::NAN, |d| d as f64), 0.0),
                "char_lev_norm" => (1.0 - s.dist.mean_char_sim(), 1e-12),
                _ => (s.dist.wer(), 1e-12),
            };
            if (got - want).abs() > tol || got.is_nan() {
                failures.push(format!("{id} {name}: got {got:?}, want {want_s}"));
            }
        }
        // The standalone functions must agree with score_pair.
        let single = [
            (
                "sentence_chrf",
                metric::sentence_chrf(&hyp, &ref_),
                s.chrf.sentence(),
            ),
            (
                "sentence_chrfpp",
                metric::sentence_chrfpp(&hyp, &ref_),
                s.chrfpp.sentence(),
            ),
            (
                "sentence_ter",
                metric::sentence_ter(&hyp, &ref_),
                s.ter.sentence(),
            ),
            (
                "sentence_bleu",
                metric::sentence_bleu(&hyp, &ref_),
                s.bleu.sentence(),
            ),
            ("wer", metric::wer(&hyp, &ref_), s.dist.wer()),
        ];
        for (name, a, b) in single {
            if a.to_bits() != b.to_bits() {
                failures.push(format!("{id} {name}: {a:?} != score_pair {b:?}"));
            }
        }
    }
    assert!(rows > 0, "no rows in {}", path.display());
    assert!(
        failures.is_empty(),
        "{} mismatches in {} rows of {}:\n{}",
        failures.len(),
        rows,
        path.display(),
        failures.join("\n")
    );
}
