//! XLIFF 1.x and 2.x.
//!
//! The two versions share little but the name, so each has its own walk
//! over the structure; both render content through `inline`. Real exports
//! add their own elements (Trados `sdl:`, memoQ `mq:`, Okapi `okp:`); those
//! are skipped where they hold structure, read where they carry the
//! segment state (Trados `<sdl:seg-defs>`), and reduced to their text
//! inside a source or target.

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use super::inline::{self, Code, Inline, Segment};
use super::xml::{Element, Node, Ns, XmlReader};
use super::{Unit, UnitKey, clip};
use crate::error::Result;

const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:";

/// An element of XLIFF itself (files without a namespace declaration are
/// common enough to count).
fn is_xliff(e: &Element) -> bool {
    e.ns == Ns::Unbound || e.in_ns(XLIFF_NS)
}

pub(crate) fn read(path: &Path, text: &str) -> Result<Vec<Unit>> {
    let mut xr = XmlReader::new(path, text);
    let root = loop {
        match xr.next()? {
            Node::Start(e) => break e,
            Node::Eof => return Ok(Vec::new()),
            _ => {}
        }
    };
    if root.local != "xliff" {
        let hint = match root.local.as_str() {
            "tmx" => "this is a TMX file: pass --input-format tmx or name it .tmx",
            _ => "check that this is an XLIFF export, or pass the right --input-format",
        };
        return Err(xr.error(
            root.line,
            format!(
                "root element is <{}>, not <xliff>; {hint}",
                clip(&root.local, 40)
            ),
        ));
    }
    let v2 = root.attr("version").is_some_and(|v| v.starts_with('2'))
        || root.in_ns("urn:oasis:names:tc:xliff:document:2");
    let mut units = Vec::new();
    walk(&mut xr, v2, &mut units)?;
    Ok(units)
}

/// Context a unit inherits from the elements around it.
struct Scope<'s> {
    /// XLIFF 1.2 `<file original>`, XLIFF 2.0 `<file id>`.
    file: &'s str,
    /// A `<group translate="no">` encloses the unit.
    no_translate: bool,
}

type UnitReader = fn(&mut XmlReader, &Element, &Scope, &mut Vec<Unit>) -> Result<()>;

/// Walks files and groups down to the units; the same shape for both
/// versions.
fn walk(xr: &mut XmlReader, v2: bool, out: &mut Vec<Unit>) -> Result<()> {
    let unit: UnitReader = if v2 { unit2 } else { trans_unit };
    let mut file = String::new();
    // Depth of the outermost `translate="no"` group open, if any.
    let mut no_translate: Option<usize> = None;
    loop {
        match xr.next()? {
            Node::Start(e) if !is_xliff(&e) => xr.skip()?,
            Node::Start(e) => match e.local.as_str() {
                "file" => {
                    let scope = if v2 { "id" } else { "original" };
                    file = e.attr(scope).unwrap_or("").to_owned();
                }
                "header" | "skeleton" | "bin-unit" | "notes" | "originalData" => xr.skip()?,
                "trans-unit" | "unit" => {
                    let scope = Scope {
                        file: &file,
                        no_translate: no_translate.is_some(),
                    };
                    unit(xr, &e, &scope, out)?;
                }
                "group" if e.attr("translate") == Some("no") && no_translate.is_none() => {
                    no_translate = Some(xr.depth());
                }
                _ => {}
            },
            Node::End => {
                if no_translate.is_some_and(|d| xr.depth() < d) {
                    no_translate = None;
                }
            }
            Node::Eof => return Ok(()),
            Node::Text { .. } => {}
        }
    }
}

/// Inline elements of XLIFF 1.2.
fn code1(e: &Element) -> std::result::Result<Code, String> {
    if !is_xliff(e) {
        return Ok(Code::Marker);
    }
    let id = || e.attr("id").map(str::to_owned);
    Ok(match e.local.as_str() {
        "g" => Code::Paired("g", id()),
        "x" => Code::Placeholder("x", "id", id()),
        "bx" => Code::Placeholder("bx", "id", id()),
        "ex" => Code::Placeholder("ex", "id", id()),
        "ph" => Code::Placeholder("ph", "id", id()),
        "bpt" => Code::Placeholder("bpt", "id", id()),
        "ept" => Code::Placeholder("ept", "id", id()),
        "it" => Code::Placeholder("it", "id", id()),
        "sub" => Code::Drop,
        "mrk" if e.attr("mtype") == Some("seg") => {
            Code::Segment(e.attr("mid").unwrap_or("").to_owned())
        }
        // Trados tracked changes: the deleted text is no longer the
        // translation (the inserted text, `x-sdl-added`, stays as a marker).
        "mrk"
            if matches!(
                e.attr("mtype"),
                Some("x-sdl-deleted" | "x-sdl-feedback-deleted")
            ) =>
        {
            Code::Drop
        }
        _ => Code::Marker,
    })
}

