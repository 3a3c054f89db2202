//! The page as a whole: skeleton and policy, hostile texts end to end,
//! determinism, the plain table and the batch index.

use super::escape::tests::HOSTILE;
use super::*;
use crate::audit::{Options, audit_pair};
use crate::glossary::{Entry, Glossary};
use crate::input::{DecodeOptions, Document};
use crate::output::{Format, ReportWriter, WriteOptions};

fn html_opts() -> WriteOptions {
    WriteOptions {
        format: Format::Html,
        ..WriteOptions::default()
    }
}

fn wechat() -> Glossary {
    Glossary::from_entries(
        vec![Entry::new("WeChat", &["micro-letter", "<b>bad</b>"])],
        Vec::new(),
    )
}

/// The review page of `hyp` against `ref_` and its document summary.
fn page_of(name: &str, hyp: &str, ref_: &str, glossary: Glossary) -> (String, DocSummary) {
    let h = Document::from_bytes("h.txt", hyp.as_bytes(), DecodeOptions::default()).unwrap();
    let r = Document::from_bytes("r.txt", ref_.as_bytes(), DecodeOptions::default()).unwrap();
    let opts = Options {
        glossary,
        ..Options::default()
    };
    let mut rows = Vec::new();
    let s = audit_pair(name, &h, &r, &opts, &mut |row: &Row| {
        rows.push(row.clone());
        Ok(())
    })
    .unwrap();
    let mut out = Vec::new();
    let mut rw = ReportWriter::new(&mut out, name, &html_opts()).unwrap();
    for row in &rows {
        rw.row(row).unwrap();
    }
    rw.finish(&s).unwrap();
    (String::from_utf8(out).unwrap(), s)
}

/// The text between the page's `<script>` and `</script>`.
fn script_of(page: &str) -> &str {
    let start = page.find("<script>").unwrap() + "<script>".len();
    let end = page[start..].find("</script>").unwrap() + start;
    &page[start..end]
}

/// Occurrences of `needle`, case-insensitively.
fn count(page: &str, needle: &str) -> usize {
    page.to_ascii_lowercase()
        .matches(&needle.to_ascii_lowercase())
        .count()
}

/// Element balance of the marks the rows open (a malformed nesting would
/// show as a difference).
fn assert_marks_balance(page: &str) {
    for tag in ["mark", "del", "ins", "table", "ul", "small", "em", "b"] {
        let opens =
            page.matches(&format!("<{tag}>")).count() + page.matches(&format!("<{tag} ")).count();
        let closes = page.matches(&format!("</{tag}>")).count();
        assert_eq!(
            opens, closes,
            "<{tag}> opened {opens} times, closed {closes}"
        );
    }
}

/// A tag's attributes as an HTML parser reads them: name, then an
/// unquoted, single- or double-quoted value.
fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches([' ', '\n', '/']);
        if s.is_empty() {
            return out;
        }
        let n = s.find([' ', '\n', '=']).unwrap_or(s.len());
        let name = s[..n].to_owned();
        s = &s[n..];
        let mut value = String::new();
        if let Some(rest) = s.strip_prefix('=') {
            let (v, after) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let e = rest[1..].find(q).expect("quote closes") + 1;
                    (&rest[1..e], &rest[e + 1..])
                }
                _ => {
                    let e = rest.find([' ', '\n']).unwrap_or(rest.len());
                    (&rest[..e], &rest[e..])
                }
            };
            value = v.to_owned();
            s = after;
        }
        out.push((name, value));
    }
}

/// Every tag in the page (the script's text aside) is one the writer makes,
/// with no event handler and no URL but a relative link: a text that got
/// through unescaped would show here as a tag of its own.
fn assert_only_our_tags(page: &str) {
    const OURS: &[&str] = &[
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "p",
        "div",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "small",
        "b",
        "em",
        "ul",
        "li",
        "mark",
        "del",
        "ins",
        "code",
        "figure",
        "figcaption",
        "svg",
        "rect",
        "text",
        "line",
        "fieldset",
        "legend",
        "label",
        "input",
        "select",
        "option",
        "span",
        "button",
        "kbd",
        "script",
        "a",
    ];
    let start = page.find("<script>").unwrap() + "<script>".len();
    let end = page.find("</script>").unwrap();
    let outside = format!("{}{}", &page[..start], &page[end..]);
    for tag in outside.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tag closes")];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '\n'])
            .next()
            .unwrap();
        assert!(OURS.contains(&name), "<{tag}>");
        for (attr, value) in attributes(&tag[name.len()..]) {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "<{tag}>");
            // The only URL attribute is a batch index's relative link.
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "data",
                "srcdoc",
            ]
            .contains(&attr.as_str())
            {
                assert!(attr == "href" && value.starts_with("./"), "<{tag}>");
            }
        }
    }
}

