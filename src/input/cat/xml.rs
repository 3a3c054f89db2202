//! A pull reader over quick-xml that applies the safety rules every CAT
//! reader needs, so that no reader can forget one.
//!
//! CAT files come from customers and vendors, so they are untrusted input:
//! - No entity is ever expanded beyond the five predefined ones and numeric
//!   character references. External entities would read local files or the
//!   network, internal ones can blow up exponentially ("billion laughs").
//!   A DOCTYPE is accepted (TMX files routinely name `tmx14.dtd`, which is
//!   never fetched), but one that declares entities is refused: expanding
//!   them is unsafe and ignoring them would silently change the text.
//! - A character reference to something that is not a character (`&#0;`,
//!   a surrogate such as `&#xD800;`, anything above `&#x10FFFF;`) is an error
//!   naming the line and the reference. Other control characters are
//!   accepted: some tools write them as references and they are harmless.
//! - Elements nest at most [`MAX_DEPTH`] deep; real exports stay below 30.
//! - A file cut short (a failed export or copy) is an error naming the
//!   elements left open, not a silent loss of its last units.
//! - Messages quote at most ~80 characters of the offending text.
//!
//! The same rules would suit the TBX reader in `glossary::parse`, which
//! currently has its own copy of the entity handling.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::{Lines, clip};
use crate::error::{Error, Result};

/// The deepest element nesting accepted.
pub(crate) const MAX_DEPTH: usize = 1000;

/// An element's namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ns {
    /// No prefix and no default namespace.
    Unbound,
    Uri(String),
    /// A prefix that was never declared.
    UnknownPrefix,
}

/// An opening tag (an empty element `<x/>` is reported as a start followed
/// by an end).
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub(crate) local: String,
    pub(crate) ns: Ns,
    pub(crate) line: usize,
    /// (qualified name, decoded value).
    attrs: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute with this qualified name (`id`,
    /// `xml:lang`).
    pub(crate) fn attr(&self, qname: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == qname)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn in_ns(&self, uri_prefix: &str) -> bool {
        matches!(&self.ns, Ns::Uri(u) if u.starts_with(uri_prefix))
    }
}

#[derive(Debug)]
pub(crate) enum Node {
    Start(Element),
    End,
    /// Character data (references decoded, CDATA included), with whether
    /// `xml:space="preserve"` is in force for it.
    Text {
        text: String,
        preserve: bool,
    },
    Eof,
}

struct Open {
    qname: String,
    pos: usize,
    preserve: bool,
}

pub(crate) struct XmlReader<'a> {
    path: &'a Path,
    rd: NsReader<&'a [u8]>,
    lines: Lines,
    open: Vec<Open>,
    root_seen: bool,
    root_closed: bool,
    eof: bool,
}

