//! Glossary loading and term checks.
//!
//! A glossary maps each preferred English term to the renderings it rejects.
//!
//! **Files.** CSV (`,` or `;`) and TSV with a header row naming `term` and,
//! optionally, `variants` (`|`-separated), `note`, `alternates` (other
//! accepted renderings, `|`-separated), `case` (`insensitive` default or
//! `sensitive`), `match` (`word` default, `prefix`, or `regex`: the variants
//! field is then one regular expression) and `severity` (`error` default,
//! `warning`, `info`); header names are case-insensitive, other columns are
//! ignored, a BOM is fine. TBX v2 (`martif`) and v3 (`tbx`): each
//! `termEntry`/`conceptEntry`'s English (`en`, `en-*`, `eng`, `eng-*`, any
//! case) `langSet`/`langSec`;
//! in `tig`/`ntig`/`termSec`, `administrativeStatus` (as `termNote` or as a
//! DCT element) `preferredTerm` is the term (else the first term without a
//! status), `admittedTerm` and other unmarked terms are alternates,
//! `deprecatedTerm`/`supersededTerm` are variants; `descrip`/`note` of type
//! `definition` is the note; `descrip type="x-case|x-match|x-severity"`
//! carries the per-entry options. Several files merge.
//!
//! **Refused files** (exit 2, naming the file and line): a TBX cut short
//! (ending inside open elements), a CSV/TSV field whose quote never closes
//! or a term/variants/alternates/option field holding a line break (terms
//! are one line; the line is where the row starts), a file yielding no
//! entry at all (for TBX: no English term; `en`, `eng`, ...), and a
//! regex variant that does not compile or can match the empty string.
//!
//! **Regex variants** run within one sentence piece (cut after `.`, `!`,
//! `?` followed by white space, after a CJK full stop, at a blank line; a
//! single line break does not cut, so `\s+` still finds a wrapped term),
//! start and end at word edges, and a match overlapping the entry's own
//! preferred term or alternate is dropped (a regex that matches the whole
//! term is also a load warning).
//!
//! **Matching.** One Aho-Corasick automaton over a normalized view of the
//! text (see [`matcher`]): case-insensitive, whole words, hyphen/space/line
//! break interchangeable, plural (`s`, `es`) and possessive (`'s`, `’s`, `s'`)
//! endings (not on a term or variant of one letter or digit: `I` + `s` is
//! "is", `A` + `s` is "as"; such a term matches only standing alone), URLs
//! and e-mail addresses skipped, leftmost-longest, and the preferred term
//! always beats a variant covering the same text. A `case`
//! finding is the preferred term in other letter case, except a lowercase
//! term capitalised at a sentence start or in a title ("E-commerce",
//! "Mobile Payment") and capitals on a line with no lowercase letter (a
//! headline, "WECHAT PAY GOES ABROAD"). With `case=sensitive` term and
//! variants match only as written and other casings are other words (for
//! acronyms: `IT` vs `it`).
//!
//! **Suppression.** See [`IgnoreList`]: `term,found[,fingerprint][,kind]`.

mod ignore;
pub mod matcher;
mod near;
mod parse;
mod regexes;
mod tally;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub use ignore::{Fingerprints, IgnoreList, IgnoreRule, fingerprint};
pub use matcher::{Hit, Role};
pub(crate) use parse::unclosed_quote;
pub use tally::{LinkClass, TermStats, TermTally, format_renderings};

use crate::error::{Error, Result};
use matcher::Matcher;

/// Longest term, variant or alternate a glossary may hold, in characters
/// (`--max-term-chars`): a term is a word or a phrase, and a longer "term"
/// is almost always a broken row (a quote swallowing the rest of a file, a
/// paragraph pasted into a cell).
pub const DEFAULT_MAX_TERM_CHARS: usize = 1000;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FindingKind {
    /// A variant the glossary rejects.
    Deprecated,
    /// The preferred term with the wrong letter case.
    Case,
    /// The ref uses the term (or a variant), the hyp has neither.
    Missing,
    /// A word within a few edits of a term or variant (`--near N`).
    Near,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Deprecated => "deprecated",
            FindingKind::Case => "case",
            FindingKind::Missing => "missing",
            FindingKind::Near => "near",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// How letter case counts for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CaseMode {
    /// Variants match in any case; the term in another case is a `case` finding.
    #[default]
    Insensitive,
    /// Term and variants match only as written (acronyms: `IT` is not `it`);
    /// text in another case is simply another word.
    Sensitive,
}

