//! The sample pair in data/, whose correct alignment we know because we
//! wrote both renderings: the ref drops the "Payment mode" heading, splits
//! one hyp sentence in two, joins two hyp sentences into one, stops after
//! the e-commerce paragraph (CRLF line ends), and the hyp ends in a page footer.

mod common;
use common::*;

fn sample() -> Report {
    let d = repo().join("data");
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