impl<'a> XmlReader<'a> {
    pub(crate) fn new(path: &'a Path, text: &'a str) -> XmlReader<'a> {
        let mut rd = NsReader::from_str(text);
        let cfg = rd.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = true;
        XmlReader {
            path,
            rd,
            lines: Lines::new(text),
            open: Vec::new(),
            root_seen: false,
            root_closed: false,
            eof: false,
        }
    }

    /// Number of elements open (the root counts 1).
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    pub(crate) fn line_at(&self, pos: usize) -> usize {
        self.lines.line(pos)
    }

    pub(crate) fn error(&self, line: usize, msg: impl std::fmt::Display) -> Error {
        Error::input(self.path, Some(line), msg)
    }

    /// The next node; after [`Node::Eof`] it keeps returning `Eof`.
    pub(crate) fn next(&mut self) -> Result<Node> {
        loop {
            if self.eof {
                return Ok(Node::Eof);
            }
            let pos = self.rd.buffer_position() as usize;
            let (ns, ev) = match self.rd.read_resolved_event() {
                Ok((ns, ev)) => {
                    let ns = match ns {
                        ResolveResult::Unbound => Ns::Unbound,
                        ResolveResult::Bound(n) => Ns::Uri(n.as_ref().to_owned()),
                        ResolveResult::Unknown(_) => Ns::UnknownPrefix,
                    };
                    (ns, ev)
                }
                Err(e) => {
                    let at = self.rd.error_position() as usize;
                    // Every syntax error but one is markup left open at
                    // the end of the input.
                    let cut = matches!(
                        &e,
                        quick_xml::Error::Syntax(s)
                            if *s != quick_xml::errors::SyntaxError::InvalidBangMarkup
                    );
                    let hint = if cut {
                        "the file is probably truncated; export or copy it again"
                    } else {
                        "fix the markup, or export the file again"
                    };
                    return Err(self.error(
                        self.line_at(at),
                        format!("invalid XML ({}); {hint}", clip(&e.to_string(), 100)),
                    ));
                }
            };
            let line = self.line_at(pos);
            match ev {
                Event::Start(e) => return self.start(&e, ns, pos, line).map(Node::Start),
                Event::Empty(e) => {
                    // Not produced with expand_empty_elements; handled alike.
                    return self.start(&e, ns, pos, line).map(Node::Start);
                }
                Event::End(_) => {
                    self.open.pop();
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                    return Ok(Node::End);
                }
                Event::Text(t) => {
                    let s = t.xml10_content();
                    if let Some(n) = self.text(&s, line)? {
                        return Ok(n);
                    }
                }
                Event::CData(t) => {
                    let s = t.xml10_content();
                    if let Some(n) = self.text(&s, line)? {
                        return Ok(n);
                    }
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match &*r {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            name => {
                                return Err(self.error(
                                    line,
                                    format!(
                                        "unknown entity &{}; mtaudit expands no entities \
                                         besides &lt; &gt; &amp; &apos; &quot;: write the \
                                         character itself or a numeric reference such as \
                                         &#233;",
                                        clip(name, 60)
                                    ),
                                ));
                            }
                        },
                        Err(_) => {
                            return Err(self.error(
                                line,
                                format!(
                                    "invalid character reference &{}; (not a Unicode \
                                     character); write the character itself or remove the \
                                     reference",
                                    clip(&r, 60)
                                ),
                            ));
                        }
                    };
                    let mut buf = [0u8; 4];
                    if let Some(n) = self.text(c.encode_utf8(&mut buf), line)? {
                        return Ok(n);
                    }
                }
                Event::DocType(d) => {
                    if d.contains("<!ENTITY") {
                        return Err(self.error(
                            line,
                            "the DOCTYPE declares entities, which mtaudit does not expand \
                             (they can read other files or blow up in size); remove the \
                             <!ENTITY …> declarations and write the characters themselves",
                        ));
                    }
                }
                Event::Eof => {
                    self.eof = true;
                    return self.finish().map(|()| Node::Eof);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    fn start(&mut self, e: &BytesStart, ns: Ns, pos: usize, line: usize) -> Result<Element> {
        let qname = e.name().as_ref().to_owned();
        if self.root_closed {
            return Err(self.error(
                line,
                format!(
                    "a second root element <{}> after the first one closed; an XML file has \
                     one root: remove what follows it, or split the file",
                    clip(&qname, 40)
                ),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(
                line,
                format!(
                    "elements nest more than {MAX_DEPTH} deep here; no CAT export does \
                     that, so the file is damaged or not a translation file"
                ),
            ));
        }
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| {
                self.error(
                    line,
                    format!(
                        "bad attribute in <{}> ({}); fix the markup",
                        clip(&qname, 40),
                        clip(&err.to_string(), 80)
                    ),
                )
            })?;
            let key = a.key.as_ref().to_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error(
                        line,
                        format!(
                            "bad value of attribute {} ({}); only &lt; &gt; &amp; &apos; \
                             &quot; and references to Unicode characters are allowed",
                            clip(&key, 40),
                            clip(&err.to_string(), 80)
                        ),
                    )
                })?
                .into_owned();
            attrs.push((key, value));
        }
        let inherited = self.open.last().is_some_and(|o| o.preserve);
        let preserve = match attrs.iter().find(|(k, _)| k == "xml:space") {
            Some((_, v)) if v == "preserve" => true,
            Some((_, v)) if v == "default" => false,
            _ => inherited,
        };
        let local = match qname.split_once(':') {
            Some((_, l)) => l.to_owned(),
            None => qname.clone(),
        };
        self.open.push(Open {
            qname,
            pos,
            preserve,
        });
        self.root_seen = true;
        Ok(Element {
            local,
            ns,
            line,
            attrs,
        })
    }

    /// A text node, or `None` for whitespace outside the root (which XML
    /// allows and which carries nothing).
    fn text(&self, s: &str, line: usize) -> Result<Option<Node>> {
        match self.open.last() {
            Some(o) => Ok(Some(Node::Text {
                text: s.to_owned(),
                preserve: o.preserve,
            })),
            None if s.trim_matches(is_xml_space).is_empty() => Ok(None),
            None => {
                let shown = clip(s.trim_matches(is_xml_space), 60);
                Err(self.error(
                    line,
                    if self.root_seen {
                        format!(
                            "text {shown:?} after the root element closed; the file is \
                             damaged or has two documents pasted together"
                        )
                    } else {
                        format!(
                            "text {shown:?} before any element: this is not an XML file; \
                             check the file, or pass the right --input-format"
                        )
                    },
                ))
            }
        }
    }

    fn finish(&self) -> Result<()> {
        if !self.root_seen {
            return Err(self.error(
                1,
                "no XML element found: the file is empty or not XML; check the file, or \
                 pass the right --input-format",
            ));
        }
        if let Some(inner) = self.open.last() {
            let names: Vec<String> = self
                .open
                .iter()
                .map(|o| clip(&o.qname, 30).into_owned())
                .collect();
            let shown = if names.len() > 8 {
                format!("… > {}", names[names.len() - 8..].join(" > "))
            } else {
                names.join(" > ")
            };
            return Err(self.error(
                self.lines.line(usize::MAX),
                format!(
                    "unexpected end of file inside <{}> (opened at line {}; open elements: \
                     {shown}): the file is probably truncated; export or copy it again",
                    clip(&inner.qname, 40),
                    self.line_at(inner.pos),
                ),
            ));
        }
        Ok(())
    }

    /// Consumes the rest of the element whose start was just returned.
    pub(crate) fn skip(&mut self) -> Result<()> {
        let d = self.depth();
        loop {
            match self.next()? {
                Node::End if self.depth() < d => return Ok(()),
                Node::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The text of the element whose start was just returned, all
    /// descendants included, whitespace folded; the element is consumed.
    pub(crate) fn plain_text(&mut self) -> Result<String> {
        let d = self.depth();
        let mut out = String::new();
        loop {
            match self.next()? {
                Node::End if self.depth() < d => break,
                Node::Eof => break,
                Node::Text { text, .. } => out.push_str(&text),
                _ => {}
            }
        }
        Ok(fold(&out))
    }
}

pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Each run of XML whitespace as one space, none at the ends.
pub(crate) fn fold(s: &str) -> String {
    s.split(is_xml_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The qualified name of the root element, skipping the XML declaration,
/// comments, processing instructions and a DOCTYPE; `None` when the text
/// does not start like XML.
pub(crate) fn root_name(text: &str) -> Option<&str> {
    let mut t = text;
    loop {
        t = t.trim_start_matches(is_xml_space);
        if let Some(r) = t.strip_prefix("<?") {
            t = &r[r.find("?>")? + 2..];
        } else if let Some(r) = t.strip_prefix("<!--") {
            t = &r[r.find("-->")? + 3..];
        } else if let Some(r) = t.strip_prefix("<!DOCTYPE") {
            // An internal subset may contain `>`; it ends at `]`.
            let end = match (r.find('['), r.find('>')) {
                (Some(b), Some(g)) if b < g => b + r[b..].find(']')?,
                _ => 0,
            };
            t = &r[end + r[end..].find('>')? + 1..];
        } else {
            let r = t.strip_prefix('<')?;
            let n = r
                .find(|c: char| is_xml_space(c) || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = &r[..n];
            let ok = name
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_');
            return ok.then_some(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<String>> {
        let p = Path::new("f.xml");
        let mut xr = XmlReader::new(p, text);
        let mut out = Vec::new();
        loop {
            match xr.next()? {
                Node::Start(e) => out.push(format!("<{}>", e.local)),
                Node::End => out.push("</>".into()),
                Node::Text { text, preserve } => {
                    out.push(format!("{}{text}", if preserve { "=" } else { "" }))
                }
                Node::Eof => return Ok(out),
            }
        }
    }

    fn err(text: &str) -> String {
        all(text).unwrap_err().message
    }

    #[test]
    fn references_and_cdata_are_decoded() {
        let got = all("<a>x&lt;&#233;&#xE9;<![CDATA[<b>&amp;]]></a>").unwrap();
        assert_eq!(got.concat(), "<a>x<éé<b>&amp;</>");
    }

    #[test]
    fn invalid_character_references_name_line_and_reference() {
        for r in ["&#0;", "&#xD800;", "&#x110000;", "&#xZZ;", "&#99999999999;"] {
            let m = err(&format!("<a>\n\n{r}</a>"));
            assert!(m.starts_with("f.xml:3: invalid character reference"), "{m}");
            assert!(m.contains(r), "{m}");
        }
        let m = err("<a b='&#xD800;'/>");
        assert!(m.starts_with("f.xml:1: bad value of attribute b"), "{m}");
        // Control characters other than NUL are accepted.
        assert_eq!(all("<a>&#x1;</a>").unwrap().concat(), "<a>\u{1}</>");
    }

    #[test]
    fn entities_are_never_expanded() {
        let m = err("<a>\n&nbsp;</a>");
        assert!(m.starts_with("f.xml:2: unknown entity &nbsp;"), "{m}");
        let lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n \
                   <!ENTITY lol2 \"&lol;&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>";
        let m = err(lol);
        assert!(
            m.starts_with("f.xml:2: the DOCTYPE declares entities"),
            "{m}"
        );
        let xxe = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>";
        assert!(err(xxe).contains("declares entities"));
        // A DOCTYPE naming an external DTD is fine (and never fetched).
        let ok = "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx/>";
        assert_eq!(all(ok).unwrap().concat(), "<tmx></>");
    }

    #[test]
    fn malformed_markup_names_the_line() {
        let m = err("<a>\n<b></c></a>");
        assert!(m.starts_with("f.xml:2: invalid XML"), "{m}");
        let m = err("<a>\n<b>\nx");
        assert!(
            m.starts_with("f.xml:3: unexpected end of file inside <b>"),
            "{m}"
        );
        assert!(m.contains("opened at line 2"), "{m}");
        let m = err("<a>x & y</a>");
        assert!(m.starts_with("f.xml:1: invalid XML"), "{m}");
        let m = err("<a id='1' id='2'/>");
        assert!(m.starts_with("f.xml:1: bad attribute in <a>"), "{m}");
        let m = err("<a/>\n<b/>");
        assert!(m.starts_with("f.xml:2: a second root"), "{m}");
        let m = err("msgid \"x\"\nmsgstr \"y\"\n");
        assert!(m.starts_with("f.xml:1: text \"msgid"), "{m}");
        let m = err("<a/>junk");
        assert!(m.contains("after the root element"), "{m}");
        assert!(err("").starts_with("f.xml:1: no XML element"));
        assert!(err("  <!-- only -->  ").contains("no XML element"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let m = err(&deep);
        assert!(m.contains("nest more than 1000"), "{m}");
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(all(&ok).is_ok());
    }

    #[test]
    fn long_names_are_clipped_in_messages() {
        let name = "n".repeat(5000);
        let m = err(&format!("<a>\n<{name}>"));
        assert!(m.len() < 400, "{}", m.len());
        let m = err(&format!("<a/><{name}/>"));
        assert!(m.len() < 400, "{}", m.len());
    }

    #[test]
    fn xml_space_is_inherited_and_reset() {
        let got = all("<a xml:space='preserve'><b>x</b><c xml:space='default'>y</c></a>").unwrap();
        assert_eq!(got.concat(), "<a><b>=x</><c>y</></>");
    }

    #[test]
    fn skip_and_plain_text_consume_one_element() {
        let p = Path::new("f.xml");
        let mut xr = XmlReader::new(p, "<a><n> x <i>y</i>\n z </n><s><t/></s><e/></a>");
        assert!(matches!(xr.next().unwrap(), Node::Start(_)));
        assert!(matches!(xr.next().unwrap(), Node::Start(_)));
        assert_eq!(xr.plain_text().unwrap(), "x y z");
        assert!(matches!(xr.next().unwrap(), Node::Start(_)));
        xr.skip().unwrap();
        match xr.next().unwrap() {
            Node::Start(e) => assert_eq!(e.local, "e"),
            n => panic!("{n:?}"),
        }
    }

    #[test]
    fn namespaces_resolve() {
        let p = Path::new("f.xml");
        let mut xr = XmlReader::new(p, "<r xmlns='u:d' xmlns:s='u:s'><s:seg/><q:x/></r>");
        let mut got = Vec::new();
        loop {
            match xr.next().unwrap() {
                Node::Start(e) => got.push((e.local, e.ns)),
                Node::Eof => break,
                _ => {}
            }
        }
        assert_eq!(
            got,
            [
                ("r".into(), Ns::Uri("u:d".into())),
                ("seg".into(), Ns::Uri("u:s".into())),
                ("x".into(), Ns::UnknownPrefix),
            ]
        );
    }

    #[test]
    fn root_name_skips_the_prolog() {
        assert_eq!(
            root_name("<?xml?><!--c--><!DOCTYPE x [<!ENTITY a '>'>]><x:r a='1'>"),
            Some("x:r")
        );
        assert_eq!(root_name(" <r/>"), Some("r"));
        assert_eq!(root_name("<!-- unterminated"), None);
        assert_eq!(root_name("text"), None);
        assert_eq!(root_name("< r>"), None);
    }
}