#[test]
fn the_page_has_one_script_named_by_its_hash_in_the_policy() {
    let (page, _) = page_of(
        "doc",
        "One micro-letter. Two.\n",
        "One WeChat. Two!\n",
        wechat(),
    );
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"));
    assert_eq!(count(&page, "<script"), 1);
    assert_eq!(count(&page, "</script"), 1);
    let script = script_of(&page);
    assert_eq!(script, *SCRIPT_TEXT);
    assert!(script.len() < SCRIPT.len());
    let hash = format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())));
    let csp = format!(
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src {hash}; base-uri 'none'; form-action 'none'\">"
    );
    let at = page.find(&csp).expect("CSP meta");
    // The policy comes before anything it governs.
    assert!(at < page.find("<style>").unwrap());
    assert!(at < page.find("<title>").unwrap());
    // Nothing to load: no URL but the policy's own words and row anchors.
    for bad in [
        "src=",
        "href=\"http",
        "url(",
        "@import",
        "<link",
        "<iframe",
        "<object",
    ] {
        assert_eq!(count(&page, bad), 0, "{bad}");
    }
    // The script and style sheet cannot end their element early.
    assert!(!SCRIPT.contains("</") && !SCRIPT.contains("<!--"));
    assert!(!STYLE.contains("</"));
    assert_marks_balance(&page);
    assert_only_our_tags(&page);
}

#[test]
fn base64_matches_known_vectors() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    // SHA-256 of "abc", the FIPS 180-2 example, as browsers write it in a CSP.
    assert_eq!(
        base64(&Sha256::digest(b"abc")),
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    );
}

#[test]
fn rows_show_the_diff_findings_gaps_and_merges() {
    let hyp = "The micro-letter app is popular.\n\nSource: Internet\n\nIt is big. It is red.\n";
    let ref_ = "The WeChat app is very popular.\n\nIt is big and red.\n";
    let (page, s) = page_of("doc", hyp, ref_, wechat());
    assert_eq!(count(&page, "<tr id=l"), s.links);
    // The substitution, the insertion, the finding with the expected term.
    assert!(page.contains("<del class=s>micro-letter</del>"), "{page}");
    assert!(page.contains("<ins> very</ins>"), "{page}");
    assert!(page.contains("title=\"deprecated: micro-letter -&gt; WeChat\""));
    // The gap row says which side is missing; the merged row is marked.
    assert!(page.contains("<em class=na>no ref sentence</em>"));
    assert!(page.contains("class=\"gap\""), "{page}");
    assert!(
        page.contains(" m\">") || page.contains(" m "),
        "merged row class: {page}"
    );
    // Scores: the align score and every metric column, by name.
    let scores = &page[page.find("<td class=sc>align ").expect("score cell")..];
    let scores = &scores[..scores[1..].find("<td").map_or(scores.len(), |i| i + 1)];
    for c in PairStats::columns() {
        assert!(scores.contains(&format!("\n{c} ")), "{c} in {scores}");
    }
    assert!(page.contains("<figure class=hist><svg"));
    assert!(page.contains("chrF2|nrefs:1"), "signature shown");
    assert_marks_balance(&page);
}

