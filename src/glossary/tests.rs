use super::*;

fn csv(text: &str) -> Glossary {
    Glossary::parse(Path::new("g.csv"), text).unwrap()
}

fn wechat() -> Glossary {
    csv(
        "term,variants\nWeChat,micro-letter|micro-trust|micro-credit\nXun,\ne-commerce,electric quotient|electric business\n",
    )
}

fn shown(g: &Glossary, text: &str) -> Vec<String> {
    g.check(text).iter().map(|f| f.to_string()).collect()
}

#[test]
fn deprecated_variant_with_exact_found_text_and_span() {
    let g = wechat();
    let t = "Ask on Micro-letter today.";
    let f = g.check(t);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].to_string(), "deprecated: Micro-letter -> WeChat");
    assert_eq!(&t[f[0].span.clone()], "Micro-letter");
    assert_eq!(f[0].kind, FindingKind::Deprecated);
}

#[test]
fn hyphen_space_and_line_break_are_interchangeable() {
    let g = wechat();
    for t in [
        "a micro letter b",
        "a micro-\nletter b",
        "a micro–letter b",
        "a micro \r\n letter b",
    ] {
        let f = g.check(t);
        assert_eq!(f.len(), 1, "{t:?}");
        assert_eq!(f[0].term, "WeChat");
        assert_eq!(&t[f[0].span.clone()], f[0].found);
    }
    // An em dash separates clauses; it does not join a compound.
    assert!(g.check("a micro—letter b").is_empty());
    // Glued together is a different word.
    assert!(g.check("a microletter b").is_empty());
}

#[test]
fn whole_words_only() {
    let g = wechat();
    assert!(g.check("Xunlei and Daxun are other companies.").is_empty());
    assert_eq!(shown(&g, "Xun said"), Vec::<String>::new());
    assert!(g.check("micro-letters2 micro-lettering").is_empty());
}

#[test]
fn plural_and_possessive_endings() {
    let g = wechat();
    assert_eq!(
        shown(&g, "micro-letters, micro-letter's and micro-letter’s users"),
        vec![
            "deprecated: micro-letters -> WeChat",
            "deprecated: micro-letter's -> WeChat",
            "deprecated: micro-letter’s -> WeChat",
        ]
    );
    let g = csv("term,variants\nbox,crate\n");
    assert_eq!(shown(&g, "two crates"), vec!["deprecated: crates -> box"]);
    assert!(g.check("boxes").is_empty());
}

#[test]
fn case_finding_for_the_preferred_term_in_other_case() {
    let g = wechat();
    assert_eq!(
        shown(&g, "Wechat and WECHAT and WeChat"),
        vec!["case: Wechat -> WeChat", "case: WECHAT -> WeChat"]
    );
    // A lowercase term may start a sentence or sit in a title.
    assert!(
        g.check("E-commerce grows. Mobile E-Commerce too.")
            .is_empty()
    );
    assert_eq!(
        shown(&g, "e-COMMERCE"),
        vec!["case: e-COMMERCE -> e-commerce"]
    );
    // Hyphenation of the term itself is not a case problem.
    assert!(g.check("the e commerce market").is_empty());
}

