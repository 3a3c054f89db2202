//! `placeholder` and `url`: tokens that must come through translation
//! unchanged, compared as multisets of normalised keys.
//!
//! Decisions:
//! - Placeholders: printf (`%s`, `%1$d`, `%.2f`, `%(name)s`; not after a
//!   digit, where `%` is a percentage, and not `%%`), braces (`{0}`,
//!   `{name}`, `{{name}}` and `{{ name }}`, `{0,number}`: no other spaces
//!   inside, so a bracketed note `{After "God," …}` is prose), `$VAR`/`${VAR}`
//!   (not after a letter or digit: `US$`), markup tags (`<b>`, `</b>`,
//!   `<x id="1"/>`; an attribute part needs a `=`, so `a <b and c> d` is
//!   prose), `#NAME#` (upper case between hashes, as anonymised corpora
//!   and some CAT tools write them; not a hashtag) and a printf string's
//!   `%%` (against a lone `%` the format breaks); Qt's `%1` and `%L1`,
//!   and `%APPDATA%`. ICU MessageFormat arguments with a type and spaces
//!   (`{n, number, percent}`, `{g, select, male {he} other {they}}`) are
//!   read by their structure, see [`icu_argument`]. Compared by their text:
//!   `{0}` against `{1}` fires; the spaces inside `{{ }}`, a tag name's
//!   case, the whitespace inside a tag and a void element's closing slash
//!   (`<br>`, `<br/>`) do not count.
//! - URLs (`scheme://…`, `www.…`), e-mail addresses, `@handles` and
//!   `#hashtags` (with a letter: `#1` is "number one"; not after a letter:
//!   `C#`; and, when `placeholder` runs too, not `#NAME` where the other
//!   side has one more placeholder `#NAME#` than this one: that is the
//!   placeholder damaged, which `placeholder` reports; the name must match
//!   exactly; nor a hashtag made of such a placeholder's closing hash
//!   broken off by a space, `#PRS_ORG #RED`). Compared without the scheme, a leading `www.` or trailing
//!   slashes, the host case-insensitively and the path, query and fragment
//!   as written, so `http://x.org/` equals `www.X.org` while
//!   `x.org/r?t=AbC` against `x.org/r?t=abc` fires. A bare domain
//!   (`example.com`) is no URL: on WMT22 such words are brand names
//!   (`Suning.com`, `Dianping.com`) and sources MT adds (`English.news.cn`),
//!   not addresses to keep; it only excuses the same address written as a
//!   URL on the other side (`www.example.com`).
//!   Marks closing the sentence (`.`, `)`, …) are not part of a URL.

use std::ops::Range;

use super::scan::{latin_after, latin_before};
use super::{Code, QaFinding, Spans, diff_detail};
use crate::metric::text::Fnv;

/// One token with its key.
#[derive(Clone)]
pub(crate) struct Mark {
    key: u64,
    span: Range<usize>,
    /// Where the token's code ends: before `span.end` for an ICU case,
    /// whose span takes its message along for the reader (`female {her}`)
    /// but whose message is prose, with numbers `number` must see.
    code_end: usize,
    matched: bool,
}

/// One side's placeholders, parsed the first time a check asks for them:
/// `number` (to pass over their digits), `placeholder` and `punct` (to pass
/// over their brackets) read the same ones, and one parse serves all three.
#[derive(Default)]
pub(crate) struct Placeholders {
    marks: Vec<Mark>,
    parsed: bool,
}

impl Placeholders {
    /// Forgets the placeholders of the previous text: the next [`Placeholders::of`]
    /// parses again.
    pub(crate) fn clear(&mut self) {
        self.parsed = false;
    }

    /// The placeholders of `t`, which must be the text this was last asked
    /// about unless [`Placeholders::clear`] came between.
    fn of(&mut self, t: &str) -> &[Mark] {
        if !self.parsed {
            self.marks.clear();
            placeholders(t, &mut self.marks);
            self.parsed = true;
        }
        &self.marks
    }
}

/// `placeholders_checked`: whether `placeholder` runs on the pair too (see
/// [`damaged_placeholder`]). `places` holds (or gets) the sides'
/// placeholders; `marks` is scratch.
pub(crate) fn check_pair(
    texts: [&str; 2],
    code: Code,
    placeholders_checked: bool,
    places: &mut [Placeholders; 2],
    marks: &mut [Vec<Mark>; 2],
    out: &mut Vec<QaFinding>,
) {
    for s in 0..2 {
        marks[s].clear();
        if code == Code::Url {
            urls(texts[s], &mut marks[s]);
        } else {
            marks[s].extend_from_slice(places[s].of(texts[s]));
        }
    }
    if marks[0].is_empty() && marks[1].is_empty() {
        return;
    }
    let [a, b] = marks;
    a.sort_by_key(|m| m.key);
    b.sort_by_key(|m| m.key);
    let (mut i, mut j) = (0, 0);
    let mut missing = false;
    while i < a.len() && j < b.len() {
        if a[i].key == b[j].key {
            a[i].matched = true;
            b[j].matched = true;
            i += 1;
            j += 1;
        } else {
            missing = true;
            if a[i].key < b[j].key {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    if !missing && i == a.len() && j == b.len() {
        return;
    }
    let unmatched = |v: &[Mark]| {
        let mut s: Spans = v
            .iter()
            .filter(|m| !m.matched)
            .map(|m| m.span.clone())
            .collect();
        s.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        // A lost ICU case takes the placeholders of its message along:
        // they are the same loss, reported once.
        let mut end = 0;
        s.retain(|r| {
            let inside = r.end <= end;
            end = end.max(r.end);
            !inside
        });
        s
    };
    let (mut hyp, mut ref_) = (unmatched(a), unmatched(b));
    if code == Code::Url && placeholders_checked {
        // `#NAME` facing `#NAME#` is a placeholder that lost a hash: the
        // placeholder check reports it, a hashtag would report it twice.
        for (s, spans) in [(0, &mut hyp), (1, &mut ref_)] {
            let mut dropped: Vec<&str> = Vec::new();
            spans.retain(|r| {
                if closes_broken_name(texts[s], r.start, texts[1 - s]) {
                    return false;
                }
                let tag = &texts[s][r.clone()];
                let missing = damaged_placeholder(tag, texts[1 - s], texts[s]);
                let used = dropped.iter().filter(|d| **d == tag).count();
                if used < missing {
                    dropped.push(tag);
                    return false;
                }
                true
            });
        }
        if hyp.is_empty() && ref_.is_empty() {
            return;
        }
    }
    if code == Code::Url {
        // `www.example.com` against a bare `example.com`: the same address,
        // written the way the other side writes its domains.
        for (s, spans) in [(0, &mut hyp), (1, &mut ref_)] {
            spans.retain(|r| !written_bare(texts[1 - s], &texts[s].as_bytes()[r.clone()]));
        }
        if hyp.is_empty() && ref_.is_empty() {
            return;
        }
    }
    out.push(QaFinding {
        code,
        detail: diff_detail(texts, [&hyp, &ref_]),
        hyp,
        ref_,
    });
}

/// How many of the `#NAME#` placeholders of `other` that `tag` (a hashtag
/// `#NAME`) is short of a hash find no equal in `own`: the placeholder
/// check reports that many missing in `own`, so as many such hashtags are
/// the same damage.
fn damaged_placeholder(tag: &str, other: &str, own: &str) -> usize {
    let b = tag.as_bytes();
    if b.first() != Some(&b'#') || hash_name(b, 0).is_some() {
        return 0;
    }
    let count = |t: &str| whole_names(t.as_bytes(), b).count();
    count(other).saturating_sub(count(own))
}

/// Where `t` has the placeholder `#NAME#` whole, for `name` = `#NAME`.
fn whole_names<'a>(t: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    memchr::memmem::find_iter(t, name)
        .filter(move |&at| hash_name(t, at) == Some(at + name.len() + 1))
}

/// Whether the hashtag at `at` in `own` starts with the closing hash of a
/// `#NAME#` placeholder that a space broke off (`#PRS_ORG #RED`, `#NAME
/// #打电话`: MT's doing), where `other` has that placeholder whole; the
/// placeholder check reports the damage.
fn closes_broken_name(own: &str, at: usize, other: &str) -> bool {
    let b = own.as_bytes();
    let Some(sp) = at.checked_sub(1).filter(|&k| b[k] == b' ') else {
        return false;
    };
    let n = b[..sp]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'_')
        .count();
    if n == 0 || sp < n + 1 || b[sp - n - 1] != b'#' || !b[sp - n].is_ascii_uppercase() {
        return false;
    }
    whole_names(other.as_bytes(), &b[sp - n - 1..sp])
        .next()
        .is_some()
}

/// Whether `other` writes the web address `url` (a scheme or `www.` URL)
/// without scheme, `www.` and trailing slashes, as a word of its own
/// (`example.com`, `Example.com/docs`): bare domains are not URLs to this
/// check, so they only excuse one.
fn written_bare(other: &str, url: &[u8]) -> bool {
    let web = url.windows(3).any(|w| w == b"://")
        || url.len() > 4 && url[..4].eq_ignore_ascii_case(b"www.");
    if !web {
        return false;
    }
    let (s, host) = url_parts(url);
    if host == 0 || !s[..host].contains(&b'.') {
        return false;
    }
    let o = other.as_bytes();
    let first = s[0].to_ascii_lowercase();
    (0..o.len().saturating_sub(s.len() - 1)).any(|at| {
        o[at].to_ascii_lowercase() == first
            && o[at..at + host].eq_ignore_ascii_case(&s[..host])
            && o[at + host..at + s.len()] == s[host..]
            && (at == 0 || !is_url_byte(o[at - 1]) || o[at - 1] == b'(')
            && o.get(at + s.len()).is_none_or(|&c| {
                !(c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'_' | b'@'))
            })
    })
}