/// Inline elements of XLIFF 2.x.
fn code2(e: &Element) -> std::result::Result<Code, String> {
    if !is_xliff(e) {
        return Ok(Code::Marker);
    }
    let id = || e.attr("id").map(str::to_owned);
    Ok(match e.local.as_str() {
        "pc" => Code::Paired("pc", id()),
        "ph" => Code::Placeholder("ph", "id", id()),
        "sc" => Code::Placeholder("sc", "id", id()),
        "ec" => Code::Placeholder(
            "ec",
            "id",
            e.attr("startRef").or(e.attr("id")).map(str::to_owned),
        ),
        "sm" | "em" => Code::Drop,
        "cp" => {
            let hex = e.attr("hex").unwrap_or("");
            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                Some(c) if c != '\0' && !hex.starts_with('+') => Code::Char(c),
                _ => {
                    return Err(format!(
                        "<cp hex=\"{}\"> is not a Unicode character; write the code point \
                         in hexadecimal, e.g. <cp hex=\"0007\"/>",
                        clip(hex, 20)
                    ));
                }
            }
        }
        _ => Code::Marker,
    })
}

fn joined(notes: Vec<String>) -> Option<String> {
    let notes: Vec<String> = notes.into_iter().filter(|n| !n.is_empty()).collect();
    (!notes.is_empty()).then(|| notes.join("\n"))
}

/// A Trados `<sdl:seg>`: the state of one segment.
struct SegDef {
    id: String,
    conf: Option<String>,
    locked: bool,
}