#[test]
fn all_caps_headline_is_style_not_a_case_finding() {
    let g = wechat();
    assert!(g.check("WECHAT PAY GOES ABROAD").is_empty());
    assert!(
        g.check("Intro\nWECHAT: 2025 ÜBERSICHT\nmore text")
            .is_empty()
    );
    // In running text the capitals are the term's casing.
    assert_eq!(
        shown(&g, "Users love WECHAT."),
        vec!["case: WECHAT -> WeChat"]
    );
    assert_eq!(
        shown(&g, "WECHAT PAY\nnow abroad, WECHAT says"),
        vec!["case: WECHAT -> WeChat"]
    );
    // A deprecated variant in a headline is still deprecated.
    assert_eq!(
        shown(&g, "MICRO-LETTER PAY GOES ABROAD"),
        vec!["deprecated: MICRO-LETTER -> WeChat"]
    );
    // A line with any lowercase letter is not a headline.
    assert_eq!(
        shown(&g, "WECHAT AND Wechat"),
        vec!["case: WECHAT -> WeChat", "case: Wechat -> WeChat"]
    );
    // A shouted sentence is not a headline: it ends with a sentence mark.
    assert_eq!(
        shown(
            &g,
            "Users pay by card. WECHAT IS EVERYWHERE NOW. Users love it."
        ),
        vec!["case: WECHAT -> WeChat"]
    );
    assert_eq!(
        shown(&g, "WECHAT IS EVERYWHERE NOW!"),
        vec!["case: WECHAT -> WeChat"]
    );
    // Bare CR ends a line too.
    assert!(g.check("Intro text\rWECHAT PAY\rmore text").is_empty());
    let short = format!("{}WECHAT {}", "ÜBER ".repeat(10), "ÉTÉ ".repeat(10));
    assert!(g.check(&short).is_empty());
    // Hits deep inside one huge all-caps line: running text, every one
    // reported (each hit looks at a bounded window, so this stays linear).
    let huge = "WECHAT ".repeat(20_000);
    assert_eq!(g.check(&huge).len(), 20_000);
    assert!(!matcher::in_all_caps_line(&huge, 70_000, 70_006));
    assert!(matcher::in_all_caps_line("WECHAT", 0, 6));
    // A 'line' longer than any headline is running text.
    let long = format!("{}WECHAT {}", "ÜBER ".repeat(70), "ÉTÉ ".repeat(70));
    assert_eq!(shown(&g, &long), vec!["case: WECHAT -> WeChat"]);
}

#[test]
fn case_sensitive_entries_match_only_as_written() {
    let g = csv("term,variants,case\nIT,I.T.|Infotech,sensitive\nWeChat,Wechat,sensitive\n");
    assert!(g.check("it is what it is").is_empty());
    assert_eq!(shown(&g, "the infotech team"), Vec::<String>::new());
    assert_eq!(
        shown(&g, "the Infotech team and Wechat"),
        vec!["deprecated: Infotech -> IT", "deprecated: Wechat -> WeChat"]
    );
    assert!(g.check("WeChat is fine").is_empty());
}

#[test]
fn overlapping_variants_reported_once_longest_wins() {
    let g = csv("term,variants\nWeibo,micro-blog|micro-blog client|blog\n");
    assert_eq!(
        shown(&g, "via the micro-blog client now"),
        vec!["deprecated: micro-blog client -> Weibo"]
    );
}

#[test]
fn preferred_term_never_reported_even_if_it_contains_a_variant() {
    let g = csv("term,variants\nmicro-shop,shop\nSina Weibo,Weibo|Sina\n");
    assert!(g.check("the micro-shop of Sina Weibo").is_empty());
    assert_eq!(shown(&g, "a shop"), vec!["deprecated: shop -> micro-shop"]);
}

#[test]
fn variant_that_is_another_entrys_term_is_a_warning_not_a_finding() {
    let g = csv("term,variants\nAlipay,PayPal|pay treasure\nPayPal,\n");
    assert!(g.check("PayPal").is_empty());
    let w = g.warnings().join("\n");
    assert!(w.contains("g.csv:2") && w.contains("PayPal"), "{w}");
}

#[test]
fn urls_and_email_addresses_are_skipped() {
    let g = csv("term,variants\nWeChat,weixin|micro-letter\nAlibaba,alibabacloud\n");
    let t = "See https://weixin.qq.com/micro-letter or www.weixin.com, mail weixin@example.org or info@alibabacloud.com; weixin itself counts.";
    assert_eq!(shown(&g, t), vec!["deprecated: weixin -> WeChat"]);
}

#[test]
fn prefix_and_regex_entries() {
    let g = csv("term,variants,match\nWeibo,microblog,prefix\nAlipay,pay(ment)? treasure,regex\n");
    assert_eq!(
        shown(&g, "microblogging via payment treasure; pay treasure"),
        vec![
            "deprecated: microblogging -> Weibo",
            "deprecated: payment treasure -> Alipay",
            "deprecated: pay treasure -> Alipay",
        ]
    );
    // A regex variant still needs word boundaries.
    assert!(g.check("repay treasures").is_empty());
}

