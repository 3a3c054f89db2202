//! The seed pair from ../shared/seeds, aligned as a careful human reader
//! aligns it: the hyp (raw MT) has a byline block and three "Wechat"
//! headings the ref lacks, the ref splits the first section heading in two
//! and stops early, in the middle of the third section.

mod common;
use common::*;

fn report() -> Report {
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