#[test]
fn hostile_texts_names_and_glossary_terms_stay_text() {
    // A NUL makes the input a binary file (refused); the escaping of NUL is
    // the row tests' concern.
    let texts: Vec<String> = HOSTILE.iter().map(|h| h.replace('\0', "")).collect();
    let hostile: String = texts
        .iter()
        .map(|h| format!("{h} micro-letter.\n\n"))
        .collect();
    let other: String = texts
        .iter()
        .rev()
        .map(|h| format!("WeChat {h}.\n\n"))
        .collect();
    let g = Glossary::from_entries(
        vec![
            Entry::new("WeChat", &["micro-letter"]),
            Entry::new("<img src=x onerror=alert(1)>", &["onerror"]),
        ],
        Vec::new(),
    );
    // The sentence splitter turns U+2028 in a text into a space; a name keeps it.
    let name = "<script>alert(1)</script>\"'&\u{2028}";
    let (page, s) = page_of(name, &hostile, &other, g);
    assert!(s.links > 0);
    assert_eq!(count(&page, "<script"), 1, "only the page's own script");
    assert_eq!(count(&page, "</style"), 1);
    assert_eq!(count(&page, "<img"), 0);
    assert_eq!(count(&page, "<svg onload"), 0);
    assert_eq!(count(&page, "<a "), 0);
    assert_eq!(count(&page, "<!--"), 0);
    assert_only_our_tags(&page);
    assert!(page.contains(
        "<title>mtaudit review: &lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;\u{2028}</title>"
    ));
    // Forbidden characters are visible stand-ins; separators stay text.
    assert!(!page.contains('\u{7}') && !page.contains('\u{85}') && !page.contains('\u{ffff}'));
    assert!(page.contains('\u{2407}'));
    assert!(page.contains('\u{2028}'));
    assert_marks_balance(&page);
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = page_of("d", "A b c. D e.\n\nF.\n", "A B c. D!\n", wechat()).0;
    let b = page_of("d", "A b c. D e.\n\nF.\n", "A B c. D!\n", wechat()).0;
    assert_eq!(a, b);
}

#[test]
fn an_empty_report_is_still_a_review_page() {
    let (page, _) = page_of("empty", "", "", Glossary::default());
    assert!(page.contains("<table id=rows"));
    assert_eq!(count(&page, "<tr id=l"), 0);
    assert!(page.contains("Showing 0 of 0 rows"));
}

#[test]
fn a_plain_table_is_a_sortable_escaped_table() {
    let t = crate::table::Table {
        header: vec!["a<".into(), "b".into()],
        rows: vec![
            vec![Cell::text("<script>x</script>"), Cell::float(0.5)],
            vec![Cell::Empty, Cell::int(3)],
        ],
    };
    let mut out = Vec::new();
    crate::output::write_table(&mut out, &t, &html_opts()).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains("<table class=\"sortable plain\">"));
    assert!(page.contains("<th scope=col>a&lt;<th scope=col>b"));
    assert!(page.contains("<tr><td>&lt;script&gt;x&lt;/script&gt;<td class=n>0.5000\n"));
    assert!(page.contains("<tr><td><td class=n>3\n"));
    assert_eq!(count(&page, "<script"), 1);
}

#[test]
fn the_batch_index_links_each_page_and_lists_failures() {
    let (_, good) = page_of("good", "A b.\n", "A c.\n", Glossary::default());
    let bad = DocSummary::failed("<b>bad</b>", "cannot read </td><script>x</script>");
    let page_path = std::path::PathBuf::from("sub/javascript:x.html");
    let rows = [
        IndexRow {
            summary: &good,
            page: Some(&page_path),
        },
        IndexRow {
            summary: &bad,
            page: None,
        },
    ];
    let mut out = Vec::new();
    write_index(&mut out, &rows, &good.corpus, &good.linked).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(
        page.contains("<a href=\"./sub/javascript%3Ax.html\">good</a>"),
        "{page}"
    );
    assert!(page.contains(
        "<td>&lt;b&gt;bad&lt;/b&gt;<td>cannot read &lt;/td&gt;&lt;script&gt;x&lt;/script&gt;"
    ));
    assert!(page.contains("1 ok, 1 failed."));
    assert_eq!(count(&page, "<script"), 1);
    assert!(page.contains("<table class=\"sortable plain\" id=pairs>"));
    assert_only_our_tags(&page);
    // One row per good pair, its figures as numbers.
    let pairs = &page[page.find("id=pairs").unwrap()..];
    assert_eq!(pairs.matches("<tr><td>").count(), 1);
    assert!(pairs.contains("<td class=n>1<td class=n>"), "{pairs}");
}
