//! Text into HTML: every byte of an input reaches the page through here.
//!
//! Escaping `&`, `<` and `>` (and both quotes in attribute values) is what
//! keeps a hostile text inert: the page is parsed as written and nothing
//! from a text can open a tag, end the style or script element, or leave
//! an attribute. Besides, HTML forbids some characters anywhere in a
//! document (controls, noncharacters): they become visible stand-ins
//! (U+2400 CONTROL PICTURES, U+FFFD), so the page stays valid and the
//! reviewer sees that something odd is there.

use std::path::Path;

/// Appends `s` as element text.
pub fn text(out: &mut String, s: &str) {
    push(out, s, false);
}

/// Appends `s` as a double- or single-quoted attribute value (the quotes
/// are the caller's).
pub fn attr(out: &mut String, s: &str) {
    push(out, s, true);
}

fn push(out: &mut String, s: &str, quotes: bool) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep: Option<std::borrow::Cow<'static, str>> = match c {
            '&' => Some("&amp;".into()),
            '<' => Some("&lt;".into()),
            '>' => Some("&gt;".into()),
            '"' if quotes => Some("&quot;".into()),
            '\'' if quotes => Some("&#39;".into()),
            '\t' | '\n' | '\r' => None,
            '\0'..='\x1f' => Some(
                char::from_u32(0x2400 + c as u32)
                    .expect("control pictures")
                    .to_string()
                    .into(),
            ),
            '\x7f' => Some("\u{2421}".into()),
            c if forbidden(c) => Some("\u{FFFD}".into()),
            _ => None,
        };
        if let Some(r) = rep {
            out.push_str(&s[start..i]);
            out.push_str(&r);
            start = i + c.len_utf8();
        }
    }
    out.push_str(&s[start..]);
}

/// C1 controls and noncharacters: parse errors wherever they stand.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (0x80..=0x9f).contains(&u) || (0xfdd0..=0xfdef).contains(&u) || u & 0xfffe == 0xfffe
}

/// A relative link to `path` (a report beside the page or below it): each
/// component percent-encoded but for unreserved characters, after `./`, so
/// no file name can become a scheme (`javascript:`), a query or a fragment.
pub fn href(path: &Path) -> String {
    let mut out = String::from(".");
    for comp in path.components() {
        out.push('/');
        for &b in comp.as_os_str().as_encoded_bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A float as the page shows it: the report's digits without trailing
/// zeros ("100" for 100.0000, "0.5" for 0.5000), `–` for none.
pub fn short_number(cell: &crate::table::Cell) -> String {
    let s = cell.render();
    if s.is_empty() {
        return "–".to_owned();
    }
    if matches!(cell, crate::table::Cell::Float(..)) && s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        return t.to_owned();
    }
    s
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::table::Cell;

    fn text_string(s: &str) -> String {
        let mut o = String::new();
        text(&mut o, s);
        o
    }

    /// Inputs that would run code, break out of their element or make the
    /// page invalid if written raw.
    pub const HOSTILE: &[&str] = &[
        "<script>document.title='pwned';window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=1\">",
        "<a href=\"javascript:window.__pwned=1\">click</a>",
        "</style><script>window.__pwned=1</script>",
        "</script><script>window.__pwned=1</script>",
        "\" onmouseover=\"window.__pwned=1\" x=\"",
        "' onfocus='window.__pwned=1' autofocus '",
        "<!-- <svg onload=window.__pwned=1>",
        "<![CDATA[ ]]> &amp; &lt;b&gt; &#60;script&#62;",
        "line\u{2028}separator\u{2029}paragraph",
        "nul\0bell\u{7}del\u{7f}c1\u{85}\u{9f}nonchar\u{fdd0}\u{ffff}\u{10fffe}",
        "\u{202e}reversed\u{202c} bidi",
    ];

    #[test]
    fn every_hostile_string_loses_its_markup() {
        for h in HOSTILE {
            for (s, quotes) in [
                (text_string(h), false),
                (
                    {
                        let mut o = String::new();
                        attr(&mut o, h);
                        o
                    },
                    true,
                ),
            ] {
                assert!(!s.contains('<') && !s.contains('>'), "{s}");
                if quotes {
                    assert!(!s.contains('"') && !s.contains('\''), "{s}");
                }
                // Every `&` starts one of our references: none from the input survives.
                for (i, _) in s.match_indices('&') {
                    let rest = &s[i..];
                    assert!(
                        ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                            .iter()
                            .any(|r| rest.starts_with(r)),
                        "{s}"
                    );
                }
                assert!(
                    !s.chars().any(|c| (c < ' ' && !"\t\n\r".contains(c))
                        || ('\u{7f}'..='\u{9f}').contains(&c)
                        || forbidden(c)),
                    "{s:?}"
                );
            }
        }
        assert_eq!(
            text_string("a<b>&\"'"),
            "a&lt;b&gt;&amp;\"'",
            "text keeps quotes"
        );
        let mut a = String::new();
        attr(&mut a, "a<b>&\"'");
        assert_eq!(a, "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(
            text_string("x\0y\u{1b}z\u{7f}"),
            "x\u{2400}y\u{241b}z\u{2421}"
        );
        assert_eq!(
            text_string("\u{85}\u{fdd0}\u{1fffe}"),
            "\u{fffd}\u{fffd}\u{fffd}"
        );
        // Separators are plain text in HTML: kept as they are.
        assert_eq!(text_string("a\u{2028}b"), "a\u{2028}b");
        assert_eq!(text_string("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
    }

    #[test]
    fn links_cannot_become_schemes_or_leave_the_directory_listing() {
        assert_eq!(href(Path::new("a.html")), "./a.html");
        assert_eq!(href(Path::new("sub/b c.html")), "./sub/b%20c.html");
        assert_eq!(
            href(Path::new("javascript:alert(1).html")),
            "./javascript%3Aalert%281%29.html"
        );
        assert_eq!(
            href(Path::new("x\"><script>#?.html")),
            "./x%22%3E%3Cscript%3E%23%3F.html"
        );
        assert_eq!(href(Path::new("é.html")), "./%C3%A9.html");
    }

    #[test]
    fn numbers_drop_trailing_zeros_only() {
        assert_eq!(short_number(&Cell::float(100.0)), "100");
        assert_eq!(short_number(&Cell::float(0.5)), "0.5");
        assert_eq!(short_number(&Cell::float(45.2317)), "45.2317");
        assert_eq!(short_number(&Cell::float(f64::NAN)), "–");
        assert_eq!(short_number(&Cell::Empty), "–");
        assert_eq!(short_number(&Cell::int(100)), "100");
        assert_eq!(short_number(&Cell::float(0.0)), "0");
    }
}
