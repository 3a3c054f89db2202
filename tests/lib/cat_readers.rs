//! The CAT readers on hand-written files shaped like real exports
//! (tests/data/cat): Trados and memoQ/Okapi XLIFF 1.2, XLIFF 2.0, TMX 1.4b
//! and 1.1, a gettext PO with BOM and CRLF; and broken files, which must
//! give an error naming the file and line, never a panic.

use std::path::{Path, PathBuf};

use mtaudit::input::cat::{self, Format, Unit, UnitKey};
use mtaudit::input::{DecodeOptions, Document};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cat")
        .join(name)
}

/// Reads a fixture the way `compare` will: decode, detect, read.
fn load(name: &str, lang: Option<&str>) -> mtaudit::Result<Vec<Unit>> {
    let path = fixture(name);
    let doc = Document::read(&path, DecodeOptions::default())?;
    let format = Format::detect(&path, &doc.text);
    cat::read(&path, &doc.text, format, lang).map(|f| f.units)
}

fn texts(units: &[Unit]) -> Vec<&str> {
    units.iter().map(|u| u.text.as_str()).collect()
}

fn states(units: &[Unit]) -> Vec<Option<&str>> {
    units.iter().map(|u| u.state.as_deref()).collect()
}

#[test]
fn formats_are_detected_by_extension_and_content() {
    for (name, f) in [
        ("trados_mt.sdlxliff", Format::Xliff),
        ("okapi.xlf", Format::Xliff),
        ("memoq.mqxliff", Format::Xliff),
        ("xliff2.xlf", Format::Xliff),
        ("memory.tmx", Format::Tmx),
        ("legacy_11.tmx", Format::Tmx),
        ("messages.de.po", Format::Po),
    ] {
        let path = fixture(name);
        assert_eq!(Format::from_extension(&path), f, "{name}");
        let doc = Document::read(&path, DecodeOptions::default()).unwrap();
        assert_eq!(Format::sniff(&doc.text), Some(f), "{name}");
    }
}

#[test]
fn trados_sdlxliff_splits_units_into_segments() {
    let u = load("trados_mt.sdlxliff", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "Schalten Sie das Gerät aus.",
            "Ziehen Sie das Stromkabel ab.",
            "Drücken Sie <g id=\"1\">OK</g>, um zu bestätigen.<x id=\"2\"/>",
            "Warnung:",
            "Öffnen Sie nicht das Gehäuse.",
            "",
        ]
    );
    assert_eq!(u[5].source, "Risk of electric shock!");
    assert_eq!(u[5].state, None);
    assert_eq!(u[0].state.as_deref(), Some("Draft"));
    assert_eq!(
        u[0].key,
        UnitKey {
            file: r"C:\Projects\Manual_MT\en-US\R&D manual.docx".into(),
            unit: Some("9a1f3c2e-6b7d-4e8a-8c90-1d2e3f4a5b6c".into()),
            segment: Some("1".into()),
        }
    );
    // A unit with one segment is keyed by the unit alone.
    assert_eq!(u[2].key.segment, None);
    assert_eq!(
        u.iter().map(|u| u.line).collect::<Vec<_>>(),
        [2, 2, 3, 4, 4, 4]
    );
}

#[test]
fn trados_exports_pair_by_unit_and_segment_despite_the_renamed_file() {
    let hyp = load("trados_mt.sdlxliff", None).unwrap();
    let ref_ = load("trados_final.sdlxliff", None).unwrap();
    assert_eq!(ref_.len(), 7);
    assert_eq!(ref_[0].flags, ["locked"]);
    assert_eq!(ref_[3].text, "Bewahren Sie die Verpackung auf.");
    assert_eq!(
        cat::pair_units(&hyp, &ref_),
        [
            (Some(0), Some(0)),
            (Some(1), Some(1)),
            (Some(2), Some(2)),
            // The unit the reviewer's file has and the MT lacks: a gap row
            // where the ref has it.
            (None, Some(3)),
            (Some(3), Some(4)),
            (Some(4), Some(5)),
            (Some(5), Some(6)),
        ]
    );
}

#[test]
fn okapi_xliff_codes_cdata_space_and_states() {
    let u = load("okapi.xlf", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "Prise en  main",
            "Cliquez sur <g id=\"1\">Enregistrer</g> ou appuyez sur <x id=\"2\"/>\u{a0}Ctrl+S.",
            "<bx id=\"1\"/>Lisez le manuel<ex id=\"1\"/> & la FAQ<ph id=\"2\"/>",
            "Tapez <bpt id=\"1\"/>a < b<ept id=\"1\"/> dans la <it id=\"2\"/>zone de recherche",
            "",
            "",
            "Merci\u{a0}— au revoir.",
        ]
    );
    assert_eq!(
        states(&u),
        [
            Some("final"),
            Some("translated"),
            Some("needs-review-translation"),
            Some("translated"),
            Some("needs-translation"),
            None,
            Some("signed-off"),
        ]
    );
    assert_eq!(u[1].flags, ["approved"]);
    assert_eq!(
        u[1].note.as_deref(),
        Some("Use the UI string from the French build.")
    );
    assert_eq!(
        u[1].source,
        "Click <g id=\"1\">Save</g> or press <x id=\"2\"/> Ctrl+S."
    );
    assert_eq!(u[4].source, "Version 2.4 — released 2024.");
    assert_eq!(u[5].source, "Contact support.");
    let ids: Vec<_> = u.iter().map(|u| u.key.unit.as_deref().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "8"]);
    assert_eq!(u[0].line, 14);
    assert!(u.iter().all(|u| u.key.file == "help/index.html"));
}

