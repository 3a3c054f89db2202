//! TMX 1.1 to 1.4b translation memories.
//!
//! A TMX holds every language of a unit side by side, so unlike XLIFF the
//! target is a choice: the whole file is read first and the language picked
//! once, so that a typo in `--lang` is one clear error listing what the file
//! has rather than a file of empty units.

use std::path::Path;

use super::inline::{self, Code};
use super::xml::{Element, Node, Ns, XmlReader};
use super::{Unit, UnitKey, clip};
use crate::error::Result;

struct Tuv {
    lang: String,
    text: String,
}

struct Tu {
    tuid: Option<String>,
    line: usize,
    notes: Vec<String>,
    tuvs: Vec<Tuv>,
}

/// Whether `e` is a TMX element: TMX has no namespace, but TMX 1.4b
/// names `http://www.lisa.org/tmx14` for writers that want one, and some
/// declare it as the default.
fn is_tmx(e: &Element) -> bool {
    e.ns == Ns::Unbound || e.in_ns("http://www.lisa.org/tmx")
}

/// Inline elements of TMX: codes carry `i` (paired) or `x` (the rest).
fn code(e: &Element) -> std::result::Result<Code, String> {
    if !is_tmx(e) {
        return Ok(Code::Marker);
    }
    let a = |n: &str| e.attr(n).map(str::to_owned);
    Ok(match e.local.as_str() {
        "bpt" => Code::Placeholder("bpt", "i", a("i")),
        "ept" => Code::Placeholder("ept", "i", a("i")),
        "ph" => Code::Placeholder("ph", "x", a("x")),
        "it" => Code::Placeholder("it", "x", a("x")),
        "ut" => Code::Placeholder("ut", "x", a("x")),
        "sub" => Code::Drop,
        _ => Code::Marker,
    })
}

/// A language tag in one spelling: lower case, `-` between subtags.
fn norm(tag: &str) -> String {
    tag.trim().to_ascii_lowercase().replace('_', "-")
}

/// Whether the file's language `have` is the language `want` names: the
/// same tag, or for a bare primary subtag (`en`) any region of it.
fn matches(want: &str, have: &str) -> bool {
    let (w, h) = (norm(want), norm(have));
    h == w || (!w.contains('-') && h.strip_prefix(&w).is_some_and(|r| r.starts_with('-')))
}

