//! Table-driven segmentation cases. The table lives in
//! tests/data/segment_cases.tsv so that scripts/segment_eval.py scores pySBD
//! on exactly the same cases; further cases here check spans, lines, the
//! user abbreviation list and arbitrary input (proptest).

use mtaudit::segment::{Segmenter, Sentence, SplitMode};
use proptest::prelude::*;

const TABLE: &str = include_str!("../data/segment_cases.tsv");

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(o) => panic!("bad escape \\{o} in {s:?}"),
            None => panic!("dangling backslash in {s:?}"),
        }
    }
    out
}

struct Case {
    line: usize,
    category: String,
    input: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let mut f = l.split('\t');
            let category = f.next().expect("category").to_owned();
            let input = unescape(
                f.next()
                    .unwrap_or_else(|| panic!("line {}: no input", i + 1)),
            );
            Case {
                line: i + 1,
                category,
                input,
                expected: f.map(unescape).collect(),
            }
        })
        .collect()
}

fn texts(s: &[Sentence]) -> Vec<String> {
    s.iter().map(|s| s.text.clone()).collect()
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn table_has_enough_cases_in_every_category() {
    let all = cases();
    assert!(all.len() >= 120, "only {} cases", all.len());
    for cat in [
        "abbreviation",
        "number",
        "quote",
        "list",
        "ellipsis",
        "marks",
        "lines",
        "cjk_space",
        "general",
    ] {
        let n = all.iter().filter(|c| c.category == cat).count();
        assert!(n >= 8, "category {cat} has only {n} cases");
    }
}

#[test]
fn table_cases_segment_exactly() {
    let seg = Segmenter::new();
    let mut failures = Vec::new();
    let all = cases();
    for c in &all {
        let got = seg.segment(&c.input, SplitMode::Sentences);
        for s in &got {
            assert_eq!(s.text, fold(&c.input[s.span.clone()]), "line {}", c.line);
        }
        let got = texts(&got);
        if got != c.expected {
            failures.push(format!(
                "tsv line {} [{}] {:?}\n   expected {:?}\n   got      {:?}",
                c.line, c.category, c.input, c.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

fn spans(text: &str) -> Vec<(String, std::ops::Range<usize>, usize)> {
    Segmenter::new()
        .segment(text, SplitMode::Sentences)
        .into_iter()
        .map(|s| (s.text, s.span, s.line))
        .collect()
}

#[test]
fn spans_and_lines_with_mixed_line_ends() {
    let t = "Title\r\n\r\n  First one. Second\r\none.\rThird.\n\nLast";
    let got = spans(t);
    let want = [
        ("Title", 0..5, 1),
        ("First one.", 11..21, 3),
        ("Second one.", 22..34, 3),
        ("Third.", 35..41, 5),
        ("Last", 43..47, 7),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.clone(), g.2), w);
        assert_eq!(
            &t[g.1.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            w.0
        );
    }
}

#[test]
fn spans_skip_nbsp_and_ideographic_space() {
    let t = "\u{a0}\u{3000}Hello there.\u{a0} Bye.\u{3000}";
    let got = spans(t);
    assert_eq!(got[0].0, "Hello there.");
    assert_eq!(&t[got[0].1.clone()], "Hello there.");
    assert_eq!(&t[got[1].1.clone()], "Bye.");
    assert_eq!(got.iter().map(|g| g.2).collect::<Vec<_>>(), [1, 1]);
}

#[test]
fn stray_closing_quote_in_span() {
    let t = "He said: \"Fine.\" \u{201d} Then left.";
    let got = spans(t);
    assert_eq!(&t[got[0].1.clone()], "He said: \"Fine.\" \u{201d}");
    assert_eq!(&t[got[1].1.clone()], "Then left.");
}

#[test]
fn line_of_sentence_starting_mid_paragraph() {
    let t = "one two three four five six seven eight nine ten eleven twelve.\nA second sentence starts on line two. And a third\nwraps onto line three.";
    let got = spans(t);
    assert_eq!(got.iter().map(|g| g.2).collect::<Vec<_>>(), [1, 2, 2]);
}

#[test]
fn user_abbreviations_with_and_without_dot() {
    let t = "The tank holds abt. Four litres. Mix with Frz. Salt. Add Qty. Nine.";
    let plain = Segmenter::new().segment(t, SplitMode::Sentences);
    assert_eq!(plain.len(), 5, "{:?}", texts(&plain));
    let seg = Segmenter::new().with_abbreviations(["Frz.".to_owned(), "qty".to_owned()]);
    assert_eq!(
        texts(&seg.segment(t, SplitMode::Sentences)),
        [
            "The tank holds abt. Four litres.",
            "Mix with Frz. Salt.",
            "Add Qty. Nine."
        ]
    );
}

#[test]
fn lines_mode_keeps_every_non_blank_line() {
    let t = "One. Two.\r\n\r\n  Three\rFour";
    let got = Segmenter::new().segment(t, SplitMode::Lines);
    let v: Vec<_> = got.iter().map(|s| (s.text.as_str(), s.line)).collect();
    assert_eq!(v, [("One. Two.", 1), ("Three", 3), ("Four", 4)]);
}

#[test]
fn long_single_line_is_linear_and_complete() {
    let unit = "Dr. Ames paid $4.50 at 5 p.m. in the U.S. Then he left... ";
    let t = unit.repeat(20_000);
    let got = Segmenter::new().segment(&t, SplitMode::Sentences);
    assert_eq!(got.len(), 40_000);
    assert_eq!(got[0].text, "Dr. Ames paid $4.50 at 5 p.m. in the U.S.");
    assert_eq!(got[1].text, "Then he left...");
    // A token with no spaces at all must not make the scanner look back far.
    let t = "a.".repeat(200_000);
    let got = Segmenter::new().segment(&t, SplitMode::Sentences);
    assert_eq!(got.len(), 1);
}

fn check_invariants(text: &str, mode: SplitMode) -> Result<(), TestCaseError> {
    let got = Segmenter::new().segment(text, mode);
    let mut prev_end = 0;
    let mut prev_line = 1;
    for s in &got {
        prop_assert!(s.span.start < s.span.end);
        prop_assert!(s.span.start >= prev_end, "overlap or disorder");
        prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        prop_assert_eq!(&s.text, &fold(&text[s.span.clone()]));
        prop_assert!(!s.text.is_empty());
        prop_assert!(s.line >= prev_line);
        let before = &text[..s.span.start];
        let nl = before.matches("\r\n").count();
        let line = 1 + before.matches('\n').count() + before.matches('\r').count() - nl;
        prop_assert_eq!(s.line, line);
        prev_end = s.span.end;
        prev_line = s.line;
    }
    // Nothing but whitespace is left out.
    let covered: usize = got.iter().map(|s| s.span.len()).sum();
    let non_space: usize = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    prop_assert!(covered >= non_space);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_invariants(&text, SplitMode::Sentences)?;
        check_invariants(&text, SplitMode::Lines)?;
    }

    #[test]
    fn punctuation_heavy_text_keeps_invariants(
        text in proptest::collection::vec(prop_oneof![
            Just("."), Just(". "), Just("!"), Just("?"), Just("\u{2026}"), Just("\u{3002}"),
            Just("\""), Just("\u{201d}"), Just("'"), Just(")"), Just("("), Just(" "), Just("\n"),
            Just("\r\n"), Just("\r"), Just("\u{a0}"), Just("\u{3000}"), Just("\t"), Just("Mr"),
            Just("U.S"), Just("a"), Just("B"), Just("1"), Just("2."), Just("(ii)"), Just("\u{2022}"),
            Just("- "), Just("e.g"), Just("word"), Just("Word"), Just("\u{4e2d}"), Just(":"),
        ], 0..60).prop_map(|v| v.concat())
    ) {
        check_invariants(&text, SplitMode::Sentences)?;
    }
}
