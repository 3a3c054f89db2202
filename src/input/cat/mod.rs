//! Readers for the files CAT tools export: XLIFF 1.2 and 2.0, TMX and
//! gettext PO.
//!
//! Translators and reviewers rarely have a plain-text rendering of their
//! work: the approved translation lives in the XLIFF their tool exports, the
//! raw MT in another export of the same project, the legacy translation in a
//! TMX or a PO catalogue. Asking them to copy the targets out by hand loses
//! exactly what a sentence-by-sentence audit needs: which unit a sentence
//! belongs to, its inline formatting codes and its workflow state. So each
//! reader turns a file into a list of [`Unit`]s (one per translatable
//! segment, in document order) and [`pair_units`] links two such lists by
//! their ids, which is exact where sentence alignment is a guess.
//!
//! # Why the target text carries placeholder tags
//!
//! The QA checks (markup-tag balance, glossary) work on text. A bold span or
//! a line break the MT dropped is an error the audit must show, so inline
//! codes stay in [`Unit::text`] as short, stable tags that a markup-tag
//! counter sees. The tool's native code content (the `&lt;b&gt;` inside a
//! `<ph>`, the RTF inside a `<bpt>`) is dropped: it differs between tools and
//! exports for the same formatting, and would make identical translations
//! look different. Every placeholder carries only the code's id, so that the
//! same code renders the same way on both sides:
//!
//! | in the file | in `text` |
//! | --- | --- |
//! | XLIFF 1.2 `<g id="1">bold</g>` | `<g id="1">bold</g>` |
//! | XLIFF 1.2 `<x id="2"/>`, `<bx id="3"/>`, `<ex id="3"/>` | `<x id="2"/>`, `<bx id="3"/>`, `<ex id="3"/>` |
//! | XLIFF 1.2 `<ph id="4">&lt;br/&gt;</ph>` | `<ph id="4"/>` |
//! | XLIFF 1.2 `<bpt id="5">{b}</bpt>…<ept id="5">{/b}</ept>` | `<bpt id="5"/>…<ept id="5"/>` |
//! | XLIFF 1.2 `<it id="6" pos="open">…</it>` | `<it id="6"/>` |
//! | XLIFF 1.2 / 2.0 `<mrk …>text</mrk>` | `text` (a marker, not a code) |
//! | XLIFF 1.2 `<mrk mtype="seg" mid="1">` | a segment boundary: one [`Unit`] per segment |
//! | XLIFF 2.0 `<pc id="1">x</pc>` | `<pc id="1">x</pc>` |
//! | XLIFF 2.0 `<ph id="1"/>`, `<sc id="2"/>` | `<ph id="1"/>`, `<sc id="2"/>` |
//! | XLIFF 2.0 `<ec startRef="2"/>` (or `<ec id="2" isolated="yes"/>`) | `<ec id="2"/>` (paired with its `<sc>`) |
//! | XLIFF 2.0 `<sm/>`, `<em/>` | nothing (marker ends) |
//! | XLIFF 2.0 `<cp hex="0007"/>` | the character U+0007 |
//! | TMX `<bpt i="1">…</bpt>`, `<ept i="1">…</ept>` | `<bpt i="1"/>`, `<ept i="1"/>` |
//! | TMX `<ph x="2">…</ph>`, `<it x="3" pos="begin">…</it>`, `<ut>…</ut>` | `<ph x="2"/>`, `<it x="3"/>`, `<ut/>` |
//! | TMX `<hi>text</hi>` | `text` (a highlight, not a code) |
//! | `<sub>` (inside any code) | nothing (it belongs to the code) |
//! | elements of other namespaces inside a target | their text only |
//!
//! Attribute values inside placeholders are escaped (`&amp;`, `&lt;`,
//! `&quot;`); the text between them is the decoded text, so a literal `<b>`
//! the file wrote as `&lt;b&gt;` also reads as a tag: both sides are read
//! the same way, so a markup count still compares like with like.
//!
//! Whitespace is folded (each run of spaces, tabs and line breaks becomes one
//! space, none at the ends) as XML's default whitespace handling allows,
//! because exports re-indent freely; where `xml:space="preserve"` is in
//! force (on the element or an ancestor) it is kept exactly. PO strings are
//! kept exactly.
//!
//! # Which units are kept
//!
//! A unit whose target is absent or empty is kept with an empty
//! [`Unit::text`], so that an untranslated segment shows as a gap row rather
//! than vanishing. Not kept: XLIFF units with `translate="no"` (Trados writes
//! document structure as such units; they are not translation content),
//! XLIFF `<alt-trans>` proposals, XLIFF 2.0 `<ignorable>`s, the PO header
//! entry and obsolete (`#~`) PO entries. A file with no unit at all is an
//! error, since an empty comparison would pass every gate.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};

