//! Line structure: lines, blocks between blank lines, and the chunks of a
//! block that the sentence scanner sees.

use super::chars::{
    is_closer, is_connective, is_line_bullet, is_opener, is_terminal, is_title_small_word,
};

/// One line of the text; `start..end` excludes its line end.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// 1-based; CRLF, LF and a lone CR each end one line.
    pub number: usize,
}

/// A non-blank line with its trimmed content and width.
#[derive(Debug, Clone, Copy)]
pub struct TLine {
    pub start: usize,
    /// Trimmed content `cs..ce`.
    pub cs: usize,
    pub ce: usize,
    pub number: usize,
    /// Width of the trimmed content in characters.
    pub chars: usize,
}

pub fn for_each_line(text: &str, mut f: impl FnMut(Line)) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut number = 1;
    for i in memchr::memchr2_iter(b'\n', b'\r', b) {
        if i < start {
            // The LF of a CRLF already consumed with its CR.
            continue;
        }
        f(Line {
            start,
            end: i,
            number,
        });
        number += 1;
        start = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    if start < b.len() {
        f(Line {
            start,
            end: b.len(),
            number,
        });
    }
}

/// Calls `f` with each run of lines that forms one stretch of running text.
pub fn for_each_chunk(text: &str, mut f: impl FnMut(&[TLine])) {
    let mut block: Vec<TLine> = Vec::new();
    for_each_line(text, |l| {
        let raw = &text[l.start..l.end];
        let t = raw.trim();
        if t.is_empty() {
            flush(text, &mut block, &mut f);
            return;
        }
        let cs = l.start + (raw.len() - raw.trim_start().len());
        block.push(TLine {
            start: l.start,
            cs,
            ce: cs + t.len(),
            number: l.number,
            chars: t.bytes().filter(|&c| c & 0xC0 != 0x80).count(),
        });
    });
    flush(text, &mut block, &mut f);
}

fn flush(text: &str, block: &mut Vec<TLine>, f: &mut impl FnMut(&[TLine])) {
    if block.is_empty() {
        return;
    }
    // The block's typical full line: its 75th-percentile width, so one
    // very long line (a URL, an unwrapped paragraph) among hard-wrapped
    // ones does not make every wrapped line look short.
    let mut widths: Vec<usize> = block.iter().map(|l| l.chars).collect();
    widths.sort_unstable();
    let width = widths[(widths.len() - 1) * 3 / 4];
    let mut first = 0;
    for i in 0..block.len() {
        let last = i + 1 == block.len();
        if last || line_ends_segment(text, &block[i], &block[i + 1], width) {
            f(&block[first..=i]);
            first = i + 1;
        }
    }
    block.clear();
}

/// Whether the break after `cur` ends a segment although the line has no
/// sentence-final mark: a heading, a label, a list item. A line that does
/// end in a terminal mark is left to the sentence scanner.
fn line_ends_segment(text: &str, cur: &TLine, next: &TLine, width: usize) -> bool {
    let c = &text[cur.cs..cur.ce];
    let n = &text[next.cs..next.ce];
    if starts_list_item(n) {
        return true;
    }
    let Some(last) = c.chars().rev().find(|&ch| !is_closer(ch)) else {
        return true;
    };
    if is_terminal(last) {
        return false;
    }
    if matches!(last, ',' | ';' | '-' | '–' | '&' | '/' | '(' | '+' | '=') {
        return false;
    }
    if matches!(last, ':' | '：') {
        return true;
    }
    let last_word = c.rsplit(char::is_whitespace).next().unwrap_or("");
    if is_connective(last_word) {
        return false;
    }
    // Much shorter than the block's longest line: not a wrapped line.
    if cur.chars * 10 < width * 6 {
        return true;
    }
    let first = n.chars().find(|&ch| !is_opener(ch)).unwrap_or(' ');
    if first.is_lowercase() {
        return false;
    }
    cur.chars < 30 || is_title(c)
}

/// A line that starts with a bullet or an enumerator ("3.", "b)", "(iv)").
pub fn starts_list_item(s: &str) -> bool {
    let mut it = s.chars();
    let Some(c0) = it.next() else {
        return false;
    };
    if is_line_bullet(c0) {
        return match it.next() {
            None => true,
            Some(c1) => c1.is_whitespace() || (!matches!(c0, '-' | '+') && c1.is_alphanumeric()),
        };
    }
    enumerator(s.as_bytes(), 0).is_some_and(|m| m.end < s.len() && s.as_bytes()[m.end] == b' ')
}

/// How a list item is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    Number,
    Lower,
    Upper,
    LowerRoman,
    UpperRoman,
}

/// What follows the item's number: "1." "1.)" "1)" or "(1)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumStyle {
    Dot,
    DotParen,
    Paren,
    Enclosed,
}

#[derive(Debug, Clone, Copy)]
pub struct Enumerator {
    pub kind: EnumKind,
    pub style: EnumStyle,
    pub value: u32,
    /// Byte just past the marker.
    pub end: usize,
}

