//! Findings a reviewer has accepted (`--ignore FILE`).
//!
//! The file is CSV (`,` or `;`, found as in a glossary) or TSV with a
//! header row naming at least `term` and `found`;
//! optional `fingerprint` (limits the rule to one sentence) and `kind`
//! (limits it to one finding kind); other columns are ignored, so the CSV
//! written by `mtaudit terms` is itself a valid ignore file: delete the rows
//! you do not accept and pass the rest with `--ignore`.
//!
//! The fingerprint is 16 hex digits of FNV-1a 64 over the normalized text
//! (case-folded, whitespace and hyphens folded, apostrophes made straight)
//! of the sentence around the finding, so it survives re-wrapping of lines
//! and changes when the sentence is edited. The sentence is cut at `.`,
//! `!` or `?` before white space inside a span: the text of a report row
//! (`compare`), or the segmenter's sentence (`terms`, which writes and
//! matches the fingerprint on that same sentence, so its output silences
//! its own findings even after a heading without a full stop).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use super::matcher::for_each_normalized;
use super::{FindingKind, TermFinding};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreRule {
    pub term: String,
    /// Compared with whitespace runs folded to one space, case kept.
    pub found: String,
    pub fingerprint: Option<String>,
    pub kind: Option<FindingKind>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreList {
    pub rules: Vec<IgnoreRule>,
    /// The rules by term, then by found text: the CSV of `mtaudit terms` is
    /// an ignore file, so a list may hold a rule per finding of a big text,
    /// and trying each rule on each finding would be quadratic.
    by_key: HashMap<String, HashMap<String, KeyRules>>,
}

/// The kinds (`None`: any) the rules of one term and found text accept,
/// in any sentence or by sentence fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct KeyRules {
    anywhere: Vec<Option<FindingKind>>,
    by_fingerprint: HashMap<String, Vec<Option<FindingKind>>>,
}

fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte range of the sentence around `span` in `text`: from after the last
/// `.`/`!`/`?` (with closing quotes) followed by whitespace before it, to the
/// next such end after it. Deliberately simple and independent of the
/// segmenter, so the same sentence gets the same fingerprint in `terms` and
/// in `compare`. [`Fingerprints`] finds the same range by binary search;
/// this scan is the tests' oracle.
#[cfg(test)]
fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = span.start.min(b.len());
    while i > 0 {
        i -= 1;
        if let Some(j) = sentence_end(text, i)
            && j <= span.start
        {
            start = j;
            break;
        }
    }
    let mut end = text.len();
    let mut k = span.end.min(b.len());
    while k < b.len() {
        if let Some(j) = sentence_end(text, k) {
            end = j;
            break;
        }
        k += 1;
    }
    start..end.max(start)
}

/// When byte `i` of `text` ends a sentence (a `.`, `!` or `?`, then closing
/// quotes or brackets, then whitespace or the end), the byte after its
/// closers.
fn sentence_end(text: &str, i: usize) -> Option<usize> {
    if !matches!(text.as_bytes()[i], b'.' | b'!' | b'?') {
        return None;
    }
    let mut j = i + 1;
    for c in text[j..].chars() {
        if matches!(
            c,
            '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
        ) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    let next = text[j..].chars().next();
    (next.is_none() || next.is_some_and(char::is_whitespace)).then_some(j)
}

/// The fingerprint of the sentence holding `span` in `text`.
pub fn fingerprint(text: &str, span: Range<usize>) -> String {
    Fingerprints::new(text).of(span)
}

/// Fingerprints of the findings of one text, in text order. A span's
/// sentence runs from the last sentence end (see `sentence_end`) at or
/// before its start to the first one after its end. A text without
/// sentence marks is one sentence however long, and working its fingerprint
/// out afresh per finding (scanning to both of its ends and normalizing all
/// of it) made a check quadratic; here the sentence ends are found once and
/// a sentence's fingerprint is kept for the findings after it.
pub struct Fingerprints<'t> {
    text: &'t str,
    /// `(terminator, byte after its closers)` of every sentence end,
    /// ascending; built on first use.
    ends: Option<Vec<(usize, usize)>>,
    last: Option<(Range<usize>, String)>,
}

impl<'t> Fingerprints<'t> {
    pub fn new(text: &'t str) -> Self {
        Fingerprints {
            text,
            ends: None,
            last: None,
        }
    }