/// The spans of `t`'s placeholders and URLs, where digits are part of a
/// code (`{0}`, `%1$s`, `<x id="2"/>`, `example.com/v2`), not numbers.
pub(crate) fn code_spans(
    t: &str,
    places: &mut Placeholders,
    scratch: &mut Vec<Mark>,
    out: &mut Vec<Range<usize>>,
) {
    scratch.clear();
    urls(t, scratch);
    out.clear();
    out.extend(
        places
            .of(t)
            .iter()
            .chain(scratch.iter())
            .map(|m| m.span.start..m.code_end),
    );
}

/// The spans of `t`'s placeholders that hold their brackets whole, which
/// `punct` leaves out of its balance: `{0:#,##0.00;(#,##0.00)}` is code,
/// and its `;(` no emoticon. Not an ICU argument's head, which opens the
/// brace its cases close, nor a case, whose message is prose.
pub(crate) fn closed_placeholder_spans(
    t: &str,
    places: &mut Placeholders,
    out: &mut Vec<Range<usize>>,
) {
    let b = t.as_bytes();
    out.clear();
    out.extend(
        places
            .of(t)
            .iter()
            .filter(|m| {
                m.code_end == m.span.end && (b[m.span.start] != b'{' || b[m.span.end - 1] == b'}')
            })
            .map(|m| m.span.clone()),
    );
}

fn push(out: &mut Vec<Mark>, key: u64, span: Range<usize>) {
    push_code(out, key, span.clone(), span.end);
}

fn push_code(out: &mut Vec<Mark>, key: u64, span: Range<usize>, code_end: usize) {
    out.push(Mark {
        key,
        span,
        code_end,
        matched: false,
    });
}

/// Appends the placeholders of `t`.
fn placeholders(t: &str, out: &mut Vec<Mark>) {
    let b = t.as_bytes();
    let first = out.len();
    // A printf string's literal percents (`%%`): against a lone `%` on the
    // other side the format breaks. Only in a text that has a printf
    // placeholder: elsewhere `100%%` is a typo of prose.
    let mut ctx = Context::default();
    let printf_seen = placeholders_in(b, 0..b.len(), Message::Top, out, &mut ctx);
    if printf_seen && !ctx.percents.is_empty() {
        for p in ctx.percents {
            push(out, placeholder_key(&b[p.clone()]), p);
        }
        out[first..].sort_by_key(|m| m.span.start);
    }
}

/// What kind of ICU message a stretch of text is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Message {
    /// The text itself.
    Top,
    /// A case of a `select`, `depth` arguments deep.
    Case { depth: u8 },
    /// A case of a `plural` or `selectordinal`, where `#` stands for the
    /// number; `count` is false in a case for one value (`=0`, `one`,
    /// `two`), where the number may be written in words ("one file").
    PluralCase { depth: u8, count: bool },
}

impl Message {
    fn depth(self) -> u8 {
        match self {
            Message::Top => 0,
            Message::Case { depth } | Message::PluralCase { depth, .. } => depth,
        }
    }
}

/// What the placeholder search of one text carries along.
#[derive(Default)]
struct Context {
    /// The `%%` seen.
    percents: Vec<Range<usize>>,
    /// ICU arguments that began but did not parse: after a few, the text
    /// is not ICU, and each try reads up to [`MAX_ICU_LEN`] ahead.
    icu_failures: u8,
}

const MAX_ICU_FAILURES: u8 = 8;

/// The longest ICU argument read, in bytes.
const MAX_ICU_LEN: usize = 16 * 1024;

/// The case messages of ICU arguments nested deeper than this are not
/// searched for placeholders: no real message nests so deep, and the limit
/// bounds the recursion on hostile input.
const MAX_ICU_DEPTH: u8 = 6;