#[test]
fn memoq_mqxliff_status_and_preserved_space() {
    let u = load("memoq.mqxliff", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "Willkommen bei <bpt id=\"1\"/>ACME Cloud<ept id=\"1\"/>.",
            "Preise ab <ph id=\"1\"/> pro Monat.",
            "",
            "Siehe die  <ph id=\"1\"/>Bedingungen.",
        ]
    );
    assert_eq!(
        states(&u),
        [
            Some("ManuallyConfirmed"),
            Some("PartiallyEdited"),
            Some("NotStarted"),
            Some("Rejected"),
        ]
    );
}

#[test]
fn xliff2_segments_codes_and_states() {
    let u = load("xliff2.xlf", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "¡Te damos la bienvenida, <pc id=\"1\">{name}</pc>!",
            "Vamos a configurar tu cuenta de ACME.<ph id=\"2\"/>",
            "Acepta los  <sc id=\"3\"/>términos<ec id=\"3\"/> para continuar.",
            "Tamaño máximo de archivo: 2\u{a0}GB.",
            "",
            "",
        ]
    );
    assert_eq!(
        states(&u),
        [
            Some("final"),
            Some("reviewed"),
            Some("translated"),
            Some("translated"),
            Some("initial"),
            Some("initial"),
        ]
    );
    assert_eq!(u[1].source, "Let's set up your ACME account.<ph id=\"2\"/>");
    assert_eq!(
        u[2].source,
        "Accept the <sc id=\"3\"/>terms<ec id=\"3\"/> to continue."
    );
    assert_eq!(u[5].source, "Bell:\u{7} done.");
    assert_eq!(u[0].note.as_deref(), Some("Shown once, after sign-up."));
    let keys: Vec<_> = u
        .iter()
        .map(|u| (u.key.unit.as_deref().unwrap(), u.key.segment.as_deref()))
        .collect();
    assert_eq!(
        keys,
        [
            ("welcome", Some("s1")),
            ("welcome", Some("s2")),
            ("terms", None),
            ("limits", Some("s1")),
            ("limits", Some("s2")),
            ("limits", Some("s3")),
        ]
    );
    assert!(u.iter().all(|u| u.key.file == "f1"));
    assert_eq!(u[0].line, 20);
}

#[test]
fn tmx_reads_the_only_target_language() {
    let u = load("memory.tmx", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "Schalten Sie das Gerät aus.",
            "Drücken Sie <bpt i=\"1\"/>OK<ept i=\"1\"/>, um zu bestätigen.<ph x=\"2\"/>",
            "<it x=\"3\"/> und das Stromkabel.",
            "Gefahr eines Stromschlags!",
            "",
            "Bild: <ph x=\"4\"/> Tab:<ut/>",
        ]
    );
    assert_eq!(
        u[1].source,
        "Press <bpt i=\"1\"/>OK<ept i=\"1\"/> to confirm.<ph x=\"2\"/>"
    );
    assert_eq!(u[0].note.as_deref(), Some("Approved by legal."));
    assert_eq!(u[0].key.unit.as_deref(), Some("1001"));
    assert_eq!(u[3].key.unit, None);
    assert_eq!(u[0].line, 12);
    // Asking for the language by its primary subtag, any case.
    assert_eq!(load("memory.tmx", Some("DE")).unwrap(), u);
}

#[test]
fn tmx_1_1_with_several_languages_needs_lang() {
    let e = load("legacy_11.tmx", None).unwrap_err().message;
    assert!(e.contains("legacy_11.tmx:4: "), "{e}");
    assert!(e.contains("(FR-FR, ES-ES)"), "{e}");
    assert!(e.contains("--lang"), "{e}");
    let fr = load("legacy_11.tmx", Some("fr")).unwrap();
    assert_eq!(
        texts(&fr),
        ["Ouvrez le fichier.", "Enregistrez votre travail."]
    );
    let es = load("legacy_11.tmx", Some("es-es")).unwrap();
    assert_eq!(texts(&es), ["Abra el archivo.", ""]);
    assert_eq!(es[1].source, "Save your work.");
    let e = load("legacy_11.tmx", Some("it")).unwrap_err().message;
    assert!(e.contains("EN-US, FR-FR, ES-ES"), "{e}");
}

