//! The term matcher: one Aho-Corasick automaton over every term and variant,
//! run on a normalized view of the text (case-folded, hyphens and whitespace
//! folded to one space, curly apostrophes made straight) whose bytes map back
//! to the original text, so spans and `found` are always the original text.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::regexes::{Variant, Variants};
use super::{CaseMode, Entry, MatchMode};

/// What an occurrence is, in the glossary's eyes. The order is the priority
/// when two readings cover the same text: a preferred term always wins over
/// a variant, so the term itself is never reported as deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Term,
    Alternate,
    Variant,
}

/// One accepted occurrence of a glossary entry, in original byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    /// End of the matched term or variant, before any inflection suffix.
    pub stem_end: usize,
    /// End including the inflection suffix (`'s`, `s`, `es`) or, for a
    /// prefix entry, the rest of the word.
    pub end: usize,
    pub entry: usize,
    pub role: Role,
    /// The preferred term written with another letter case.
    pub wrong_case: bool,
}

impl Hit {
    /// Whether this occurrence is a finding (`deprecated` or `case`).
    pub fn is_wrong(&self) -> bool {
        self.role == Role::Variant || self.wrong_case
    }
}

/// The text with a byte map back to the original.
pub struct Normalized {
    pub text: String,
    /// For each byte of `text`, the original byte range of the character it came from.
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Normalized {
    fn orig_start(&self, n: usize) -> usize {
        self.starts[n] as usize
    }
    fn orig_end(&self, n_end: usize) -> usize {
        self.ends[n_end - 1] as usize
    }
}

/// Characters that join or separate the words of a multiword term and are
/// interchangeable there: whitespace (line breaks included) and hyphens. The
/// em dash is left out on purpose: it separates clauses, not compound parts.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{FE63}' | '\u{FF0D}'
        )
}

/// Invisible characters that must not break a word ("micro\u{AD}letter").
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}'
    )
}

/// A character that continues a word for boundary purposes (Unicode letters
/// and digits). Ideographs and kana are excluded because every one of them
/// is a word on its own in UAX #29 terms, so "Xun" next to a Chinese
/// character is still a whole word.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let u = c as u32;
    let cjk = matches!(u, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF);
    !cjk && (c.is_alphanumeric() || is_combining(c))
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut starts: Vec<u32> = Vec::with_capacity(text.len());
    let mut ends: Vec<u32> = Vec::with_capacity(text.len());
    normalized_with_sources(text, |c, s, e| {
        out.push(c);
        for _ in 0..c.len_utf8() {
            starts.push(s as u32);
            ends.push(e as u32);
        }
    });
    Normalized {
        text: out,
        starts,
        ends,
    }
}

/// The characters of [`normalize`]`(text).text`, one at a time, without
/// the copy and its byte map (a fingerprint hashes a sentence that may be
/// a whole 195 MB line).
pub fn for_each_normalized(text: &str, mut f: impl FnMut(char)) {
    normalized_with_sources(text, |c, _, _| f(c));
}

/// The one statement of the normalisation rules: calls `f(c, start, end)`
/// for each character `c` of the normalized text, `start..end` being the
/// bytes of `text` it stands for (a run of separators for its one space,
/// the original character for each of its lowercase characters).
#[inline]
fn normalized_with_sources(text: &str, mut f: impl FnMut(char, usize, usize)) {
    let mut pending: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let e = i + c.len_utf8();
        if is_separator(c) {
            pending = Some(match pending {
                None => (i, e),
                Some((s, _)) => (s, e),
            });
            continue;
        }
        if is_ignorable(c) {
            continue;
        }
        if let Some((s, pe)) = pending.take() {
            f(' ', s, pe);
        }
        if c.is_ascii() {
            f(c.to_ascii_lowercase(), i, e);
        } else if is_apostrophe(c) {
            f('\'', i, e);
        } else {
            for l in c.to_lowercase() {
                f(l, i, e);
            }
        }
    }
    if let Some((s, pe)) = pending {
        f(' ', s, pe);
    }
}

/// The normalized form of a term or variant as written in a glossary.
pub fn normalize_pattern(p: &str) -> String {
    normalize(p).text.trim_matches(' ').to_owned()
}