/// Appends the placeholders of `b[range]`, a message of kind `kind`, and
/// the spans of its `%%`; returns whether it has a printf placeholder.
fn placeholders_in(
    b: &[u8],
    range: Range<usize>,
    kind: Message,
    out: &mut Vec<Mark>,
    ctx: &mut Context,
) -> bool {
    let mut printf_seen = false;
    let mut i = range.start;
    let to = range.end;
    // The parsers see the message only, not what follows it.
    let b = &b[..to];
    while i < to {
        let end = match b[i] {
            b'%' if b.get(i + 1) == Some(&b'%') => {
                ctx.percents.push(i..i + 2);
                i += 2;
                continue;
            }
            b'%' => {
                let e = printf(b, i);
                printf_seen |= e.is_some();
                e.or_else(|| qt_arg(b, i)).or_else(|| env_var(b, i))
            }
            b'{' => match brace(b, i).or_else(|| net_format(b, i)) {
                Some(e) => Some(e),
                None if ctx.icu_failures < MAX_ICU_FAILURES => {
                    if let Some(e) = icu_argument(b, i, kind.depth(), out, ctx) {
                        printf_seen |= e.1;
                        i = e.0;
                        continue;
                    }
                    None
                }
                None => None,
            },
            b'#' if matches!(kind, Message::PluralCase { .. }) => {
                if matches!(kind, Message::PluralCase { count: true, .. }) {
                    push(out, placeholder_key(b"#"), i..i + 1);
                }
                i += 1;
                continue;
            }
            b'$' => dollar(b, i),
            b'<' => tag(b, i),
            b'#' => hash_name(b, i),
            _ => None,
        };
        match end {
            Some(e) => {
                push(out, placeholder_key(&b[i..e]), i..e);
                i = e;
            }
            None => i += 1,
        }
    }
    printf_seen
}

/// An ICU MessageFormat argument with a type at `b[i]` (`{`): a
/// formatted one (`{n, number, ::percent}`, `{d, date, short}`) is one
/// placeholder, its spaces not counting; a `plural`, `select` or
/// `selectordinal` one is a head (`{n, plural, offset:1`: name, type and
/// offset) and one placeholder per case, keyed by the case's selector and
/// spanning its message for the reader (`female {her}`), while the message
/// itself is prose with placeholders of its own (`#` in a plural's, but
/// for a case of one value, `=1` or `one`, whose number may be written
/// "one"). So a case one side lost fires, and translated cases do not.
/// Both renderings are in one language, so their plural categories are
/// the same. Returns where the argument ends and whether a printf
/// placeholder is inside it; `None` when this is not such an argument.
fn icu_argument(
    b: &[u8],
    i: usize,
    depth: u8,
    out: &mut Vec<Mark>,
    ctx: &mut Context,
) -> Option<(usize, bool)> {
    let ws = |j: usize| skip(b, j, |c| c.is_ascii_whitespace());
    let name_at = ws(i + 1);
    let name_end = skip(b, name_at, is_ident);
    if name_end == name_at || name_end - name_at > 40 {
        return None;
    }
    let mut j = ws(name_end);
    if b.get(j) != Some(&b',') {
        return None;
    }
    let type_at = ws(j + 1);
    let type_end = skip(b, type_at, |c| c.is_ascii_alphabetic());
    let kind = &b[type_at..type_end];
    j = ws(type_end);
    let mut key = Fnv::NEW
        .bytes(b"{")
        .bytes(&b[name_at..name_end])
        .bytes(b",")
        .bytes(kind);
    match kind {
        b"number" | b"date" | b"time" | b"spellout" | b"ordinal" | b"duration" => {
            // An optional style up to the closing brace, on one line.
            let style_end = j + b[j..b.len().min(j + 80)]
                .iter()
                .position(|&c| matches!(c, b'}' | b'{' | b'\n'))?;
            if b[style_end] != b'}' || (style_end > j && b[j] != b',') {
                return None;
            }
            // `{0, number}` is the brace placeholder `{0,number}`.
            for &c in &b[j..=style_end] {
                if !c.is_ascii_whitespace() {
                    key.push(c);
                }
            }
            push(out, key.0, i..style_end + 1);
            Some((style_end + 1, false))
        }
        b"plural" | b"select" | b"selectordinal" => {
            if b.get(j) != Some(&b',') {
                return None;
            }
            let plural = kind != b"select";
            let mut head_end = j + 1;
            j = ws(j + 1);
            if plural && b[j..].starts_with(b"offset:") {
                let d = ws(j + 7);
                let e = skip(b, d, |c| c.is_ascii_digit());
                if e == d {
                    return None;
                }
                key = key.bytes(b",offset:").bytes(&b[d..e]);
                head_end = e;
                j = ws(e);
            }
            let head = out.len();
            let mut cases = Vec::new();
            let b = &b[..b.len().min(i + MAX_ICU_LEN)];
            let failed = |ctx: &mut Context| {
                ctx.icu_failures += 1;
                None
            };
            loop {
                let Some(&c) = b.get(j) else {
                    return failed(ctx);
                };
                match c {
                    b'}' if !cases.is_empty() => break,
                    b'}' => return failed(ctx),
                    _ => {}
                }
                let sel_at = j;
                let sel_end = if b[j] == b'=' {
                    skip(b, j + 1, |c| c.is_ascii_digit() || c == b'.')
                } else {
                    skip(b, j, is_ident)
                };
                if sel_end == sel_at || sel_end == sel_at + 1 && b[sel_at] == b'=' {
                    return failed(ctx);
                }
                let open = ws(sel_end);
                if b.get(open) != Some(&b'{') {
                    return failed(ctx);
                }
                let Some(close) = case_end(b, open) else {
                    return failed(ctx);
                };
                cases.push((sel_at..sel_end, open..close));
                j = ws(close + 1);
            }
            let end = j + 1;
            // The head: the argument's name, type and offset.
            push_code(out, key.0, i..head_end, head_end);
            let mut printf_seen = false;
            for (sel, body) in cases {
                let selector = &b[sel.clone()];
                let inner = if plural {
                    Message::PluralCase {
                        depth: depth + 1,
                        count: !(selector.starts_with(b"=")
                            || matches!(selector, b"zero" | b"one" | b"two")),
                    }
                } else {
                    Message::Case { depth: depth + 1 }
                };
                let case_key = Fnv(key.0).bytes(b"|").bytes(&b[sel.clone()]).0;
                push_code(out, case_key, sel.start..body.end + 1, sel.end);
                if depth + 1 < MAX_ICU_DEPTH {
                    printf_seen |= placeholders_in(b, body.start + 1..body.end, inner, out, ctx);
                }
            }
            // Cases come after their head, then in text order with what
            // their messages hold.
            out[head..].sort_by_key(|m| m.span.start);
            Some((end, printf_seen))
        }
        _ => None,
    }
}