#[test]
fn missing_is_counted_per_occurrence() {
    let g = wechat();
    let m = g.missing("nothing here", "WeChat and micro-letter and WeChat");
    assert_eq!(m.len(), 3);
    assert_eq!(
        m[0].to_string(),
        "missing: WeChat (ref has \"WeChat\"; hyp has neither it nor a variant)"
    );
    assert_eq!(
        m[1].to_string(),
        "missing: WeChat (ref has \"micro-letter\"; hyp has neither it nor a variant)"
    );
    assert!(m.iter().all(|f| f.in_ref && !f.span.is_empty()));
    // A variant in the hyp counts as rendering the term (it is `deprecated` instead).
    assert_eq!(g.missing("micro-trust", "WeChat").len(), 0);
    assert_eq!(g.missing("WeChat", "WeChat, WeChat").len(), 1);
    assert!(g.missing("WeChat", "").is_empty());
}

#[test]
fn canonicalize_replaces_variants_and_keeps_endings() {
    let g = wechat();
    assert_eq!(
        g.canonicalize("Micro-letters and the micro-\nletter's Wechat, WeChat."),
        "WeChats and the WeChat's WeChat, WeChat."
    );
}

#[test]
fn csv_tsv_bom_quotes_unknown_columns_and_header_case() {
    let g = Glossary::parse(
        Path::new("g.tsv"),
        "\u{FEFF}Term\tExtra\tVariants\tSeverity\n\"WeChat\"\tx\t\"micro-letter|micro, trust\"\twarning\n",
    )
    .unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(g.entries[0].variants, vec!["micro-letter", "micro, trust"]);
    assert_eq!(g.entries[0].severity, Severity::Warning);
    assert_eq!(g.entries[0].line, 2);
    let f = g.check("a micro, trust b");
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn malformed_csv_is_an_input_error_naming_file_and_line() {
    let e = Glossary::parse(Path::new("g.csv"), "name,variants\nWeChat,x\n").unwrap_err();
    assert!(
        e.message.starts_with("g.csv:1:") && e.message.contains("term"),
        "{}",
        e.message
    );
    assert_eq!(e.exit_code(), 2);
    let e = Glossary::parse(Path::new("g.csv"), "term,variants\nA,b\nWeChat,x,y,z\n").unwrap_err();
    assert!(e.message.starts_with("g.csv:3:"), "{}", e.message);
    let e =
        Glossary::parse(Path::new("g.csv"), "term,variants,case\nA,b,\nB,c,upper\n").unwrap_err();
    assert!(
        e.message.starts_with("g.csv:3:") && e.message.contains("upper"),
        "{}",
        e.message
    );
    let e = Glossary::parse(
        Path::new("g.csv"),
        "term,variants,match\nA,b,regex\nB,(c,regex\n",
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("g.csv:3:") && e.message.contains("(c"),
        "{}",
        e.message
    );
    let e = Glossary::parse(Path::new("g.csv"), "term,variants,severity\nB,c,fatal\n").unwrap_err();
    assert!(e.message.contains("fatal"), "{}", e.message);
}

#[test]
fn duplicates_and_empty_entries_are_warnings() {
    let g = csv("term,variants\nWeChat,a\n,orphan\nWeChat,b\n,\nWeibo,weibo\n");
    let w = g.warnings();
    assert_eq!(g.entries.len(), 2);
    assert_eq!(g.entries[0].variants, vec!["a", "b"]);
    assert!(
        w.iter()
            .any(|w| w.contains("g.csv:3") && w.contains("orphan")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("g.csv:4") && w.contains("duplicate") && w.contains("g.csv:2")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("g.csv:6") && w.contains("weibo")),
        "{w:?}"
    );
    // The duplicate's variants are merged into the first entry.
    assert_eq!(g.check("a b").len(), 2);
    // With other options, both entries stay.
    let g = csv("term,variants,severity\nWeChat,a,error\nWeChat,b,info\n");
    assert_eq!(g.entries.len(), 2);
    assert!(g.warnings()[0].contains("both are used"));
}

#[test]
fn tbx_status_values_without_suffix_and_older_names() {
    let t = r#"<martif><text><body><termEntry><langSet xml:lang="EN">
<tig><term>micro-letter</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
<tig><term>WeChat</term><termNote type="administrativeStatus">Preferred</termNote></tig>
<tig><term>Weixin</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
<tig><term>micro-trust</term><termNote type="administrativeStatus">notRecommended</termNote></tig>
</langSet></termEntry></body></text></martif>"#;
    let g = Glossary::parse(Path::new("g.tbx"), t).unwrap();
    assert_eq!(g.entries[0].term, "WeChat");
    assert_eq!(g.entries[0].variants, vec!["micro-letter", "micro-trust"]);
    assert_eq!(g.entries[0].alternates, vec!["Weixin"]);
}

const TBX2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
 <text><body>
  <termEntry id="e1">
   <descrip type="definition">Tencent's messaging app</descrip>
   <langSet xml:lang="zh"><tig><term>微信</term></tig></langSet>
   <langSet xml:lang="en-US">
    <tig><term>WeChat</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>micro-letter</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>micro&#x2d;trust</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig>
    <tig><term>Weixin</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="e2">
   <langSet xml:lang="en"><tig><term>e-commerce</term></tig>
    <tig><term>electric quotient</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
 </body></text>
</martif>"#;

#[test]
fn tbx_v2_martif() {
    let g = Glossary::parse(Path::new("g.tbx"), TBX2).unwrap();
    assert_eq!(g.entries.len(), 2);
    let e = &g.entries[0];
    assert_eq!(e.term, "WeChat");
    assert_eq!(e.variants, vec!["micro-letter", "micro-trust"]);
    assert_eq!(e.alternates, vec!["Weixin"]);
    assert_eq!(e.note, "Tencent's messaging app");
    assert_eq!(e.line, 4);
    assert_eq!(g.entries[1].term, "e-commerce");
    assert!(g.check("Weixin").is_empty());
    assert_eq!(g.missing("", "Weixin").len(), 1);
}

#[test]
fn tbx_v3_tbx_root_with_dca_and_dct_status() {
    let t = r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<text><body>
<conceptEntry id="c1">
 <langSec xml:lang="en">
  <termSec><term>Alipay</term><basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
  <termSec><term>pay treasure</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
  <termSec><term>payment treasure</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
 </langSec>
 <langSec xml:lang="fr"><termSec><term>Alipay FR</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>"#;
    let g = Glossary::parse(Path::new("g.tbx"), t).unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(g.entries[0].term, "Alipay");
    assert_eq!(
        g.entries[0].variants,
        vec!["pay treasure", "payment treasure"]
    );
}

#[test]
fn bad_tbx_names_the_line() {
    let t = "<martif>\n<text><body>\n<termEntry>\n</langSet>\n</body></text></martif>";
    let e = Glossary::parse(Path::new("g.tbx"), t).unwrap_err();
    assert!(e.message.starts_with("g.tbx:4:"), "{}", e.message);
    let e = Glossary::parse(Path::new("g.tbx"), "<html><body/></html>").unwrap_err();
    assert!(e.message.contains("<html>"), "{}", e.message);
}

#[test]
fn ignore_rules_suppress_and_are_counted() {
    let ig = IgnoreList::parse(
        Path::new("i.csv"),
        "term,found,fingerprint\nWeChat,micro-letter,\nWeChat,Wechat,0000000000000000\n",
    )
    .unwrap();
    let g = wechat().with_ignore(ig);
    let (f, n) = g.check_counted("micro-letter and Wechat and micro-trust");
    assert_eq!(n, 1);
    assert_eq!(
        f.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        vec![
            "case: Wechat -> WeChat",
            "deprecated: micro-trust -> WeChat"
        ]
    );
    // With the right fingerprint, only that sentence is quiet.
    let text = "Use Wechat here. And Wechat there.";
    let fp = fingerprint(text, 4..10);
    let ig = IgnoreList::parse(
        Path::new("i.csv"),
        &format!("term,found,fingerprint\nWeChat,Wechat,{fp}\n"),
    )
    .unwrap();
    let g = wechat().with_ignore(ig);
    let (f, n) = g.check_counted(text);
    assert_eq!((f.len(), n), (1, 1));
    assert_eq!(&text[f[0].span.clone()], "Wechat");
    assert!(f[0].span.start > 15);
}

#[test]
fn fingerprint_ignores_line_wrapping_but_not_edits() {
    let a = fingerprint("Before. Use micro-letter now! After.", 12..24);
    let b = fingerprint("Use micro-\n  letter now!", 4..18);
    let c = fingerprint("Use micro-letter later!", 4..16);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.len(), 16);
}

