//! Tests of the public surface and of the issue's near misses with every
//! check on; each check's own cases sit beside it.

use proptest::prelude::*;

use super::*;

fn all(h: &str, r: &str) -> Vec<String> {
    let mut out = Vec::new();
    check_pair(h, r, CheckSet::ALL, &mut out);
    out.iter().map(|f| f.to_string()).collect()
}

#[test]
fn codes_are_named_and_ordered_as_in_the_report() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "number",
            "placeholder",
            "untranslated",
            "url",
            "punct",
            "repeat",
            "space",
            "length",
            "inconsistent"
        ]
    );
    assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
    for c in Code::ALL {
        assert_eq!(c.to_string().parse::<Code>(), Ok(c));
    }
    assert_eq!(" URL ".parse::<Code>(), Ok(Code::Url));
}

#[test]
fn check_sets_parse_and_display() {
    assert_eq!("all".parse::<CheckSet>(), Ok(CheckSet::ALL));
    assert_eq!("none".parse::<CheckSet>(), Ok(CheckSet::NONE));
    let s: CheckSet = "number, url".parse().unwrap();
    assert!(s.contains(Code::Number) && s.contains(Code::Url) && !s.contains(Code::Space));
    assert_eq!(s.to_string(), "number,url");
    assert_eq!("url,number".parse::<CheckSet>().unwrap(), s);
    assert_eq!(CheckSet::ALL.to_string(), "all");
    assert_eq!(CheckSet::NONE.to_string(), "none");
    assert_eq!(CheckSet::default(), CheckSet::ALL);
    assert!(CheckSet::NONE.is_empty());
    assert_eq!(CheckSet::ALL.without(Code::Length).iter().count(), 8);
    assert_eq!(
        [Code::Space, Code::Repeat]
            .into_iter()
            .collect::<CheckSet>(),
        "repeat,space".parse().unwrap()
    );
    assert_eq!(format!("{s:?}"), "CheckSet(number,url)");
    let e = "number,colour".parse::<CheckSet>().unwrap_err().to_string();
    assert_eq!(
        e,
        "unknown check `colour` (valid: all, none, number, placeholder, untranslated, url, \
         punct, repeat, space, length, inconsistent)"
    );
    assert!("".parse::<CheckSet>().is_err());
}

#[test]
fn display_round_trips_for_every_set() {
    for bits in 0..(1u16 << Code::ALL.len()) {
        let s = CheckSet(bits);
        assert_eq!(s.to_string().parse::<CheckSet>(), Ok(s));
    }
}

#[test]
fn findings_join_into_the_report_cell() {
    let mut out = Vec::new();
    check_pair(
        "It costs 5 ( yuan",
        "It costs 6 yuan",
        CheckSet::ALL,
        &mut out,
    );
    let cell = joined(&out);
    assert_eq!(cell, "number: 5 -> 6; punct: unclosed ( in hyp");
    assert_eq!(cell.capacity(), cell.len());
    // Each part is the finding's own `Display` form.
    assert_eq!(joined(&out[..1]), out[0].to_string());
    assert_eq!(joined(&out[1..]), "punct: unclosed ( in hyp");
    assert_eq!(joined(&[]), "");
}

/// Splits a cell the way README tells a script to: at `; ` followed by a
/// code and `: `.
fn split_cell(cell: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, _) in cell.match_indices("; ") {
        let rest = &cell[at + 2..];
        if Code::ALL
            .iter()
            .any(|c| rest.starts_with(&format!("{}: ", c.as_str())))
        {
            parts.push(&cell[from..at]);
            from = at + 2;
        }
    }
    parts.push(&cell[from..]);
    parts
}

