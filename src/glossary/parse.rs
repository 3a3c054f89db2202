//! Reading glossary files: CSV/TSV spreadsheets and TBX termbases.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{CaseMode, Entry, MatchMode, Severity, clip};
use crate::error::{Error, Result};

/// What a file is, from its extension, falling back to its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Tsv,
    /// A spreadsheet saved with `;` (European Excel).
    Semicolon,
    Tbx,
}

pub fn sniff(path: &Path, text: &str) -> FileKind {
    if has_extension(path, &["tbx", "xml"]) {
        return FileKind::Tbx;
    }
    if !has_extension(path, TAB_EXTENSIONS) && text.trim_start().starts_with('<') {
        return FileKind::Tbx;
    }
    match delimiter(path, text) {
        b'\t' => FileKind::Tsv,
        b';' => FileKind::Semicolon,
        _ => FileKind::Csv,
    }
}

/// Extensions that name a tab-separated file.
const TAB_EXTENSIONS: &[&str] = &["tsv", "tab"];

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| exts.contains(&e.as_str()))
}

/// The field delimiter of a delimited file (a glossary, an `--ignore`
/// file): a tab for `.tsv` and `.tab`, else what the first line holds
/// besides no `,` (a tab, or `;` as European Excel saves), else `,`.
pub fn delimiter(path: &Path, text: &str) -> u8 {
    if has_extension(path, TAB_EXTENSIONS) {
        return b'\t';
    }
    let first = text.lines().next().unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    }
}

pub fn parse_case(v: &str) -> std::result::Result<CaseMode, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "insensitive" => Ok(CaseMode::Insensitive),
        "sensitive" => Ok(CaseMode::Sensitive),
        o => Err(format!(
            "unknown case value {:?}; use `insensitive` (default) or `sensitive`",
            clip(o)
        )),
    }
}

pub fn parse_match(v: &str) -> std::result::Result<MatchMode, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "word" => Ok(MatchMode::Word),
        "prefix" => Ok(MatchMode::Prefix),
        "regex" => Ok(MatchMode::Regex),
        o => Err(format!(
            "unknown match value {:?}; use `word` (default), `prefix` or `regex`",
            clip(o)
        )),
    }
}

pub fn parse_severity(v: &str) -> std::result::Result<Severity, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "error" => Ok(Severity::Error),
        "warning" | "warn" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        o => Err(format!(
            "unknown severity value {:?}; use `error` (default), `warning` or `info`",
            clip(o)
        )),
    }
}