#[test]
fn tally_classifies_links_and_lists_renderings() {
    let g = wechat();
    let mut t = TermTally::new();
    t.add_link(
        &g,
        "micro-letter and Micro-trust",
        "WeChat and WeChat",
        false,
    );
    t.add_link(&g, "WeChat", "micro-letter", false);
    t.add_link(&g, "Wechat", "micro-credit", false);
    t.add_link(&g, "", "WeChat", false);
    t.add_link(&g, "WeChat", "WeChat", false);
    t.add_link(&g, "micro-letter footer", "", true);
    let s = t.get("WeChat").unwrap();
    assert_eq!(s.link_count(LinkClass::HypWrongRefRight), 1);
    assert_eq!(s.link_count(LinkClass::RefWrongHypRight), 1);
    assert_eq!(s.link_count(LinkClass::BothWrong), 1);
    assert_eq!(s.link_count(LinkClass::RefOnly), 1);
    assert_eq!(s.link_count(LinkClass::BothRight), 1);
    assert_eq!(s.hyp_deprecated, 3);
    assert_eq!(s.hyp_case, 1);
    assert_eq!(s.hyp_ok, 2);
    assert_eq!(s.hyp_missing, 1);
    assert_eq!(s.ref_deprecated, 2);
    assert_eq!(
        tally::format_renderings(&s.hyp_renderings),
        "WeChat 2; micro-letter 2; Wechat 1; micro-trust 1"
    );
}