/// `a` and `b` are the same text letter for letter (case kept), ignoring how
/// the words are joined and which apostrophe is used.
pub fn same_letters(a: &str, b: &str) -> bool {
    let f = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !is_separator(*c) && !is_ignorable(*c))
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .collect()
    };
    f(a) == f(b)
}

fn words(s: &str) -> Vec<String> {
    s.split(is_separator)
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter(|c| !is_ignorable(*c)).collect())
        .collect()
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether `text[start..end]` is written in capitals on a headline: a line
/// (up to 300 bytes, ended by `\n` or `\r`) with no lowercase letter and no
/// sentence mark at its end, such as "WECHAT PAY GOES ABROAD". A headline
/// capitalises by style, so the term's own casing cannot be judged there;
/// a shouted sentence ("WECHAT IS EVERYWHERE NOW.") still can. The same
/// line is its own sentence after segmentation (a short line without a
/// sentence mark), so `terms` (whole text) and `compare` (sentence by
/// sentence) judge it alike.
pub fn in_all_caps_line(text: &str, start: usize, end: usize) -> bool {
    const MAX_HEADLINE: usize = 300;
    let found = &text[start..end];
    if found.chars().any(char::is_lowercase) || !found.chars().any(char::is_uppercase) {
        return false;
    }
    let is_break = |c: char| c == '\n' || c == '\r';
    // Look at most one headline's length either way: a text of one huge
    // line with many hits must stay linear.
    let mut lo = start.saturating_sub(MAX_HEADLINE + 1);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let line_start = match text[lo..start].rfind(is_break) {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return false,
    };
    let mut hi = (end + MAX_HEADLINE + 1).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let line_end = match text[end..hi].find(is_break) {
        Some(i) => end + i,
        None if hi == text.len() => hi,
        None => return false,
    };
    if line_end - line_start > MAX_HEADLINE {
        return false;
    }
    let line = text[line_start..line_end].trim_end();
    !line.chars().any(char::is_lowercase) && !line.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Whether `found` is an acceptable spelling of the preferred `term`: the
/// same letters, or, for a lowercase term, the capitalised first word
/// (sentence start) or every word capitalised (a title).
pub fn case_ok(found: &str, term: &str) -> bool {
    if same_letters(found, term) {
        return true;
    }
    let fw = words(found);
    let tw = words(term);
    if fw.len() != tw.len() || tw.is_empty() {
        return false;
    }
    let lower = |w: &String| !w.chars().any(char::is_uppercase);
    if !tw.iter().all(lower) {
        return false;
    }
    let first_only = fw
        .iter()
        .zip(&tw)
        .enumerate()
        .all(|(i, (f, t))| same_letters(f, &if i == 0 { capitalized(t) } else { t.clone() }));
    let title = fw
        .iter()
        .zip(&tw)
        .all(|(f, t)| same_letters(f, &capitalized(t)));
    first_only || title
}

#[derive(Debug, Clone)]
struct Cand {
    entry: u32,
    role: Role,
    /// As written in the glossary, for case-sensitive comparison.
    written: String,
    sensitive: bool,
    prefix: bool,
}

/// Longest pattern (normalized bytes) that goes into the DFA. Building a
/// DFA state follows failure links for every byte class without its own
/// transition, and a periodic pattern ("ab ab ab …", "aaaa…") has failure
/// chains as long as itself, so a DFA over long patterns costs their
/// length squared (a 30,000-character term took 23 s). Longer patterns go
/// into a contiguous NFA, whose build is linear.
const DFA_MAX_PATTERN: usize = 64;

/// Bytes of text settled per window by [`Matcher::scan_each`] (a sentence
/// is far shorter: `compare` scans each in one go).
const WINDOW: usize = 1 << 20;
/// Bytes scanned past a window's end, so a hit starting inside it is
/// found whole: a term, variant or regex match (and the spaces it folds)
/// longer than this in the text may be missed where a window ends.
const LOOKAHEAD: usize = 64 << 10;

/// Patterns per automaton. Its build moves every match state ahead of
/// every non-match state by pairwise swaps and then follows each swap
/// cycle; a non-match state ahead of many match states (the `t` of `t0` …
/// `t99999`) makes one cycle through all of them, so the build is
/// quadratic in the patterns (100,000 such terms: 15 s). Capped, the cost
/// is linear; each further automaton is one more pass over the text (a
/// 40,000-pattern glossary: two, +11 % check time; bench/glossary figures in
/// BENCHMARKS.md).
const AUTOMATON_PATTERNS: usize = 16_384;

/// The automaton for the short patterns: a DFA while they fit in one
/// automaton, a contiguous NFA past that. A DFA's table grows with its
/// states times the byte classes (100,000 entries took 545 MB and 1.3 s to
/// load, 1,000,000 entries 5.4 GB); the NFA took a quarter of that and
/// half the time, and checked a 10 MB text as fast with 10,000 entries.
/// With a small glossary the DFA is 7 % faster over a whole `compare`
/// and its table is small. (bench/glossary figures in BENCHMARKS.md.)
fn short_kind(patterns: usize) -> AhoCorasickKind {
    if patterns <= AUTOMATON_PATTERNS {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    }
}

#[derive(Debug)]
pub struct Matcher {
    /// DFAs over short patterns and NFAs over long ones, each with the
    /// pattern ids of its own patterns.
    automata: Vec<(AhoCorasick, Vec<usize>)>,
    /// Candidates per automaton pattern, best role first.
    cands: Vec<Vec<Cand>>,
    /// Whether each pattern starts / ends with a word character (then the
    /// text must have a word boundary there).
    edges: Vec<(bool, bool)>,
    /// Whether each pattern takes plural and possessive endings: not a
    /// single letter or digit, which with an `s` is another word (`I` +
    /// `s` is "is", `A` + `s` is "as", `U` + `s` is "us").
    inflects: Vec<bool>,
    pub(super) regexes: Variants,
    terms: Vec<String>,
    /// Per entry: `case=sensitive`.
    sensitive: Vec<bool>,
}

/// URLs, e-mail addresses and bare domain names: a glossary variant inside
/// them is part of an address, not prose. ASCII classes keep the regex on
/// its fast engines; it only ever runs on the few tokens around a hit.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:[a-z][a-z0-9+.-]*://|(?-u:\b)www\.)[^\s<>\x22]+
        | [a-z0-9_.+-]+@[a-z0-9_-]+(?:\.[a-z0-9_-]+)+
        | (?-u:\b)[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.(?:com|net|org|edu|gov|cn|io|co|uk|de|fr|jp|hk|tw|info|biz|app|dev)(?-u:\b)(?:/[^\s<>\x22]*)?",
    )
    .expect("address regex is valid")
});

