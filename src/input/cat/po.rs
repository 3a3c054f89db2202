//! gettext PO catalogues.
//!
//! Hand-written because the format is small and the errors matter more
//! than the parsing: an unterminated string would otherwise swallow the
//! entries after it, so strings are read strictly (with the line of the
//! opening quote in the error), while comments, which tools extend freely,
//! are read leniently.
//!
//! Plural entries become one unit per `msgstr[n]` (segment `n`), with
//! `msgid` as the source of form 0 and `msgid_plural` of the others, so
//! that every form is compared and none is hidden in a join. A fuzzy entry
//! keeps its `msgstr` as the text (the state says `fuzzy`), since the
//! reviewer's question is what the catalogue holds.

use std::path::Path;

use super::{Unit, UnitKey, clip};
use crate::error::{Error, Result};

/// Which string a continuation line extends.
#[derive(Clone, Copy)]
enum Field {
    Ctxt,
    Id,
    Plural,
    Str(usize),
}

#[derive(Default)]
struct Entry {
    /// Line of the first keyword (`msgctxt` or `msgid`).
    line: usize,
    comments: Vec<String>,
    flags: Vec<String>,
    ctxt: Option<String>,
    id: Option<String>,
    plural: Option<String>,
    /// (form index, text) in the order written.
    strs: Vec<(usize, String)>,
}