#[test]
fn empty_glossary_finds_nothing() {
    let g = Glossary::default();
    assert!(g.check("micro-letter").is_empty());
    assert_eq!(g.canonicalize("x"), "x");
}

#[test]
fn bad_input_never_panics() {
    let g = wechat();
    for t in [
        "",
        "'",
        "’s",
        "-",
        "micro-",
        "İstanbul micro-letter",
        "\u{AD}",
        "a\u{0301}micro-letter",
    ] {
        let _ = g.check(t);
        let _ = g.canonicalize(t);
        let _ = g.missing(t, t);
    }
    for t in [
        "",
        "term",
        "\"",
        "term,variants\n\"unterminated",
        "<",
        "<martif><termEntry>",
    ] {
        let _ = Glossary::parse(Path::new("x.csv"), t);
        let _ = Glossary::parse(Path::new("x.tbx"), t);
    }
}

#[test]
fn tbx_lang_set_without_language_inherits_the_files() {
    let t = r#"<martif type="TBX" xml:lang="en-GB"><text><body>
<termEntry><langSet><tig><term>Weibo</term></tig>
<tig><term>micro-blog</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
<termEntry><langSet xml:lang="de"><tig><term>Tisch</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="en"><tig><term>micro-trust</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
</body></text></martif>"#;
    let g = Glossary::parse(Path::new("g.tbx"), t).unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(g.entries[0].variants, vec!["micro-blog"]);
    // Only deprecated English terms: reported, not silently used.
    assert!(
        g.warnings()
            .iter()
            .any(|w| w.contains("g.tbx:5") && w.contains("no preferred term")),
        "{:?}",
        g.warnings()
    );
}

#[test]
fn classify_one_link_per_term() {
    let g = wechat();
    let c = TermTally::classify_link(
        &g,
        "micro-letter and e-commerce",
        "WeChat and electric business",
    );
    assert_eq!(
        c,
        vec![
            ("WeChat".to_owned(), LinkClass::HypWrongRefRight),
            ("e-commerce".to_owned(), LinkClass::RefWrongHypRight),
        ]
    );
    assert_eq!(LinkClass::BothWrong.as_str(), "both wrong");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Any text: no panic, spans are char boundaries holding `found`,
        /// findings are ordered and disjoint, canonicalize leaves no variant.
        #[test]
        fn findings_are_well_formed(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("micro-letter".to_owned()), Just("Micro–\n letter’s".to_owned()),
                    Just("WECHAT".to_owned()), Just("WeChat".to_owned()), Just("ẞ".to_owned()),
                    Just("İ".to_owned()), Just("\u{AD}".to_owned()), Just("https://x.com/".to_owned()),
                    Just("electric".to_owned()), Just("quotient".to_owned()), Just("-".to_owned()),
                    "[ a-zA-Z'’.\\-\n]{0,6}", "\\PC{0,3}",
                ],
                0..12,
            )
        ) {
            let g = wechat();
            let text: String = parts.concat();
            let f = g.check(&text);
            let mut last = 0;
            for x in &f {
                prop_assert!(x.span.start >= last);
                prop_assert_eq!(&text[x.span.clone()], x.found.as_str());
                last = x.span.end;
            }
            let c = g.canonicalize(&text);
            prop_assert!(g.check(&c).iter().all(|x| x.kind != FindingKind::Deprecated));
            let _ = g.missing(&text, &c);
        }
    }
}