/// How an entry's variants are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// Whole words, with plural and possessive endings.
    #[default]
    Word,
    /// The variant starts a word; the finding covers the whole word.
    Prefix,
    /// Each variant is a regular expression (matched at word boundaries).
    Regex,
}

/// One glossary finding in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFinding {
    pub kind: FindingKind,
    /// The text as it appears in the checked text (for `missing`: as it
    /// appears in the ref).
    pub found: String,
    /// The preferred term.
    pub term: String,
    /// Index of the entry in [`Glossary::entries`].
    pub entry: usize,
    /// Byte range of `found`: in the checked text, or for `missing` in the
    /// ref, where the term was found (see `in_ref`).
    pub span: Range<usize>,
    /// `span` is in the ref (a `missing` finding of the hyp).
    pub in_ref: bool,
    pub severity: Severity,
}

impl fmt::Display for TermFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            // What is missing where: the ref's wording and that the hyp has
            // neither the term nor a variant of it.
            FindingKind::Missing => write!(
                f,
                "missing: {} (ref has \"{}\"; hyp has neither it nor a variant)",
                self.term, self.found
            ),
            _ => write!(f, "{}: {} -> {}", self.kind.as_str(), self.found, self.term),
        }
    }
}

/// Everything the glossary says about one aligned link: every hit on each
/// side (with whether an ignore rule suppresses it) and the `missing`
/// findings, so the report's findings and the term tally come from one
/// scan of each text.
#[derive(Debug, Clone, Default)]
pub struct LinkCheck {
    pub hyp_hits: Vec<(Hit, bool)>,
    pub ref_hits: Vec<(Hit, bool)>,
    pub missing: Vec<(TermFinding, bool)>,
}

impl LinkCheck {
    /// The hyp's reported findings: `deprecated` and `case` in text order,
    /// then `missing`.
    pub fn hyp_findings(&self, g: &Glossary, hyp: &str) -> Vec<TermFinding> {
        let mut v = reported(g, hyp, &self.hyp_hits);
        v.extend(
            self.missing
                .iter()
                .filter(|(_, s)| !s)
                .map(|(f, _)| f.clone()),
        );
        v
    }

    /// The ref's reported findings (`deprecated` and `case`).
    pub fn ref_findings(&self, g: &Glossary, ref_: &str) -> Vec<TermFinding> {
        reported(g, ref_, &self.ref_hits)
    }
}

fn reported(g: &Glossary, text: &str, hits: &[(Hit, bool)]) -> Vec<TermFinding> {
    hits.iter()
        .filter(|(_, s)| !s)
        .filter_map(|(h, _)| g.finding(text, h))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub term: String,
    pub variants: Vec<String>,
    pub note: String,
    pub severity: Severity,
    /// Other accepted renderings (TBX `admittedTerm`, CSV `alternates`):
    /// never findings, but they count as the term for `missing`.
    pub alternates: Vec<String>,
    pub case: CaseMode,
    pub match_mode: MatchMode,
    /// The file the entry came from, for messages.
    pub source: String,
    /// 1-based line of the entry in that file.
    pub line: usize,
}