#[test]
fn quoted_text_cannot_split_the_cell() {
    let mut c = Consistency::new();
    assert!(
        c.observe(1, "Set the field; length: 20; url: x.", "Size.")
            .is_none()
    );
    let f = c.observe(2, "Set the size.", "Size.").unwrap();
    let mut out = Vec::new();
    check_pair(
        "It costs 5 yuan",
        "It costs 6 yuan",
        CheckSet::ALL,
        &mut out,
    );
    out.push(f);
    let cell = joined(&out);
    assert_eq!(
        cell,
        "number: 5 -> 6; inconsistent: ref also at link 1, rendered \
         \"Set the field;\u{a0}length: 20;\u{a0}url: x.\""
    );
    assert_eq!(
        split_cell(&cell),
        [
            out[0].to_string(),
            out[1].to_string().replace("; ", ";\u{a0}")
        ]
    );
    // A `; ` that does not look like a code stays as it is.
    let mut c = Consistency::new();
    c.observe(1, "Red; blue.", "Colours.");
    let f = c.observe(2, "Blue.", "Colours.").unwrap();
    assert_eq!(joined(std::slice::from_ref(&f)), f.to_string());
    assert_eq!(split_cell(&joined(&[f])).len(), 1);
    // A `;` without its space, or doubled, is left alone; only the `; `
    // before the code is changed, and a reused buffer starts empty.
    let mut c = Consistency::new();
    c.observe(1, "A;number: 1;; url: x", "Units.");
    let f = c.observe(2, "B.", "Units.").unwrap();
    let mut cell = String::from("left over");
    joined_into(&mut cell, std::slice::from_ref(&f));
    assert!(cell.ends_with("\"A;number: 1;;\u{a0}url: x\""), "{cell}");
    assert!(cell.starts_with("inconsistent: "), "{cell}");
}

#[test]
fn a_check_set_selects_the_checks() {
    let (h, r) = ("It costs 5  yuan", "It costs 6 yuan");
    let mut out = Vec::new();
    check_pair(h, r, CheckSet::NONE, &mut out);
    assert!(out.is_empty());
    check_pair(h, r, "space".parse().unwrap(), &mut out);
    assert_eq!(joined(&out), "space: double space in hyp");
}

#[test]
fn length_fires_past_the_ratios_once_a_side_is_long() {
    assert_eq!(
        all(
            "A short one.",
            "A much, much longer sentence than that, really."
        ),
        ["length: 12 -> 47 chars (3.92x)"]
    );
    assert!(all("Yes.", "Yes, of course.").is_empty());
    assert!(
        all(
            "This one is of a fair length.",
            "And this one about as long."
        )
        .is_empty()
    );
    // 2.5 times exactly does not fire.
    assert!(all(&"a".repeat(25), &"b".repeat(10)).is_empty());
    assert_eq!(
        length(30, 0).unwrap().detail,
        "30 -> 0 chars (one side empty)"
    );
}

#[test]
fn the_issue_near_misses_do_not_fire() {
    for (h, r) in [
        ("It costs 1,000 yuan.", "It costs 1000 yuan."),
        ("Hello {0}, welcome.", "Hi {0}, welcome."),
        ("See https://x.org/a/ now.", "See https://x.org/a now."),
        ("He wrote “人民日报” on it.", "He wrote “人民日报” there."),
        ("It is 1.5 m high.", "It is 1,5 m high."),
        ("We meet at 3 p.m. today.", "We meet at 15:00 today."),
        ("There were twenty of them.", "There were 20 of them."),
        ("On the 1st day.", "On the first day."),
        ("Up 10% this year.", "Up 10 % this year."),
        ("Up 10% this year.", "Up 10 percent this year."),
        ("It costs $5 now.", "It costs 5 dollars now."),
        ("Don't touch James' car.", "Do not touch James’s car."),
        ("He said “yes” and ‘no’.", "He said \"yes\" and 'no'."),
        ("A (b [c] d) e.", "A (b c d) e."),
        ("1) Open the box :)", "1) Open the box."),
        ("He said that that was it.", "He said it was so."),
        ("And then...", "And then…"),
        ("He said “go.”", "He said “go”."),
        ("A headline", "Another headline"),
        ("In 2016, sales rose.", "Sales rose in 2016."),
    ] {
        assert!(all(h, r).is_empty(), "{h} / {r}: {:?}", all(h, r));
    }
}