#[test]
fn semicolon_csv_and_variant_shared_by_two_entries() {
    let g = csv("term;variants\nWeChat;micro-letter|micro-trust\nWeibo;micro-letter\n");
    assert_eq!(g.entries.len(), 2);
    assert_eq!(
        shown(&g, "micro-letter"),
        vec!["deprecated: micro-letter -> WeChat"]
    );
    let w = g.warnings().join("\n");
    assert!(
        w.contains("g.csv:3") && w.contains("also a variant of \"WeChat\""),
        "{w}"
    );
}

const TBX_EN: &str = "<?xml version=\"1.0\"?>\n<martif type=\"TBX\">\n<text><body>\n<termEntry id=\"1\">\n<langSet xml:lang=\"LANG\"><tig><term>WeChat</term></tig>\n<tig><term>micro-letter</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet>\n</termEntry>\n";

#[test]
fn truncated_tbx_names_the_last_line_and_the_open_element() {
    let t = TBX_EN.replace("LANG", "en");
    let e = Glossary::parse(Path::new("t.tbx"), &t).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    // The file ends after line 7's newline, so on line 8; <body> opened on line 3.
    assert!(e.message.starts_with("t.tbx:8: "), "{}", e.message);
    assert!(
        e.message.contains("<body> (opened at line 3")
            && e.message.contains("</body></text></martif>"),
        "{}",
        e.message
    );
    // Cut inside an entry: the innermost element is named.
    let cut = &t[..t.find("<tig><term>micro").unwrap()];
    let e = Glossary::parse(Path::new("t.tbx"), cut).unwrap_err();
    assert!(e.message.contains("inside <langSet>"), "{}", e.message);
    // The whole file still loads.
    let whole = format!("{t}</body></text></martif>\n");
    assert_eq!(
        Glossary::parse(Path::new("t.tbx"), &whole).unwrap().entries[0].variants,
        vec!["micro-letter"]
    );
}

#[test]
fn tbx_english_codes_and_a_file_without_english() {
    for lang in ["en", "EN-gb", "eng", "ENG", "eng-US"] {
        let t = format!("{}</body></text></martif>", TBX_EN.replace("LANG", lang));
        let g = Glossary::parse(Path::new("t.tbx"), &t).unwrap();
        assert_eq!(
            shown(&g, "a micro-letter"),
            ["deprecated: micro-letter -> WeChat"]
        );
    }
    let t = format!("{}</body></text></martif>", TBX_EN.replace("LANG", "de"));
    let e = Glossary::parse(Path::new("de.tbx"), &t).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.message.starts_with("de.tbx: ")
            && e.message.contains("no English terms")
            && e.message.contains("languages found: de"),
        "{}",
        e.message
    );
    let e =
        Glossary::parse(Path::new("e.tbx"), "<martif><text><body/></text></martif>").unwrap_err();
    assert!(e.message.contains("no <termEntry>"), "{}", e.message);
}

#[test]
fn header_only_csv_is_an_error() {
    for t in ["term,variants\n", "term,variants\n\n,\n"] {
        let e = Glossary::parse(Path::new("h.csv"), t).unwrap_err();
        assert!(
            e.message.starts_with("h.csv: ") && e.message.contains("no entries"),
            "{}",
            e.message
        );
    }
}

#[test]
fn regex_variants_that_can_match_nothing_are_refused() {
    for re in [
        "x*",
        ".*",
        "(a|)",
        "a?",
        r"\b",
        "(?:)",
        "\"x{0,3}\"",
        "|WeChat",
    ] {
        let text = format!("term,variants,match\nA,b,word\nWeChat,{re},regex\n");
        let e = Glossary::parse(Path::new("r.csv"), &text).unwrap_err();
        assert!(
            e.message.starts_with("r.csv:3: ") && e.message.contains("empty string"),
            "{re}: {}",
            e.message
        );
    }
    // Optional parts around a required one are fine.
    csv("term,variants,match\nWeChat,micro-?letters?,regex\n");
}