/// XLIFF 1.2 `<trans-unit>`, split into its segments when the target (or,
/// for an untranslated unit, the `<seg-source>`) is segmented.
fn trans_unit(xr: &mut XmlReader, tu: &Element, scope: &Scope, out: &mut Vec<Unit>) -> Result<()> {
    let mut source: Option<Inline> = None;
    let mut seg_source: Option<Inline> = None;
    let mut target: Option<Inline> = None;
    let mut state: Option<String> = None;
    let mut notes = Vec::new();
    let mut defs: Vec<SegDef> = Vec::new();
    let d = xr.depth();
    loop {
        match xr.next()? {
            Node::Start(e) if is_xliff(&e) => match e.local.as_str() {
                "source" if source.is_none() => source = Some(inline::read(xr, code1)?),
                "seg-source" if seg_source.is_none() => {
                    seg_source = Some(inline::read(xr, code1)?);
                }
                "target" if target.is_none() => {
                    state = e.attr("state").map(str::to_owned);
                    target = Some(inline::read(xr, code1)?);
                }
                "note" => notes.push(xr.plain_text()?),
                // alt-trans (TM proposals), context-group, count-group, …
                _ => xr.skip()?,
            },
            Node::Start(e) if e.local == "seg-defs" => seg_defs(xr, &mut defs)?,
            Node::Start(_) => xr.skip()?,
            Node::End if xr.depth() < d => break,
            Node::Eof => break,
            _ => {}
        }
    }
    if tu.attr("translate") == Some("no") || scope.no_translate {
        return Ok(());
    }
    let key = UnitKey {
        file: scope.file.to_owned(),
        unit: tu.attr("id").map(str::to_owned),
        segment: None,
    };
    let mut flags = Vec::new();
    if tu.attr("approved") == Some("yes") {
        flags.push("approved".to_owned());
    }
    // The first definition of each segment (a map: units can be huge).
    let mut def_of: HashMap<&str, &SegDef> = HashMap::new();
    for d in &defs {
        def_of.entry(d.id.as_str()).or_insert(d);
    }
    // memoQ keeps the state on the unit rather than on the target.
    let state = state.or_else(|| tu.attr("mq:status").map(str::to_owned));
    let note = joined(notes);
    let target = target.unwrap_or_default();
    let src_segs = seg_source.as_ref().map_or(&[][..], |s| &s.segments[..]);
    // A target written without segment markers is one text, however the
    // source was segmented.
    let segmented = (!target.segments.is_empty() || target.text.is_empty())
        && target.segments.len().max(src_segs.len()) > 1;
    if !segmented {
        // One segment or none: the unit as a whole. A single segment keeps
        // the text of its <mrk> only (anything around it is structure).
        let text = match target.segments.first() {
            Some(s) => s.text.clone(),
            None => target.text,
        };
        let source_text = match (&source, src_segs) {
            (_, [only]) => only.text.clone(),
            (Some(s), _) => s.text.clone(),
            (None, _) => seg_source
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default(),
        };
        let mid = target
            .segments
            .first()
            .or(src_segs.first())
            .map(|s| s.id.as_str());
        let def = mid.and_then(|m| def_of.get(m).copied());
        out.push(Unit {
            key,
            source: source_text,
            text,
            line: tu.line,
            state: def.and_then(|d| d.conf.clone()).or(state),
            note,
            flags: with_lock(flags, def),
        });
        return Ok(());
    }
    // Source segments in order, each with its target segment; then target
    // segments the source lacks.
    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, t) in target.segments.iter().enumerate() {
        by_id.entry(t.id.as_str()).or_default().push_back(i);
    }
    let mut used = vec![false; target.segments.len()];
    let mut pairs: Vec<(Option<&Segment>, Option<&Segment>)> = Vec::new();
    for s in src_segs {
        let t = by_id.get_mut(s.id.as_str()).and_then(VecDeque::pop_front);
        if let Some(i) = t {
            used[i] = true;
        }
        pairs.push((Some(s), t.map(|i| &target.segments[i])));
    }
    for (i, t) in target.segments.iter().enumerate() {
        if !used[i] {
            pairs.push((None, Some(t)));
        }
    }
    for (s, t) in pairs {
        let Some(seg) = t.or(s) else { continue };
        let def = def_of.get(seg.id.as_str()).copied();
        out.push(Unit {
            key: UnitKey {
                segment: Some(seg.id.clone()),
                ..key.clone()
            },
            source: s.map(|s| s.text.clone()).unwrap_or_default(),
            text: t.map(|t| t.text.clone()).unwrap_or_default(),
            line: seg.line,
            state: def.and_then(|d| d.conf.clone()).or_else(|| state.clone()),
            note: note.clone(),
            flags: with_lock(flags.clone(), def),
        });
    }
    Ok(())
}

fn with_lock(mut flags: Vec<String>, def: Option<&SegDef>) -> Vec<String> {
    if def.is_some_and(|d| d.locked) {
        flags.push("locked".to_owned());
    }
    flags
}