    /// [`fingerprint`]`(text, span)`.
    pub fn of(&mut self, span: Range<usize>) -> String {
        let text = self.text;
        let ends = self.ends.get_or_insert_with(|| {
            memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes())
                .filter_map(|i| sentence_end(text, i).map(|j| (i, j)))
                .collect()
        });
        // A terminator's closers never reach the next terminator, so the
        // ends ascend in both fields, and `sentence_around`'s scans become
        // two binary searches.
        let start = span.start.min(text.len());
        let from = ends.partition_point(|&(_, j)| j <= start);
        let start = from.checked_sub(1).map_or(0, |k| ends[k].1);
        let stop = span.end.min(text.len());
        let to = ends.partition_point(|&(i, _)| i < stop);
        let end = ends.get(to).map_or(text.len(), |&(_, j)| j);
        let r = start..end.max(start);
        if let Some((lr, fp)) = &self.last
            && *lr == r
        {
            return fp.clone();
        }
        let fp = fingerprint_of(text, r.clone());
        self.last = Some((r, fp.clone()));
        fp
    }
}

/// FNV-1a 64 of the normalized sentence without its outer spaces, hashed
/// as the characters come (no copy of a sentence that may be a whole line).
fn fingerprint_of(text: &str, r: Range<usize>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |c: char| {
        let mut b = [0u8; 4];
        for &byte in c.encode_utf8(&mut b).as_bytes() {
            h ^= byte as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    // A space is hashed only once text follows it: none leads or trails.
    let (mut started, mut space) = (false, false);
    for_each_normalized(&text[r], |c| {
        if c == ' ' {
            space = started;
        } else {
            if std::mem::take(&mut space) {
                add(' ');
            }
            add(c);
            started = true;
        }
    });
    format!("{h:016x}")
}

impl IgnoreList {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn load(path: &Path) -> Result<IgnoreList> {
        IgnoreList::load_seeing(path, &mut |_| {})
    }

    /// [`IgnoreList::load`] that shows `see` every byte read, in order (to
    /// fingerprint the very bytes that were used); read as a glossary is
    /// (see [`super::Glossary::load_seeing`]).
    pub fn load_seeing(path: &Path, see: &mut dyn FnMut(&[u8])) -> Result<IgnoreList> {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::input(path, None, format!("cannot read the ignore file ({e})")))?;
        let doc = crate::input::Document::read_setup(path, file, "ignore file", see)?;
        IgnoreList::parse(path, &doc.text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<IgnoreList> {
        // Sniffed as a glossary's is: `mtaudit terms --delimiter ';'` and
        // tab-separated output read back.
        let delim = super::parse::delimiter(path, text);
        let text = super::parse::lf_line_ends(text);
        let text = text.as_ref();
        // The csv crate reads an unclosed quote to the end of the file: the
        // rows after it would vanish into one field.
        super::parse::check_quotes(path, text, delim)?;
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::input(path, Some(1), format!("cannot read the header row: {e}")))?
            .clone();
        let col = |n: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        };
        let (Some(tc), Some(fc)) = (col("term"), col("found")) else {
            return Err(Error::input(
                path,
                Some(1),
                "an ignore file needs a header row with `term` and `found` columns \
                 (optional: fingerprint, kind); the CSV of `mtaudit terms` works as is",
            ));
        };
        let fpc = col("fingerprint");
        let kc = col("kind");
        let mut rules = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                Error::input(
                    path,
                    e.position().map(|p| p.line() as usize),
                    format!("bad CSV row ({e})"),
                )
            })?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
            // A spreadsheet may have added the formula guard to a cell.
            let unguard = |s: &str| {
                s.strip_prefix('\'')
                    .filter(|r| crate::output::needs_formula_guard(r))
                    .unwrap_or(s)
                    .to_owned()
            };
            let term = unguard(get(Some(tc)));
            let found = unguard(get(Some(fc)));
            if term.is_empty() && found.is_empty() {
                continue;
            }
            if term.is_empty() || found.is_empty() {
                return Err(Error::input(
                    path,
                    Some(line),
                    "an ignore rule needs both `term` and `found`",
                ));
            }
            let kind = match get(kc).to_ascii_lowercase().as_str() {
                "" => None,
                "deprecated" => Some(FindingKind::Deprecated),
                "case" => Some(FindingKind::Case),
                "missing" => Some(FindingKind::Missing),
                "near" => Some(FindingKind::Near),
                o => {
                    return Err(Error::input(
                        path,
                        Some(line),
                        format!(
                            "unknown kind {o:?}; use deprecated, case or missing, or leave it empty"
                        ),
                    ));
                }
            };
            let fp = get(fpc).to_ascii_lowercase();
            rules.push(IgnoreRule {
                term,
                found: fold_ws(&found),
                fingerprint: (!fp.is_empty()).then_some(fp),
                kind,
                line,
            });
        }
        let mut by_key: HashMap<String, HashMap<String, KeyRules>> = HashMap::new();
        for r in &rules {
            let k = by_key
                .entry(r.term.clone())
                .or_default()
                .entry(r.found.clone())
                .or_default();
            match &r.fingerprint {
                None => k.anywhere.push(r.kind),
                Some(fp) => k.by_fingerprint.entry(fp.clone()).or_default().push(r.kind),
            }
        }
        Ok(IgnoreList { rules, by_key })
    }

    /// Whether a finding in the text of `fps` (at its own span) is accepted.
    pub fn suppresses(&self, f: &TermFinding, fps: &mut Fingerprints) -> bool {
        self.suppresses_at(f, fps, f.span.clone())
    }

    /// Whether a finding is accepted, its sentence taken around `span` of
    /// the text of `fps`.
    pub fn suppresses_at(
        &self,
        f: &TermFinding,
        fps: &mut Fingerprints,
        span: Range<usize>,
    ) -> bool {
        if self.rules.is_empty() {
            return false;
        }
        let found = fold_ws(&f.found);
        let Some(k) = self.by_key.get(&f.term).and_then(|m| m.get(found.as_str())) else {
            return false;
        };
        let accepts =
            |kinds: &[Option<FindingKind>]| kinds.iter().any(|k| k.is_none_or(|k| k == f.kind));
        accepts(&k.anywhere)
            || (!k.by_fingerprint.is_empty()
                && k.by_fingerprint
                    .get(&fps.of(span))
                    .is_some_and(|kinds| accepts(kinds)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules looked up by term, found text and fingerprint accept
    /// exactly the findings that trying every rule in turn accepts.
    #[test]
    fn indexed_rules_equal_trying_every_rule() {
        let mut rng = crate::metric::text::test_rng(0x1905_2026);
        let text = "Use micro-letter. Use micro  letter here! Micro-letter again.";
        let spans = [4..16, 22..35, 42..54];
        let fps: Vec<String> = spans.iter().map(|s| fingerprint(text, s.clone())).collect();
        let terms = ["WeChat", "Weibo"];
        let founds = ["micro-letter", "micro letter", "Micro-letter"];
        let kinds = ["", "deprecated", "case", "missing"];
        for round in 0..300 {
            let mut csv = String::from("term,found,fingerprint,kind\n");
            for _ in 0..rng(6) {
                let fp = if rng(2) == 0 {
                    ""
                } else {
                    fps[rng(3)].as_str()
                };
                csv.push_str(&format!(
                    "{},{},{fp},{}\n",
                    terms[rng(2)],
                    founds[rng(3)],
                    kinds[rng(4)]
                ));
            }
            let list = IgnoreList::parse(Path::new("i.csv"), &csv).unwrap();
            for (k, span) in spans.iter().enumerate() {
                for kind in [
                    FindingKind::Deprecated,
                    FindingKind::Case,
                    FindingKind::Missing,
                ] {
                    let f = TermFinding {
                        kind,
                        found: text[span.clone()].to_owned(),
                        term: terms[rng(2)].to_owned(),
                        entry: 0,
                        span: span.clone(),
                        in_ref: kind == FindingKind::Missing,
                        severity: Default::default(),
                    };
                    let want = list.rules.iter().any(|r| {
                        r.term == f.term
                            && r.found == fold_ws(&f.found)
                            && r.kind.is_none_or(|k| k == f.kind)
                            && r.fingerprint.as_ref().is_none_or(|w| *w == fps[k])
                    });
                    let got = list.suppresses(&f, &mut Fingerprints::new(text));
                    assert_eq!(got, want, "round {round}: {csv} {f:?}");
                }
            }
        }
    }

    /// Binary search over the ends found once gives the scan's range, hence
    /// the same fingerprint, for every span of texts made of terminators,
    /// closers, whitespace, letters and a multi-byte character.
    #[test]
    fn fingerprints_equal_the_scanning_oracle() {
        let mut rng = crate::metric::text::test_rng(0x5eed_f00d);
        let pieces = [
            "a", "b", "Word", " ", "\n", ".", "!", "?", "\"", ")", "\u{201D}", "é", "..", "? ",
        ];
        for round in 0..2000 {
            let n = rng(40);
            let text: String = (0..n).map(|_| pieces[rng(pieces.len())]).collect();
            let mut fps = Fingerprints::new(&text);
            // Ascending spans, as findings come, and now and then one back.
            let mut at = 0;
            while at <= text.len() {
                if !text.is_char_boundary(at) {
                    at += 1;
                    continue;
                }
                let mut end = (at + rng(6)).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let want = fingerprint_of(&text, sentence_around(&text, at..end));
                assert_eq!(fps.of(at..end), want, "round {round} {text:?} {at}..{end}");
                at += 1 + rng(4);
                if rng(10) == 0 {
                    at /= 2;
                }
            }
        }
    }
}