#[test]
fn regex_variant_stays_in_one_sentence_and_never_reports_the_term() {
    let g = csv("term,variants,match\nWeChat,we.+,regex\n");
    // The term itself (in any case) is never a deprecated variant: the
    // match covering it is dropped, the wrong case is a `case` finding.
    assert!(shown(&g, "Use WeChat daily.").is_empty());
    assert_eq!(shown(&g, "Use Wechat."), ["case: Wechat -> WeChat"]);
    // `.+` stops at the sentence end, and the next sentence is its own match.
    let t = "We-letter is it. We go home. WeChat!";
    let f = g.check(t);
    let found: Vec<&str> = f.iter().map(|f| f.found.as_str()).collect();
    assert_eq!(found, ["We-letter is it.", "We go home."]);
    // A line break alone does not cut: a wrapped variant is still found.
    let g = csv("term,variants,match\nWeChat,micro\\s+letter,regex\n");
    assert_eq!(
        shown(&g, "the micro\nletter app.\n\nmicro\n\nletter"),
        ["deprecated: micro\nletter -> WeChat"]
    );
    // Matching the whole term is worth a load warning.
    let g = csv("term,variants,match\nWeChat,we\\w+,regex\n");
    assert!(
        g.warnings()
            .iter()
            .any(|w| w.starts_with("g.csv:2:") && w.contains("itself")),
        "{:?}",
        g.warnings()
    );
    assert!(
        csv("term,variants,match\nWeChat,micro\\w+,regex\n")
            .warnings()
            .is_empty()
    );
}

#[test]
fn csv_field_with_a_line_break_or_open_quote_names_the_row_start() {
    // Unclosed quote on the last row: the csv crate would read it to EOF.
    let e = Glossary::parse(
        Path::new("q.csv"),
        "term,variants\nWeibo,micro-blog\nWeChat,\"micro-letter\n",
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("q.csv:3: ") && e.message.contains("unterminated"),
        "{}",
        e.message
    );
    // Unclosed quote closed by a later one: the row swallows line breaks.
    let e = Glossary::parse(
        Path::new("q.csv"),
        "term,variants\nWeChat,\"micro-letter\nWeibo,micro-blog\nAlipay,\"x\"\n",
    )
    .unwrap_err();
    assert!(e.message.starts_with("q.csv:2: "), "{}", e.message);
    let e = Glossary::parse(
        Path::new("q.tsv"),
        "term\talternates\nWeChat\t\"Weixin\nWeibo\"\n",
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("q.tsv:2: ") && e.message.contains("`alternates`"),
        "{}",
        e.message
    );
    // A multi-line note is a normal spreadsheet cell.
    let g =
        csv("term,variants,note\nWeChat,micro-letter,\"line one\nline two\"\nWeibo,micro-blog,\n");
    assert_eq!(g.entries.len(), 2);
    assert_eq!(g.entries[1].line, 4);
}

#[test]
fn columns_count_characters_since_the_line_start() {
    let mut rng = crate::metric::text::test_rng(0xc01_c01);
    let pieces = ["a", "é", "漢", " ", "\n", "\r\n", "\r", "😀"];
    for round in 0..500 {
        let text: String = (0..rng(60)).map(|_| pieces[rng(pieces.len())]).collect();
        let mut cols = Columns::new(&text);
        let mut at = 0;
        while at <= text.len() {
            if text.is_char_boundary(at) {
                let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let want = text[line_start..at].chars().count() + 1;
                assert_eq!(cols.of(at), want, "round {round} {text:?} at {at}");
            }
            at += 1 + rng(3);
            if rng(8) == 0 {
                at /= 2;
            }
        }
    }
}

