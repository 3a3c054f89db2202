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
        t.contains("missing: WeChat -> WeChat") && t.contains("missing: Alipay -> Alipay"),
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
