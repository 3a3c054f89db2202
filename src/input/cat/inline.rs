//! Rendering a source, target or segment element with inline codes into
//! text with placeholder tags (the table in the module docs of `cat`).
//!
//! XLIFF 1.2, XLIFF 2.0 and TMX differ only in which element is which kind
//! of code, so one walker serves all three and each reader passes its own
//! classifier.

use std::borrow::Cow;
use std::ops::Range;

use super::xml::{Element, Node, XmlReader, is_xml_space};
use crate::error::Result;

/// What an inline element is.
pub(crate) enum Code {
    /// A code spanning text (`<g>`, `<pc>`): rendered as an opening and a
    /// closing tag around its content.
    Paired(&'static str, Option<String>),
    /// A standalone code (`<x/>`, `<ph>`, `<bpt>`): rendered as one empty
    /// tag; its content is the tool's native code and is dropped.
    Placeholder(&'static str, &'static str, Option<String>),
    /// A marker (`<mrk>`, `<hi>`, foreign elements): content kept, no tag.
    Marker,
    /// A segment boundary (`<mrk mtype="seg" mid>`): content kept, and also
    /// collected as a segment of its own.
    Segment(String),
    /// A character written as an element (XLIFF 2.0 `<cp hex>`).
    Char(char),
    /// Dropped with its content (`<sub>`, `<sm/>`, `<em/>`).
    Drop,
}

/// A rendered element.
#[derive(Debug, Default)]
pub(crate) struct Inline {
    pub(crate) text: String,
    /// The `<mrk mtype="seg">` segments in it, in order.
    pub(crate) segments: Vec<Segment>,
}

#[derive(Debug)]
pub(crate) struct Segment {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// Text being built with whitespace folding: a run of whitespace outside
/// `xml:space="preserve"` becomes one space, none at the ends.
#[derive(Default)]
pub(crate) struct TextBuf {
    out: String,
    pending_space: bool,
}

impl TextBuf {
    pub(crate) fn text(&mut self, s: &str, preserve: bool) {
        if preserve {
            self.flush();
            self.out.push_str(s);
            return;
        }
        let mut first = true;
        for word in s.split(is_xml_space) {
            if !first {
                self.pending_space = true;
            }
            first = false;
            if !word.is_empty() {
                self.flush();
                self.out.push_str(word);
            }
        }
    }

    /// Something that is never folded (a tag, a character from `<cp>`).
    pub(crate) fn atom(&mut self, s: &str) {
        self.flush();
        self.out.push_str(s);
    }