/// Parses a list marker starting at byte `p` of `b`.
pub fn enumerator(b: &[u8], p: usize) -> Option<Enumerator> {
    let enclosed = b.get(p) == Some(&b'(');
    let s = if enclosed { p + 1 } else { p };
    let mut e = s;
    while e < b.len() && e - s < 5 && b[e].is_ascii_alphanumeric() {
        e += 1;
    }
    if e == s || e - s > 4 {
        return None;
    }
    let (kind, value) = marker_value(&b[s..e])?;
    let (style, end) = if enclosed {
        (b.get(e) == Some(&b')')).then_some((EnumStyle::Enclosed, e + 1))?
    } else {
        match (b.get(e), b.get(e + 1)) {
            (Some(b'.'), Some(b')')) => (EnumStyle::DotParen, e + 2),
            (Some(b'.'), _) => (EnumStyle::Dot, e + 1),
            (Some(b')'), _) => (EnumStyle::Paren, e + 1),
            _ => return None,
        }
    };
    Some(Enumerator {
        kind,
        style,
        value,
        end,
    })
}

fn marker_value(t: &[u8]) -> Option<(EnumKind, u32)> {
    if t.iter().all(u8::is_ascii_digit) {
        if t.len() > 3 {
            return None;
        }
        let v = t.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        return Some((EnumKind::Number, v));
    }
    if t.len() == 1 && !matches!(t[0], b'i' | b'I') {
        let c = t[0];
        return if c.is_ascii_lowercase() {
            Some((EnumKind::Lower, u32::from(c - b'a') + 1))
        } else if c.is_ascii_uppercase() {
            Some((EnumKind::Upper, u32::from(c - b'A') + 1))
        } else {
            None
        };
    }
    let lower = t.iter().all(|c| matches!(c, b'i' | b'v' | b'x'));
    let upper = t.iter().all(|c| matches!(c, b'I' | b'V' | b'X'));
    if !(lower || upper) {
        return None;
    }
    let v = roman_value(t)?;
    Some((
        if lower {
            EnumKind::LowerRoman
        } else {
            EnumKind::UpperRoman
        },
        v,
    ))
}

fn roman_value(t: &[u8]) -> Option<u32> {
    let val = |c: u8| match c.to_ascii_lowercase() {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let mut total = 0i32;
    for (i, &c) in t.iter().enumerate() {
        let v = val(c);
        if t.get(i + 1).is_some_and(|&n| val(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    // Only canonical spellings: "iiii" or "vx" are not list markers.
    (total > 0 && roman_text(total as u32, false).as_bytes() == t.to_ascii_lowercase())
        .then_some(total as u32)
}

pub fn roman_text(mut v: u32, upper: bool) -> String {
    let mut s = String::new();
    for (n, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while v >= n {
            s.push_str(r);
            v -= n;
        }
    }
    if upper { s.to_ascii_uppercase() } else { s }
}

/// The marker text of item `value` in a list of `kind`.
pub fn enum_text(kind: EnumKind, value: u32) -> Option<String> {
    Some(match kind {
        EnumKind::Number => value.to_string(),
        EnumKind::Lower | EnumKind::Upper => {
            if !(1..=26).contains(&value) {
                return None;
            }
            let base = if kind == EnumKind::Lower { b'a' } else { b'A' };
            char::from(base + (value - 1) as u8).to_string()
        }
        EnumKind::LowerRoman => roman_text(value, false),
        EnumKind::UpperRoman => roman_text(value, true),
    })
}

fn is_title(s: &str) -> bool {
    let mut sig = 0;
    let mut caps = 0;
    for w in s.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        if !c.is_alphabetic() || (c.is_lowercase() && is_title_small_word(w)) {
            continue;
        }
        sig += 1;
        if c.is_uppercase() {
            caps += 1;
        }
    }
    sig >= 2 && caps == sig
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_and_ends() {
        let mut v = Vec::new();
        for_each_line("a\r\nb\rc\nd", |l| v.push((l.start, l.end, l.number)));
        assert_eq!(v, [(0, 1, 1), (3, 4, 2), (5, 6, 3), (7, 8, 4)]);
        v.clear();
        for_each_line("x\n", |l| v.push((l.start, l.end, l.number)));
        assert_eq!(v, [(0, 1, 1)]);
    }

    #[test]
    fn list_markers() {
        for s in [
            "1. x", "12) x", "a) x", "(iv) x", "• x", "- x", "IV. x", "2.) x",
        ] {
            assert!(starts_list_item(s), "{s}");
        }
        for s in [
            "1999. x",
            "No. 5",
            "-5 degrees",
            "Mix. x",
            "3.14 is pi",
            "x",
        ] {
            assert!(!starts_list_item(s), "{s}");
        }
    }

    fn chunks(t: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_chunk(t, |c| {
            v.push(
                t[c[0].cs..c[c.len() - 1].ce]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        });
        v
    }

    #[test]
    fn one_long_line_does_not_split_wrapped_ones() {
        let t = "This paragraph was wrapped by an editor at seventy-two columns\n\
                 and it goes on for a while before the very long line below\n\
                 https://example.org/a/very/long/address/that/nobody/would/ever/wrap/because/it/is/a/single/token/x\n\
                 follows and the paragraph then ends on this line here.";
        assert_eq!(chunks(t).len(), 1, "{:?}", chunks(t));
    }

    #[test]
    fn headings_and_labels_stand_alone() {
        let t = "Source: Internet\nAuthor: User\nKeywords Electrical business\nThe text itself starts here and runs on for a good while longer.";
        assert_eq!(chunks(t).len(), 4, "{:?}", chunks(t));
    }

    #[test]
    fn romans() {
        assert_eq!(roman_value(b"iv"), Some(4));
        assert_eq!(roman_value(b"xii"), Some(12));
        assert_eq!(roman_value(b"iiii"), None);
        assert_eq!(enum_text(EnumKind::UpperRoman, 9).as_deref(), Some("IX"));
        assert_eq!(enum_text(EnumKind::Lower, 27), None);
    }
}