#[test]
fn po_catalogue_with_bom_crlf_contexts_plurals_escapes() {
    let u = load("messages.de.po", None).unwrap();
    assert_eq!(
        texts(&u),
        [
            "ACME Datensicherung",
            "Öffnen",
            "Öffnen",
            "Die Sicherung von „%s“ ist fehlgeschlagen.\nPrüfen Sie das\tZiel und versuchen Sie es erneut.",
            "Standardordner: C:\\Sicherungen\\",
            "%d Datei kopiert",
            "%d Dateien kopiert",
            "Kopiere %s",
            "Oktal-é und Hex-A-Escapes",
            "",
        ]
    );
    assert_eq!(
        u[3].source,
        "The backup of \"%s\" failed.\nCheck the\tdestination and try again."
    );
    assert_eq!(u[6].source, "%d files copied");
    assert_eq!(u[1].key.unit.as_deref(), Some("menu|File\u{4}Open"));
    assert_eq!(u[2].key.unit.as_deref(), Some("button\u{4}Open"));
    assert_eq!(u[5].key.segment.as_deref(), Some("0"));
    assert_eq!(u[7].state.as_deref(), Some("fuzzy"));
    assert_eq!(u[7].flags, ["fuzzy", "c-format"]);
    assert_eq!(
        u[3].note.as_deref(),
        Some("Translators: keep the line break, the dialog is narrow.")
    );
    assert_eq!(u[0].note.as_deref(), Some("Main window title"));
    assert_eq!(u[0].line, 22);
    // The reader strips a BOM itself too, for callers that pass raw text.
    let path = fixture("messages.de.po");
    let raw = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(raw.starts_with('\u{FEFF}') && raw.contains("\r\n"));
    assert_eq!(cat::read(&path, &raw, Format::Po, None).unwrap().units, u);
}

#[test]
fn units_of_different_tools_pair_by_source_text() {
    let sdl = load("trados_mt.sdlxliff", None).unwrap();
    let tmx = load("memory.tmx", None).unwrap();
    let pairs = cat::pair_units(&sdl, &tmx);
    let paired: Vec<(usize, usize)> = pairs.iter().filter_map(|p| Some((p.0?, p.1?))).collect();
    // The tools write the codes of "Press OK" differently; the tags are
    // left out of the key, so it pairs too.
    assert_eq!(paired, [(0, 0), (2, 1), (5, 3)]);
    assert_eq!(pairs.len(), sdl.len() + tmx.len() - paired.len());
}

#[test]
fn broken_files_name_file_and_line() {
    for (name, needle) in [
        (
            "bad/truncated.sdlxliff",
            "truncated.sdlxliff:3: invalid XML",
        ),
        ("bad/entity.xlf", "entity.xlf:6: unknown entity &nbsp;"),
        ("bad/xxe.xlf", "xxe.xlf:2: the DOCTYPE declares entities"),
        (
            "bad/surrogate.xlf",
            "surrogate.xlf:6: invalid character reference &#xD83D;",
        ),
        ("bad/unclosed.xlf", "unclosed.xlf:6: invalid XML"),
        ("bad/no_lang.tmx", "no_lang.tmx:7: <tuv> without a language"),
        (
            "bad/unterminated.po",
            "unterminated.po:7: unterminated string",
        ),
    ] {
        let e = load(name, None).unwrap_err();
        assert_eq!(e.kind, mtaudit::ErrorKind::Input, "{name}");
        assert!(e.message.contains(needle), "{name}: {}", e.message);
        assert!(e.message.len() < 400, "{name}: {}", e.message);
    }
    let e = load("bad/truncated.sdlxliff", None).unwrap_err().message;
    assert!(e.contains("probably truncated"), "{e}");
}

#[test]
fn a_file_of_the_wrong_format_says_which_it_is() {
    let path = fixture("memory.tmx");
    let doc = Document::read(&path, DecodeOptions::default()).unwrap();
    let e = cat::read(&path, &doc.text, Format::Xliff, None).unwrap_err();
    assert!(e.message.contains("--input-format tmx"), "{}", e.message);
    let e = cat::read(&path, &doc.text, Format::Po, None).unwrap_err();
    assert!(e.message.contains("memory.tmx:1: "), "{}", e.message);
}

#[test]
fn every_prefix_of_every_fixture_reads_or_fails_cleanly() {
    for name in [
        "trados_mt.sdlxliff",
        "okapi.xlf",
        "memoq.mqxliff",
        "xliff2.xlf",
        "memory.tmx",
        "legacy_11.tmx",
        "messages.de.po",
    ] {
        let path = fixture(name);
        let doc = Document::read(&path, DecodeOptions::default()).unwrap();
        let format = Format::from_extension(&path);
        let text = &doc.text;
        for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            match cat::read(&path, &text[..cut], format, Some("fr")) {
                Ok(file) => assert!(!file.units.is_empty()),
                Err(e) => {
                    let line = e
                        .message
                        .strip_prefix(&format!("{}:", path.display()))
                        .and_then(|r| r.split(':').next())
                        .and_then(|l| l.parse::<usize>().ok());
                    // Only "no units at all" has no line to name.
                    assert!(
                        line.is_some() || e.message.contains("no translation units"),
                        "{name} cut at {cut}: {}",
                        e.message
                    );
                }
            }
        }
    }
}
