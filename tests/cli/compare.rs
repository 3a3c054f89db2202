//! `compare` end to end on pairs whose right alignment we know.

use crate::common::*;

// ---------------------------------------------------------------- the sample pair
// The sample pair in data/, whose correct alignment we know because we
// wrote both renderings: the ref drops the "Payment mode" heading, splits
// one hyp sentence in two, joins two hyp sentences into one, stops after
// the e-commerce paragraph (CRLF line ends), and the hyp ends in a page footer.

fn sample() -> Table {
    let d = data();
    compare(
        &d.join("sample_hyp.txt"),
        &d.join("sample_ref.txt"),
        &["--glossary", d.join("glossary.csv").to_str().unwrap()],
    )
}

#[test]
fn alignment_matches_the_gold() {
    let r = sample();
    let gold: &[(&str, &str, &str)] = &[
        ("Micro-letter payment enters", "WeChat Pay comes to", "1-1"),
        (
            "Source: Morning Tech Daily",
            "Source: Morning Tech Daily",
            "1-1",
        ),
        ("Author: Li Wen", "Author: Li Wen", "1-1"),
        (
            "In the small town of Qinghe",
            "This year the vegetable market",
            "1-1",
        ),
        (
            "Almost every stall now hangs",
            "Nearly every stall now displays a WeChat QR code. Regular customers simply scan",
            "1-2",
        ),
        (
            "Stall owner Mr. Zhang said",
            "Stall owner Mr. Zhang said",
            "1-1",
        ),
        ("He sells tomatoes", "He has sold tomatoes", "1-1"),
        (
            "cooperated with pay treasure and micro-letter at the same time. Each stall can choose",
            "partnered with both Alipay",
            "2-1",
        ),
        (
            "The fee is 0.6%",
            "Each WeChat or Alipay transaction",
            "1-1",
        ),
        ("Not everyone is happy.", "Not everyone is happy.", "1-1"),
        ("Older buyers complain", "Older shoppers complain", "1-1"),
        ("According to the office", "According to the office", "1-1"),
        (
            "Electric quotient comes to the countryside",
            "E-commerce reaches the countryside",
            "1-1",
        ),
        (
            "Large electric quotient platforms",
            "Large e-commerce platforms",
            "1-1",
        ),
        (
            "Two companies have opened collection points",
            "Two companies have opened pick-up points",
            "1-1",
        ),
    ];
    for (h, rf, kind) in gold {
        let row = r.row_with("hyp", h);
        assert_eq!(r.get(row, "kind"), *kind, "{h:?}");
        assert!(
            r.get(row, "ref_text").contains(rf),
            "{h:?} -> {:?}",
            r.get(row, "ref_text")
        );
    }
    for h in [
        "Payment mode",
        "The micro-blog of our town",
        "Experts think the model",
        "Share to:",
        "All rights reserved.",
        "Contact us | About us",
    ] {
        let row = r.row_with("hyp", h);
        assert_eq!(r.get(row, "kind"), "1-0", "{h:?}");
        assert_eq!(r.get(row, "verdict"), "gap");
    }
    assert!(!r.kinds().iter().any(|k| k == "0-1"));
}

#[test]
fn lines_point_into_the_files() {
    let r = sample();
    let row = r.row_with("hyp", "Stall owner Mr. Zhang");
    assert_eq!(r.get(row, "hyp_line"), "8");
    assert_eq!(r.get(row, "ref_line"), "8");
    let row = r.row_with("hyp", "Payment mode");
    assert_eq!(r.get(row, "hyp_line"), "10");
    let row = r.row_with("hyp", "Large electric quotient");
    assert_eq!(r.get(row, "hyp_line"), "18");
    assert_eq!(r.get(row, "ref_line"), "16", "CRLF line ends count once");
}