/// The closing brace of the case message opening at `b[open]`, nested
/// braces counted and ICU's quoting (`'{'`, `'#'`) skipped.
fn case_end(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    while j < b.len() {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            b'\'' if matches!(b.get(j + 1), Some(b'{' | b'}' | b'#' | b'|')) => {
                j += 1 + memchr::memchr(b'\'', &b[j + 1..])?;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// Qt's `%1` to `%99` and `%L1` (a number in the locale's digits), not
/// glued to a word or a number (`50%1` is a percentage).
fn qt_arg(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let s = i + 1 + usize::from(b.get(i + 1) == Some(&b'L'));
    if !b.get(s).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return None;
    }
    let e = s + 1 + usize::from(b.get(s + 1).is_some_and(u8::is_ascii_digit));
    (!b.get(e).is_some_and(|c| c.is_ascii_alphanumeric())).then_some(e)
}

/// A Windows environment variable, `%APPDATA%`, `%ProgramFiles%`: a name
/// of two or more between two `%`, not glued to a word on either side.
fn env_var(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    if !b
        .get(i + 1)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let k = skip(b, i + 1, is_ident);
    let e = k + 1;
    (k - i > 2 && b.get(k) == Some(&b'%') && !b.get(e).is_some_and(|c| c.is_ascii_alphanumeric()))
        .then_some(e)
}

/// HTML elements that never have content: `<br>`, `<br/>` and `<br />`
/// are one tag.
const VOID: [&[u8]; 8] = [
    b"br", b"hr", b"img", b"input", b"wbr", b"meta", b"link", b"source",
];

/// The key of a placeholder: its exact text, except that spaces inside
/// `{{ name }}` do not count, and a tag's name is case-insensitive, its
/// whitespace runs are one space and none before `/>` or `>`, and a void
/// HTML element's closing slash does not count (`<x id="1"/>` is
/// `<x id="1" />`, `<B>` is `<b>`).
fn placeholder_key(p: &[u8]) -> u64 {
    let mut h = Fnv::NEW;
    if p.starts_with(b"{{") {
        for &c in p.iter().filter(|c| !c.is_ascii_whitespace()) {
            h.push(c);
        }
        return h.0;
    }
    if !p.starts_with(b"<") {
        return h.bytes(p).0;
    }
    let slash = usize::from(p.get(1) == Some(&b'/'));
    let name_end = skip(p, 1 + slash, |c| {
        is_ident(c) || matches!(c, b':' | b'.' | b'-')
    });
    let name = &p[..name_end];
    for &c in name {
        h.push(c.to_ascii_lowercase());
    }
    let mut rest = &p[name_end..];
    if VOID
        .iter()
        .any(|v| name[1 + slash..].eq_ignore_ascii_case(v))
    {
        if let Some(r) = rest.strip_suffix(b"/>") {
            rest = r;
        } else if let Some(r) = rest.strip_suffix(b">") {
            rest = r;
        }
    }
    let mut space = false;
    for &c in rest {
        if c.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space && !matches!(c, b'/' | b'>') {
            h.push(b' ');
        }
        space = false;
        h.push(c);
    }
    h.0
}

fn skip(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i
}

/// [`skip`] for an address: over the ASCII bytes `ascii` takes and the
/// letters of Latin script (`wiki/Münster`, `café`, `@josé`), which
/// addresses in European languages carry; not CJK, which Chinese text
/// glues to an address (`www.example.com点击`).
fn skip_address(b: &[u8], mut i: usize, ascii: impl Fn(u8) -> bool) -> usize {
    while let Some(&c) = b.get(i) {
        i += match c {
            0..0x80 if ascii(c) => 1,
            0..0x80 => break,
            _ => match latin_after(b, i) {
                Some((_, e)) => e - i,
                None => break,
            },
        };
    }
    i
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn printf(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && b[i - 1].is_ascii_digit() {
        return None;
    }
    let mut j = i + 1;
    if b.get(j) == Some(&b'(') {
        let k = skip(b, j + 1, is_ident);
        if k == j + 1 || b.get(k) != Some(&b')') {
            return None;
        }
        j = k + 1;
    } else {
        let k = skip(b, j, |c| c.is_ascii_digit());
        if k > j && b.get(k) == Some(&b'$') {
            j = k + 1;
        }
    }
    j = skip(b, j, |c| matches!(c, b'-' | b'+' | b'#' | b'0'));
    j = if b.get(j) == Some(&b'*') {
        j + 1
    } else {
        skip(b, j, |c| c.is_ascii_digit())
    };
    if b.get(j) == Some(&b'.') {
        j = if b.get(j + 1) == Some(&b'*') {
            j + 2
        } else {
            skip(b, j + 1, |c| c.is_ascii_digit())
        };
    }
    for len in [&b"hh"[..], b"ll", b"h", b"l", b"L", b"z", b"j", b"t", b"q"] {
        if b[j.min(b.len())..].starts_with(len) {
            j += len.len();
            break;
        }
    }
    let conv = *b.get(j)?;
    if !b"diouxXeEfFgGaAcspn@".contains(&conv) {
        return None;
    }
    let e = j + 1;
    (!b.get(e).is_some_and(|c| c.is_ascii_alphanumeric())).then_some(e)
}

fn brace(b: &[u8], i: usize) -> Option<usize> {
    let double = b.get(i + 1) == Some(&b'{');
    let mut s = i + 1 + double as usize;
    // Templates (Angular, Vue, Jinja, Handlebars) write `{{ name }}`.
    if double {
        s = skip(b, s, |c| c == b' ');
    }
    let mut k = skip(b, s, |c| {
        is_ident(c) || matches!(c, b'.' | b':' | b',' | b'-' | b'#' | b'!')
    });
    // A .NET format after the colon may hold slashes: `{0:dd/MM/yyyy}`.
    if !double && b.get(k) == Some(&b'/') && b[s..k].contains(&b':') {
        k = skip(b, k, |c| {
            is_ident(c) || matches!(c, b'.' | b':' | b',' | b'-' | b'#' | b'!' | b'/')
        });
    }
    if double && k > s {
        k = skip(b, k, |c| c == b' ');
    }
    if k == s && double || k - s > 40 || b.get(k) != Some(&b'}') {
        return None;
    }
    if double {
        (b.get(k + 1) == Some(&b'}')).then_some(k + 2)
    } else {
        Some(k + 1)
    }
}

/// A .NET composite-format item whose format string holds more than
/// [`brace`] reads: `{0:#,##0.00;(#,##0.00)}`, `{1,-10:yyyy-MM-dd HH:mm}`.
/// An index, an optional alignment and a colon make the head; the format
/// string after it runs to the closing brace (no braces or line breaks in
/// it: .NET escapes a brace by doubling, which no real format needs), at
/// most [`NET_FORMAT_MAX`] bytes, and must read as one
/// ([`is_net_format`]), as prose in braces may start with a number too.
fn net_format(b: &[u8], i: usize) -> Option<usize> {
    let s = i + 1;
    let mut k = skip(b, s, |c| c.is_ascii_digit());
    if k == s || k - s > 3 {
        return None;
    }
    k = skip(b, k, |c| c == b' ');
    if b.get(k) == Some(&b',') {
        k = skip(b, k + 1, |c| c == b' ');
        k += usize::from(b.get(k) == Some(&b'-'));
        let d = skip(b, k, |c| c.is_ascii_digit());
        if d == k {
            return None;
        }
        k = skip(b, d, |c| c == b' ');
    }
    if b.get(k) != Some(&b':') {
        return None;
    }
    let f = k + 1;
    let lim = b.len().min(f + NET_FORMAT_MAX + 1);
    let e = f + b[f..lim]
        .iter()
        .position(|&c| matches!(c, b'{' | b'}' | b'\n' | b'\r'))?;
    let format = &b[f..e];
    (b[e] == b'}' && is_net_format(format) && !braced_time(&b[s..f - 1], format)).then_some(e + 1)
}

/// Whether `f` is made of what .NET format strings are: the letters of
/// the standard and custom number and date formats (`N2`, `yyyy-MM-dd`,
/// `HH:mm tt`), digits, their marks (the per mille sign `‰` too) and quoted
/// literals (`0 'items'`), starting with no space. Prose in braces after a
/// number, `{1: see above}`, has other letters.
fn is_net_format(f: &[u8]) -> bool {
    const LETTERS: &[u8] = b"bBcCdDeEfFgGhHKmMnNoOpPrRsStTuUxXyYz";
    const PER_MILLE: &[u8] = "‰".as_bytes();
    let mut quote = None;
    let mut i = 0;
    while let Some(&c) = f.get(i) {
        i += 1;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None if f[i - 1..].starts_with(PER_MILLE) => i += PER_MILLE.len() - 1,
            None if c.is_ascii_digit()
                || LETTERS.contains(&c)
                || b" #.,;%+-/:()[]\\".contains(&c) => {}
            None => return false,
        }
    }
    f.first().is_some_and(|&c| c != b' ') && quote.is_none()
}

/// Whether `{index:format}` is a clock time in braces, `{5:00 PM}` or
/// `{9:00 A. M.}` (the World English Bible's notes), not a .NET item.
fn braced_time(index: &[u8], format: &[u8]) -> bool {
    let mut rest = format
        .iter()
        .skip(2)
        .filter(|c| !matches!(c, b' ' | b'.'))
        .map(u8::to_ascii_lowercase);
    index.len() <= 2
        && format.len() > 2
        && format[..2].iter().all(u8::is_ascii_digit)
        && matches!(rest.next(), Some(b'a' | b'p'))
        && rest.next() == Some(b'm')
        && rest.next().is_none()
}

/// The longest format string [`net_format`] reads (real ones run to some
/// 30 bytes; `{0:#,##0.00;(#,##0.00);Zero}` is 27).
const NET_FORMAT_MAX: usize = 64;

fn dollar(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let braced = b.get(i + 1) == Some(&b'{');
    let s = i + 1 + braced as usize;
    if !b
        .get(s)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let k = skip(b, s, is_ident);
    if braced {
        (b.get(k) == Some(&b'}')).then_some(k + 1)
    } else {
        Some(k)
    }
}

/// `#NAME#`: upper-case letters, digits and `_` between two `#`.
fn hash_name(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i + 1).is_some_and(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let k = skip(b, i + 1, |c| {
        c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'
    });
    (b.get(k) == Some(&b'#')).then_some(k + 1)
}

fn tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if b.get(j) == Some(&b'/') {
        j += 1;
    }
    if !b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    j = skip(b, j, |c| is_ident(c) || matches!(c, b':' | b'.' | b'-'));
    match b.get(j)? {
        b'>' => Some(j + 1),
        b'/' if b.get(j + 1) == Some(&b'>') => Some(j + 2),
        c if c.is_ascii_whitespace() => {
            let lim = b.len().min(j + 200);
            let k = j + b[j..lim]
                .iter()
                .position(|&c| matches!(c, b'>' | b'<' | b'\n'))?;
            let attrs = &b[j..k];
            let plain = attrs.iter().all(|c| c.is_ascii_whitespace() || *c == b'/');
            (b[k] == b'>' && (plain || attrs.contains(&b'='))).then_some(k + 1)
        }
        _ => None,
    }
}

/// Appends the URLs, e-mail addresses, handles and hashtags of `t`.
fn urls(t: &str, out: &mut Vec<Mark>) {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b':' if b[i..].starts_with(b"://") => scheme_url(b, i),
            b'w' | b'W'
                if b.len() - i >= 5
                    && b[i..i + 4].eq_ignore_ascii_case(b"www.")
                    && b[i + 4].is_ascii_alphanumeric()
                    && (i == 0 || !is_url_byte(b[i - 1]) || b[i - 1] == b'(') =>
            {
                Some((i, url_end(b, i)))
            }
            b'@' => email_or_handle(b, i),
            b'#' => hashtag(t, i),
            _ => None,
        };
        match found {
            Some((s, e)) => {
                push(out, url_key(&b[s..e]), s..e);
                i = e.max(i + 1);
            }
            None => i += 1,
        }
    }
}