    fn flush(&mut self) {
        if self.pending_space && !self.out.is_empty() && !self.out.ends_with(is_xml_space) {
            self.out.push(' ');
        }
        self.pending_space = false;
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// `<name attr="value"/>` (or `<name/>` without a value), the value escaped.
pub(crate) fn tag(name: &str, attr: &str, value: Option<&str>, empty: bool) -> String {
    let mut t = format!("<{name}");
    if let Some(v) = value {
        t.push(' ');
        t.push_str(attr);
        t.push_str("=\"");
        for c in v.chars() {
            match c {
                '&' => t.push_str("&amp;"),
                '<' => t.push_str("&lt;"),
                '"' => t.push_str("&quot;"),
                c => t.push(c),
            }
        }
        t.push('"');
    }
    t.push_str(if empty { "/>" } else { ">" });
    t
}

struct Frame {
    close: Option<&'static str>,
    /// Content of this element is dropped.
    dropped: bool,
    segment: bool,
}

/// Renders the element whose start `xr` just returned, consuming it.
/// `classify` says what each descendant element is; an `Err(message)` from
/// it becomes an error at that element's line.
pub(crate) fn read(
    xr: &mut XmlReader,
    classify: impl Fn(&Element) -> std::result::Result<Code, String>,
) -> Result<Inline> {
    let d0 = xr.depth();
    let mut all = TextBuf::default();
    let mut seg: Option<(String, usize, TextBuf)> = None;
    let mut segments = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut dropping = 0usize;
    loop {
        match xr.next()? {
            Node::Start(el) => {
                let mut frame = Frame {
                    close: None,
                    dropped: true,
                    segment: false,
                };
                if dropping == 0 {
                    let code = classify(&el).map_err(|m| xr.error(el.line, m))?;
                    frame.dropped = false;
                    let atom = match code {
                        Code::Paired(name, id) => {
                            frame.close = Some(name);
                            Some(tag(name, "id", id.as_deref(), false))
                        }
                        Code::Placeholder(name, attr, v) => {
                            frame.dropped = true;
                            Some(tag(name, attr, v.as_deref(), true))
                        }
                        Code::Marker => None,
                        Code::Segment(id) => {
                            if seg.is_none() {
                                seg = Some((id, el.line, TextBuf::default()));
                                frame.segment = true;
                            }
                            None
                        }
                        Code::Char(c) => {
                            frame.dropped = true;
                            Some(c.to_string())
                        }
                        Code::Drop => {
                            frame.dropped = true;
                            None
                        }
                    };
                    if let Some(a) = atom {
                        all.atom(&a);
                        if let Some((_, _, b)) = seg.as_mut() {
                            b.atom(&a);
                        }
                    }
                }
                if frame.dropped {
                    dropping += 1;
                }
                frames.push(frame);
            }
            Node::End if xr.depth() < d0 => break,
            Node::End => {
                let Some(f) = frames.pop() else { continue };
                if f.dropped {
                    dropping -= 1;
                }
                if let Some(name) = f.close {
                    let t = format!("</{name}>");
                    all.atom(&t);
                    if let Some((_, _, b)) = seg.as_mut() {
                        b.atom(&t);
                    }
                }
                if f.segment
                    && let Some((id, line, b)) = seg.take()
                {
                    segments.push(Segment {
                        id,
                        text: b.finish(),
                        line,
                    });
                }
            }
            Node::Text { text, preserve } if dropping == 0 => {
                all.text(&text, preserve);
                if let Some((_, _, b)) = seg.as_mut() {
                    b.text(&text, preserve);
                }
            }
            Node::Text { .. } => {}
            Node::Eof => break,
        }
    }
    Ok(Inline {
        text: all.finish(),
        segments,
    })
}

/// The names of the placeholder tags the readers write (the table in the
/// module docs of `cat`).
const CODE_TAGS: [&str; 12] = [
    "g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "pc", "sc", "ec",
];

/// The length of the placeholder tag that `s` starts with, as [`tag`]
/// writes it (`<g id="1">`, `</g>`, `<x id="2"/>`, `<ut/>`); `None` for
/// anything else, a literal `<b>` of the text included.
fn code_tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1 + usize::from(b.get(1) == Some(&b'/'));
    let closing = i == 2;
    let name_end = i + b[i..].iter().take_while(|c| c.is_ascii_lowercase()).count();
    if !CODE_TAGS.contains(&&s[i..name_end]) {
        return None;
    }
    i = name_end;
    if !closing && b.get(i) == Some(&b' ') {
        // One attribute: ` name="value"`, the value escaped (no `"`).
        i += 1;
        i += b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if b.get(i..i + 2) != Some(b"=\"") {
            return None;
        }
        i += 2;
        i += b[i..].iter().position(|&c| c == b'"' || c == b'<')?;
        if b[i] != b'"' {
            return None;
        }
        i += 1;
    }
    if !closing && b.get(i) == Some(&b'/') {
        i += 1;
    }
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

/// `text` without the placeholder tags of inline codes, with the spaces
/// around a removed tag made one and none at the ends. Scores compare
/// words: the codes of one CAT tool's export would otherwise count as
/// words that the other export, or a plain text, lacks (the `placeholder`
/// check compares the codes themselves).
pub fn without_codes(text: &str) -> Cow<'_, str> {
    without_codes_mapped(text).text
}

/// [`without_codes`] with a map of its offsets back to `text`'s, so that
/// what is found in the text without codes (a glossary term that a tag
/// split) can be shown where it is in the text as written.
pub fn without_codes_mapped(text: &str) -> WithoutCodes<'_> {
    let same = || WithoutCodes::same(text);
    if !text.contains('<') {
        return same();
    }
    let mut kept = kept_pieces(text);
    if kept.iter().map(Range::len).sum::<usize>() == text.len() {
        return same();
    }
    // No spaces at the ends.
    while let Some(r) = kept.first_mut() {
        let n = text[r.clone()].len() - text[r.clone()].trim_start_matches(' ').len();
        r.start += n;
        if r.start < r.end {
            break;
        }
        kept.remove(0);
    }
    while let Some(r) = kept.last_mut() {
        r.end = r.start + text[r.clone()].trim_end_matches(' ').len();
        if r.start < r.end {
            break;
        }
        kept.pop();
    }
    let mut out = String::with_capacity(text.len());
    let pieces = kept
        .into_iter()
        .map(|r| {
            let at = out.len();
            out.push_str(&text[r.clone()]);
            (at, r.start)
        })
        .collect();
    WithoutCodes {
        text: out.into(),
        pieces,
    }
}

/// The byte ranges of `text` that [`without_codes`] keeps, in order, before
/// the ends are trimmed.
fn kept_pieces(text: &str) -> Vec<Range<usize>> {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    let mut removed = false;
    // Whether the text kept so far is empty or ends in a space: the spaces
    // after a removed tag are dropped there.
    let bare = |kept: &[Range<usize>]| kept.last().is_none_or(|r| text[..r.end].ends_with(' '));
    let keep = |kept: &mut Vec<Range<usize>>, r: Range<usize>| {
        if !r.is_empty() {
            kept.push(r);
        }
    };
    while let Some(p) = text[at..].find('<').map(|p| at + p) {
        let mut from = at;
        if removed && bare(&kept) {
            from = p - text[at..p].trim_start_matches(' ').len();
        }
        keep(&mut kept, from..p);
        match code_tag_len(&text[p..]) {
            Some(n) => {
                removed = true;
                at = p + n;
            }
            None => {
                removed = false;
                keep(&mut kept, p..p + 1);
                at = p + 1;
            }
        }
    }
    let mut from = at;
    if removed && bare(&kept) {
        from = text.len() - text[at..].trim_start_matches(' ').len();
    }
    keep(&mut kept, from..text.len());
    kept
}

/// A text without its inline codes ([`without_codes_mapped`]).
pub struct WithoutCodes<'a> {
    pub text: Cow<'a, str>,
    /// Where each piece of `text` starts, in `text` and in the original;
    /// empty when the two are the same.
    pieces: Vec<(usize, usize)>,
}

impl<'a> WithoutCodes<'a> {
    /// `text` as it is, mapped onto itself.
    pub fn same(text: &'a str) -> Self {
        WithoutCodes {
            text: text.into(),
            pieces: Vec::new(),
        }
    }