#[test]
fn glossary_findings_on_both_sides() {
    let r = sample();
    let row = r.row_with("hyp", "Micro-letter payment enters");
    assert_eq!(
        r.get(row, "hyp_terms"),
        "deprecated: Micro-letter -> WeChat"
    );
    assert_eq!(r.get(row, "ref_terms"), "");
    assert_eq!(r.get(row, "verdict"), "review");

    let row = r.row_with("hyp", "cooperated with pay treasure");
    assert_eq!(
        r.get(row, "hyp_terms"),
        "deprecated: pay treasure -> Alipay; deprecated: micro-letter -> WeChat"
    );
    assert_eq!(r.get(row, "ref_terms"), "case: Wechat -> WeChat");

    let row = r.row_with("hyp", "The fee is 0.6%");
    let t = r.get(row, "hyp_terms");
    assert!(
        t.contains("missing: WeChat (ref has \"WeChat\"; hyp has neither it nor a variant)")
            && t.contains("missing: Alipay (ref has \"Alipay\""),
        "{t}"
    );

    let row = r.row_with("hyp", "parcels ordered on line");
    assert_eq!(r.get(row, "hyp_terms"), "deprecated: on line -> online");

    let row = r.row_with("hyp", "Almost every stall");
    assert_eq!(
        r.get(row, "hyp_terms"),
        "deprecated: micro-letter -> WeChat; deprecated: two-dimensional code -> QR code"
    );
    // Gap rows are checked too: the footer repeats the rejected names.
    let row = r.row_with("hyp", "Share to:");
    assert_eq!(
        r.get(row, "hyp_terms"),
        "deprecated: micro-letter -> WeChat; deprecated: micro-blog -> Weibo"
    );
    // Identical sentences without terms pass.
    let row = r.row_with("hyp", "Not everyone is happy.");
    assert_eq!(r.get(row, "verdict"), "ok");
    assert_eq!(r.get(row, "chrf"), "100.0000");
    assert_eq!(r.get(row, "char_sim"), "1.0000");
}

// ---------------------------------------------------------------- the seed pair
// The seed pair from ../shared/seeds, aligned as a careful human reader
// aligns it: the hyp (raw MT) has a byline block and three "Wechat"
// headings the ref lacks, the ref splits the first section heading in two
// and stops early, in the middle of the third section.

fn report() -> Table {
    let (hyp, reference) = seeds();
    compare(&hyp, &reference, &[])
}

/// (hyp needle, ref needle, kind) for links a reader can vouch for.
const LINKS: &[(&str, &str, &str)] = &[
    (
        "The real intent of mobile social power providers",
        "Ali, Tencent PK mobile providers",
        "1-1",
    ),
    (
        "social electric quotient model is immature",
        "electricity supplier model is not mature",
        "1-1",
    ),
    ("The micro-shop is coming", "Micro shop to the", "1-1"),
    (
        "has become the focus of the two major internet giants",
        "has become the focus of the field",
        "1-1",
    ),
    (
        "It Times\" reporters will comprehensively appraise",
        "reporter will assess the overall situation",
        "1-1",
    ),
    (
        "Payment mode: Both immature earning yell",
        "are not mature and earn greater than the real",
        "1-2",
    ),
    (
        "It's just \"semi-finished",
        "is only a \"semi-finished",
        "1-1",
    ),
    (
        "There is a lot of room for imagination",
        "the model does have a lot of imagination",
        "1-1",
    ),
    ("would get through the account", "will open account", "1-1"),
    (
        "According to the actual experience",
        "according to the actual experience",
        "1-1",
    ),
    (
        "Strictly speaking, micro-bo payment",
        "strictly speaking, micro-blog payment",
        "1-1",
    ),
    (
        "one detail that's worth paying attention to",
        "one detail very worthy of attention",
        "1-1",
    ),
    (
        "Only the third place to test the water",
        "is only third place to test the water",
        "1-1",
    ),
    (
        "Micro-trust in the presence of the micro-shop",
        "WeChat circle of friends in the micro shop",
        "1-1",
    ),
    (
        "See from the operation Flow",
        "from the operation of the process",
        "1-1",
    ),
    (
        "relationship between Tencent is not clear",
        "the relationship between Tencent is not clear",
        "1-1",
    ),
    (
        "Earlier, Tencent said that when the time is ripe",
        "previously, Tencent said that when the time is ripe",
        "1-1",
    ),
    (
        "Summary Although the product is still half mature",
        "summary of products or semi mature",
        "1-1",
    ),
    (
        "From the practical use of convenience",
        "From the point of view of the actual use of convenience",
        "1-1",
    ),
    (
        "Mobile End platform Build",
        "mobile terminal platform to build",
        "1-1",
    ),
    ("From seeing the change of buying", "from see to buy", "1-1"),
    (
        "After Ali announced the microblogging and Alipay cooperation",
        "micro-blog completed the latest version",
        "1-1",
    ),
];

/// Hyp text the ref never renders: the byline block, and the part after the
/// ref stops.
const HYP_ONLY: &[&str] = &[
    "Source: Internet",
    "Author: User",
    "Keywords Electrical business",
    "For the online Weibo payment",
    "Electric business expert Ruzenwang",
    "Mobile electric business platform is difficult to build",
    "Social Electric Business Pipeline",
    "The route is a little round",
    "O2O is the one.",
    "Micro-letter O2o layout rhythm accelerated",
];