fn is_url_byte(c: u8) -> bool {
    c > b' ' && c < 0x7f && !matches!(c, b'<' | b'>' | b'"' | b'`')
}

fn scheme_url(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut s = i;
    while s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'.' | b'-')) {
        s -= 1;
    }
    if i - s < 2 || !b[s].is_ascii_alphabetic() {
        return None;
    }
    let e = url_end(b, i);
    (e > i + 3).then_some((s, e))
}

/// The end of a URL starting at `s`: up to whitespace or a non-ASCII
/// character, less the marks that close the sentence around it.
fn url_end(b: &[u8], s: usize) -> usize {
    let mut e = skip_address(b, s, is_url_byte);
    loop {
        match b[e - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' => e -= 1,
            c @ (b')' | b']') => {
                let open = if c == b')' { b'(' } else { b'[' };
                let opens = b[s..e].iter().filter(|&&x| x == open).count();
                let closes = b[s..e].iter().filter(|&&x| x == c).count();
                if closes > opens {
                    e -= 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
        if e == s {
            break;
        }
    }
    e
}

fn email_or_handle(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut s = i;
    while s > 0 {
        if local(b[s - 1]) {
            s -= 1;
            continue;
        }
        // A Latin letter ending at `s` (`josé@`).
        match latin_before(b, s) {
            Some((_, k)) => s = k,
            None => break,
        }
    }
    if s < i {
        let mut e = skip_address(b, i + 1, |c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')
        });
        while e > i + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let dom = &b[i + 1..e];
        let tld = dom
            .iter()
            .rposition(|&c| c == b'.')
            .map(|p| &dom[p + 1..])?;
        return (tld.len() >= 2 && tld.iter().all(|c| c.is_ascii_alphabetic())).then_some((s, e));
    }
    let e = skip_address(b, i + 1, is_ident);
    (e > i + 1 && e - i <= 31).then_some((i, e))
}

fn hashtag(t: &str, i: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    if hash_name(b, i).is_some() {
        return None;
    }
    if i > 0 {
        let prev = t[..i].chars().next_back()?;
        if prev.is_alphanumeric() || matches!(prev, '&' | '#' | '_') {
            return None;
        }
    }
    let mut e = i + 1;
    let mut letter = false;
    for c in t[i + 1..].chars() {
        if c.is_alphanumeric() || c == '_' {
            letter |= c.is_alphabetic();
            e += c.len_utf8();
        } else {
            break;
        }
    }
    if !letter {
        return None;
    }
    // Weibo style: #topic#
    if b.get(e) == Some(&b'#') && !t[i + 1..e].is_ascii() {
        e += 1;
    }
    Some((i, e))
}

/// Without scheme, leading `www.` or trailing slashes; the host (and an
/// e-mail address, a handle or a hashtag) case-insensitive, the path,
/// query and fragment as written (`?token=AbC123` is not `abc123`).
fn url_key(u: &[u8]) -> u64 {
    let (s, mut host) = url_parts(u);
    if u.starts_with(b"@") || u.starts_with(b"#") || u.contains(&b'@') {
        host = s.len();
    }
    let mut h = Fnv::NEW;
    for (i, &c) in s.iter().enumerate() {
        h.push(if i < host { c.to_ascii_lowercase() } else { c });
    }
    h.0
}

/// A URL as [`url_key`] and [`written_bare`] compare it: without scheme,
/// a leading `www.` or trailing slashes; with the length of its host, up
/// to the first `/`, `?` or `#`.
fn url_parts(u: &[u8]) -> (&[u8], usize) {
    let mut s = u;
    if let Some(p) = s.windows(3).position(|w| w == b"://") {
        s = &s[p + 3..];
    }
    if s.len() > 4 && s[..4].eq_ignore_ascii_case(b"www.") {
        s = &s[4..];
    }
    while let [rest @ .., b'/'] = s {
        s = rest;
    }
    let host = s
        .iter()
        .position(|c| matches!(c, b'/' | b'?' | b'#'))
        .unwrap_or(s.len());
    (s, host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::{CheckSet, check_pair as pair_check};

    fn run(code: Code, h: &str, r: &str) -> Vec<QaFinding> {
        let mut out = Vec::new();
        pair_check(h, r, CheckSet::NONE.with(code), &mut out);
        out
    }

    fn pair(code: Code, h: &str, r: &str) -> Vec<String> {
        run(code, h, r).iter().map(|f| f.to_string()).collect()
    }

    fn found(f: fn(&str, &mut Vec<Mark>), t: &str) -> Vec<&str> {
        let mut v = Vec::new();
        f(t, &mut v);
        v.iter().map(|m| &t[m.span.clone()]).collect()
    }

    #[test]
    fn placeholder_kinds_are_found() {
        assert_eq!(
            found(
                placeholders,
                "%s %1$d %.2f %-5s %(name)s %@ {0} {name} {{name}} {} $VAR ${HOME} <b> </b> <x id=\"1\"/> <br/> #PRS_ORG# {0:dd/MM/yyyy}"
            ),
            [
                "%s",
                "%1$d",
                "%.2f",
                "%-5s",
                "%(name)s",
                "%@",
                "{0}",
                "{name}",
                "{{name}}",
                "{}",
                "$VAR",
                "${HOME}",
                "<b>",
                "</b>",
                "<x id=\"1\"/>",
                "<br/>",
                "#PRS_ORG#",
                "{0:dd/MM/yyyy}"
            ]
        );
    }

    #[test]
    fn prose_is_not_a_placeholder() {
        for t in [
            "50% off and 100 % sure",
            "a 10%s rise",
            "100%% done",
            "the %age",
            "US$5 and HK$ 3 and $5",
            "a <b and c> d, if x<y",
            "{After \"God,\" the Hebrew has}",
            "{and/or}",
            "<3 love",
            "{unclosed",
        ] {
            assert!(
                found(placeholders, t).is_empty(),
                "{t}: {:?}",
                found(placeholders, t)
            );
        }
    }

    #[test]
    fn a_missing_placeholder_fires_with_its_span() {
        let f = &run(Code::Placeholder, "Hello!", "Hello {0}!")[0];
        assert_eq!(f.to_string(), "placeholder: {0} missing in hyp");
        assert_eq!(f.ref_[..], [Range { start: 6, end: 9 }]);
        assert_eq!(
            pair(Code::Placeholder, "Hi %s and %s", "Hi %s"),
            ["placeholder: %s missing in ref"]
        );
        assert_eq!(
            pair(Code::Placeholder, "Hi {0}", "Hi {1}"),
            ["placeholder: {0} -> {1}"]
        );
        assert_eq!(
            pair(Code::Placeholder, "<b>Hi", "<b>Hi</b>"),
            ["placeholder: </b> missing in hyp"]
        );
    }

    #[test]
    fn template_spaces_tag_spelling_and_literal_percent() {
        for (h, r) in [
            ("Welcome back, {{name}}!", "Welcome back, {{ name }}!"),
            ("Click <x id=\"1\"/> here.", "Click <x id=\"1\" /> here."),
            ("Press <B>OK</B> now.", "Press <b>OK</b> now."),
            ("Line<br>break.", "Line<br/>break."),
            ("Line<br />break.", "Line<br>break."),
            ("Done: 50%% of %d.", "Fertig: 50%% von %d."),
            ("It is 100%% done.", "It is 100% done."),
        ] {
            assert!(run(Code::Placeholder, h, r).is_empty(), "{h} / {r}");
        }
        assert_eq!(
            pair(Code::Placeholder, "Hello {{ user }}.", "Hello {{ name }}."),
            ["placeholder: {{ user }} -> {{ name }}"]
        );
        assert_eq!(
            pair(
                Code::Placeholder,
                "Uploaded %d%% of it.",
                "Uploaded %d% of it."
            ),
            ["placeholder: %% missing in ref"]
        );
        // Attributes still count, and `<b/>` is not `<b>`.
        assert_eq!(
            pair(Code::Placeholder, "<x id=\"1\"/>", "<x id=\"2\"/>"),
            ["placeholder: <x id=\"1\"/> -> <x id=\"2\"/>"]
        );
        assert_eq!(
            pair(Code::Placeholder, "a<b/>c", "a<b>c"),
            ["placeholder: <b/> -> <b>"]
        );
        // `{{ }}` and a single brace with spaces are prose.
        assert!(found(placeholders, "{{ }} and { name }").is_empty());
    }

    #[test]
    fn icu_arguments_compare_their_structure_not_their_messages() {
        // Each case is a placeholder spanning its message; the messages are
        // prose with placeholders of their own.
        assert_eq!(
            found(
                placeholders,
                "{n, plural, offset:1 =0 {none} one {# item} other {# items for {who}}} {d, date, short}"
            ),
            [
                "{n, plural, offset:1",
                "=0 {none}",
                "one {# item}",
                "other {# items for {who}}",
                "#",
                "{who}",
                "{d, date, short}"
            ]
        );
        // Translated or reworded messages, the same cases in another
        // order, a formatted argument's spaces: no finding.
        for (h, r) in [
            (
                "{g, select, male {his} female {her} other {their}} book",
                "{g, select, female {sein} male {ihr} other {ihr}} Buch",
            ),
            (
                "{n, plural, one {# file} other {# files}} left",
                "{n, plural, one {One file} other {# files}} remain",
            ),
            ("Total {n, number, percent}", "Total {n,number,percent}"),
            (
                "{n, plural, =1 {a message} other {# messages}}",
                "{n, plural, =1 {one message} other {# messages}}",
            ),
        ] {
            assert!(run(Code::Placeholder, h, r).is_empty(), "{h} / {r}");
        }
        assert_eq!(
            pair(
                Code::Placeholder,
                "{g, select, male {He} other {They}} replied.",
                "{g, select, male {He} female {She} other {They}} replied."
            ),
            ["placeholder: female {She} missing in hyp"]
        );
        assert_eq!(
            pair(
                Code::Placeholder,
                "{n, plural, one {# day} other {# days}}",
                "{n, plural, one {# day} other {days}}"
            ),
            ["placeholder: # missing in ref"]
        );
        // A lost case is one finding, not one more per placeholder in it.
        assert_eq!(
            pair(
                Code::Placeholder,
                "{n, plural, one {# item} other {# items for {who}}} left",
                "{n, plural, one {# item}} left"
            ),
            ["placeholder: other {# items for {who}} missing in ref"]
        );
        assert_eq!(
            pair(
                Code::Placeholder,
                "{n, plural, other {#}}",
                "{m, plural, other {#}}"
            ),
            ["placeholder: {n, plural, / other {#} -> {m, plural, / other {#}"]
        );
        assert_eq!(
            pair(Code::Placeholder, "On {d, date, short}", "On {d, date}"),
            ["placeholder: {d, date, short} -> {d, date}"]
        );
        // .NET formats, slashes included.
        assert_eq!(
            pair(Code::Placeholder, "On {0:dd/MM/yyyy}", "On {0:MM/dd/yyyy}"),
            ["placeholder: {0:dd/MM/yyyy} -> {0:MM/dd/yyyy}"]
        );
        // .NET format strings with spaces, sections and an alignment.
        assert_eq!(
            pair(
                Code::Placeholder,
                "At {1,-10:yyyy-MM-dd HH:mm} pay {0:#,##0.00;(#,##0.00);Zero}",
                "At {1,-10:yyyy-MM-dd} pay {0:#,##0.00;(#,##0.00);Zero}"
            ),
            ["placeholder: {1,-10:yyyy-MM-dd HH:mm} -> {1,-10:yyyy-MM-dd}"]
        );
        let net = |t: &str| net_format(t.as_bytes(), 0);
        assert_eq!(net("{0:#,##0.00;(#,##0.00)} left"), Some(23));
        assert_eq!(net("{12 , -5 :C2}"), Some(13));
        assert_eq!(net("{0:0 'items, all'}"), Some(18));
        assert_eq!(net("{0:hh:mm tt}"), Some(12));
        assert_eq!(net("{0:0.0‰} of"), Some(10));
        assert_eq!(net("{0:#‰;-#‰}"), Some(14));
        // Not .NET items: no index, no colon, an empty or unclosed format,
        // a line break or a brace in it, a format past the limit.
        for t in [
            "{a:b c}",
            "{0 b}",
            "{0:}",
            "{0:#,##0",
            "{0:dd\nMM}",
            "{0:{x}}",
            "{1234:C}",
            "{0,:C}",
            "{1: see above}",
            "{1:see also}",
            "{0:N2 'open}",
            "{5:00 PM}",
            "{9:00 A. M.}",
            "{1:‰ of all}",
            "{0:0‰ below}",
            "{0:5 \u{2031}}",
        ] {
            assert_eq!(net(t), None, "{t}");
        }
        let long = format!("{{0:{}}}", "#".repeat(NET_FORMAT_MAX));
        assert_eq!(net(&long), Some(long.len()));
        assert_eq!(
            net(&format!("{{0:{}}}", "#".repeat(NET_FORMAT_MAX + 1))),
            None
        );
        // `punct` leaves out placeholders that hold their brackets whole,
        // not an ICU head or case.
        let mut places = Placeholders::default();
        let mut spans = Vec::new();
        let t = "{0:(x} and {g, select, male {He (x} other {y}} %s";
        closed_placeholder_spans(t, &mut places, &mut spans);
        assert_eq!(spans, [0..6, 47..49]);
        // A number in a case's message is a number, the selector's is code.
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        let t = "{n, plural, =2 {in 5 days}} on www.x.org/2";
        places.clear();
        code_spans(t, &mut places, &mut scratch, &mut out);
        assert_eq!(out, [0..11, 12..14, 31..42]);
        // The placeholders parsed once serve the next ask about the same
        // text (whose ICU head and case hold no closed brackets); after
        // `clear` another text is parsed afresh.
        closed_placeholder_spans(t, &mut places, &mut spans);
        assert!(spans.is_empty(), "{spans:?}");
        places.clear();
        closed_placeholder_spans("%d (%s)", &mut places, &mut spans);
        assert_eq!(spans, [0..2, 4..6]);
        // Not ICU: prose in braces, an argument without cases, an unclosed
        // case; nesting past the limit stays bounded.
        for t in [
            "{see above, chapter 2}",
            "{n, select}",
            "{n, select, a {x}",
            "{n, plural, one}",
        ] {
            let f = found(placeholders, t);
            assert!(
                !f.iter()
                    .any(|p| p.starts_with("{n") || p.starts_with("{see")),
                "{t}: {f:?}"
            );
        }
        let deep = "{a, select, x {".repeat(2000) + &"}}".repeat(2000);
        assert!(!found(placeholders, &deep).is_empty());
    }

    #[test]
    fn qt_arguments_and_environment_variables_are_placeholders() {
        assert_eq!(
            found(placeholders, "Copied %1 of %L2 to %APPDATA% (%99)"),
            ["%1", "%L2", "%APPDATA%", "%99"]
        );
        for t in ["50%1 and 5 %s", "up 20%, then 3%OFF%", "%100 and 5%USER%"] {
            let f = found(placeholders, t);
            assert!(
                !f.iter().any(|p| p.starts_with("%1")
                    || p.contains("OFF")
                    || p.contains("USER")
                    || *p == "%e%"),
                "{t}: {f:?}"
            );
        }
        assert_eq!(
            pair(
                Code::Placeholder,
                "Copied %1 of %2 files.",
                "Copied %1 of files."
            ),
            ["placeholder: %2 missing in ref"]
        );
        assert_eq!(
            pair(
                Code::Placeholder,
                "Open %USERPROFILE% now.",
                "Open %USERPROFIL% now."
            ),
            ["placeholder: %USERPROFILE% -> %USERPROFIL%"]
        );
    }

    #[test]
    fn the_same_placeholders_in_any_order_do_not_fire() {
        assert!(run(Code::Placeholder, "{0} of {1}", "{1} sur {0}").is_empty());
        assert!(run(Code::Placeholder, "<b>{0}</b> %s", "%s <b>{0}</b>").is_empty());
    }

    #[test]
    fn a_bare_domain_excuses_the_same_address_only() {
        for (h, r) in [
            ("Visit www.example.com today.", "Visit example.com today."),
            ("See https://Example.com/docs/.", "See example.com/docs."),
            ("Shop at (www.suning.com)", "Shop at Suning.com"),
        ] {
            assert!(run(Code::Url, h, r).is_empty(), "{h} / {r}");
            assert!(run(Code::Url, r, h).is_empty(), "{r} / {h}");
        }
        for (h, r) in [
            (
                "Visit www.example.com today.",
                "Visit example.community today.",
            ),
            ("Visit www.example.com today.", "Visit myexample.com today."),
            ("See https://example.com/Docs", "See example.com/docs"),
            ("See https://example.com/a", "See https://example.com/a/b"),
            ("Mail me@example.com", "Mail example.com"),
        ] {
            assert_eq!(run(Code::Url, h, r).len(), 1, "{h} / {r}");
        }
    }

    #[test]
    fn url_kinds_are_found_without_sentence_marks() {
        assert_eq!(
            found(
                urls,
                "See https://x.org/a_(b). Or www.y.com, mail me@z.co.uk; @Xinhua #MeToo #话题# (http://q.io/p)."
            ),
            [
                "https://x.org/a_(b)",
                "www.y.com",
                "me@z.co.uk",
                "@Xinhua",
                "#MeToo",
                "#话题#",
                "http://q.io/p"
            ]
        );
    }

    #[test]
    fn addresses_hold_latin_letters_not_cjk() {
        assert_eq!(
            found(
                urls,
                "See https://de.wikipedia.org/wiki/Münster, mail josé@bücher.de or @josé_m. \
                 Visit www.example.com点击 now (https://fr.x.org/café)."
            ),
            [
                "https://de.wikipedia.org/wiki/Münster",
                "josé@bücher.de",
                "@josé_m",
                "www.example.com",
                "https://fr.x.org/café"
            ]
        );
        for (h, r) in [
            (
                "See https://de.wikipedia.org/wiki/Münster now.",
                "See https://de.wikipedia.org/wiki/München now.",
            ),
            ("Follow @josé_m now.", "Follow @josé_p now."),
            ("Mail josé@example.com now.", "Mail jose@example.com now."),
        ] {
            assert_eq!(run(Code::Url, h, r).len(), 1, "{h} / {r}");
        }
        assert!(
            pair(
                Code::Url,
                "Visit https://bücher.de/ now.",
                "Visit https://bücher.de now."
            )
            .is_empty()
        );
    }

    #[test]
    fn url_near_misses_are_not_urls() {
        for t in [
            "No. #1 team",
            "C# code",
            "meet @ 5",
            "time 10:30",
            "a://",
            "&#39;",
            "x@y",
        ] {
            assert!(found(urls, t).is_empty(), "{t}: {:?}", found(urls, t));
        }
    }

    #[test]
    fn a_changed_url_fires() {
        let f = &run(
            Code::Url,
            "Visit http://a.com/x now.",
            "Visit http://a.com/y now.",
        )[0];
        assert_eq!(f.to_string(), "url: http://a.com/x -> http://a.com/y");
        assert_eq!(f.hyp[..], [Range { start: 6, end: 20 }]);
        assert_eq!(
            pair(Code::Url, "Follow us.", "Follow @xinhua."),
            ["url: @xinhua missing in hyp"]
        );
        assert_eq!(
            pair(Code::Url, "#Tag1 #Tag2", "#tag1"),
            ["url: #Tag2 missing in ref"]
        );
    }

    #[test]
    fn url_near_misses_do_not_fire() {
        for (h, r) in [
            ("See http://a.com/x/ now.", "See http://a.com/x now."),
            ("See www.a.com.", "See http://www.A.com/"),
            ("Mail ME@X.ORG.", "Mail me@x.org"),
            ("#MeToo", "#metoo"),
            (
                "See HTTPS://Example.COM/Docs.",
                "See https://example.com/Docs",
            ),
        ] {
            assert!(run(Code::Url, h, r).is_empty(), "{h} / {r}");
        }
    }

    #[test]
    fn a_path_or_query_whose_case_changed_fires() {
        assert_eq!(
            pair(
                Code::Url,
                "Open https://x.org/r?token=AbC123 now.",
                "Open https://x.org/r?token=abc123 now."
            ),
            ["url: https://x.org/r?token=AbC123 -> https://x.org/r?token=abc123"]
        );
        assert_eq!(
            pair(Code::Url, "See www.x.org/Setup.", "See www.x.org/setup."),
            ["url: www.x.org/Setup -> www.x.org/setup"]
        );
    }

    #[test]
    fn a_placeholder_short_of_its_hash_is_no_hashtag() {
        // MT output of anonymised text (WMT22): with both checks on,
        // `placeholder` reports the damage once and `url` adds nothing.
        let both = |h: &str, r: &str| {
            let mut out = Vec::new();
            let set = CheckSet::NONE.with(Code::Url).with(Code::Placeholder);
            pair_check(h, r, set, &mut out);
            out.iter().map(|f| f.to_string()).collect::<Vec<_>>()
        };
        let (h, r) = ("He is at #PRS_ORG # now", "He is at #PRS_ORG#.");
        assert_eq!(both(h, r), ["placeholder: #PRS_ORG# missing in hyp"]);
        assert_eq!(
            both(r, "He is at #PRS_ORG again#"),
            ["placeholder: #PRS_ORG# missing in ref"]
        );
        // Two damaged against two intact: both are the placeholder's.
        assert_eq!(
            both("#NAME and #NAME #", "#NAME# and #NAME#"),
            ["placeholder: #NAME# / #NAME# missing in hyp"]
        );
        // The closing hash broken off and glued to the next word (WMT22):
        // the same damage, not a hashtag.
        for h in [
            "I used my #PRS_ORG #RED credit card.",
            "But I'm #PRS_ORG #收到了",
        ] {
            assert_eq!(
                both(h, "I used the #PRS_ORG# RED credit card."),
                ["placeholder: #PRS_ORG# missing in hyp"],
                "{h}"
            );
        }
        // Not so where the other side has no such placeholder, or where
        // no placeholder name comes before.
        assert_eq!(
            both("I used my #PRS_ORG #RED card.", "I used my card."),
            ["url: #PRS_ORG / #RED missing in ref"]
        );
        assert_eq!(
            both("I used my card #RED.", "I used my #PRS_ORG# card."),
            [
                "placeholder: #PRS_ORG# missing in hyp",
                "url: #RED missing in ref"
            ]
        );
        // Without `placeholder` nothing else reports it: `url` does.
        assert_eq!(pair(Code::Url, h, r), ["url: #PRS_ORG missing in ref"]);
        // A stray `#NAME` beside an intact `#NAME#` (one each side) is
        // nothing `placeholder` sees: `url` reports it.
        let (h2, r2) = (
            "Meet #PRS_ORG# and #PRS_ORG there.",
            "Meet #PRS_ORG# there.",
        );
        assert_eq!(both(h2, r2), ["url: #PRS_ORG missing in ref"]);
        // A hashtag is still one when the other side's placeholder has
        // another name, or when the name is only a prefix of it.
        assert_eq!(
            both("Meet at #NASA now", "Meet at #NAME# now"),
            [
                "placeholder: #NAME# missing in hyp",
                "url: #NASA missing in ref"
            ]
        );
        assert_eq!(
            both("Meet at #PRS now", "Meet at #PRS_ORG# now"),
            [
                "placeholder: #PRS_ORG# missing in hyp",
                "url: #PRS missing in ref"
            ]
        );
    }
}