/// Whether `start..end` of `text` lies in a URL, e-mail address or domain:
/// the whitespace-delimited token around it is tested, nothing more.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    // No address is longer than this: a text without spaces (a 195 MB
    // line of CJK or of commas) would otherwise make every hit scan it.
    const REACH: usize = 2048;
    let b = text.as_bytes();
    let is_space = |c: u8| c.is_ascii_whitespace() || matches!(c, b'<' | b'>' | b'"');
    let mut s = start;
    let lo = start.saturating_sub(REACH);
    while s > lo && !is_space(b[s - 1]) {
        s -= 1;
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    let mut e = end;
    let hi = (end + REACH).min(b.len());
    while e < hi && !is_space(b[e]) {
        e += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    let token = &b[s..e];
    let hint = memchr::memchr2(b'.', b'@', token).is_some();
    if !hint
        || !(token.contains(&b'@') || memchr::memmem::find(token, b"://").is_some() || {
            // A dot inside the token, not only the sentence's final one.
            let t = token.strip_suffix(b".").unwrap_or(token);
            t.contains(&b'.')
        })
    {
        return false;
    }
    // Token bounds are ASCII or moved onto one, so they are char boundaries.
    ADDRESS
        .find_iter(&text[s..e])
        .any(|m| s + m.start() < end && start < s + m.end())
}

impl Matcher {
    pub fn build(entries: &[Entry]) -> Matcher {
        use std::collections::HashMap;
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut pats: Vec<String> = Vec::new();
        let mut cands: Vec<Vec<Cand>> = Vec::new();
        let mut regexes = Vec::new();
        let mut add = |p: &str, c: Cand, index: &mut HashMap<String, usize>| {
            let n = normalize_pattern(p);
            if n.is_empty() {
                return;
            }
            let id = *index.entry(n.clone()).or_insert_with(|| {
                pats.push(n);
                cands.push(Vec::new());
                pats.len() - 1
            });
            cands[id].push(c);
        };
        for (i, e) in entries.iter().enumerate() {
            let sensitive = e.case == CaseMode::Sensitive;
            let prefix = e.match_mode == MatchMode::Prefix;
            let mk = |role, written: &str| Cand {
                entry: i as u32,
                role,
                written: written.to_owned(),
                sensitive,
                prefix,
            };
            add(&e.term, mk(Role::Term, &e.term), &mut index);
            for a in &e.alternates {
                add(a, mk(Role::Alternate, a), &mut index);
            }
            for v in &e.variants {
                if e.match_mode == MatchMode::Regex {
                    regexes.push(Variant::new(v, !sensitive, i as u32));
                } else {
                    add(v, mk(Role::Variant, v), &mut index);
                }
            }
        }
        for c in &mut cands {
            c.sort_by_key(|c| (c.role, c.entry));
        }
        let edges = pats
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        let inflects = pats.iter().map(|p| p.chars().nth(1).is_some()).collect();
        let (short, long): (Vec<usize>, Vec<usize>) =
            (0..pats.len()).partition(|&i| pats[i].len() <= DFA_MAX_PATTERN);
        let mut automata = Vec::new();
        let kind = short_kind(short.len());
        for (ids, kind) in [(short, kind), (long, AhoCorasickKind::ContiguousNFA)] {
            for ids in ids.chunks(AUTOMATON_PATTERNS) {
                let ids = ids.to_vec();
                let these: Vec<&str> = ids.iter().map(|&i| pats[i].as_str()).collect();
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(kind))
                    .build(&these)
                    .or_else(|_| {
                        AhoCorasick::builder()
                            .match_kind(MatchKind::Standard)
                            .build(&these)
                    })
                    .expect("glossary automaton builds");
                automata.push((ac, ids));
            }
        }
        Matcher {
            automata,
            cands,
            edges,
            inflects,
            regexes: Variants::new(regexes),
            terms: entries.iter().map(|e| e.term.clone()).collect(),
            sensitive: entries
                .iter()
                .map(|e| e.case == CaseMode::Sensitive)
                .collect(),
        }
    }

    /// Every accepted occurrence in `text`, non-overlapping (leftmost, then
    /// longest, then preferred term before variant), in text order.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.scan_each(text, |h| hits.push(h));
        hits
    }

    /// [`Matcher::scan`], each hit handed to `f` as it is settled. A text
    /// over a window (1 MB) is scanned a window at a time, so what is held
    /// (the normalized copy and its byte map, 9 bytes per byte, and the
    /// candidates) is bounded by the window, not the text: a 195 MB line
    /// with three million findings needed 11.7 GB.
    pub fn scan_each(&self, text: &str, f: impl FnMut(Hit)) {
        self.scan_windows(text, WINDOW, LOOKAHEAD, f);
    }

    /// Hits starting in `[from, cut)` are settled by scanning
    /// `[from, cut + lookahead)`, with a few bytes before `from` for the
    /// word-boundary test; the next window starts at `cut` or where the
    /// last settled hit ends. A hit's choice (leftmost, then longest) only
    /// depends on hits starting before it, so this is the whole text's
    /// choice for every hit shorter than `lookahead` in the original text.
    pub(super) fn scan_windows(
        &self,
        text: &str,
        window: usize,
        lookahead: usize,
        mut f: impl FnMut(Hit),
    ) {
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let mut from = 0;
        while from < text.len() {
            let (cut, end) = if text.len() - from <= window + lookahead {
                (text.len(), text.len())
            } else {
                let cut = floor(from + window).max(from + 1);
                let cut = (cut..).find(|&i| text.is_char_boundary(i)).unwrap_or(cut);
                (cut, floor(cut + lookahead))
            };
            let ctx = floor(from.saturating_sub(16));
            let hits = self.candidates(text, ctx..end);
            let last = self.settle(text, hits, from, cut, &mut f);
            from = last.max(cut);
        }
    }

    /// Of the candidates, those starting in `[from, cut)` chosen leftmost,
    /// then longest, then preferred term first, with their letter case
    /// judged; returns where the last one ends (`from` if none).
    fn settle(
        &self,
        text: &str,
        mut hits: Vec<Hit>,
        from: usize,
        cut: usize,
        f: &mut impl FnMut(Hit),
    ) -> usize {
        hits.retain(|h| h.start >= from && h.start < cut && !in_address(text, h.start, h.end));
        hits.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.role.cmp(&b.role))
                .then(a.entry.cmp(&b.entry))
        });
        let mut last = from;
        for mut h in hits {
            if h.start >= last {
                // The letter case is judged once the hits are chosen:
                // overlapping candidates of a long term in a repetitive
                // text would each cost the term's length.
                h.wrong_case = h.role == Role::Term
                    && !self.sensitive[h.entry]
                    && !case_ok(&text[h.start..h.stem_end], &self.terms[h.entry])
                    && !in_all_caps_line(text, h.start, h.stem_end);
                last = h.end;
                f(h);
            }
        }
        last
    }

    /// Every accepted occurrence in `text[region]` (offsets in `text`),
    /// overlapping, unordered.
    fn candidates(&self, text: &str, region: Range<usize>) -> Vec<Hit> {
        let base = region.start;
        let part = &text[region.clone()];
        let mut hits = Vec::new();
        let norm = (!self.automata.is_empty()).then(|| normalize(part));
        for (ac, ids) in &self.automata {
            let Some(norm) = &norm else { break };
            let nt = norm.text.as_str();
            for m in ac.find_overlapping_iter(nt) {
                let pid = ids[m.pattern().as_usize()];
                let (s, e) = (m.start(), m.end());
                let (word_start, word_end) = self.edges[pid];
                if word_start && nt[..s].chars().next_back().is_some_and(is_word_char) {
                    continue;
                }
                let suffix_end = if self.inflects[pid] {
                    inflected_end(nt, e, word_end)
                } else {
                    (!word_end || ends_word(nt, e)).then_some(e)
                };
                let prefix_end = {
                    let rest = &nt[e..];
                    e + rest
                        .char_indices()
                        .find(|(_, c)| !is_word_char(*c))
                        .map_or(rest.len(), |(i, _)| i)
                };
                let orig_s = base + norm.orig_start(s);
                let stem_e = base + norm.orig_end(e);
                for c in &self.cands[pid] {
                    let end_n = if c.prefix {
                        prefix_end
                    } else {
                        match suffix_end {
                            Some(x) => x,
                            None => continue,
                        }
                    };
                    if c.sensitive && !same_letters(&text[orig_s..stem_e], &c.written) {
                        continue;
                    }
                    hits.push(Hit {
                        start: orig_s,
                        stem_end: stem_e,
                        end: base + norm.orig_end(end_n),
                        entry: c.entry as usize,
                        role: c.role,
                        wrong_case: false,
                    });
                    break;
                }
            }
        }
        if !self.regexes.is_empty() {
            self.scan_regexes(text, region, &mut hits);
        }
        hits
    }

    /// Adds the hits of `match=regex` variants. Each pattern runs inside one
    /// sentence piece (see [`sentence_pieces`]), so `.+` cannot run on into
    /// the next sentence; a match must start and end at word edges; and a
    /// match overlapping the entry's own preferred term or an alternate is
    /// dropped: the pattern was written to catch wrong renderings, and text
    /// holding the right one is not a deprecated variant (a wrong-case term
    /// is already a `case` finding).
    fn scan_regexes(&self, text: &str, region: Range<usize>, hits: &mut Vec<Hit>) {
        use std::collections::HashMap;
        // Per entry: own-term spans by start, with the running maximum end,
        // so "does [s, e) overlap any of them" is one binary search.
        let mut own: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
        let mut spans: Vec<&Hit> = hits.iter().filter(|h| h.role != Role::Variant).collect();
        spans.sort_by_key(|h| (h.entry, h.start));
        for h in spans {
            let (starts, max_end) = own.entry(h.entry).or_default();
            let m = max_end.last().map_or(h.end, |&p| p.max(h.end));
            starts.push(h.start);
            max_end.push(m);
        }
        let overlaps_own = |entry: usize, s: usize, e: usize| {
            own.get(&entry).is_some_and(|(starts, max_end)| {
                let k = starts.partition_point(|&x| x < e);
                k > 0 && max_end[k - 1] > s
            })
        };
        for piece in sentence_pieces(&text[region.clone()]) {
            let piece = region.start + piece.start..region.start + piece.end;
            let hay = &text[piece.clone()];
            self.regexes.matching(hay, |i| {
                let v = self.regexes.get(i);
                let Some(re) = v.regex() else { return };
                let entry = v.entry as usize;
                for m in re.find_iter(hay) {
                    let (s, e) = (piece.start + m.start(), piece.start + m.end());
                    if s == e || text[s..e].trim().is_empty() {
                        continue;
                    }
                    let before = text[..s].chars().next_back();
                    let first = text[s..e].chars().next();
                    let last = text[s..e].chars().next_back();
                    let after = text[e..].chars().next();
                    if first.is_some_and(is_word_char) && before.is_some_and(is_word_char) {
                        continue;
                    }
                    if last.is_some_and(is_word_char) && after.is_some_and(is_word_char) {
                        continue;
                    }
                    if overlaps_own(entry, s, e) {
                        continue;
                    }
                    hits.push(Hit {
                        start: s,
                        stem_end: e,
                        end: e,
                        entry,
                        role: Role::Variant,
                        wrong_case: false,
                    });
                }
            });
        }
    }

    pub fn term(&self, entry: usize) -> &str {
        &self.terms[entry]
    }
}