#[test]
fn every_pair_code_fires_on_a_real_defect() {
    let cases = [
        ("Sales rose 12%.", "Sales rose 21%.", "number"),
        ("Hello!", "Hello {name}!", "placeholder"),
        ("The 总统 spoke.", "The president spoke.", "untranslated"),
        ("See www.a.org.", "See www.b.org.", "url"),
        ("Is it?", "It is.", "punct"),
        ("It is in in here.", "It is in here.", "repeat"),
        ("It is  here.", "It is here.", "space"),
        ("Go.", "Go to the station and wait there for me.", "length"),
    ];
    for (h, r, code) in cases {
        let got = all(h, r);
        assert!(
            got.len() == 1 && got[0].starts_with(&format!("{code}: ")),
            "{h} / {r}: {got:?}"
        );
    }
}

#[test]
fn check_text_runs_the_single_text_checks() {
    let mut out = Vec::new();
    let t = "The the cat  sat (on 猫 mat";
    check_text(t, Script::Latin, CheckSet::ALL, &mut out);
    assert_eq!(
        joined(&out),
        "untranslated: \"猫\"; punct: unclosed (; repeat: \"The the\"; space: double space"
    );
    assert!(out.iter().all(|f| f.ref_.is_empty() && !f.hyp.is_empty()));
    out.clear();
    check_text(t, Script::Latin, CheckSet::NONE, &mut out);
    assert!(out.is_empty());
    check_text("中文 text 中文", Script::Han, CheckSet::ALL, &mut out);
    assert!(out.is_empty());
}

#[test]
fn a_checker_reuses_its_buffers() {
    let mut c = Checker::new();
    let mut out = Vec::new();
    for _ in 0..3 {
        c.check_pair(
            "a 1 {0} http://x.y",
            "a 2 {1} http://x.z",
            CheckSet::ALL,
            &mut out,
        );
    }
    assert_eq!(out.len(), 9);
    c.check_text("a a", Script::Latin, CheckSet::ALL, &mut out);
    assert_eq!(out.len(), 10);
}

/// Text that exercises the triggers more than random Unicode does.
fn texty() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("1,000".to_string()),
        Just("1.5".to_string()),
        Just("3 p.m.".to_string()),
        Just("12:30".to_string()),
        Just("twenty".to_string()),
        Just("{0}".to_string()),
        Just("%1$s".to_string()),
        Just("<b>".to_string()),
        Just("$HOME".to_string()),
        Just("http://x.org/(a)".to_string()),
        Just("a@b.cd".to_string()),
        Just("#tag".to_string()),
        Just("@who".to_string()),
        Just("the the".to_string()),
        Just("中文".to_string()),
        Just("Привет".to_string()),
        Just("π".to_string()),
        "[ \u{a0}\t,.;:!?()\\[\\]{}\"'“”‘’«»„%<>$@#/0-9０-９-]{1,3}",
        "[a-zA-Zé]{1,6}",
    ];
    prop::collection::vec(atoms, 0..16).prop_map(|v| v.concat())
}

fn valid_spans(text: &str, spans: &[Range<usize>]) -> bool {
    spans.iter().all(|r| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    })
}