pub(crate) fn read(path: &Path, text: &str) -> Result<Vec<Unit>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let err = |line: usize, m: String| Error::input(path, Some(line), m);
    let mut units = Vec::new();
    let mut e = Entry::default();
    let mut last: Option<Field> = None;
    for (i, raw) in lines(text).enumerate() {
        let n = i + 1;
        let line = raw.trim_start();
        if line.trim_end().is_empty() {
            last = None;
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            last = None;
            if rest.starts_with('~') {
                // An obsolete entry: not part of the catalogue any more.
                continue;
            }
            if !e.strs.is_empty() {
                flush(&mut e, &mut units);
            }
            if let Some(f) = rest.strip_prefix(',') {
                e.flags.extend(
                    f.split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned),
                );
            } else if let Some(c) = rest
                .strip_prefix('.')
                .or_else(|| (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest))
            {
                let c = c.trim();
                if !c.is_empty() {
                    e.comments.push(c.to_owned());
                }
            }
            // `#:` references, `#|` previous strings and any other kind of
            // comment carry nothing to audit.
            continue;
        }
        if line.starts_with('"') {
            let s = string(line).map_err(|m| err(n, m))?;
            let target = match last {
                Some(Field::Ctxt) => e.ctxt.as_mut(),
                Some(Field::Id) => e.id.as_mut(),
                Some(Field::Plural) => e.plural.as_mut(),
                Some(Field::Str(k)) => e
                    .strs
                    .iter_mut()
                    .rev()
                    .find(|(i, _)| *i == k)
                    .map(|(_, s)| s),
                None => None,
            };
            match target {
                Some(t) => t.push_str(&s),
                None => {
                    return Err(err(
                        n,
                        "a string with no keyword before it; continuation lines follow \
                         msgid, msgstr or msgctxt directly (no blank or comment line between)"
                            .to_owned(),
                    ));
                }
            }
            continue;
        }
        let (kw, rest) = line.split_at(line.find([' ', '\t', '"']).unwrap_or(line.len()));
        let rest = rest.trim_start();
        let unexpected = || {
            err(
                n,
                format!(
                    "unexpected line {:?}; a PO file has msgctxt, msgid, msgid_plural, \
                     msgstr and msgstr[N] lines, \"…\" continuations and # comments",
                    clip(line.trim_end(), 60)
                ),
            )
        };
        if !rest.starts_with('"') {
            return Err(match kw {
                "msgctxt" | "msgid" | "msgid_plural" | "msgstr" => err(
                    n,
                    format!("{kw} without a \"quoted string\"; write {kw} \"\" for an empty one"),
                ),
                _ if kw.starts_with("msgstr[") => {
                    err(n, format!("{kw} without a \"quoted string\""))
                }
                _ => unexpected(),
            });
        }
        let s = string(rest).map_err(|m| err(n, m))?;
        let no_msgstr = |e: &Entry| {
            err(
                e.line,
                "this entry has no msgstr; add msgstr \"\" after its msgid (or \
                 msgstr[0] \"\" for a plural entry)"
                    .to_owned(),
            )
        };
        let field = match kw {
            "msgctxt" | "msgid" => {
                if !e.strs.is_empty() {
                    flush(&mut e, &mut units);
                }
                if e.id.is_some() || (kw == "msgctxt" && e.ctxt.is_some()) {
                    return Err(no_msgstr(&e));
                }
                if e.ctxt.is_none() {
                    e.line = n;
                }
                if kw == "msgctxt" {
                    e.ctxt = Some(s);
                    Field::Ctxt
                } else {
                    e.id = Some(s);
                    Field::Id
                }
            }
            "msgid_plural" if e.id.is_some() && e.strs.is_empty() && e.plural.is_none() => {
                e.plural = Some(s);
                Field::Plural
            }
            "msgstr" if e.id.is_some() && e.strs.is_empty() => {
                e.strs.push((0, s));
                Field::Str(0)
            }
            _ if kw.starts_with("msgstr[") && e.id.is_some() => {
                let k = kw
                    .strip_prefix("msgstr[")
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|k| k.parse::<usize>().ok())
                    .filter(|k| *k < 100)
                    .ok_or_else(unexpected)?;
                if e.strs.iter().any(|(i, _)| *i == k) {
                    return Err(err(
                        n,
                        format!("{kw} appears twice in this entry; keep one"),
                    ));
                }
                e.strs.push((k, s));
                Field::Str(k)
            }
            "msgid_plural" | "msgstr" => {
                return Err(err(
                    n,
                    format!(
                        "{kw} out of place; an entry is [msgctxt] msgid [msgid_plural] then \
                         msgstr (or msgstr[0], msgstr[1], …)"
                    ),
                ));
            }
            _ if kw.starts_with("msgstr[") => {
                return Err(err(
                    n,
                    format!("{kw} before any msgid; add the msgid first"),
                ));
            }
            _ => return Err(unexpected()),
        };
        last = Some(field);
    }
    if e.id.is_some() && e.strs.is_empty() {
        return Err(err(
            e.line,
            "this entry has no msgstr (the file ends first); add msgstr \"\" after its msgid"
                .to_owned(),
        ));
    }
    flush(&mut e, &mut units);
    Ok(units)
}

/// Lines split at `\r\n`, `\n` or a lone `\r` (as [`super::Lines`] counts).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// Turns a finished entry into units and starts a new one.
fn flush(e: &mut Entry, out: &mut Vec<Unit>) {
    let e = std::mem::take(e);
    let Some(id) = e.id else { return };
    if id.is_empty() && e.ctxt.is_none() {
        // The header entry: catalogue metadata, not a message.
        return;
    }
    let key = match &e.ctxt {
        Some(c) => format!("{c}\u{4}{id}"),
        None => id.clone(),
    };
    let state = e
        .flags
        .iter()
        .any(|f| f == "fuzzy")
        .then(|| "fuzzy".to_owned());
    let note = (!e.comments.is_empty()).then(|| e.comments.join("\n"));
    let mut strs = e.strs;
    strs.sort_by_key(|(k, _)| *k);
    let plural = e.plural.is_some() || strs.iter().any(|(k, _)| *k > 0);
    for (k, text) in strs {
        let source = match (&e.plural, k) {
            (Some(p), 1..) => p.clone(),
            _ => id.clone(),
        };
        out.push(Unit {
            key: UnitKey {
                file: String::new(),
                unit: Some(key.clone()),
                segment: plural.then(|| k.to_string()),
            },
            source,
            text,
            line: e.line,
            state: state.clone(),
            note: note.clone(),
            flags: e.flags.clone(),
        });
    }
}