#[test]
fn header_is_the_contract() {
    let r = report();
    let contract = [
        "doc",
        "link",
        "kind",
        "hyp_line",
        "ref_line",
        "hyp_text",
        "ref_text",
        "align_score",
        "char_dist",
        "char_sim",
        "word_dist",
        "wer",
        "chrf",
        "ter",
        "bleu",
        "hyp_terms",
        "ref_terms",
        "verdict",
    ];
    assert_eq!(&r.header[..contract.len()], &contract);
}

#[test]
fn links_a_reader_vouches_for() {
    let r = report();
    let mut wrong = Vec::new();
    for (h, rf, kind) in LINKS {
        let row = r.row_with("hyp", h);
        if r.get(row, "kind") != *kind || !r.get(row, "ref_text").contains(rf) {
            wrong.push(format!(
                "{h:?}: expected {kind} with {rf:?}, got {} with {:?}",
                r.get(row, "kind"),
                r.get(row, "ref_text")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn hyp_only_text_is_gaps() {
    let r = report();
    for h in HYP_ONLY {
        let row = r.row_with("hyp", h);
        assert_eq!(r.get(row, "kind"), "1-0", "{h:?} should be a hyp-only gap");
        assert_eq!(r.get(row, "ref_text"), "");
        assert_eq!(r.get(row, "ref_line"), "");
        assert_eq!(r.get(row, "verdict"), "gap");
        assert_eq!(
            r.get(row, "chrf"),
            "",
            "metric cells on a gap row are empty"
        );
    }
}

#[test]
fn wechat_headings_are_dropped_by_the_ref() {
    // The hyp has three "Wechat" section headings; the ref drops the one it
    // reaches and never reaches the others.
    let r = report();
    let c = r.col("hyp_text");
    let headings: Vec<_> = r.rows.iter().filter(|x| x[c] == "Wechat").collect();
    assert_eq!(headings.len(), 3);
    for h in headings {
        assert_eq!(r.get(h, "kind"), "1-0");
    }
    // "Weibo + Alipay" heads three sections; the ref renders the first two.
    let w: Vec<_> = r.rows.iter().filter(|x| x[c] == "Weibo + Alipay").collect();
    assert_eq!(w.len(), 3);
    assert_eq!(r.get(w[0], "ref_text"), "Micro-blog + Alipay");
    assert_eq!(r.get(w[1], "ref_text"), "Micro-blog + Alipay");
    assert_eq!(r.get(w[2], "kind"), "1-0");
}

#[test]
fn every_ref_sentence_has_a_partner_and_the_tail_is_gaps() {
    let r = report();
    let kinds = r.kinds();
    assert!(
        !kinds.iter().any(|k| k == "0-1"),
        "the ref has nothing the hyp lacks: {kinds:?}"
    );
    let last_linked = r.row_with("hyp", "After Ali announced the microblogging");
    let link: usize = r.get(last_linked, "link").parse().unwrap();
    for row in &r.rows[link..] {
        assert_eq!(
            r.get(row, "kind"),
            "1-0",
            "after the ref ends: {:?}",
            r.get(row, "hyp_text")
        );
    }
}

#[test]
fn rows_cover_every_sentence_once_in_order() {
    let (hyp, reference) = seeds();
    let r = report();
    for (side, path) in [("hyp", &hyp), ("ref", &reference)] {
        let o = run(&["segment", path.to_str().unwrap()]);
        assert!(o.status.success());
        let sentences: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
        let c = r.col(&format!("{side}_text"));
        let joined: Vec<&str> = r
            .rows
            .iter()
            .map(|x| x[c].as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            joined.join(" "),
            sentences.join(" "),
            "{side} sentences in report order"
        );
        let lines: Vec<usize> = r
            .rows
            .iter()
            .filter_map(|x| x[r.col(&format!("{side}_line"))].parse().ok())
            .collect();
        assert!(
            lines.windows(2).all(|w| w[0] <= w[1]),
            "{side} lines ascend: {lines:?}"
        );
    }
    for (i, row) in r.rows.iter().enumerate() {
        assert_eq!(r.get(row, "link"), (i + 1).to_string());
        assert_eq!(
            r.get(row, "doc"),
            hyp.file_stem().unwrap().to_str().unwrap()
        );
    }
}

// ---------------------------------------------------------------- alignment of odd sentences

#[test]
fn identical_symbol_only_sentences_are_linked() {
    let d = tempfile::tempdir().unwrap();
    for (i, s) in ["* * *", "---", "!!!", "\u{1F600}\u{1F600}."]
        .iter()
        .enumerate()
    {
        let f = format!("s{i}.txt");
        write(d.path(), &f, format!("{s}\n"));
        let t = ok_report(d.path(), &["compare", &f, &f, "-q"]);
        assert_eq!(t.column("kind"), ["1-1"], "{s:?}");
        let score: f64 = t.column("align_score")[0].parse().unwrap();
        assert!(
            score > 0.5,
            "{s:?}: identical link with align_score {score}"
        );
    }
}

// ---------------------------------------------------------------- --aligned / --split

#[test]
fn aligned_unequal_counts_is_exit_2_naming_both_counts() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "three.txt", "One.\n\nThree.\n");
    write(d.path(), "two.txt", "One.\nTwo.\n");
    let o = run_in(
        d.path(),
        &["compare", "three.txt", "two.txt", "--aligned", "-q"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    for needle in ["three.txt", "two.txt", "3", "2"] {
        assert!(e.contains(needle), "{needle} missing in {e}");
    }
    assert!(o.stdout.is_empty());
}

#[test]
fn aligned_keeps_empty_lines_as_rows_and_ignores_line_end_style() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One.\n\nThree.\n");
    write(d.path(), "r.txt", "One.\r\n\r\nThree.");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    assert_eq!(t.column("kind"), ["1-1"; 3]);
    assert_eq!(t.column("hyp_line"), ["1", "2", "3"]);
    assert_eq!(t.column("ref_line"), ["1", "2", "3"]);
    assert_eq!(t.column("hyp_text"), ["One.", "", "Three."]);
    // Two empty segments: char_sim is 1 by the contract's definition.
    assert_eq!(t.column("char_sim")[1], "1.0000");
}

#[test]
fn aligned_empty_line_against_text_is_a_gap_row() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One.\nTwo.\n\n");
    write(d.path(), "r.txt", "One.\n\nThree.\n");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(t.column("kind"), ["1-1", "1-0", "0-1"]);
    assert_eq!(t.column("hyp_line"), ["1", "2", ""]);
    assert_eq!(t.column("ref_line"), ["1", "", "3"]);
    assert_eq!(t.column("verdict"), ["ok", "gap", "gap"]);
    for m in METRICS {
        assert_eq!(&t.column(m)[1..], ["", ""], "{m}");
    }
    // Corpus scores still count both gap pairs against an empty segment:
    // sacrebleu 2.6 corpus_chrf / corpus_chrf(word_order=2) on
    // ["One.", "Two.", ""] vs ["One.", "", "Three."] give 39.126 / 44.736.
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt", "--aligned"]);
    let e = stderr(&o);
    assert!(e.contains("3 links (0-1:1 1-0:1 1-1:1)"), "{e}");
    assert!(e.contains("nw:0|space:no|version:2.6.0 = 39.13"), "{e}");
    assert!(e.contains("nw:2|space:no|version:2.6.0 = 44.74"), "{e}");
}

#[test]
fn split_lines_still_aligns_and_keeps_one_sentence_per_line() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "h.txt",
        "Heading\nFirst sentence. Still the first line.\nThe market opened early today.\nFooter text only in the hyp copy.\n",
    );
    write(
        d.path(),
        "r.txt",
        "Heading\nFirst sentence. Still the first line.\nThe market opened early today.\n",
    );
    let t = ok_report(
        d.path(),
        &["compare", "h.txt", "r.txt", "--split", "lines", "-q"],
    );
    assert_eq!(t.column("kind"), ["1-1", "1-1", "1-1", "1-0"]);
    assert_eq!(t.side("hyp")[1], "First sentence. Still the first line.");
}

// ---------------------------------------------------------------- limits on giant pairs

#[test]
fn ter_over_the_word_limit_is_empty_and_reported_not_stalled() {
    // A 6,000-word line with no sentence marks against its reverse: the
    // TER shift search would run for minutes, so the cell stays empty and
    // the summary says why; the other metrics are still computed.
    let d = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..6000).map(|i| format!("w{}", i % 700)).collect();
    let mut rev = words.clone();
    rev.reverse();
    write(d.path(), "h.txt", words.join(" "));
    write(d.path(), "r.txt", rev.join(" "));
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt", "--aligned"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("TER left out for 1 pair(s) with a side over 5000 words"),
        "{e}"
    );
    assert!(e.contains("version:2.6.0 = n/a"), "{e}");
    assert!(!e.contains("NaN"), "{e}");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "--aligned", "-q"]);
    assert_eq!(t.column("ter"), [""]);
    assert_eq!(t.column("word_dist").len(), 1);
    assert_ne!(t.column("word_dist")[0], "");
    assert_ne!(t.column("chrf")[0], "");
}