impl Entry {
    pub fn new(term: &str, variants: &[&str]) -> Entry {
        Entry {
            term: term.to_owned(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            ..Entry::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    /// Accepted findings that are not reported (see [`IgnoreList`]).
    pub ignore: IgnoreList,
    load_warnings: Vec<String>,
    /// Built on first use from `entries`; change `entries` only before checking.
    matcher: OnceLock<Arc<Matcher>>,
    near: OnceLock<Arc<near::NearIndex>>,
}

impl Glossary {
    /// Loads and merges glossary files (`.csv`, `.tsv`, `.tbx`).
    pub fn load(paths: &[PathBuf]) -> Result<Glossary> {
        Glossary::load_with(paths, DEFAULT_MAX_TERM_CHARS)
    }

    /// [`Glossary::load`] with another limit on the length of a term,
    /// variant or alternate, in characters (0: none).
    pub fn load_with(paths: &[PathBuf], max_term_chars: usize) -> Result<Glossary> {
        Glossary::load_seeing(paths, max_term_chars, &mut |_, _| {})
    }

    /// [`Glossary::load_with`] that shows `see` every byte read, in order,
    /// with the index of its file in `paths` (to fingerprint the very
    /// bytes that were used, a stream's included). Each file streams
    /// through the decoder: a binary file or a device is refused at its
    /// first bytes, a stream past [`crate::input::MAX_SETUP_STREAM`].
    pub fn load_seeing(
        paths: &[PathBuf],
        max_term_chars: usize,
        see: &mut dyn FnMut(usize, &[u8]),
    ) -> Result<Glossary> {
        let mut entries = Vec::new();
        for (i, p) in paths.iter().enumerate() {
            let file = std::fs::File::open(p).map_err(|e| {
                let hint = match e.kind() {
                    std::io::ErrorKind::NotFound => "glossary not found; check the path",
                    _ => "cannot read the glossary",
                };
                Error::input(p, None, format!("{hint} ({e})"))
            })?;
            let doc = crate::input::Document::read_setup(p, file, "glossary", &mut |b| see(i, b))?;
            entries.extend(Glossary::parse_entries(p, &doc.text, max_term_chars)?);
        }
        Ok(Glossary::from_entries(entries, Vec::new()))
    }

    fn parse_entries(path: &Path, text: &str, max_term_chars: usize) -> Result<Vec<Entry>> {
        let limit = if max_term_chars == 0 {
            usize::MAX
        } else {
            max_term_chars
        };
        let entries = match parse::sniff(path, text) {
            parse::FileKind::Tbx => parse::parse_tbx(path, text, limit),
            parse::FileKind::Tsv => parse::parse_delimited(path, text, b'\t', limit),
            parse::FileKind::Csv => parse::parse_delimited(path, text, b',', limit),
            parse::FileKind::Semicolon => parse::parse_delimited(path, text, b';', limit),
        }?;
        // A glossary file with no row at all is almost always a wrong export
        // or a wrong path, and it would make every term gate pass. (Rows
        // without a term are warned about, each with its line, when the
        // glossary is built.)
        if entries.is_empty() {
            return Err(Error::input(
                path,
                None,
                "the glossary has no entries below the header row, so it would check \
                 nothing; add rows (term, variants, ...) or drop this --glossary",
            ));
        }
        Ok(entries)
    }

    /// Parses one file's text; the format comes from the extension (`.tbx`,
    /// `.tsv`, else CSV) or, failing that, the content.
    pub fn parse(path: &Path, text: &str) -> Result<Glossary> {
        Glossary::parse_with(path, text, DEFAULT_MAX_TERM_CHARS)
    }

    /// [`Glossary::parse`] with another `--max-term-chars` (0: none).
    pub fn parse_with(path: &Path, text: &str, max_term_chars: usize) -> Result<Glossary> {
        Ok(Glossary::from_entries(
            Glossary::parse_entries(path, text, max_term_chars)?,
            Vec::new(),
        ))
    }

    /// Builds a glossary, dropping entries without a term and noting every
    /// problem a reviewer should fix in the file.
    pub fn from_entries(entries: Vec<Entry>, warnings: Vec<String>) -> Glossary {
        let mut warnings = Capped::new(warnings);
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        let at = |e: &Entry| {
            if e.source.is_empty() {
                format!("entry {:?}", clip(&e.term))
            } else {
                format!("{}:{}", e.source, e.line)
            }
        };
        let mut by_term: HashMap<String, usize> = HashMap::new();
        for mut e in entries {
            e.term = e.term.trim().to_owned();
            let norm = matcher::normalize_pattern(&e.term);
            if norm.is_empty() {
                if !e.term.is_empty() {
                    // Hyphens and spaces are where words join, not letters.
                    warnings.push(format!(
                        "{}: the term {:?} is only punctuation (hyphens, dashes, spaces or invisible \
                         characters), which never matches as a word; entry skipped",
                        at(&e),
                        clip(&e.term)
                    ));
                } else if !e.variants.is_empty() || !e.alternates.is_empty() {
                    warnings.push(format!(
                        "{}: entry has variants ({}) but no preferred term; skipped",
                        at(&e),
                        clip(&e.variants.join("|"))
                    ));
                } else {
                    warnings.push(format!("{}: empty entry skipped", at(&e)));
                }
                continue;
            }
            let before = e.variants.len();
            let mut seen = std::collections::HashSet::new();
            let mut dropped = Vec::new();
            e.variants.retain(|v| {
                let regex = e.match_mode == MatchMode::Regex;
                let n = if regex || e.case == CaseMode::Sensitive {
                    v.trim().to_owned()
                } else {
                    matcher::normalize_pattern(v)
                };
                let same_as_term = !regex && n == norm;
                let keep = !n.is_empty()
                    && seen.insert(n)
                    && !(same_as_term && e.case == CaseMode::Insensitive);
                if !keep {
                    dropped.push(v.clone());
                }
                keep
            });
            if e.variants.len() < before {
                warnings.push(format!(
                    "{}: {:?}: variant(s) {} repeat the term or another variant (another letter \
                     case of the term is already a `case` finding); ignored",
                    at(&e),
                    clip(&e.term),
                    dropped
                        .iter()
                        .map(|d| format!("{:?}", clip(d)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if let Some(&first) = by_term.get(&norm) {
                let f: &mut Entry = &mut kept[first];
                let same_options = (f.case, f.match_mode, f.severity)
                    == (e.case, e.match_mode, e.severity)
                    && f.match_mode != MatchMode::Regex;
                if same_options {
                    // One variant per row is a common spreadsheet layout: merge.
                    warnings.push(format!(
                        "{}: duplicate entry for {:?} (first at {}); its variants are merged \
                         into the first",
                        at(&e),
                        clip(&e.term),
                        at(f)
                    ));
                    for v in e.variants {
                        if !f.variants.contains(&v) {
                            f.variants.push(v);
                        }
                    }
                    for a in e.alternates {
                        if !f.alternates.contains(&a) {
                            f.alternates.push(a);
                        }
                    }
                    if f.note.is_empty() {
                        f.note = e.note;
                    }
                    continue;
                }
                warnings.push(format!(
                    "{}: duplicate entry for {:?} with other case/match/severity (first at {}); \
                     both are used",
                    at(&e),
                    clip(&e.term),
                    at(f)
                ));
            } else {
                by_term.insert(norm, kept.len());
            }
            kept.push(e);
        }
        let mut variant_owner: HashMap<String, usize> = HashMap::new();
        for (i, e) in kept.iter().enumerate() {
            if e.match_mode == MatchMode::Regex {
                continue;
            }
            for v in &e.variants {
                let n = matcher::normalize_pattern(v);
                match variant_owner.get(&n) {
                    Some(&o) if kept[o].term != e.term => warnings.push(format!(
                        "{}: variant {:?} of {:?} is also a variant of {:?} ({}); it is \
                         reported for {:?}",
                        at(e),
                        clip(v),
                        clip(&e.term),
                        clip(&kept[o].term),
                        at(&kept[o]),
                        clip(&kept[o].term)
                    )),
                    Some(_) => {}
                    None => {
                        variant_owner.insert(n, i);
                    }
                }
                if let Some(&o) = by_term.get(&matcher::normalize_pattern(v)) {
                    let other = &kept[o];
                    if other.term != e.term {
                        warnings.push(format!(
                            "{}: variant {:?} of {:?} is the preferred term of another entry \
                             ({:?} at {}); it is never reported as deprecated",
                            at(e),
                            clip(v),
                            clip(&e.term),
                            clip(&other.term),
                            at(other)
                        ));
                    }
                }
            }
        }
        let g = Glossary {
            entries: kept,
            ignore: IgnoreList::default(),
            load_warnings: Vec::new(),
            matcher: OnceLock::new(),
            near: OnceLock::new(),
        };
        // The regex variants are judged by the matcher that will run them,
        // built now (once) rather than compiled one by one here as well.
        if g.entries.iter().any(|e| e.match_mode == MatchMode::Regex) {
            let rx = &g.matcher().regexes;
            for i in 0..rx.len() {
                let v = rx.get(i);
                let e = &g.entries[v.entry as usize];
                if !rx.compiles(i) {
                    warnings.push(format!(
                        "{}: regex variant {:?} of {:?} is too large to compile; it never \
                         matches",
                        at(e),
                        clip(&v.pattern),
                        clip(&e.term)
                    ));
                } else if rx.matches_whole(i, &e.term) {
                    warnings.push(format!(
                        "{}: regex variant {:?} matches the preferred term {:?} itself; \
                         text holding the term is never reported as deprecated, so only \
                         its other matches count",
                        at(e),
                        clip(&v.pattern),
                        clip(&e.term)
                    ));
                }
            }
        }
        Glossary {
            load_warnings: warnings.finish(),
            ..g
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets the accepted findings that are no longer reported.
    pub fn with_ignore(mut self, ignore: IgnoreList) -> Glossary {
        self.ignore = ignore;
        self
    }

    fn matcher(&self) -> &Matcher {
        self.matcher
            .get_or_init(|| Arc::new(Matcher::build(&self.entries)))
    }

    /// Every occurrence of a term, alternate or variant in `text`, correct
    /// ones included, in text order (nothing is suppressed here).
    pub fn occurrences(&self, text: &str) -> Vec<Hit> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        self.matcher().scan(text)
    }

    fn finding(&self, text: &str, h: &Hit) -> Option<TermFinding> {
        let kind = match h.role {
            Role::Variant => FindingKind::Deprecated,
            Role::Term if h.wrong_case => FindingKind::Case,
            _ => return None,
        };
        let e = &self.entries[h.entry];
        Some(TermFinding {
            kind,
            found: text[h.start..h.end].to_owned(),
            term: e.term.clone(),
            entry: h.entry,
            span: h.start..h.end,
            in_ref: false,
            severity: e.severity,
        })
    }

    /// Every hit in `text` with whether an ignore rule suppresses it (only
    /// a wrong hit can be suppressed).
    fn side(&self, text: &str) -> Vec<(Hit, bool)> {
        let mut fps = Fingerprints::new(text);
        self.occurrences(text)
            .into_iter()
            .map(|h| {
                let s = self
                    .finding(text, &h)
                    .is_some_and(|f| self.ignore.suppresses(&f, &mut fps));
                (h, s)
            })
            .collect()
    }

    /// What the glossary says about one aligned link, from one scan of each
    /// side; findings and the term tally are both derived from it. A gap
    /// link (one side empty) has no `missing` findings.
    pub fn check_link(&self, hyp: &str, ref_: &str, gap: bool) -> LinkCheck {
        if self.entries.is_empty() {
            return LinkCheck::default();
        }
        let hyp_hits = self.side(hyp);
        let ref_hits = self.side(ref_);
        let missing = if gap {
            Vec::new()
        } else {
            self.missing_from(&hyp_hits, &ref_hits, ref_)
        };
        LinkCheck {
            hyp_hits,
            ref_hits,
            missing,
        }
    }

    /// All `deprecated` and `case` findings, with whether each is suppressed.
    pub fn check_all(&self, text: &str) -> Vec<(TermFinding, bool)> {
        let mut all = Vec::new();
        self.for_each_finding(text, |f, s| all.push((f, s)));
        all
    }

    /// [`Glossary::check_all`] one finding at a time, in text order, as the
    /// scan settles them: a text's findings are never all held at once.
    pub fn for_each_finding(&self, text: &str, mut f: impl FnMut(TermFinding, bool)) {
        let mut fps = Fingerprints::new(text);
        self.for_each_unjudged(text, |found| {
            let s = self.ignore.suppresses(&found, &mut fps);
            f(found, s);
        });
    }

    /// Every `deprecated` and `case` finding in `text`, in text order, not
    /// yet tried against the ignore rules: the caller knows the sentence
    /// each belongs to (see [`text_findings`]).
    fn for_each_unjudged(&self, text: &str, mut f: impl FnMut(TermFinding)) {
        if self.entries.is_empty() {
            return;
        }
        self.matcher().scan_each(text, |h| {
            if let Some(found) = self.finding(text, &h) {
                f(found);
            }
        });
    }

    /// `deprecated` and `case` findings in one text, in text order, minus
    /// suppressed ones.
    pub fn check(&self, text: &str) -> Vec<TermFinding> {
        self.check_counted(text).0
    }

    /// Like [`Glossary::check`], plus the number of suppressed findings.
    pub fn check_counted(&self, text: &str) -> (Vec<TermFinding>, usize) {
        split_suppressed(self.check_all(text))
    }

    /// All `missing` findings with whether each is suppressed: for each
    /// entry, every occurrence the ref has beyond the hyp's count.
    pub fn missing_all(&self, hyp: &str, ref_: &str) -> Vec<(TermFinding, bool)> {
        self.check_link(hyp, ref_, false).missing
    }

    fn missing_from(
        &self,
        hyp_hits: &[(Hit, bool)],
        ref_hits: &[(Hit, bool)],
        ref_: &str,
    ) -> Vec<(TermFinding, bool)> {
        if ref_hits.is_empty() {
            return Vec::new();
        }
        let mut hyp_count: HashMap<usize, usize> = HashMap::new();
        for (h, _) in hyp_hits {
            *hyp_count.entry(h.entry).or_default() += 1;
        }
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut out = Vec::new();
        let mut fps = Fingerprints::new(ref_);
        for (h, _) in ref_hits {
            let n = seen.entry(h.entry).or_default();
            *n += 1;
            if *n > hyp_count.get(&h.entry).copied().unwrap_or(0) {
                let e = &self.entries[h.entry];
                let f = TermFinding {
                    kind: FindingKind::Missing,
                    found: ref_[h.start..h.end].to_owned(),
                    term: e.term.clone(),
                    entry: h.entry,
                    span: h.start..h.end,
                    in_ref: true,
                    severity: e.severity,
                };
                let s = self.ignore.suppresses_at(&f, &mut fps, h.start..h.end);
                out.push((f, s));
            }
        }
        out
    }

    /// `missing` findings: terms the ref uses that the hyp lacks, one per
    /// occurrence the hyp is short of.
    pub fn missing(&self, hyp: &str, ref_: &str) -> Vec<TermFinding> {
        self.missing_counted(hyp, ref_).0
    }

    pub fn missing_counted(&self, hyp: &str, ref_: &str) -> (Vec<TermFinding>, usize) {
        split_suppressed(self.missing_all(hyp, ref_))
    }

    /// Near misses of terms and variants in `text`, within `max_edits`
    /// edits (see `glossary/near.rs`); none with `max_edits` 0. Those an
    /// ignore rule accepts are left out, as other findings are.
    pub fn near(&self, text: &str, max_edits: usize) -> Vec<TermFinding> {
        self.near_counted(text, max_edits, &mut Vec::new())
    }

    /// [`Glossary::near`], appending to `suppressed` the entry of each
    /// finding an ignore rule took out, so that the term tally can count it
    /// with the other suppressed findings.
    pub fn near_counted(
        &self,
        text: &str,
        max_edits: usize,
        suppressed: &mut Vec<usize>,
    ) -> Vec<TermFinding> {
        if self.entries.is_empty() || max_edits == 0 {
            return Vec::new();
        }
        let mut found = self
            .near
            .get_or_init(|| Arc::new(near::NearIndex::build(self)))
            .find(self, text, max_edits);
        let mut fps = Fingerprints::new(text);
        found.retain(|f| {
            let out = self.ignore.suppresses(f, &mut fps);
            if out {
                suppressed.push(f.entry);
            }
            !out
        });
        found
    }

    /// The text with every variant (and the term in another case) replaced
    /// by its preferred term, so the aligner sees "micro-letter" and
    /// "WeChat" as the same word. Inflection endings are kept.
    pub fn canonicalize(&self, text: &str) -> String {
        self.canonical(text).into_owned()
    }

    /// [`Glossary::canonicalize`], borrowing `text` when nothing in it
    /// changes (most sentences): `compare` keeps one canonical form per
    /// sentence for the aligner.
    pub fn canonical<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let hits = self.occurrences(text);
        if hits.iter().all(|h| h.role == Role::Term && !h.wrong_case) {
            return text.into();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for h in hits {
            if h.role == Role::Term && !h.wrong_case {
                continue;
            }
            out.push_str(&text[last..h.start]);
            out.push_str(&self.entries[h.entry].term);
            last = h.stem_end;
        }
        out.push_str(&text[last..]);
        out.into()
    }

    /// Problems found while loading (duplicates, a variant that is another
    /// entry's term, empty entries), each naming the file and line.
    pub fn warnings(&self) -> Vec<String> {
        self.load_warnings.clone()
    }
}

/// Load warnings, the first [`Capped::SHOWN`] of them kept: a glossary
/// exported with one row per variant, or a wrong file, can warn on every
/// row, millions of times, which would bury the report's own messages.
struct Capped {
    kept: Vec<String>,
    more: usize,
}

impl Capped {
    const SHOWN: usize = 100;

    fn new(warnings: Vec<String>) -> Capped {
        let mut c = Capped {
            kept: Vec::new(),
            more: 0,
        };
        for w in warnings {
            c.push(w);
        }
        c
    }

    fn push(&mut self, w: String) {
        if self.kept.len() < Capped::SHOWN {
            self.kept.push(w);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.kept.push(format!(
                "{} more glossary warnings not shown (the first {} are above); fix those and \
                 rerun to see the rest",
                self.more,
                Capped::SHOWN
            ));
        }
        self.kept
    }
}

/// Longest excerpt of a glossary (a term, a value, an element name) that a
/// message quotes, in characters: a broken file can hold a "term" of
/// megabytes, and a message is a line a person reads.
const QUOTE_CHARS: usize = 80;

/// `s` cut to [`QUOTE_CHARS`] characters, `…` marking a cut.
pub(crate) fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    crate::input::cat::clip(s, QUOTE_CHARS)
}

fn split_suppressed(all: Vec<(TermFinding, bool)>) -> (Vec<TermFinding>, usize) {
    let n = all.iter().filter(|(_, s)| *s).count();
    (
        all.into_iter()
            .filter(|(_, s)| !s)
            .map(|(f, _)| f)
            .collect(),
        n,
    )
}

/// 1-based columns, in characters, of ascending byte offsets of one text:
/// each call counts only the characters since the previous offset (or since
/// the line start in between), so a long line costs its length once, not
/// once per finding on it.
struct Columns<'t> {
    text: &'t str,
    at: usize,
    column: usize,
}

impl<'t> Columns<'t> {
    fn new(text: &'t str) -> Self {
        Columns {
            text,
            at: 0,
            column: 1,
        }
    }

    fn of(&mut self, at: usize) -> usize {
        if at < self.at {
            *self = Columns::new(self.text);
        }
        let gap = &self.text[self.at..at];
        self.column = match gap.rfind(['\n', '\r']) {
            Some(i) => gap[i + 1..].chars().count() + 1,
            None => self.column + gap.chars().count(),
        };
        self.at = at;
        self.column
    }
}

/// Longest sentence (in bytes) the `sentence` cell of `mtaudit terms` holds
/// whole. A longer one is a text without sentence marks: every finding in
/// it would repeat all of it (memory quadratic in the line; BENCHMARKS.md,
/// "Glossary speed"), so the cell shows [`EXCERPT`] bytes each side of the
/// finding instead.
const MAX_SENTENCE_CELL: usize = 4096;
const EXCERPT: usize = 1000;

/// The finding `f` in `text[ctx]` with up to [`EXCERPT`] bytes each side,
/// cut after a space where there is one, whitespace runs folded to one
/// space, and `…` where the sentence goes on.
fn excerpt(text: &str, ctx: Range<usize>, f: Range<usize>) -> String {
    let mut from = f.start.saturating_sub(EXCERPT).max(ctx.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if from > ctx.start
        && let Some(i) = text[from..f.start].find(char::is_whitespace)
    {
        from += i;
    }
    let mut to = (f.end + EXCERPT).min(ctx.end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if to < ctx.end
        && let Some(i) = text[f.end..to].rfind(char::is_whitespace)
    {
        to = f.end + i;
    }
    let body = text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let open = if from > ctx.start { "… " } else { "" };
    let close = if to < ctx.end { " …" } else { "" };
    format!("{open}{body}{close}")
}

/// One finding of `mtaudit terms`, placed in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFinding {
    /// 1-based line where the finding starts.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    pub finding: TermFinding,
    /// The sentence holding the finding (an excerpt around it past 4,096
    /// bytes).
    pub sentence: String,
    /// The sentence fingerprint an `--ignore` file can use.
    pub fingerprint: String,
}

/// `mtaudit terms`: every finding in a monolingual text, in text order,
/// each with its line and column, its sentence and fingerprint, handed to
/// `out` as it is found. Suppressed findings are left out. `sentences` are
/// the byte spans of the segmenter's sentences, in order.
pub fn text_findings(
    doc: &crate::input::Document,
    sentences: &[Range<usize>],
    g: &Glossary,
    mut out: impl FnMut(TextFinding),
) {
    findings_in(&doc.text, sentences, g, |at| doc.line_at(at), &mut out);
}

/// [`text_findings`] of the units of an XLIFF, TMX or PO file, each one
/// sentence as `compare` reads it: a unit's words (its text without inline
/// codes, which `compare` checks) are checked, so a term a tag splits is
/// found and no tag name is a finding, and the fingerprint is the one
/// `compare` works out for the unit. A finding's line is its unit's; its
/// column counts in those words, which the `sentence` cell shows.
pub fn unit_findings(
    units: &[crate::segment::Sentence],
    g: &Glossary,
    mut out: impl FnMut(TextFinding),
) {
    for u in units {
        let words = crate::input::cat::without_codes(&u.text);
        // The unit is the one sentence of its words.
        let whole = 0..words.len();
        findings_in(
            &words,
            std::slice::from_ref(&whole),
            g,
            |_| u.line,
            &mut out,
        );
    }
}

/// [`text_findings`] of `text`, `line_at` giving the line of a byte offset.
fn findings_in(
    text: &str,
    sentences: &[Range<usize>],
    g: &Glossary,
    line_at: impl Fn(usize) -> usize,
    out: &mut impl FnMut(TextFinding),
) {
    // The whole text is checked at once, so a term broken over a line end is
    // found whatever the segmenter made of that line end; each finding then
    // belongs to the sentence it starts in.
    let mut columns = Columns::new(text);
    // The fingerprints of the last sentence's findings.
    let mut fps: Option<(Range<usize>, Fingerprints)> = None;
    // The last sentence's cell when it is shown whole.
    let mut whole: Option<(usize, Option<String>)> = None;
    // An ignore rule's fingerprint is matched on the very sentence whose
    // fingerprint the row writes (the segmenter's): worked out over the
    // whole text, a heading without a full stop would join the sentence
    // after it, and the row's own fingerprint would never match.
    g.for_each_unjudged(text, |f| {
        let at = f.span.start;
        let i = sentences.partition_point(|s| s.start <= at);
        let sentence = i
            .checked_sub(1)
            .map(|k| (k, &sentences[k]))
            .filter(|(_, s)| s.end <= text.len());
        let ctx = match sentence {
            Some((_, s)) => s.start..s.end.max(f.span.end),
            None => 0..text.len(),
        };
        if fps.as_ref().is_none_or(|(r, _)| *r != ctx) {
            fps = Some((ctx.clone(), Fingerprints::new(&text[ctx.clone()])));
        }
        let Some((_, fp)) = fps.as_mut() else {
            return;
        };
        let local = f.span.start - ctx.start..f.span.end - ctx.start;
        if g.ignore.suppresses_at(&f, fp, local.clone()) {
            return;
        }
        let sentence = match sentence {
            Some((k, s)) => {
                if whole.as_ref().is_none_or(|(w, _)| *w != k) {
                    whole = Some((k, whole_cell(&text[s.clone()])));
                }
                match whole.as_ref().and_then(|(_, c)| c.clone()) {
                    Some(c) => c,
                    None => excerpt(text, ctx.clone(), f.span.clone()),
                }
            }
            None => String::new(),
        };
        let fingerprint = fp.of(local);
        out(TextFinding {
            line: line_at(at),
            column: columns.of(at),
            finding: f,
            sentence,
            fingerprint,
        });
    });
}

/// The `sentence` cell of a sentence shown whole (its text with whitespace
/// folded, as the segmenter gives it), or `None` past [`MAX_SENTENCE_CELL`]
/// bytes. Only a span of at most four times that is folded to find out: a
/// longer one is shown as excerpts whatever its spaces.
fn whole_cell(span: &str) -> Option<String> {
    if span.len() > 4 * MAX_SENTENCE_CELL {
        return None;
    }
    Some(crate::segment::fold_whitespace(span)).filter(|c| c.len() <= MAX_SENTENCE_CELL)
}

#[cfg(test)]
mod tests;