fn split_variants(s: &str) -> Vec<String> {
    s.split('|')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Checks what only the file can tell: no term, variant or alternate is
/// longer than `max_chars`, regex variants compile.
fn validate(path: &Path, e: &Entry, max_chars: usize) -> Result<()> {
    let fields = std::iter::once(("term", &e.term))
        .chain(e.variants.iter().map(|v| ("variant", v)))
        .chain(e.alternates.iter().map(|a| ("alternate", a)));
    for (what, t) in fields {
        // Bytes bound characters from above: most fields need no count.
        if t.len() > max_chars && t.chars().count() > max_chars {
            return Err(Error::input(
                path,
                Some(e.line),
                format!(
                    "the {what} {:?} is {} characters long, over the limit of {max_chars} \
                     (--max-term-chars); a term is a word or a phrase, so check this row's \
                     quoting, or raise the limit",
                    clip(t),
                    t.chars().count()
                ),
            ));
        }
    }
    if e.match_mode == MatchMode::Regex {
        for v in &e.variants {
            // Parsed, not compiled: the matcher compiles the variants
            // together, and a syntax error is what a file can get wrong.
            let hir = regex_syntax::Parser::new().parse(v).map_err(|err| {
                let first = err.to_string();
                let first = first.lines().last().unwrap_or("").trim().to_owned();
                Error::input(
                    path,
                    Some(e.line),
                    format!(
                        "variant {:?} of {:?} is not a valid regular expression ({}); \
                         fix it or set match to `word`",
                        clip(v),
                        clip(&e.term),
                        clip(&first)
                    ),
                )
            })?;
            // A pattern that can match nothing at all would match between
            // every two characters (or, after the word-boundary filter,
            // silently never): either way the entry is wrong.
            let min = hir.properties().minimum_len();
            if min == Some(0) {
                return Err(Error::input(
                    path,
                    Some(e.line),
                    format!(
                        "variant {:?} of {:?} can match the empty string, so it would match \
                         everywhere or nowhere; make every part of it required (e.g. `x+` \
                         instead of `x*`, no empty alternative `(a|)`)",
                        clip(v),
                        clip(&e.term)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The line where a quoted field opens and is never closed, if one is.
/// The csv crate reads such a field to the end of the file without an
/// error, so the last rows of a glossary would vanish into one cell.
/// Quotes count only at the start of a field, as the csv crate reads them.
/// Refuses a file with a quote that never closes, naming its line.
pub(super) fn check_quotes(path: &Path, text: &str, delim: u8) -> Result<()> {
    match unterminated_quote(text, delim) {
        Some(line) => Err(Error::input(
            path,
            Some(line),
            "unterminated quoted field: the quote (\") that opens a field here is never \
             closed, so the rest of the file would be read as one cell; close the quote or \
             remove it",
        )),
        None => Ok(()),
    }
}

/// Where (a byte offset) a quoted field opens that never closes, if one
/// does. As the csv crate reads them, only a quote that starts a field
/// opens one, and `""` inside it is a quote. Glossaries and batch
/// manifests both check with it.
pub(crate) fn unclosed_quote(text: &[u8], delim: u8) -> Option<usize> {
    let mut field_start = true;
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if field_start && c == b'"' {
            let open = i;
            i += 1;
            loop {
                match text.get(i) {
                    None => return Some(open),
                    Some(b'"') if text.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            field_start = false;
        } else {
            field_start = c == delim || c == b'\n' || c == b'\r';
        }
        i += 1;
    }
    None
}

/// The line of [`unclosed_quote`]'s offset.
fn unterminated_quote(text: &str, delim: u8) -> Option<usize> {
    let at = unclosed_quote(text.as_bytes(), delim)?;
    Some(1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count())
}

/// `text` with CRLF and lone CR line ends made LF. The csv reader numbers a
/// row by the LFs before it, and with CRLF (an Excel export on Windows) it
/// takes a row's position before the LF that ends the line above: every
/// line number in a message came out one too low.
pub(crate) fn lf_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

pub fn parse_delimited(path: &Path, text: &str, delim: u8, max_chars: usize) -> Result<Vec<Entry>> {
    let text = lf_line_ends(text.strip_prefix('\u{FEFF}').unwrap_or(text));
    let text = text.as_ref();
    check_quotes(path, text, delim)?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Error::input(path, Some(1), format!("cannot read the header row: {e}")))?
        .clone();
    let col = |name: &str| {
        headers.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{FEFF}')
                .eq_ignore_ascii_case(name)
        })
    };
    let sep = if delim == b'\t' { "tab" } else { "comma" };
    let term_col = col("term").ok_or_else(|| {
        Error::input(
            path,
            Some(1),
            format!(
                "no `term` column in the header row ({}); the first row must name the columns, \
                 e.g. term{d}variants{d}note ({sep}-separated)",
                clip(&headers.iter().collect::<Vec<_>>().join(if delim == b'\t' {
                    "\\t"
                } else {
                    ","
                })),
                d = if delim == b'\t' { "\\t" } else { "," }
            ),
        )
    })?;
    let variants_col = col("variants").or_else(|| col("variant"));
    let note_col = col("note").or_else(|| col("notes"));
    let case_col = col("case");
    let match_col = col("match");
    let sev_col = col("severity");
    let alt_col = col("alternates").or_else(|| col("admitted"));
    let width = headers.len();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Error::input(
                path,
                line,
                format!("bad CSV row ({e}); quote fields that contain the delimiter"),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() > width {
            return Err(Error::input(
                path,
                Some(line),
                format!(
                    "row has {} fields but the header has {width}; quote a field that contains \
                     the {sep} (\"a{d} b\") or add a column name to the header",
                    rec.len(),
                    d = if delim == b'\t' { "\\t" } else { "," }
                ),
            ));
        }
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let bad = |m: String| Error::input(path, Some(line), m);
        // Terms are one line: a line break in a field (even at its end, where
        // trimming would hide it) means a quote swallowed the row ends. Notes
        // may be multi-line cells.
        if let Some(name) = [term_col]
            .into_iter()
            .chain(variants_col)
            .chain(alt_col)
            .chain(case_col)
            .chain(match_col)
            .chain(sev_col)
            .find(|&c| rec.get(c).is_some_and(|f| f.contains(['\n', '\r'])))
            .and_then(|c| headers.get(c))
        {
            return Err(bad(format!(
                "the `{}` field of the row starting here spans several lines: a quote (\") \
                 is probably opened and never closed; glossary terms are one line each",
                name.trim().trim_start_matches('\u{FEFF}')
            )));
        }
        let match_mode = parse_match(get(match_col)).map_err(bad)?;
        // A regular expression uses `|` itself, so the field is one pattern.
        let variants = if match_mode == MatchMode::Regex {
            Some(get(variants_col).to_owned())
                .filter(|v| !v.is_empty())
                .into_iter()
                .collect()
        } else {
            split_variants(get(variants_col))
        };
        let e = Entry {
            term: get(Some(term_col)).to_owned(),
            variants,
            alternates: split_variants(get(alt_col)),
            note: get(note_col).to_owned(),
            severity: parse_severity(get(sev_col)).map_err(bad)?,
            case: parse_case(get(case_col)).map_err(bad)?,
            match_mode,
            source: path.display().to_string(),
            line,
        };
        validate(path, &e, max_chars)?;
        out.push(e);
    }
    Ok(out)
}

fn line_of(text: &str, byte: usize) -> usize {
    let b = &text.as_bytes()[..byte.min(text.len())];
    1 + memchr::memchr_iter(b'\n', b).count()
}

/// Line numbers of ascending byte offsets, each counting only the bytes
/// since the last one: a termbase of 100,000 entries would otherwise count
/// its lines from the top once per entry.
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    fn of(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..byte]).count();
        self.at = byte;
        self.line
    }
}

/// Deepest element nesting a termbase may have. TBX needs about eight
/// levels (martif > text > body > termEntry > langSet > tig > term > hi);
/// a file nested thousands deep is not a termbase, and listing its open
/// elements would make a message of megabytes.
pub const MAX_TBX_DEPTH: usize = 1000;

/// The open elements of a cut-short file for a message: the outermost and
/// innermost few, names clipped.
fn open_path(open: &[(String, u64)]) -> (String, String) {
    const SHOWN: usize = 3;
    let name = |n: &String| clip(n).into_owned();
    let (path, closing): (Vec<String>, Vec<String>) = if open.len() <= 2 * SHOWN {
        (
            open.iter().map(|(n, _)| name(n)).collect(),
            open.iter()
                .rev()
                .map(|(n, _)| format!("</{}>", name(n)))
                .collect(),
        )
    } else {
        let hidden = open.len() - 2 * SHOWN;
        let mut path: Vec<String> = open[..SHOWN].iter().map(|(n, _)| name(n)).collect();
        path.push(format!("({hidden} more)"));
        path.extend(open[open.len() - SHOWN..].iter().map(|(n, _)| name(n)));
        let mut closing: Vec<String> = open[open.len() - SHOWN..]
            .iter()
            .rev()
            .map(|(n, _)| format!("</{}>", name(n)))
            .collect();
        closing.push(format!(" and {} more", open.len() - SHOWN));
        (path, closing)
    };
    (path.join(" > "), closing.concat())
}

#[derive(Default)]
struct TbxEntry {
    line: usize,
    /// It has an English langSet/langSec (with or without a term).
    english: bool,
    /// (text, status) per English term, status lowercased without `-admn-sts`.
    terms: Vec<(String, String)>,
    note: String,
    case: String,
    match_mode: String,
    severity: String,
}

/// Where we are inside a term group (`tig`, `ntig` or `termSec`).
#[derive(Default)]
struct TermGroup {
    term: String,
    status: String,
}

enum Capture {
    None,
    Term,
    Status,
    Note,
    Option(&'static str),
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn is_english(lang: &str) -> bool {
    let l = lang.trim().to_ascii_lowercase();
    // ISO 639-1 `en` and ISO 639-2/3 `eng`, with or without a region.
    ["en", "eng"]
        .iter()
        .any(|c| l == *c || l.strip_prefix(c).is_some_and(|r| r.starts_with(['-', '_'])))
}

/// The role an `administrativeStatus` (or older `normativeAuthorization`)
/// value gives a term: `preferred`, `variant` or `` (admitted, unmarked).
fn status_kind(s: &str) -> String {
    let v = s.trim().to_ascii_lowercase();
    let v = v.trim_end_matches("-admn-sts");
    if v.starts_with("preferred") {
        "preferred".into()
    } else if [
        "deprecated",
        "superseded",
        "notrecommended",
        "not recommended",
        "forbidden",
        "rejected",
    ]
    .iter()
    .any(|p| v.starts_with(p))
    {
        "variant".into()
    } else {
        String::new()
    }
}

pub fn parse_tbx(path: &Path, text: &str, max_chars: usize) -> Result<Vec<Entry>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rd = Reader::from_str(text);
    rd.config_mut().check_end_names = true;
    let err_at = |pos: u64, m: String| Error::input(path, Some(line_of(text, pos as usize)), m);
    let mut lines = LineCounter::new(text);
    let mut root_seen = false;
    let mut root_lang: Option<String> = None;
    let mut entry: Option<TbxEntry> = None;
    let mut in_english = false;
    let mut group: Option<TermGroup> = None;
    let mut capture = Capture::None;
    let mut buf = String::new();
    let mut capture_name = String::new();
    let mut depth_lang = 0usize;
    let mut depth = 0usize;
    let mut out: Vec<Entry> = Vec::new();
    let mut raw: Vec<TbxEntry> = Vec::new();
    // Open elements and where each opened: a file cut short (a failed
    // export or copy) ends inside them, which quick-xml does not flag.
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut entries_seen = 0usize;
    // Listed in a message: a few are enough to show what the file holds.
    let mut langs_seen: Vec<String> = Vec::new();
    // The first entry with an English langSet but no <term> in it.
    let mut english_without_term: Option<usize> = None;
    loop {
        let pos = rd.buffer_position();
        let ev = rd.read_event().map_err(|e| {
            err_at(
                rd.error_position(),
                format!("invalid XML ({e}); fix the markup of the TBX file"),
            )
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let local = e.local_name();
                let name = local.as_ref();
                if !root_seen {
                    root_seen = true;
                    root_lang = attr(e, "xml:lang");
                    if name != "martif" && name != "tbx" {
                        return Err(err_at(
                            pos,
                            format!(
                                "root element is <{}>, not a TBX file; expected <martif> \
                                 (TBX-Basic / TBX v2) or <tbx> (TBX v3)",
                                clip(name)
                            ),
                        ));
                    }
                }
                if !empty {
                    if open.len() >= MAX_TBX_DEPTH {
                        return Err(err_at(
                            pos,
                            format!(
                                "elements nested more than {MAX_TBX_DEPTH} deep (at <{}>); a \
                                 termbase needs about eight levels, so this is not a TBX \
                                 export, or its closing tags are missing",
                                clip(name)
                            ),
                        ));
                    }
                    depth += 1;
                    open.push((name.to_owned(), pos));
                }
                if !matches!(capture, Capture::None) {
                    // Inline markup inside a term or note (<hi>, <ph>) is part of its text.
                    continue;
                }
                match name {
                    "termEntry" | "conceptEntry" => {
                        entries_seen += 1;
                        entry = Some(TbxEntry {
                            line: lines.of(pos as usize),
                            ..TbxEntry::default()
                        });
                    }
                    "langSet" | "langSec" => {
                        // A langSet without a language inherits the file's.
                        let lang = attr(e, "xml:lang")
                            .or_else(|| attr(e, "lang"))
                            .or_else(|| root_lang.clone());
                        let shown = lang
                            .as_deref()
                            .map_or_else(|| "(none)".into(), |l| clip(l).into_owned());
                        if langs_seen.len() < 10 && !langs_seen.contains(&shown) {
                            langs_seen.push(shown);
                        }
                        in_english = lang.as_deref().is_some_and(is_english);
                        if in_english && let Some(en) = entry.as_mut() {
                            en.english = true;
                        }
                        depth_lang = depth;
                    }
                    "tig" | "ntig" | "termSec" if in_english && !empty => {
                        group = Some(TermGroup::default());
                    }
                    "term" if group.is_some() && !empty => {
                        capture = Capture::Term;
                        buf.clear();
                    }
                    "administrativeStatus" | "normativeAuthorization"
                        if group.is_some() && !empty =>
                    {
                        capture = Capture::Status;
                        buf.clear();
                    }
                    "termNote" if group.is_some() && !empty => {
                        let t = attr(e, "type").unwrap_or_default();
                        if t == "administrativeStatus" || t == "normativeAuthorization" {
                            capture = Capture::Status;
                            buf.clear();
                        }
                    }
                    _ if entry.is_some() && !empty => {
                        let t = attr(e, "type").unwrap_or_default().to_ascii_lowercase();
                        let t = t.trim_start_matches("x-mtaudit-").trim_start_matches("x-");
                        capture = match t {
                            "case" => Capture::Option("case"),
                            "match" => Capture::Option("match"),
                            "severity" => Capture::Option("severity"),
                            "definition" | "note" => Capture::Note,
                            _ if name == "note" => Capture::Note,
                            _ => Capture::None,
                        };
                        if !matches!(capture, Capture::None) {
                            buf.clear();
                        }
                    }
                    _ => {}
                }
                if !matches!(capture, Capture::None) {
                    capture_name = name.to_owned();
                }
            }
            Event::Text(t) if !matches!(capture, Capture::None) => {
                buf.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::CData(t) if !matches!(capture, Capture::None) => {
                buf.push_str(&t);
            }
            Event::GeneralRef(r) if !matches!(capture, Capture::None) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                    Err(e) => {
                        // `&#0;`, a surrogate, past U+10FFFF, not a number.
                        return Err(err_at(
                            pos,
                            format!(
                                "invalid character reference &{}; ({}); write the character \
                                 itself or the reference of a character XML allows",
                                clip(&r),
                                clip(&e.to_string())
                            ),
                        ));
                    }
                };
                match c {
                    Some(c) => buf.push(c),
                    None => {
                        return Err(err_at(
                            pos,
                            format!(
                                "unknown entity &{};  write the character itself or a \
                                     numeric reference",
                                clip(&r)
                            ),
                        ));
                    }
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                let name = local.as_ref();
                let done = if name == capture_name {
                    std::mem::replace(&mut capture, Capture::None)
                } else {
                    Capture::None
                };
                match (&done, name) {
                    (Capture::Term, _) => {
                        if let Some(g) = group.as_mut() {
                            g.term = buf.trim().to_owned();
                        }
                    }
                    (Capture::Status, _) => {
                        if let Some(g) = group.as_mut() {
                            g.status = status_kind(&buf);
                        }
                    }
                    (Capture::Note, _) => {
                        if let Some(en) = entry.as_mut()
                            && en.note.is_empty()
                        {
                            en.note = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                        }
                    }
                    (Capture::Option(k), _) => {
                        if let Some(en) = entry.as_mut() {
                            let v = buf.trim().to_owned();
                            match *k {
                                "case" => en.case = v,
                                "match" => en.match_mode = v,
                                _ => en.severity = v,
                            }
                        }
                    }
                    _ => {}
                }
                match name {
                    "tig" | "ntig" | "termSec" => {
                        if let (Some(g), Some(en)) = (group.take(), entry.as_mut())
                            && !g.term.is_empty()
                        {
                            en.terms.push((g.term, g.status));
                        }
                    }
                    "langSet" | "langSec" if depth == depth_lang => in_english = false,
                    "termEntry" | "conceptEntry" => {
                        if let Some(en) = entry.take() {
                            raw.push(en);
                        }
                    }
                    _ => {}
                }
                depth = depth.saturating_sub(1);
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(Error::input(
            path,
            Some(1),
            "no XML element found; a TBX file starts with <martif> or <tbx>",
        ));
    }
    if let Some((inner, at)) = open.last() {
        let (path_open, closing) = open_path(&open);
        return Err(Error::input(
            path,
            Some(line_of(text, text.len())),
            format!(
                "unexpected end of file inside <{}> (opened at line {}; open elements: \
                 {path_open}): the file is probably truncated; export or copy it again, or add \
                 the missing closing tags {closing}",
                clip(inner),
                line_of(text, *at as usize),
            ),
        ));
    }
    for en in raw {
        let bad = |m: String| Error::input(path, Some(en.line), m);
        let mut term = None;
        let mut alternates = Vec::new();
        let mut variants = Vec::new();
        let preferred = en.terms.iter().any(|(_, s)| s == "preferred");
        for (t, s) in &en.terms {
            match s.as_str() {
                "variant" => variants.push(t.clone()),
                "preferred" if term.is_none() => term = Some(t.clone()),
                _ if term.is_none() && !preferred => term = Some(t.clone()),
                _ => alternates.push(t.clone()),
            }
        }
        if term.is_none() && variants.is_empty() && alternates.is_empty() {
            // An entry with no English term belongs to other languages only.
            if en.english && english_without_term.is_none() {
                english_without_term = Some(en.line);
            }
            continue;
        }
        let e = Entry {
            term: term.unwrap_or_default(),
            variants,
            alternates,
            note: en.note.clone(),
            severity: parse_severity(&en.severity).map_err(bad)?,
            case: parse_case(&en.case).map_err(bad)?,
            match_mode: parse_match(&en.match_mode).map_err(bad)?,
            source: path.display().to_string(),
            line: en.line,
        };
        validate(path, &e, max_chars)?;
        out.push(e);
    }
    if out.is_empty() {
        // A termbase that yields nothing would make every check pass.
        let msg = if entries_seen == 0 {
            "no <termEntry> or <conceptEntry> found, so the glossary would be empty; check \
             that this is the termbase export you meant"
                .to_owned()
        } else if let Some(line) = english_without_term {
            return Err(Error::input(
                path,
                Some(line),
                "the entry has an English langSet/langSec but no <term> in it (inside \
                 <tig>, <ntig> or <termSec>), and no other entry has one either; add the \
                 term, e.g. <tig><term>WeChat</term></tig>",
            ));
        } else {
            format!(
                "no English terms in {entries_seen} entr{} (languages found: {}); mtaudit \
                 checks English, so a langSet/langSec needs xml:lang=\"en\", \"en-US\" or \
                 \"eng\"",
                if entries_seen == 1 { "y" } else { "ies" },
                if langs_seen.is_empty() {
                    "none".to_owned()
                } else {
                    langs_seen.join(", ")
                }
            )
        };
        return Err(Error::input(path, None, msg));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_codes_of_both_iso_lists_any_case() {
        for l in ["en", "EN", "en-US", "en_GB", "eng", "ENG", "eng-US", " en "] {
            assert!(is_english(l), "{l}");
        }
        for l in ["de", "", "e", "english", "enx", "engl", "fr-en"] {
            assert!(!is_english(l), "{l}");
        }
    }

    #[test]
    fn unterminated_quote_finds_the_opening_line() {
        let q = |t: &str| unterminated_quote(t, b',');
        assert_eq!(
            q("term,variants\nWeibo,x\nWeChat,\"micro-letter\n"),
            Some(3)
        );
        assert_eq!(q("term\n\"a\nb\nc"), Some(2));
        // Closed quotes, doubled quotes, quoted line breaks, CRLF: fine.
        assert_eq!(
            q("term,note\n\"a,b\",\"say \"\"hi\"\"\nthere\"\r\nc,d\r\n"),
            None
        );
        // A quote inside an unquoted field is a literal, as the csv crate reads it.
        assert_eq!(q("term\nthe 12\" screen\n"), None);
        assert_eq!(unterminated_quote("a\t\"b\n", b'\t'), Some(1));
        assert_eq!(q(""), None);
        assert_eq!(q("\""), Some(1));
    }
}