/// Trados `<sdl:seg-defs>`: `<sdl:seg id conf locked>` per segment.
fn seg_defs(xr: &mut XmlReader, defs: &mut Vec<SegDef>) -> Result<()> {
    let d = xr.depth();
    loop {
        match xr.next()? {
            Node::Start(e) => {
                if e.local == "seg"
                    && let Some(id) = e.attr("id")
                {
                    defs.push(SegDef {
                        id: id.to_owned(),
                        conf: e.attr("conf").map(str::to_owned),
                        locked: e.attr("locked") == Some("true"),
                    });
                }
                xr.skip()?;
            }
            Node::End if xr.depth() < d => return Ok(()),
            Node::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// One XLIFF 2.x `<segment>`.
struct Seg2 {
    id: Option<String>,
    line: usize,
    state: Option<String>,
    source: String,
    target: String,
}

/// XLIFF 2.x `<unit>`: one [`Unit`] per `<segment>`.
fn unit2(xr: &mut XmlReader, unit: &Element, scope: &Scope, out: &mut Vec<Unit>) -> Result<()> {
    let mut segs: Vec<Seg2> = Vec::new();
    let mut notes = Vec::new();
    let d = xr.depth();
    loop {
        match xr.next()? {
            Node::Start(e) if is_xliff(&e) => match e.local.as_str() {
                "segment" => {
                    let mut seg = Seg2 {
                        id: e.attr("id").map(str::to_owned),
                        line: e.line,
                        state: e.attr("state").map(str::to_owned),
                        source: String::new(),
                        target: String::new(),
                    };
                    let ds = xr.depth();
                    loop {
                        match xr.next()? {
                            Node::Start(c) if is_xliff(&c) && c.local == "source" => {
                                seg.source = inline::read(xr, code2)?.text;
                            }
                            Node::Start(c) if is_xliff(&c) && c.local == "target" => {
                                seg.target = inline::read(xr, code2)?.text;
                            }
                            Node::Start(_) => xr.skip()?,
                            Node::End if xr.depth() < ds => break,
                            Node::Eof => break,
                            _ => {}
                        }
                    }
                    segs.push(seg);
                }
                "notes" => {
                    let dn = xr.depth();
                    loop {
                        match xr.next()? {
                            Node::Start(n) if n.local == "note" => notes.push(xr.plain_text()?),
                            Node::Start(_) => xr.skip()?,
                            Node::End if xr.depth() < dn => break,
                            Node::Eof => break,
                            _ => {}
                        }
                    }
                }
                // ignorable (whitespace between segments), originalData, …
                _ => xr.skip()?,
            },
            Node::Start(_) => xr.skip()?,
            Node::End if xr.depth() < d => break,
            Node::Eof => break,
            _ => {}
        }
    }
    if unit.attr("translate") == Some("no") || scope.no_translate {
        return Ok(());
    }
    let note = joined(notes);
    let several = segs.len() > 1;
    for (i, s) in segs.into_iter().enumerate() {
        out.push(Unit {
            key: UnitKey {
                file: scope.file.to_owned(),
                unit: unit.attr("id").map(str::to_owned),
                segment: several.then(|| s.id.unwrap_or_else(|| (i + 1).to_string())),
            },
            source: s.source,
            text: s.target,
            line: s.line,
            state: s.state,
            note: note.clone(),
            flags: Vec::new(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<Unit> {
        read(Path::new("t.xlf"), text).unwrap()
    }

    fn err(text: &str) -> String {
        read(Path::new("t.xlf"), text).unwrap_err().message
    }

    fn x12(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" \
             xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"a.docx\" \
             source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><body>\n\
             {body}\n</body></file></xliff>"
        )
    }

    #[test]
    fn trados_deleted_text_is_not_the_translation() {
        let u = units(&x12(
            "<trans-unit id=\"1\"><source>Unplug it.</source><target>\
             <mrk mtype=\"x-sdl-deleted\" sdl:revid=\"r1\" xmlns:sdl=\"s\">Pull the mains plug.</mrk>\
             <mrk mtype=\"x-sdl-added\" sdl:revid=\"r2\" xmlns:sdl=\"s\">Unplug the <g id=\"1\">power</g> cord.</mrk> \
             <mrk mtype=\"x-sdl-feedback-deleted\">Now.</mrk>Done.</target></trans-unit>",
        ));
        assert_eq!(u[0].text, "Unplug the <g id=\"1\">power</g> cord. Done.");
    }

    #[test]
    fn codes_render_as_placeholders() {
        let u = units(&x12(
            "<trans-unit id=\"1\"><source>a <g id=\"1\">b</g></source>\
             <target state=\"translated\">A <g id=\"1\">B<x id=\"2\"/></g> <bx id=\"3\"/>c<ex id=\"3\"/> \
             <ph id=\"4\">&lt;br/&gt;</ph><bpt id=\"5\">{b}</bpt>d<ept id=\"5\">{/b}</ept>\
             <it id=\"6\" pos=\"open\">&lt;i&gt;</it><mrk mtype=\"term\">e</mrk></target>\
             </trans-unit>",
        ));
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].source, "a <g id=\"1\">b</g>");
        assert_eq!(
            u[0].text,
            "A <g id=\"1\">B<x id=\"2\"/></g> <bx id=\"3\"/>c<ex id=\"3\"/> <ph id=\"4\"/>\
             <bpt id=\"5\"/>d<ept id=\"5\"/><it id=\"6\"/>e"
        );
        assert_eq!(u[0].state.as_deref(), Some("translated"));
        assert_eq!(u[0].line, 4);
        assert_eq!(
            u[0].key,
            UnitKey {
                file: "a.docx".into(),
                unit: Some("1".into()),
                segment: None
            }
        );
    }

    #[test]
    fn whitespace_folds_unless_preserved() {
        let u = units(&x12(
            "<trans-unit id=\"1\"><source>x</source><target>\n  two\n   words  </target></trans-unit>\
             <trans-unit id=\"2\" xml:space=\"preserve\"><source>x</source><target> two\n  words </target></trans-unit>",
        ));
        assert_eq!(u[0].text, "two words");
        assert_eq!(u[1].text, " two\n  words ");
    }

    #[test]
    fn alt_trans_notes_and_skipped_units() {
        let u = units(&x12(
            "<trans-unit id=\"1\" approved=\"yes\"><source>s</source><target>t</target>\
             <alt-trans match-quality=\"80\"><source>old</source><target>WRONG</target></alt-trans>\
             <note from=\"rev\">check  this</note><note>and this</note></trans-unit>\
             <trans-unit id=\"2\" translate=\"no\"><source>s</source></trans-unit>\
             <group translate=\"no\"><trans-unit id=\"3\"><source>s</source></trans-unit></group>\
             <trans-unit id=\"4\"><source>only source</source></trans-unit>\
             <trans-unit id=\"5\"><source>s</source><target/></trans-unit>",
        ));
        let ids: Vec<_> = u.iter().map(|u| u.key.unit.as_deref().unwrap()).collect();
        assert_eq!(ids, ["1", "4", "5"]);
        assert_eq!(u[0].text, "t");
        assert_eq!(u[0].note.as_deref(), Some("check this\nand this"));
        assert_eq!(u[0].flags, ["approved"]);
        assert_eq!(
            (u[1].source.as_str(), u[1].text.as_str()),
            ("only source", "")
        );
        assert_eq!(u[2].text, "");
    }

    #[test]
    fn trados_segments_split_a_unit() {
        let text = x12(
            "<trans-unit id=\"tu1\">\n<source><g id=\"1\">One. Two.</g></source>\n\
             <seg-source><g id=\"1\"><mrk mtype=\"seg\" mid=\"1\">One.</mrk> <mrk mtype=\"seg\" mid=\"2\">Two.</mrk></g></seg-source>\n\
             <target><g id=\"1\"><mrk mtype=\"seg\" mid=\"1\">Eins.</mrk>\n<mrk mtype=\"seg\" mid=\"2\">Zwei.</mrk></g></target>\n\
             <sdl:seg-defs xmlns:sdl=\"http://sdl.com/FileTypes/SdlXliff/1.0\"><sdl:seg id=\"1\" conf=\"Translated\"/>\
             <sdl:seg id=\"2\" conf=\"Draft\" locked=\"true\"/></sdl:seg-defs></trans-unit>\n\
             <trans-unit id=\"tu2\"><source>Three. Four.</source><seg-source><mrk mtype=\"seg\" mid=\"3\">Three.</mrk>\
             <mrk mtype=\"seg\" mid=\"4\">Four.</mrk></seg-source><target/></trans-unit>\n\
             <trans-unit id=\"tu3\"><source>Five.</source><seg-source><mrk mtype=\"seg\" mid=\"5\">Five.</mrk></seg-source>\
             <target><mrk mtype=\"seg\" mid=\"5\">Fünf.</mrk></target><sdl:seg-defs xmlns:sdl=\"s\"><sdl:seg id=\"5\" conf=\"ApprovedTranslation\"/></sdl:seg-defs></trans-unit>",
        );
        let u = units(&text);
        let got: Vec<_> = u
            .iter()
            .map(|u| {
                (
                    u.key.segment.as_deref(),
                    u.source.as_str(),
                    u.text.as_str(),
                    u.state.as_deref(),
                    u.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("1"), "One.", "Eins.", Some("Translated"), 7),
                (Some("2"), "Two.", "Zwei.", Some("Draft"), 8),
                (Some("3"), "Three.", "", None, 10),
                (Some("4"), "Four.", "", None, 10),
                (None, "Five.", "Fünf.", Some("ApprovedTranslation"), 11),
            ]
        );
        assert_eq!(u[1].flags, ["locked"]);
    }

    #[test]
    fn xliff2_units_segments_and_codes() {
        let text = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">\n\
            <file id=\"f1\"><notes><note>file note</note></notes><group id=\"g\">\n\
            <unit id=\"u1\"><notes><note>unit note</note></notes>\
            <originalData><data id=\"d1\">&lt;b&gt;</data></originalData>\n\
            <segment id=\"s1\" state=\"translated\"><source>Hi <pc id=\"1\" dataRefStart=\"d1\">you</pc>.</source>\
            <target>Salut <pc id=\"1\">toi</pc><ph id=\"2\"/>.</target></segment>\
            <ignorable><source> </source></ignorable>\n\
            <segment><source>x<sc id=\"3\"/>y<ec startRef=\"3\"/></source><target>X<sc id=\"3\"/><mrk id=\"m\" type=\"term\">Y</mrk>\
            <sm id=\"m2\"/>z<em startRef=\"m2\"/><ec id=\"4\" isolated=\"yes\"/><cp hex=\"0007\"/></target></segment></unit>\n\
            <unit id=\"u2\" translate=\"no\"><segment><source>skip</source></segment></unit>\n\
            <unit id=\"u3\"><segment state=\"initial\"><source>untranslated</source></segment></unit>\
            </group></file></xliff>";
        let u = units(text);
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].text, "Salut <pc id=\"1\">toi</pc><ph id=\"2\"/>.");
        assert_eq!(u[0].source, "Hi <pc id=\"1\">you</pc>.");
        assert_eq!(u[0].key.segment.as_deref(), Some("s1"));
        assert_eq!(u[0].note.as_deref(), Some("unit note"));
        assert_eq!(u[0].line, 4);
        assert_eq!(u[1].text, "X<sc id=\"3\"/>Yz<ec id=\"4\"/>\u{7}");
        assert_eq!(u[1].source, "x<sc id=\"3\"/>y<ec id=\"3\"/>");
        assert_eq!(u[1].key.segment.as_deref(), Some("2"));
        assert_eq!(u[1].key.file, "f1");
        assert_eq!(
            (u[2].text.as_str(), u[2].state.as_deref()),
            ("", Some("initial"))
        );
        assert_eq!(u[2].key.segment, None);
    }

    #[test]
    fn a_unit_with_many_segments_reads_every_one() {
        let n = 20_000;
        let segs = |w: &str| -> String {
            (0..n)
                .map(|i| format!("<mrk mtype=\"seg\" mid=\"{i}\">{w}{i}</mrk>"))
                .collect()
        };
        let defs: String = (0..n)
            .map(|i| format!("<sdl:seg id=\"{i}\" conf=\"Draft\"/>"))
            .collect();
        let text = x12(&format!(
            "<trans-unit id=\"1\"><source>s</source><seg-source>{}</seg-source>\
             <target>{}</target><sdl:seg-defs xmlns:sdl=\"s\">{defs}</sdl:seg-defs></trans-unit>",
            segs("s"),
            segs("t")
        ));
        let u = units(&text);
        assert_eq!(u.len(), n);
        assert_eq!(
            (u[n - 1].source.as_str(), u[n - 1].text.as_str()),
            ("s19999", "t19999")
        );
        assert_eq!(u[n - 1].state.as_deref(), Some("Draft"));
    }

    #[test]
    fn malformed_files_name_the_line() {
        let m = err("<tmx version=\"1.4\"><body/></tmx>");
        assert!(m.starts_with("t.xlf:1: root element is <tmx>"), "{m}");
        assert!(m.contains("--input-format tmx"), "{m}");
        let m = err(&x12(
            "<trans-unit id=\"1\"><source>a</source>\n<target>b</trans-unit>",
        ));
        assert!(m.starts_with("t.xlf:5: invalid XML"), "{m}");
        let m = err(&x12(
            "<trans-unit id=\"1\"><source>a</source>\n<target>&bogus;</target></trans-unit>",
        ));
        assert!(m.starts_with("t.xlf:5: unknown entity &bogus;"), "{m}");
        let m = err(
            "<xliff version='2.0'><file id='f'><unit id='u'><segment><source>a</source>\n\
                     <target><cp hex='D800'/></target></segment></unit></file></xliff>",
        );
        assert!(m.starts_with("t.xlf:2: <cp hex=\"D800\">"), "{m}");
        let m =
            err("<xliff version='1.2'><file original='a'><body>\n<trans-unit id='1'>\n<source>a");
        assert!(
            m.starts_with("t.xlf:3: unexpected end of file inside <source>"),
            "{m}"
        );
        assert!(m.contains("opened at line 3"), "{m}");
    }
}