/// Marks that end a sentence when white space (or the text end) follows.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// CJK full stops end a sentence whatever follows.
fn is_cjk_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡')
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_end_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '”' | '’' | '»' | '›' | '」' | '』' | '）' | '"' | '\''
    )
}

/// The text cut into the pieces a regex variant may not cross: after a
/// sentence mark (and its closing quotes) followed by white space, after a
/// CJK full stop, and at a blank line. A single line break stays inside a
/// piece, so a pattern with `\s+` still matches a term wrapped over two
/// lines. The cut is deliberately simple (an abbreviation such as "e.g. "
/// cuts too): it bounds a runaway `.+`, it does not segment.
pub(crate) fn sentence_pieces(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let cut = if is_sentence_end(c) || is_cjk_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_sentence_end(d) || is_cjk_end(d) || is_end_closer(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let spaced = it.peek().is_none_or(|&(_, d)| d.is_whitespace());
            (spaced || is_cjk_end(c)).then_some(end)
        } else if c == '\n' {
            let rest = text[i + 1..].trim_start_matches([' ', '\t', '\r']);
            rest.starts_with('\n').then_some(i + 1)
        } else {
            None
        };
        if let Some(end) = cut
            && end > start
        {
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Where a match ending at normalized byte `e` really ends once an English
/// inflection is taken in (possessive `'s`, plural possessive `s'`, plural
/// `es`/`s`), or `None` when the match ends inside a longer word.
fn ends_word(nt: &str, e: usize) -> bool {
    !nt[e..].chars().next().is_some_and(is_word_char)
}

fn inflected_end(nt: &str, e: usize, word_end: bool) -> Option<usize> {
    if !word_end {
        return Some(e);
    }
    let rest = &nt[e..];
    for sfx in ["'s", "s'", "es", "s"] {
        if rest.starts_with(sfx) && ends_word(nt, e + sfx.len()) {
            return Some(e + sfx.len());
        }
    }
    ends_word(nt, e).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_maps_back_to_original_bytes() {
        let t = "Micro–\nLetter’s X";
        let n = normalize(t);
        assert_eq!(n.text, "micro letter's x");
        let s = n.text.find("letter").unwrap();
        assert_eq!(&t[n.orig_start(s)..n.orig_end(s + 6)], "Letter");
        let a = n.text.find('\'').unwrap();
        assert_eq!(&t[n.orig_start(a)..n.orig_end(a + 1)], "’");
    }

    #[test]
    fn normalized_chars_are_the_normalized_text() {
        for t in [
            "",
            " ",
            "Micro–\nLetter’s X",
            "  a \u{AD} b\u{200B}c  ",
            "İSTANBUL - ß\t\r\n",
            "-x-",
        ] {
            let mut got = String::new();
            for_each_normalized(t, |c| got.push(c));
            assert_eq!(got, normalize(t).text, "{t:?}");
        }
    }

    #[test]
    fn a_glossary_past_one_automaton_finds_what_a_small_one_finds() {
        use crate::glossary::{Entry, Glossary};
        assert_eq!(short_kind(AUTOMATON_PATTERNS), AhoCorasickKind::DFA);
        let nfa = AhoCorasickKind::ContiguousNFA;
        assert_eq!(short_kind(AUTOMATON_PATTERNS + 1), nfa);
        // 40,000 short patterns: three contiguous NFAs. The oracle is the
        // glossary of only the entries the text names, one DFA.
        let entry = |i: usize| Entry::new(&format!("Term{i}"), &[&format!("old word{i}")]);
        let big = Glossary::from_entries((0..20_000).map(entry).collect(), Vec::new());
        let small = Glossary::from_entries([0, 10_000, 19_999].map(entry).into(), Vec::new());
        assert!(big.matcher().automata.len() >= 3);
        assert_eq!(small.matcher().automata.len(), 1);
        let text = "We saw old word0 and Old Word19999s there, and term10000 and Term10000.";
        let found = |g: &Glossary| {
            g.check(text)
                .into_iter()
                .map(|f| (f.to_string(), f.span))
                .collect::<Vec<_>>()
        };
        let want = found(&small);
        assert_eq!(want.len(), 3, "{want:?}");
        assert_eq!(found(&big), want);
    }

    #[test]
    fn case_rules() {
        assert!(case_ok("WeChat", "WeChat"));
        assert!(!case_ok("Wechat", "WeChat"));
        assert!(!case_ok("WECHAT", "WeChat"));
        assert!(case_ok("E-commerce", "e-commerce"));
        assert!(case_ok("e commerce", "e-commerce"));
        assert!(case_ok("Mobile Payment", "mobile payment"));
        assert!(!case_ok("mobile Payment", "mobile payment"));
        assert!(!case_ok("alipay", "Alipay"));
    }

    #[test]
    fn inflections() {
        assert_eq!(inflected_end("wechats x", 6, true), Some(7));
        assert_eq!(inflected_end("wechat's x", 6, true), Some(8));
        assert_eq!(inflected_end("wechatx", 6, true), None);
        assert_eq!(inflected_end("boxes", 3, true), Some(5));
    }
}

#[cfg(test)]
mod piece_tests {
    use super::sentence_pieces;

    fn pieces(t: &str) -> Vec<&str> {
        sentence_pieces(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn pieces_cut_at_sentence_ends_and_blank_lines_only() {
        assert_eq!(
            pieces("One here. Two (yes!) \"Three?\" four\nwrapped.\n\nNew para"),
            vec![
                "One here.",
                " Two (yes!)",
                " \"Three?\"",
                " four\nwrapped.",
                "\n",
                "\nNew para"
            ]
        );
        // No cut inside a number or a name with dots, nor before an
        // unspaced mark; CJK full stops cut without a space.
        assert_eq!(pieces("v1.2 at x.com ok"), vec!["v1.2 at x.com ok"]);
        assert_eq!(pieces("甲。乙"), vec!["甲。", "乙"]);
        assert_eq!(pieces("a\r\n\r\nb"), vec!["a\r\n", "\r\nb"]);
        assert!(pieces("").is_empty());
        // The pieces tile the text exactly.
        let t = "A. B!! C?\n\n\nD…";
        assert_eq!(pieces(t).concat(), t);
    }
}