    /// The original byte range of `r`, a range of [`WithoutCodes::text`]:
    /// from where its first byte came to just past where its last came
    /// from (a tag between them included).
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        if self.pieces.is_empty() {
            return r;
        }
        // The piece holding byte `p`: the last one starting at or before it.
        let at = |p: usize| {
            let i = self.pieces.partition_point(|&(o, _)| o <= p).max(1) - 1;
            let (o, s) = self.pieces[i];
            s + (p - o)
        };
        let start = at(r.start);
        let end = if r.end > r.start {
            at(r.end - 1) + 1
        } else {
            start
        };
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the text without codes comes from the same
    /// character at its mapped place in the original.
    fn maps_back(t: &str) {
        let w = without_codes_mapped(t);
        assert_eq!(w.text, without_codes(t), "{t:?}");
        for (i, c) in w.text.char_indices() {
            let r = w.original(i..i + c.len_utf8());
            assert_eq!(&t[r.clone()], c.to_string(), "{t:?} at {i} -> {r:?}");
        }
    }

    #[test]
    fn the_text_without_codes_maps_back_to_the_original() {
        for t in [
            "Pay with <g id=\"1\">WeChat</g> Pay now.",
            "<ph id=\"1\"/> Warning <ut/>",
            "  <x id=\"1\"/>  a  <x id=\"2\"/> b <",
            "a < b <bpt id=\"1\">{b}</bpt>c<ept id=\"1\">{/b}</ept>",
            "no codes at all",
            "<x/>",
            "",
        ] {
            maps_back(t);
        }
        // A range over a removed tag covers it in the original.
        let t = "Pay with <g id=\"1\">WeChat</g> Pay now.";
        let w = without_codes_mapped(t);
        assert_eq!(w.text, "Pay with WeChat Pay now.");
        assert_eq!(&t[w.original(9..19)], "WeChat</g> Pay");
        assert_eq!(w.original(0..0), 0..0);
        assert_eq!(without_codes_mapped("plain").original(1..3), 1..3);
    }