mod inline;
mod pair;
mod po;
mod tmx;
mod xliff;
mod xml;

pub use inline::{WithoutCodes, without_codes, without_codes_mapped};
pub use pair::pair_units;

/// A file format the readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: not read by this module (the sentence pipeline reads it).
    Text,
    /// XLIFF 1.0-1.2 (including Trados `.sdlxliff` and memoQ `.mqxliff`) or 2.x.
    Xliff,
    /// TMX 1.1-1.4b translation memory.
    Tmx,
    /// gettext PO catalogue (or POT template).
    Po,
}

impl Format {
    /// The format an extension implies (case-insensitive); [`Format::Text`]
    /// for any other extension or none.
    pub fn from_extension(path: &Path) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("xlf" | "xliff" | "sdlxliff" | "mqxliff") => Format::Xliff,
            Some("tmx") => Format::Tmx,
            Some("po" | "pot") => Format::Po,
            _ => Format::Text,
        }
    }

    /// The format a file's content shows: the root element of an XML file
    /// (`<xliff>` or `<tmx>`, after any declaration, comments and DOCTYPE),
    /// or a first entry line starting with `msgid "` or `msgctxt "` after
    /// `#` comments. `None` when the content shows none of them.
    pub fn sniff(text: &str) -> Option<Format> {
        let t = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if let Some(name) = xml::root_name(t) {
            let local = name.rsplit(':').next().unwrap_or(name);
            return match local {
                "xliff" => Some(Format::Xliff),
                "tmx" => Some(Format::Tmx),
                _ => None,
            };
        }
        let first = t
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))?;
        (first.starts_with("msgid \"") || first.starts_with("msgctxt \"")).then_some(Format::Po)
    }

    /// The extension's format, or for an extension that implies none (such
    /// as `.xml` or `.txt`) the content's, else [`Format::Text`].
    pub fn detect(path: &Path, text: &str) -> Format {
        match Format::from_extension(path) {
            Format::Text => Format::sniff(text).unwrap_or(Format::Text),
            f => f,
        }
    }

    /// The name used by `--input-format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Xliff => "xliff",
            Format::Tmx => "tmx",
            Format::Po => "po",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    /// Parses an `--input-format` value (case-insensitive; `txt`, `xlf`,
    /// `sdlxliff`, `mqxliff`, `pot` accepted as aliases).
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "xliff" | "xlf" | "sdlxliff" | "mqxliff" => Ok(Format::Xliff),
            "tmx" => Ok(Format::Tmx),
            "po" | "pot" | "gettext" => Ok(Format::Po),
            _ => Err(format!(
                "unknown input format {:?}; use text, xliff, tmx or po",
                clip(s, 40)
            )),
        }
    }
}

/// What identifies a unit across two exports of the same source.
///
/// Two units pair when their keys are equal (see [`pair_units`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitKey {
    /// The scope of `unit`: the XLIFF 1.2 `<file original>`, the XLIFF 2.0
    /// `<file id>`; empty for TMX and PO.
    pub file: String,
    /// The unit's id: XLIFF `<trans-unit id>` / `<unit id>`, TMX `<tu tuid>`,
    /// PO `msgctxt` + U+0004 + `msgid` (gettext's own key; the bare `msgid`
    /// without a context). `None` when the file gives none.
    pub unit: Option<String>,
    /// The segment within a unit of several: the `mid` of a Trados/Okapi
    /// `<mrk mtype="seg">`, the XLIFF 2.0 `<segment id>` (or its 1-based
    /// position when it has no id), the plural form index of a PO entry
    /// with `msgid_plural`. `None` for a unit of one segment, so that one
    /// export segmenting a unit and another not still pair by the unit id
    /// when each has a single segment.
    pub segment: Option<String>,
}

