//! Findings a reviewer has accepted (`--ignore FILE`).
//!
//! The file is CSV with a header row naming at least `term` and `found`;
//! optional `fingerprint` (limits the rule to one sentence) and `kind`
//! (limits it to one finding kind); other columns are ignored, so the CSV
//! written by `mtaudit terms` is itself a valid ignore file: delete the rows
//! you do not accept and pass the rest with `--ignore`.
//!
//! The fingerprint is 16 hex digits of FNV-1a 64 over the normalized text
//! (case-folded, whitespace and hyphens folded, apostrophes made straight)
//! of the sentence around the finding, so it survives re-wrapping of lines
//! and changes when the sentence is edited.

use std::ops::Range;
use std::path::Path;

use super::matcher::{is_separator, normalize};
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
}

fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte range of the sentence around `span` in `text`: from after the last
/// `.`/`!`/`?` (with closing quotes) followed by whitespace before it, to the
/// next such end after it. Deliberately simple and independent of the
/// segmenter, so the same sentence gets the same fingerprint in `terms` and
/// in `compare`.
fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let ends_sentence = |i: usize| -> Option<usize> {
        // `i` is the byte of a terminator; returns the byte after its closers.
        if !matches!(b[i], b'.' | b'!' | b'?') {
            return None;
        }
        let mut j = i + 1;
        let rest = &text[j..];
        for c in rest.chars() {
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
    };
    let mut start = 0;
    let mut i = span.start.min(b.len());
    while i > 0 {
        i -= 1;
        if let Some(j) = ends_sentence(i)
            && j <= span.start
        {
            start = j;
            break;
        }
    }
    let mut end = text.len();
    let mut k = span.end.min(b.len());
    while k < b.len() {
        if let Some(j) = ends_sentence(k) {
            end = j;
            break;
        }
        k += 1;
    }
    start..end.max(start)
}

/// The fingerprint of the sentence holding `span` in `text`.
pub fn fingerprint(text: &str, span: Range<usize>) -> String {
    let r = sentence_around(text, span);
    let n = normalize(&text[r]);
    let t = n.text.trim_matches(is_separator);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in t.as_bytes() {
        h ^= byte as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl IgnoreList {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn load(path: &Path) -> Result<IgnoreList> {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::input(path, None, format!("cannot read the ignore file ({e})")))?;
        let doc = crate::input::Document::from_bytes(
            path,
            &bytes,
            crate::input::DecodeOptions::default(),
        )?;
        IgnoreList::parse(path, &doc.text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<IgnoreList> {
        let delim = if path.extension().is_some_and(|e| e == "tsv") {
            b'\t'
        } else {
            b','
        };
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
                    .filter(|r| r.starts_with(['=', '+', '-', '@']))
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
        Ok(IgnoreList { rules })
    }

    /// Whether a finding in `text` (at its own span) is accepted.
    pub fn suppresses(&self, f: &TermFinding, text: &str) -> bool {
        self.suppresses_at(f, text, f.span.clone())
    }

    /// Whether a finding is accepted, its sentence taken around `span` of `text`.
    pub fn suppresses_at(&self, f: &TermFinding, text: &str, span: Range<usize>) -> bool {
        if self.rules.is_empty() {
            return false;
        }
        let found = fold_ws(&f.found);
        let mut fp: Option<String> = None;
        self.rules.iter().any(|r| {
            r.term == f.term
                && r.found == found
                && r.kind.is_none_or(|k| k == f.kind)
                && r.fingerprint.as_ref().is_none_or(|want| {
                    let have = fp.get_or_insert_with(|| fingerprint(text, span.clone()));
                    want == have
                })
        })
    }
}