    proptest::proptest! {
        #[test]
        fn any_text_maps_back(t in "([a-z ]{0,4}|<x id=\"1\"/>|<g id=\"2\">|</g>|<|é){0,12}") {
            maps_back(&t);
        }
    }
    use std::path::Path;

    #[test]
    fn folding_keeps_one_space_between_words_and_tags() {
        let mut b = TextBuf::default();
        b.text("  Hello \n\t ", false);
        b.atom("<x/>");
        b.text(" world ", false);
        b.atom("<g>");
        b.text("bold", false);
        b.atom("</g>");
        b.text(" \n", false);
        assert_eq!(b.finish(), "Hello <x/> world <g>bold</g>");
        let mut b = TextBuf::default();
        b.text("  two  spaces\n", true);
        b.text("  folded  ", false);
        assert_eq!(b.finish(), "  two  spaces\nfolded");
    }

    #[test]
    fn tags_escape_their_values() {
        assert_eq!(
            tag("x", "id", Some("a\"<&b"), true),
            "<x id=\"a&quot;&lt;&amp;b\"/>"
        );
        assert_eq!(tag("ut", "x", None, true), "<ut/>");
        assert_eq!(tag("g", "id", Some("1"), false), "<g id=\"1\">");
    }

    #[test]
    fn segments_codes_and_dropped_content() {
        let text = "<t>A <g id='1'><mrk mtype='seg' mid='1'>one <ph id='2'>&lt;br&gt;<sub>alt</sub></ph>\
                    </mrk> <mrk mtype='seg' mid='2'>two</mrk></g></t>";
        let p = Path::new("f.xlf");
        let mut xr = XmlReader::new(p, text);
        assert!(matches!(xr.next().unwrap(), Node::Start(_)));
        let got = read(&mut xr, |e| {
            Ok(match e.local.as_str() {
                "g" => Code::Paired("g", e.attr("id").map(str::to_owned)),
                "ph" => Code::Placeholder("ph", "id", e.attr("id").map(str::to_owned)),
                "mrk" if e.attr("mtype") == Some("seg") => {
                    Code::Segment(e.attr("mid").unwrap_or("").to_owned())
                }
                _ => Code::Marker,
            })
        })
        .unwrap();
        assert_eq!(got.text, "A <g id=\"1\">one <ph id=\"2\"/> two</g>");
        let segs: Vec<_> = got
            .segments
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(segs, [("1", "one <ph id=\"2\"/>"), ("2", "two")]);
        assert!(matches!(xr.next().unwrap(), Node::Eof));
    }
    #[test]
    fn codes_are_removed_for_scoring() {
        let t = "A <g id=\"1\">B<x id=\"2\"/></g> <bx id=\"3\"/>c<ex id=\"3\"/> <ph id=\"4\"/> <bpt id=\"5\"/>d<ept id=\"5\"/><it id=\"6\"/>e";
        assert_eq!(without_codes(t), "A B c de");
        assert_eq!(without_codes("<ph id=\"1\"/> Warning <ut/>"), "Warning");
        assert_eq!(without_codes("<ph x=\"a&quot;b\"/>Hot"), "Hot");
        // Text that only looks like markup stays: a literal tag, a compare.
        for t in [
            "a <b>bold</b> x",
            "1 < 2 > 0",
            "<g id=\"1\"",
            "<g id=1>",
            "<gx>",
            "plain",
        ] {
            assert_eq!(without_codes(t), t);
        }
        assert_eq!(
            without_codes("<sc id=\"1\"/>x<ec id=\"1\"/> < <pc id=\"2\">y</pc>"),
            "x < y"
        );
    }
}