/// One translatable segment of a CAT file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    pub key: UnitKey,
    /// The source text, rendered like `text` (placeholders for codes); the
    /// fallback pairing key.
    pub source: String,
    /// The text to audit: the XLIFF target, the TMX segment of the chosen
    /// language, the PO `msgstr` (one unit per `msgstr[n]` for plural
    /// entries). Empty when the unit has no translation.
    pub text: String,
    /// The 1-based line where the unit starts: the `<trans-unit>` (for one
    /// of several segments, its `<mrk mtype="seg">` in the target, or in
    /// the `<seg-source>` when the target lacks it), the XLIFF 2.0
    /// `<segment>`, the TMX `<tu>`, the PO entry's `msgctxt` or `msgid`
    /// keyword (shared by the units of a plural entry). Lines count as
    /// [`crate::input::Document::line_at`] counts them.
    pub line: usize,
    /// The workflow state as the tool wrote it: XLIFF 1.2 `<target state>`
    /// (memoQ: `<trans-unit mq:status>`), Trados `<sdl:seg conf>`, XLIFF 2.0
    /// `<segment state>`; `fuzzy` for a
    /// PO entry flagged so. `None` when the file says nothing.
    pub state: Option<String>,
    /// Notes and comments, one per line: XLIFF `<note>`s, TMX `<note>`s,
    /// PO translator (`# `) and extracted (`#.`) comments.
    pub note: Option<String>,
    /// Markers worth a column: `approved` (XLIFF 1.2 `approved="yes"`),
    /// `locked` (Trados `locked="true"`), the PO `#,` flags (`fuzzy`,
    /// `c-format`, …).
    pub flags: Vec<String>,
}