/// The units, and a warning when some hold more than one variant in the
/// chosen language (TMX allows it; only the first is audited, and the user
/// should know the others were not).
pub(crate) fn read(
    path: &Path,
    text: &str,
    lang: Option<&str>,
) -> Result<(Vec<Unit>, Vec<String>)> {
    let mut xr = XmlReader::new(path, text);
    let root = loop {
        match xr.next()? {
            Node::Start(e) => break e,
            Node::Eof => return Ok((Vec::new(), Vec::new())),
            _ => {}
        }
    };
    if root.local != "tmx" {
        let hint = match root.local.as_str() {
            "xliff" => "this is an XLIFF file: pass --input-format xliff or name it .xlf",
            _ => "check that this is a TMX export, or pass the right --input-format",
        };
        return Err(xr.error(
            root.line,
            format!(
                "root element is <{}>, not <tmx>; {hint}",
                clip(&root.local, 40)
            ),
        ));
    }
    let mut srclang: Option<String> = None;
    let mut header_line = root.line;
    let mut tus: Vec<Tu> = Vec::new();
    loop {
        match xr.next()? {
            Node::Start(e) if !is_tmx(&e) => xr.skip()?,
            Node::Start(e) => match e.local.as_str() {
                "header" => {
                    srclang = e.attr("srclang").map(str::to_owned);
                    header_line = e.line;
                    xr.skip()?;
                }
                "body" => {}
                "tu" => tus.push(read_tu(&mut xr, &e)?),
                _ => xr.skip()?,
            },
            Node::Eof => break,
            _ => {}
        }
    }
    // Languages in order of first appearance, one spelling each.
    let mut langs: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for tuv in tus.iter().flat_map(|t| &t.tuvs) {
        if seen.insert(norm(&tuv.lang)) {
            langs.push(tuv.lang.clone());
        }
    }
    let listed = || {
        if langs.is_empty() {
            "none".to_owned()
        } else {
            langs.join(", ")
        }
    };
    let src = srclang.filter(|s| !s.trim().is_empty() && s.trim() != "*all*");
    // The chosen language normalised for comparing, and as the file spells
    // it for messages.
    let (chosen, spelled) = match lang {
        Some(want) => {
            let hits: Vec<&String> = langs.iter().filter(|l| matches(want, l)).collect();
            match hits[..] {
                [one] => (norm(one), one.clone()),
                [] => {
                    return Err(xr.error(
                        header_line,
                        format!(
                            "no segments in language {:?} (languages found: {}); pass --lang \
                             with one of them",
                            clip(want, 20),
                            listed()
                        ),
                    ));
                }
                _ => {
                    return Err(xr.error(
                        header_line,
                        format!(
                            "--lang {} matches several languages ({}); pass the full code, \
                             e.g. --lang {}",
                            clip(want, 20),
                            hits.iter()
                                .map(|h| h.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            hits[0]
                        ),
                    ));
                }
            }
        }
        None => {
            let others: Vec<&String> = match &src {
                Some(s) => langs.iter().filter(|l| !matches(s, l)).collect(),
                None => langs.iter().collect(),
            };
            match others[..] {
                [one] => (norm(one), one.clone()),
                [] if langs.is_empty() => return Ok((Vec::new(), Vec::new())),
                [] => {
                    return Err(xr.error(
                        header_line,
                        format!(
                            "only the source language ({}) has segments, so there is no \
                             translation to read; pass --lang to read it anyway",
                            listed()
                        ),
                    ));
                }
                _ => {
                    let why = match &src {
                        Some(s) => format!("besides the source language {s}"),
                        None => "and the header names no srclang".to_owned(),
                    };
                    return Err(xr.error(
                        header_line,
                        format!(
                            "the memory has several languages {why} ({}); pass --lang to \
                             choose one, e.g. --lang {}",
                            others
                                .iter()
                                .map(|h| h.as_str())
                                .collect::<Vec<_>>()
                                .join(", "),
                            others[0]
                        ),
                    ));
                }
            }
        }
    };
    let mut doubled: Option<(usize, usize)> = None;
    let units = tus
        .into_iter()
        .filter(|tu| !tu.tuvs.is_empty())
        .map(|tu| {
            let mut targets = tu.tuvs.iter().filter(|t| norm(&t.lang) == chosen);
            let target = targets.next();
            // A copy of the first segment loses nothing.
            if let Some(first) = target
                && targets.any(|t| t.text != first.text)
            {
                let d = doubled.get_or_insert((0, tu.line));
                d.0 += 1;
            }
            let source = match &src {
                // Not the audited segment itself: `srclang="en"` against
                // `--lang en-GB` names both.
                Some(s) => tu
                    .tuvs
                    .iter()
                    .find(|t| matches(s, &t.lang) && norm(&t.lang) != chosen),
                None => tu.tuvs.iter().find(|t| norm(&t.lang) != chosen),
            };
            Unit {
                key: UnitKey {
                    file: String::new(),
                    unit: tu.tuid,
                    segment: None,
                },
                source: source.map(|t| t.text.clone()).unwrap_or_default(),
                text: target.map(|t| t.text.clone()).unwrap_or_default(),
                line: tu.line,
                state: None,
                note: (!tu.notes.is_empty()).then(|| tu.notes.join("\n")),
                flags: Vec::new(),
            }
        })
        .collect();
    let warnings = doubled
        .map(|(n, line)| {
            format!(
                "{}:{line}: {n} translation unit{} more than one {spelled} segment (<tuv>), \
                 the first here; only the first of each is audited: keep one per unit, or \
                 export the others to a memory of their own to audit them",
                path.display(),
                if n == 1 { " has" } else { "s have" },
            )
        })
        .into_iter()
        .collect();
    Ok((units, warnings))
}

fn read_tu(xr: &mut XmlReader, tu: &Element) -> Result<Tu> {
    let mut out = Tu {
        tuid: tu.attr("tuid").map(str::to_owned),
        line: tu.line,
        notes: Vec::new(),
        tuvs: Vec::new(),
    };
    let d = xr.depth();
    loop {
        match xr.next()? {
            Node::Start(e) if is_tmx(&e) && e.local == "tuv" => {
                let Some(lang) = e.attr("xml:lang").or(e.attr("lang")) else {
                    return Err(xr.error(
                        e.line,
                        "<tuv> without a language; add xml:lang=\"…\" (TMX 1.4) or \
                         lang=\"…\" (TMX 1.1), e.g. xml:lang=\"de-DE\"",
                    ));
                };
                let lang = lang.to_owned();
                let mut text = String::new();
                let dv = xr.depth();
                loop {
                    match xr.next()? {
                        Node::Start(s) if is_tmx(&s) && s.local == "seg" => {
                            text = inline::read(xr, code)?.text;
                        }
                        Node::Start(_) => xr.skip()?,
                        Node::End if xr.depth() < dv => break,
                        Node::Eof => break,
                        _ => {}
                    }
                }
                out.tuvs.push(Tuv { lang, text });
            }
            Node::Start(e) if is_tmx(&e) && e.local == "note" => {
                let n = xr.plain_text()?;
                if !n.is_empty() {
                    out.notes.push(n);
                }
            }
            Node::Start(_) => xr.skip()?,
            Node::End if xr.depth() < d => break,
            Node::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmx(header: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n\
             <tmx version=\"1.4\">\n<header {header} creationtool=\"t\" datatype=\"plaintext\" \
             segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\"/>\n<body>\n{body}\n</body>\n</tmx>"
        )
    }

    fn read_str(text: &str, lang: Option<&str>) -> Result<Vec<Unit>> {
        let (units, warnings) = read(Path::new("m.tmx"), text, lang)?;
        assert_eq!(warnings, Vec::<String>::new());
        Ok(units)
    }

    const THREE: &str = "<tu tuid=\"1\"><tuv xml:lang=\"en-US\"><seg>Hello</seg></tuv>\
        <tuv xml:lang=\"de-DE\"><seg>Hallo</seg></tuv><tuv xml:lang=\"fr-FR\"><seg>Bonjour</seg></tuv></tu>\n\
        <tu tuid=\"2\"><tuv xml:lang=\"EN-us\"><seg>Bye</seg></tuv><tuv lang=\"fr_FR\"><seg>Salut</seg></tuv></tu>";

    #[test]
    fn language_choice() {
        let t = tmx("srclang=\"en-US\"", THREE);
        let m = read_str(&t, None).unwrap_err().message;
        assert!(
            m.starts_with("m.tmx:4: the memory has several languages"),
            "{m}"
        );
        assert!(m.contains("(de-DE, fr-FR)"), "{m}");
        let u = read_str(&t, Some("FR")).unwrap();
        let got: Vec<_> = u
            .iter()
            .map(|u| (u.source.as_str(), u.text.as_str()))
            .collect();
        assert_eq!(got, [("Hello", "Bonjour"), ("Bye", "Salut")]);
        let u = read_str(&t, Some("de-de")).unwrap();
        assert_eq!(u[1].text, "");
        assert_eq!(u[1].line, 7);
        let m = read_str(&t, Some("es")).unwrap_err().message;
        assert!(m.contains("no segments in language \"es\""), "{m}");
        assert!(m.contains("en-US, de-DE, fr-FR"), "{m}");
        let two = "<tu><tuv xml:lang=\"en-GB\"><seg>a</seg></tuv><tuv xml:lang=\"en-US\"><seg>b</seg></tuv></tu>";
        let m = read_str(&tmx("srclang=\"de\"", two), Some("en"))
            .unwrap_err()
            .message;
        assert!(
            m.contains("matches several languages (en-GB, en-US)"),
            "{m}"
        );
        // A bare srclang names the target's language too: the source is
        // the other segment.
        let gb = "<tu><tuv xml:lang=\"en-GB\"><seg>colour</seg></tuv><tuv xml:lang=\"en-US\"><seg>color</seg></tuv></tu>";
        let u = read_str(&tmx("srclang=\"en\"", gb), Some("en-GB")).unwrap();
        assert_eq!(
            (u[0].source.as_str(), u[0].text.as_str()),
            ("color", "colour")
        );
        // srclang="*all*": one language besides the chosen one is the source.
        let u = read_str(&tmx("srclang=\"*all*\"", THREE), Some("de")).unwrap();
        assert_eq!(
            (u[0].source.as_str(), u[0].text.as_str()),
            ("Hello", "Hallo")
        );
        let m = read_str(
            &tmx(
                "srclang=\"en-US\"",
                "<tu><tuv xml:lang=\"en-US\"><seg>a</seg></tuv></tu>",
            ),
            None,
        )
        .unwrap_err()
        .message;
        assert!(m.contains("only the source language"), "{m}");
    }

    #[test]
    fn a_second_variant_of_the_chosen_language_is_named_not_dropped_silently() {
        let body = "<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>Hello</seg></tuv>\
            <tuv xml:lang=\"de-DE\"><seg>Hallo</seg></tuv></tu>\n\
            <tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>Bye</seg></tuv>\
            <tuv xml:lang=\"de-DE\"><seg>Tschüss</seg></tuv><tuv xml:lang=\"DE_de\"><seg>Ciao</seg></tuv></tu>\n\
            <tu tuid=\"3\"><tuv xml:lang=\"en\"><seg>Yes</seg></tuv>\
            <tuv xml:lang=\"de-DE\"><seg>Ja</seg></tuv><tuv xml:lang=\"de-DE\"><seg>Ja</seg></tuv></tu>\n\
            <tu tuid=\"4\"><tuv xml:lang=\"en\"><seg>No</seg></tuv><tuv xml:lang=\"en\"><seg>Nope</seg></tuv>\
            <tuv xml:lang=\"de-DE\"><seg>Nein</seg></tuv><tuv xml:lang=\"fr\"><seg>Non</seg></tuv>\
            <tuv xml:lang=\"fr\"><seg>Que non</seg></tuv><tuv xml:lang=\"de-de\"><seg>Nö</seg></tuv></tu>";
        let t = tmx("srclang=\"en\"", body);
        let (u, w) = read(Path::new("m.tmx"), &t, Some("de")).unwrap();
        let got: Vec<_> = u.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(got, ["Hallo", "Tschüss", "Ja", "Nein"]);
        // Units 2 and 4 lose a segment; unit 3's copy loses nothing.
        assert_eq!(
            w,
            [
                "m.tmx:7: 2 translation units have more than one de-DE segment (<tuv>), the \
              first here; only the first of each is audited: keep one per unit, or export \
              the others to a memory of their own to audit them"
            ]
        );
        // Doubled segments of the source and of a language not audited
        // lose nothing that is audited.
        let (u, w) = read(Path::new("m.tmx"), &t.replace("Nö", "Nein"), Some("de-DE")).unwrap();
        assert_eq!(u[3].source, "No");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("1 translation unit has"), "{w:?}");
        let (_, w) = read(
            Path::new("m.tmx"),
            &t.replace("Ciao", "Tschüss").replace("Nö", "Nein"),
            Some("de"),
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn codes_notes_and_ids() {
        let body = "<tu tuid=\"7\"><prop type=\"x-Domain\">IT</prop><note>from  2019</note>\
            <tuv xml:lang=\"en\"><prop type=\"x-x\">p</prop><seg>Press <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>OK<ept i=\"1\">&lt;/b&gt;</ept></seg></tuv>\
            <tuv xml:lang=\"de\"><seg><ph x=\"2\">{tab}</ph>Drücken Sie <hi type=\"term\">OK</hi><it pos=\"begin\" x=\"3\">&lt;i&gt;</it>\
            <ut>{\\b}</ut><bpt i=\"4\">&lt;a href=\"<sub>x</sub>\"&gt;</bpt></seg></tuv></tu>";
        let u = read_str(&tmx("srclang=\"en\"", body), None).unwrap();
        assert_eq!(u[0].source, "Press <bpt i=\"1\"/>OK<ept i=\"1\"/>");
        assert_eq!(
            u[0].text,
            "<ph x=\"2\"/>Drücken Sie OK<it x=\"3\"/><ut/><bpt i=\"4\"/>"
        );
        assert_eq!(u[0].key.unit.as_deref(), Some("7"));
        assert_eq!(u[0].note.as_deref(), Some("from 2019"));
    }

    #[test]
    fn the_tmx14_namespace_is_tmx() {
        // TMX 1.4b names a namespace that some writers declare as default;
        // another namespace's elements are still skipped.
        let t = tmx("srclang=\"en\"", THREE.split('\n').next().unwrap_or(""))
            .replace(
                "<tmx version",
                "<tmx xmlns=\"http://www.lisa.org/tmx14\" version",
            )
            .replace(
                "<tu tuid=\"1\">",
                "<o:x xmlns:o=\"urn:o\"><tu/></o:x><tu tuid=\"1\">",
            );
        let u = read_str(&t, Some("de")).unwrap();
        assert_eq!(u.len(), 1);
        assert_eq!(
            (u[0].source.as_str(), u[0].text.as_str()),
            ("Hello", "Hallo")
        );
    }

    #[test]
    fn malformed_memories() {
        let m = read_str(
            &tmx("srclang=\"en\"", "<tu>\n<tuv><seg>x</seg></tuv></tu>"),
            None,
        )
        .unwrap_err()
        .message;
        assert!(m.starts_with("m.tmx:7: <tuv> without a language"), "{m}");
        let m = read_str("<xliff version=\"1.2\"/>", None)
            .unwrap_err()
            .message;
        assert!(m.contains("--input-format xliff"), "{m}");
        let m = read_str(
            &tmx(
                "srclang=\"en\"",
                "<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu>",
            ),
            None,
        )
        .unwrap_err()
        .message;
        assert!(m.starts_with("m.tmx:6: invalid XML"), "{m}");
    }
}