/// The value of a `"…"` string starting `s`, escapes decoded; only
/// whitespace may follow it.
fn string(s: &str) -> std::result::Result<String, String> {
    let body = &s[1..];
    let mut bytes: Vec<u8> = Vec::with_capacity(body.len());
    let mut it = body.char_indices().peekable();
    let end = loop {
        let Some((i, c)) = it.next() else {
            return Err(
                "unterminated string: the \" that opens it on this line is never \
                        closed; close it (a \" inside the text is written \\\")"
                    .to_owned(),
            );
        };
        match c {
            '"' => break i + 1,
            '\\' => {
                let Some((_, e)) = it.next() else { continue };
                let simple = match e {
                    'n' => Some(b'\n'),
                    't' => Some(b'\t'),
                    'r' => Some(b'\r'),
                    '"' => Some(b'"'),
                    '\\' => Some(b'\\'),
                    '\'' => Some(b'\''),
                    '?' => Some(b'?'),
                    'a' => Some(7),
                    'b' => Some(8),
                    'f' => Some(12),
                    'v' => Some(11),
                    _ => None,
                };
                if let Some(b) = simple {
                    bytes.push(b);
                    continue;
                }
                let (radix, max, mut v) = match e {
                    '0'..='7' => (8, 3, e as u32 - '0' as u32),
                    'x' => (16, 2, 0),
                    _ => {
                        return Err(format!(
                            "unknown escape \\{e}; write \\\\ for a backslash, or one of \\n \
                             \\t \\\" \\r"
                        ));
                    }
                };
                let mut digits = usize::from(radix == 8);
                while digits < max {
                    match it.peek().and_then(|(_, c)| c.to_digit(radix)) {
                        Some(d) => {
                            v = v * radix + d;
                            digits += 1;
                            it.next();
                        }
                        None => break,
                    }
                }
                if digits == 0 {
                    return Err(
                        "\\x without hexadecimal digits; write \\\\x for a backslash \
                                and an x"
                            .to_owned(),
                    );
                }
                match u8::try_from(v) {
                    Ok(0) => {
                        return Err(
                            "a NUL escape (\\0) cannot be part of a message; remove it".to_owned()
                        );
                    }
                    Ok(b) => bytes.push(b),
                    Err(_) => {
                        return Err(format!(
                            "octal escape above \\377 (value {v}); escapes stand for single bytes"
                        ));
                    }
                }
            }
            c => bytes.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes()),
        }
    };
    let tail = body[end..].trim();
    if !tail.is_empty() {
        return Err(format!(
            "text after the closing quote: {:?}; a \" inside the text is written \\\"",
            clip(tail, 40)
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        "the byte escapes on this line do not spell UTF-8 text; write the characters \
         themselves"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<Unit> {
        read(Path::new("m.po"), text).unwrap()
    }

    fn err(text: &str) -> String {
        read(Path::new("m.po"), text).unwrap_err().message
    }

    #[test]
    fn strings_decode_escapes() {
        assert_eq!(string(r#""a\n\t\"b\\c""#).unwrap(), "a\n\t\"b\\c");
        assert_eq!(string(r#""\303\251\x41\101\7""#).unwrap(), "éAA\u{7}");
        assert_eq!(string("\"é\"  ").unwrap(), "é");
        assert!(string(r#""abc"#).unwrap_err().starts_with("unterminated"));
        assert!(string(r#""abc\""#).unwrap_err().starts_with("unterminated"));
        assert!(string(r#""a" b"#).unwrap_err().starts_with("text after"));
        assert!(
            string(r#""\q""#)
                .unwrap_err()
                .starts_with("unknown escape \\q")
        );
        assert!(string(r#""\0""#).unwrap_err().contains("NUL"));
        assert!(string(r#""\777""#).unwrap_err().contains("above \\377"));
        assert!(string(r#""\xZ""#).unwrap_err().contains("\\x without"));
        assert!(string(r#""\303""#).unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn entries_contexts_plurals_and_comments() {
        let po = "# header comment\nmsgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\n\
                  # Translator says hi\n#. extracted\n#: src/a.c:10 src/b.c:2\n#, c-format, fuzzy\n\
                  #| msgid \"old\"\nmsgctxt \"menu\"\nmsgid \"\"\n\"Open \"\n\"file\"\nmsgstr \"Datei \"\n\"öffnen\"\n\n\
                  msgid \"%d file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"%d Datei\"\nmsgstr[1] \"%d Dateien\"\n\n\
                  #~ msgid \"gone\"\n#~ msgstr \"weg\"\n\
                  msgid \"empty\"\nmsgstr \"\"\n";
        let u = units(po);
        let got: Vec<_> = u
            .iter()
            .map(|u| {
                (
                    u.key.unit.as_deref().unwrap(),
                    u.key.segment.as_deref(),
                    u.source.as_str(),
                    u.text.as_str(),
                    u.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("menu\u{4}Open file", None, "Open file", "Datei öffnen", 11),
                ("%d file", Some("0"), "%d file", "%d Datei", 18),
                ("%d file", Some("1"), "%d files", "%d Dateien", 18),
                ("empty", None, "empty", "", 25),
            ]
        );
        assert_eq!(u[0].state.as_deref(), Some("fuzzy"));
        assert_eq!(u[0].flags, ["c-format", "fuzzy"]);
        assert_eq!(u[0].note.as_deref(), Some("Translator says hi\nextracted"));
        assert_eq!(u[1].state, None);
    }

    #[test]
    fn bom_and_crlf_and_lone_cr() {
        let u = units("\u{FEFF}msgid \"a\"\r\nmsgstr \"b\"\r\n\r\nmsgid \"c\"\rmsgstr \"d\"\r");
        assert_eq!(u.len(), 2);
        assert_eq!((u[1].text.as_str(), u[1].line), ("d", 4));
    }

    #[test]
    fn malformed_catalogues_name_the_line() {
        let m = err("msgid \"a\"\nmsgstr \"b\n\nmsgid \"c\"\nmsgstr \"d\"\n");
        assert!(m.starts_with("m.po:2: unterminated string"), "{m}");
        let m = err("msgid \"a\"\n\nmsgid \"c\"\nmsgstr \"d\"\n");
        assert!(m.starts_with("m.po:1: this entry has no msgstr"), "{m}");
        let m = err("msgid \"a\"\n");
        assert!(m.starts_with("m.po:1: this entry has no msgstr"), "{m}");
        let m = err("msgid \"a\"\nmsgstr \"b\"\n\n\"orphan\"\n");
        assert!(m.starts_with("m.po:4: a string with no keyword"), "{m}");
        let m = err("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n");
        assert!(m.starts_with("m.po:3: msgstr out of place"), "{m}");
        let m = err("msgid \"a\"\nmsgstr[x] \"b\"\n");
        assert!(m.starts_with("m.po:2: unexpected line"), "{m}");
        let m = err("msgid a\nmsgstr \"b\"\n");
        assert!(
            m.starts_with("m.po:1: msgid without a \"quoted string\""),
            "{m}"
        );
        let m = err("\u{1}\u{7f}PK\u{3}\u{4}junk");
        assert!(m.starts_with("m.po:1: unexpected line"), "{m}");
        let m = err(&format!("{}\n", "x".repeat(5000)));
        assert!(m.len() < 300, "{m}");
    }

    #[test]
    fn unknown_comment_kinds_are_ignored() {
        let u = units("#% tool extension\n#@ another\n#\nmsgid \"a\"\nmsgstr \"b\"\n");
        assert_eq!((u[0].text.as_str(), u[0].note.clone()), ("b", None));
    }
}