#[test]
fn a_giant_sentence_cell_is_an_excerpt_around_the_finding() {
    let words = "alpha beta gamma\n delta ".repeat(200);
    let text = format!("Start {words}micro-letter {words}end.");
    let f = text.find("micro-letter").unwrap();
    let f = f..f + "micro-letter".len();
    let cell = excerpt(&text, 0..text.len(), f.clone());
    assert!(cell.starts_with("… ") && cell.ends_with(" …"), "{cell}");
    assert!(cell.contains(" delta micro-letter alpha "), "{cell}");
    assert!(!cell.contains('\n') && !cell.contains("  "), "{cell}");
    // Cut after whole words, at most EXCERPT bytes each side.
    let body = &cell["… ".len()..cell.len() - " …".len()];
    assert!(
        body.len() <= 2 * EXCERPT + "micro-letter".len(),
        "{}",
        body.len()
    );
    assert!(body.len() > EXCERPT, "{}", body.len());
    for w in body.split(' ') {
        assert!(
            ["alpha", "beta", "gamma", "delta", "micro-letter"].contains(&w),
            "{w:?}"
        );
    }
    // Near the sentence's start nothing is cut there.
    let g = text.find("alpha").unwrap();
    let cell = excerpt(&text, 0..text.len(), g..g + 5);
    assert!(
        cell.starts_with("Start alpha beta") && cell.ends_with(" …"),
        "{cell}"
    );
    // A multi-byte character at the window's edge is not split.
    let text = format!("{}x{}", "é".repeat(EXCERPT), "漢".repeat(EXCERPT));
    let x = text.find('x').unwrap();
    let cell = excerpt(&text, 0..text.len(), x..x + 1);
    assert!(cell.starts_with("… é") && cell.ends_with("漢 …"), "{cell}");
}

/// Scanning a window at a time settles the same hits as one scan of the
/// whole text, for windows from one byte up and a lookahead longer than
/// any hit, on texts of terms, variants (multiword, hyphenated, inflected,
/// prefix and regex), word parts, URLs, headlines and sentence marks.
#[test]
fn windowed_scan_equals_the_whole_scan() {
    let g = csv(
        "term,variants,match,case\nWeChat,micro-letter|micro letter|wei xin,word,\n\
         Alipay,ali pay,word,\npay,payment,prefix,\nIT,it,word,sensitive\nQQ,q+x,regex,\n\
         I,,word,\n",
    );
    let m = g.matcher();
    let mut rng = crate::metric::text::test_rng(0x0057_ea11);
    let pieces = [
        "WeChat",
        "wechat",
        "micro",
        "letter",
        "-",
        " ",
        "  ",
        "\n",
        "wei",
        "xin",
        "ali",
        "pay",
        "payments",
        "s",
        "'s",
        "IT",
        "it",
        "qqx",
        "qx",
        "I",
        "is",
        ". ",
        "www.micro-letter.com",
        "WECHAT\n",
        "é",
        "微信",
        "x",
    ];
    for round in 0..1500 {
        let n = rng(25);
        let text: String = (0..n).map(|_| pieces[rng(pieces.len())]).collect();
        let whole = m.scan(&text);
        for window in [1, 2, 5, 13, 40] {
            let mut got = Vec::new();
            // Longer than the text: a prefix hit runs to the end of its word.
            m.scan_windows(&text, window, 512, |h| got.push(h));
            assert_eq!(got, whole, "round {round} window {window}: {text:?}");
        }
    }
}

/// Line numbers in warnings and errors are the same whatever the line ends.
#[test]
fn crlf_and_cr_files_name_the_same_lines_as_lf() {
    let lf = "term,variants\nWeChat,micro-letter\nWeChat,weixin\nAlipay,\n,orphan\n";
    let warn = |t: &str| {
        let p = std::path::Path::new("g.csv");
        Glossary::from_entries(
            parse::parse_delimited(p, t, b',', usize::MAX).unwrap(),
            Vec::new(),
        )
        .warnings()
    };
    let want = warn(lf);
    assert!(want[0].starts_with("g.csv:3: duplicate") && want[0].contains("(first at g.csv:2)"));
    assert!(want[1].starts_with("g.csv:5:"), "{want:?}");
    for ends in ["\r\n", "\r"] {
        assert_eq!(warn(&lf.replace('\n', ends)), want, "{ends:?}");
        let bad = "term,variants\nA,b\nB,c,d\n".replace('\n', ends);
        let e = parse::parse_delimited(std::path::Path::new("g.csv"), &bad, b',', usize::MAX)
            .unwrap_err()
            .to_string();
        assert!(e.contains("g.csv:3:"), "{ends:?}: {e}");
    }
}