#[test]
fn distances_over_the_cell_limit_are_empty_and_reported_not_stalled() {
    // Two different 40,000-character lines with no sentence marks: the
    // quadratic character distance would stall a batch on such files
    // (two 1.2 MB lines took over a minute), so char_dist and char_sim stay
    // empty and the summary says why. In words (about 5,700 a side) the
    // distance is still under the limit, so word_dist and wer are there.
    let d = tempfile::tempdir().unwrap();
    let side = |seed: u64| {
        let mut x = seed;
        let mut out = String::new();
        while out.len() < 40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push_str(
                ["alpha ", "beta ", "gamma ", "delta ", "micro ", "blog "][(x % 6) as usize],
            );
        }
        format!("<{}>", out.trim_end())
    };
    write(d.path(), "h.txt", side(1));
    write(d.path(), "r.txt", format!("[{}]", &side(2)[1..]));
    let o = run_in(d.path(), &["compare", "h.txt", "r.txt"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(
            "char_dist/word_dist left out for 1 pair(s) differing over more than 1073741824 cells"
        ),
        "{e}"
    );
    assert!(e.contains("mean char_sim n/a"), "{e}");
    assert!(!e.contains("NaN"), "{e}");
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "-q"]);
    assert_eq!(t.column("kind"), ["1-1"]);
    assert_eq!(t.column("char_dist"), [""]);
    assert_eq!(t.column("char_sim"), [""]);
    assert_ne!(t.column("word_dist")[0], "");
    assert_ne!(t.column("wer")[0], "");
    assert_ne!(t.column("chrf")[0], "");
    assert_eq!(t.column("ter"), [""], "over the TER word limit too");
    // A gate on a mean char_sim that was never computed fails, naming it.
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "r.txt",
            "-q",
            "-o",
            "out.csv",
            "--fail-under",
            "char_sim=0.1",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("char_sim not available"),
        "{}",
        stderr(&o)
    );
    // In a batch the pair leaves the other pairs' mean char_sim alone.
    write(d.path(), "a.txt", "Hello world.");
    write(d.path(), "b.txt", "Hello world!");
    write(
        d.path(),
        "m.csv",
        "hyp,ref,name\nh.txt,r.txt,giant\na.txt,b.txt,small\n",
    );
    let o = run_in(
        d.path(),
        &["batch", "--manifest", "m.csv", "--out-dir", "o"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("mean char_sim 0.9167"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("char_dist/word_dist left out for 1 pair(s)"),
        "{}",
        stderr(&o)
    );
    let s = Table::parse(&std::fs::read_to_string(d.path().join("o/summary.csv")).unwrap());
    assert_eq!(s.column("name"), ["giant", "small"]);
    assert_eq!(s.column("mean_char_sim"), ["", "0.9167"]);
}

#[test]
fn a_single_huge_sentence_does_not_abort() {
    let d = tempfile::tempdir().unwrap();
    let words = ["the", "market", "payment", "app", "phone", "screen", "town"];
    let line: Vec<&str> = (0..400_000).map(|i| words[(i * 7 + i / 3) % 7]).collect();
    write(d.path(), "h.txt", format!("{}.\n", line.join(" ")));
    let o = run_in(
        d.path(),
        &["compare", "h.txt", "h.txt", "-q", "-o", "r.csv"],
    );
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// ---------------------------------------------------------------- summary

#[test]
fn summary_counts_match_the_report() {
    let d = tempfile::tempdir().unwrap();
    let h = data().join("sample_hyp.txt");
    let r = data().join("sample_ref.txt");
    let (h, r) = (h.to_str().unwrap(), r.to_str().unwrap());
    let t = ok_report(d.path(), &["compare", h, r, "-q", "--summary", "s.csv"]);
    check_invariants(d.path(), &t, h, r);
    let s = Table::parse(&std::fs::read_to_string(d.path().join("s.csv")).unwrap());
    assert_eq!(s.rows.len(), 1);
    let row = &s.rows[0];
    assert_eq!(row[s.col("links")], t.rows.len().to_string());
    for kind in ["1-1", "1-0", "0-1"] {
        let n = t.column("kind").iter().filter(|k| **k == kind).count();
        assert_eq!(
            row[s.col(&format!("links_{kind}"))],
            n.to_string(),
            "{kind}"
        );
    }
    assert_eq!(
        row[s.col("hyp_sentences")],
        segments(d.path(), h).len().to_string()
    );
    assert_eq!(
        row[s.col("ref_sentences")],
        segments(d.path(), r).len().to_string()
    );
}