fn pair_props(h: &str, r: &str) -> Result<(), TestCaseError> {
    let mut out = Vec::new();
    check_pair(h, r, CheckSet::ALL, &mut out);
    for f in &out {
        prop_assert!(valid_spans(h, &f.hyp), "{f:?}");
        prop_assert!(valid_spans(r, &f.ref_), "{f:?}");
        prop_assert!(!f.detail.is_empty());
    }
    let codes: Vec<Code> = out.iter().map(|f| f.code).collect();
    prop_assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
    out.clear();
    check_pair(h, h, CheckSet::ALL, &mut out);
    prop_assert!(out.is_empty(), "{h:?} against itself: {out:?}");
    check_text(h, Script::Latin, CheckSet::ALL, &mut out);
    check_text(h, Script::Han, CheckSet::ALL, &mut out);
    for f in &out {
        prop_assert!(valid_spans(h, &f.hyp), "{f:?}");
    }
    let mut c = Consistency::with_limit(4);
    for (i, (a, b)) in [(h, r), (r, h), (h, h), (r, r)].into_iter().enumerate() {
        if let Some(f) = c.observe(i, a, b) {
            prop_assert!(valid_spans(a, &f.hyp) && valid_spans(b, &f.ref_), "{f:?}");
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_text_is_safe(h in any::<String>(), r in any::<String>()) {
        pair_props(&h, &r)?;
    }

    #[test]
    fn trigger_rich_text_is_safe(h in texty(), r in texty()) {
        pair_props(&h, &r)?;
    }

    /// A side's style changes `space` alone, and a side judged tokenized
    /// has no space before a mark reported.
    #[test]
    fn a_style_changes_space_alone(h in texty(), r in texty(), th: bool, tr: bool) {
        let style = Style { tokenized: [th, tr] };
        let mut c = Checker::new();
        let (mut plain, mut styled) = (Vec::new(), Vec::new());
        c.check_pair_styled(&h, &r, [&[], &[]], CheckSet::ALL, Style::default(), &mut plain);
        c.check_pair_styled(&h, &r, [&[], &[]], CheckSet::ALL, style, &mut styled);
        let others = |v: &[QaFinding]| {
            v.iter().filter(|f| f.code != Code::Space).map(|f| f.to_string()).collect::<Vec<_>>()
        };
        prop_assert_eq!(others(&plain), others(&styled));
        for f in styled.iter().filter(|f| f.code == Code::Space) {
            let d = &f.detail;
            for (at, _) in d.match_indices("space before \"") {
                let rest = &d[at + "space before \"".len()..];
                let side = rest.split_once("\" in ").map(|(_, s)| s).unwrap_or("");
                prop_assert!(!(th && side.starts_with("hyp")), "{}", d);
                prop_assert!(!(tr && side.starts_with("ref")), "{}", d);
            }
        }
    }

    /// What lets `check_pair` skip identical sides: the checks themselves
    /// find nothing there.
    #[test]
    fn identical_sides_have_no_pair_findings(t in texty(), u in proptest::prelude::any::<String>()) {
        let mut c = Checker::new();
        let mut out = Vec::new();
        c.compare([&t, &t], [&[], &[]], CheckSet::ALL, Style::default(), &mut out);
        c.compare([&u, &u], [&[], &[]], CheckSet::ALL, Style::default(), &mut out);
        prop_assert!(out.is_empty(), "{:?}", out);
    }

    #[test]
    fn the_scan_flags_exactly_the_repeats_the_report_finds(t in texty()) {
        let mut n = 0;
        words::for_each_repeat(&t, |_, _, _| n += 1);
        prop_assert_eq!(scan::scan(&t).flags & scan::REPEAT != 0, n > 0);
    }
}

#[test]
fn digits_inside_placeholders_and_urls_are_not_numbers() {
    let mut out = Vec::new();
    check_pair(
        "Click {0} to open %1$s.",
        "Click to open %1$s.",
        CheckSet::ALL,
        &mut out,
    );
    assert!(out.iter().all(|f| f.code != Code::Number), "{out:?}");
    assert!(out.iter().any(|f| f.code == Code::Placeholder), "{out:?}");
    out.clear();
    check_pair(
        "See example.com/v2 or <x id=\"7\"/> now.",
        "See example.com/v2 or <x id=\"7\"/> now.",
        CheckSet::ALL,
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    // A number outside the code still counts.
    out.clear();
    check_pair("Page {0} of 12", "Page {0} of 13", CheckSet::ALL, &mut out);
    assert!(out.iter().any(|f| f.code == Code::Number), "{out:?}");
}