impl Unit {
    /// What a reviewer filters on: the workflow state as the tool wrote it
    /// (`Draft`, `translated`, `fuzzy`, ...), then the markers `approved`
    /// and `locked`, space-separated; `None` when the file says nothing.
    /// A PO entry's format flags (`c-format`) are not workflow.
    pub fn workflow(&self) -> Option<String> {
        let mut parts: Vec<&str> = self.state.as_deref().into_iter().collect();
        for f in &self.flags {
            if matches!(f.as_str(), "approved" | "locked") && !parts.contains(&f.as_str()) {
                parts.push(f);
            }
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// What reading a CAT file gave: its units, and what the user should be
/// told about how they were read (each line names the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatFile {
    pub units: Vec<Unit>,
    pub warnings: Vec<String>,
}

/// Reads the units of a CAT file whose decoded text is `text`.
///
/// `lang` chooses a TMX language (`en` matches `en-US` by its primary
/// subtag, case-insensitively; `en-US` matches only `en-US`); it is ignored
/// for XLIFF and PO, whose target language is fixed by the file. Errors name
/// `path` and the line, and say what to do.
pub fn read(path: &Path, text: &str, format: Format, lang: Option<&str>) -> Result<CatFile> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (units, warnings) = match format {
        Format::Xliff => (xliff::read(path, text)?, Vec::new()),
        Format::Tmx => tmx::read(path, text, lang)?,
        Format::Po => (po::read(path, text)?, Vec::new()),
        Format::Text => {
            return Err(Error::input(
                path,
                None,
                "plain text is read by the sentence pipeline, not as a CAT file; pass \
                 --input-format xliff, tmx or po if this is such a file",
            ));
        }
    };
    if units.is_empty() {
        return Err(Error::input(
            path,
            None,
            format!(
                "no translation units found in this {} file, so there is nothing to compare; \
                 check that this is the export you meant",
                format.as_str().to_uppercase()
            ),
        ));
    }
    Ok(CatFile { units, warnings })
}

/// Byte offsets of line starts, for turning parser positions into the
/// 1-based lines [`crate::input::Document::line_at`] would give (`\r\n`,
/// `\n` and a lone `\r` end a line).
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Lines { starts }
    }

    /// The 1-based line containing byte `pos`.
    pub(crate) fn line(&self, pos: usize) -> usize {
        match self.starts.binary_search(&pos) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// At most `max` characters of `s`, with `…` when cut, for quoting the
/// offending text in a message (or a QA detail) without flooding it.
pub(crate) fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_is_the_state_then_approved_and_locked() {
        let u = |state: Option<&str>, flags: &[&str]| Unit {
            state: state.map(Into::into),
            flags: flags.iter().map(|f| f.to_string()).collect(),
            ..Unit::default()
        };
        assert_eq!(u(None, &[]).workflow(), None);
        assert_eq!(u(None, &["c-format"]).workflow(), None);
        assert_eq!(
            u(Some("fuzzy"), &["fuzzy", "c-format"])
                .workflow()
                .as_deref(),
            Some("fuzzy")
        );
        assert_eq!(
            u(Some("Draft"), &["locked", "approved"])
                .workflow()
                .as_deref(),
            Some("Draft locked approved")
        );
        assert_eq!(
            u(None, &["approved"]).workflow().as_deref(),
            Some("approved")
        );
    }

    #[test]
    fn extensions_pick_the_format() {
        for (p, f) in [
            ("a.xlf", Format::Xliff),
            ("a.XLIFF", Format::Xliff),
            ("dir/a.docx.sdlxliff", Format::Xliff),
            ("a.mqxliff", Format::Xliff),
            ("a.tmx", Format::Tmx),
            ("a.po", Format::Po),
            ("a.POT", Format::Po),
            ("a.txt", Format::Text),
            ("a.xml", Format::Text),
            ("noext", Format::Text),
        ] {
            assert_eq!(Format::from_extension(Path::new(p)), f, "{p}");
        }
    }

    #[test]
    fn sniffing_reads_the_root_element_past_the_prolog() {
        let x = "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- exported -->\n<xliff version=\"1.2\">";
        assert_eq!(Format::sniff(x), Some(Format::Xliff));
        let t = "<?xml version='1.0'?><!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">";
        assert_eq!(Format::sniff(t), Some(Format::Tmx));
        assert_eq!(Format::sniff("<x:xliff xmlns:x='u'>"), Some(Format::Xliff));
        assert_eq!(Format::sniff("<html><body>"), None);
        assert_eq!(
            Format::sniff("# Translations\n#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n"),
            Some(Format::Po)
        );
        assert_eq!(Format::sniff("msgctxt \"menu\"\n"), Some(Format::Po));
        assert_eq!(Format::sniff("# A heading\nSome prose.\n"), None);
        assert_eq!(Format::sniff("A < B, said the <xliff man."), None);
        assert_eq!(Format::sniff(""), None);
        assert_eq!(
            Format::detect(Path::new("export.xml"), "<xliff>"),
            Format::Xliff
        );
        assert_eq!(Format::detect(Path::new("a.po"), "<xliff>"), Format::Po);
        assert_eq!(Format::detect(Path::new("a.txt"), "Hello."), Format::Text);
    }

    #[test]
    fn input_format_names_parse() {
        for (s, f) in [
            ("text", Format::Text),
            ("XLIFF", Format::Xliff),
            ("xlf", Format::Xliff),
            (" tmx ", Format::Tmx),
            ("po", Format::Po),
        ] {
            assert_eq!(s.parse::<Format>(), Ok(f));
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
        let e = "docx".parse::<Format>().unwrap_err();
        assert!(e.contains("text, xliff, tmx or po"), "{e}");
    }

    #[test]
    fn lines_count_every_kind_of_line_end() {
        let l = Lines::new("a\r\nb\nc\rd");
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 6, 7].map(|p| l.line(p)),
            [1, 1, 1, 2, 2, 3, 3, 4]
        );
    }

    #[test]
    fn clip_cuts_on_characters() {
        assert_eq!(clip("héllo", 2), "hé…");
        assert_eq!(clip("hé", 2), "hé");
    }

    /// Pieces of every format, so that random strings of them reach deep
    /// into the readers rather than failing at the first byte.
    const PIECES: &[&str] = &[
        "<?xml version=\"1.0\"?>",
        "<xliff version=\"1.2\">",
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\">",
        "</xliff>",
        "<file original=\"a\" id=\"f\">",
        "</file>",
        "<group translate=\"no\">",
        "</group>",
        "<trans-unit id=\"1\">",
        "</trans-unit>",
        "<unit id=\"u\">",
        "</unit>",
        "<segment>",
        "</segment>",
        "<source>",
        "</source>",
        "<seg-source>",
        "</seg-source>",
        "<target xml:space=\"preserve\">",
        "</target>",
        "<mrk mtype=\"seg\" mid=\"1\">",
        "</mrk>",
        "<g id=\"1\">",
        "</g>",
        "<x id=\"2\"/>",
        "<ph id=\"3\">",
        "</ph>",
        "<pc id=\"1\">",
        "</pc>",
        "<cp hex=\"D800\"/>",
        "<ec startRef=\"1\"/>",
        "<sdl:seg-defs xmlns:sdl=\"s\"><sdl:seg id=\"1\" conf=\"Draft\"/></sdl:seg-defs>",
        "<tmx version=\"1.4\">",
        "</tmx>",
        "<header srclang=\"en\"/>",
        "<tu tuid=\"1\">",
        "</tu>",
        "<tuv xml:lang=\"en\">",
        "<tuv lang=\"de\">",
        "</tuv>",
        "<seg>",
        "</seg>",
        "<bpt i=\"1\">",
        "</bpt>",
        "<note>",
        "</note>",
        "<![CDATA[a < b]]>",
        "<!DOCTYPE x [<!ENTITY e \"e\">]>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&nbsp;",
        "text",
        " ",
        "\n",
        "\r\n",
        "\u{FEFF}",
        "msgctxt \"c\"\n",
        "msgid \"\"\n",
        "msgid \"a\"\n",
        "msgid_plural \"as\"\n",
        "msgstr \"b\"\n",
        "msgstr[0] \"x\"\n",
        "msgstr[1] \"y\n",
        "\"\\303\\n\"\n",
        "#, fuzzy\n",
        "#~ msgid \"old\"\n",
        "# note\n",
    ];

    const FORMATS: [Format; 4] = [Format::Xliff, Format::Tmx, Format::Po, Format::Text];

    fn never_panics(text: &str) {
        let p = Path::new("fuzz");
        for f in FORMATS {
            for lang in [None, Some("de")] {
                match read(p, text, f, lang) {
                    Ok(file) => {
                        assert!(file.units.iter().all(|u| u.line >= 1));
                        assert!(file.warnings.iter().all(|w| w.starts_with("fuzz: ")));
                    }
                    Err(e) => {
                        assert!(e.message.starts_with("fuzz:"), "{}", e.message);
                        assert!(e.message.len() < 600, "{}", e.message);
                    }
                }
            }
        }
        let _ = Format::sniff(text);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            never_panics(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn strings_of_format_pieces_never_panic(
            picks in proptest::collection::vec(proptest::sample::select(PIECES), 0..60),
        ) {
            let text = picks.concat();
            never_panics(&text);
            // Pairing whatever was read with itself and with nothing.
            for f in FORMATS {
                if let Ok(CatFile { units: u, .. }) = read(Path::new("fuzz"), &text, f, Some("de")) {
                    let lone = u
                        .iter()
                        .filter(|u| u.key.unit.is_none() && pair::source_key(&u.source).is_none())
                        .count();
                    assert_eq!(pair_units(&u, &u).len(), u.len() + lone);
                    assert_eq!(pair_units(&u, &[]).len(), u.len());
                }
            }
        }
    }

    #[test]
    fn plain_text_and_empty_files_are_refused() {
        let p = Path::new("a.txt");
        let e = read(p, "Hello.", Format::Text, None).unwrap_err();
        assert!(e.message.starts_with("a.txt: "), "{}", e.message);
        let e = read(Path::new("e.po"), "# nothing\n", Format::Po, None).unwrap_err();
        assert!(e.message.contains("no translation units"), "{}", e.message);
    }
}
