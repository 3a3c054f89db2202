//! Reading the inputs: every encoding the contract accepts decodes to the
//! same text, and bad input gets a clear message naming the file, exit 2,
//! never a panic, and never a half-written report.

use crate::common::*;
use std::fs;

// ---------------------------------------------------------------- missing, undecodable, binary, empty and huge files

#[test]
fn missing_file() {
    let d = tempfile::tempdir().unwrap();
    let ok = d.path().join("ok.txt");
    fs::write(&ok, "Hello.\n").unwrap();
    let o = run(&["compare", "/no/such/hyp.txt", ok.to_str().unwrap()]);
    assert_clean_error(&o, &["/no/such/hyp.txt", "no such file"]);
}

#[test]
fn invalid_utf8_names_file_line_and_byte() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.txt");
    fs::write(&bad, b"First line.\nSecond \xC3\x28 line.\n").unwrap();
    let ok = d.path().join("ok.txt");
    fs::write(&ok, "First line.\n").unwrap();
    let out = d.path().join("report.csv");
    let o = run(&[
        "compare",
        ok.to_str().unwrap(),
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_clean_error(&o, &["bad.txt:2:", "invalid UTF-8", "byte 19"]);
    assert!(!out.exists(), "no report on failure");
    // --lossy reads it with a warning.
    let o = run(&[
        "compare",
        ok.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--lossy",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+FFFD"));
    assert!(fs::read_to_string(&out).unwrap().contains('\u{FFFD}'));
}

#[test]
fn binary_junk() {
    let d = tempfile::tempdir().unwrap();
    let bin = d.path().join("image.png");
    fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").unwrap();
    let o = run(&["segment", bin.to_str().unwrap()]);
    assert_clean_error(&o, &["image.png", "binary"]);
}

#[test]
fn empty_files_are_all_gaps() {
    let d = tempfile::tempdir().unwrap();
    let empty = d.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let text = d.path().join("text.txt");
    fs::write(&text, "One sentence here. Another one there.\n").unwrap();
    let r = compare(&empty, &text, &[]);
    assert_eq!(r.kinds(), vec!["0-1", "0-1"]);
    let r = compare(&text, &empty, &[]);
    assert_eq!(r.kinds(), vec!["1-0", "1-0"]);
    let r = compare(&empty, &empty, &[]);
    assert!(r.rows.is_empty());
    assert_eq!(r.header[0], "doc");
}

#[test]
fn bom_and_crlf_are_invisible() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.txt");
    let b = d.path().join("b.txt");
    fs::write(
        &a,
        "\u{FEFF}Title line\r\n\r\nThe first sentence. The second sentence.\r\n",
    )
    .unwrap();
    fs::write(
        &b,
        "Title line\n\nThe first sentence. The second sentence.\n",
    )
    .unwrap();
    let r = compare(&a, &b, &[]);
    assert_eq!(r.kinds(), vec!["1-1", "1-1", "1-1"]);
    for row in &r.rows {
        assert_eq!(r.get(row, "hyp_text"), r.get(row, "ref_text"));
        assert_eq!(r.get(row, "hyp_line"), r.get(row, "ref_line"));
        assert!(!r.get(row, "hyp_text").contains('\u{FEFF}'));
        assert!(!r.get(row, "hyp_text").contains('\r'));
        assert_eq!(r.get(row, "char_dist"), "0");
    }
    assert_eq!(r.get(&r.rows[1], "hyp_line"), "3");
}

#[test]
fn fifty_megabyte_single_line() {
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("big.txt");
    let sentence = "This is one rather long sentence without an end and it goes on ";
    let body: String = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    fs::write(&big, &body).unwrap();
    let o = run(&["segment", big.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(out.trim_end().len(), body.trim_end().len());
}

// ---------------------------------------------------------------- encodings, line ends, odd text

#[test]
fn invalid_utf8_is_exit_2_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"Hello world.\nBad \xff\xfe byte.\n");
    write(d.path(), "good.txt", "Hello world.\n");
    let o = run_in(d.path(), &["compare", "bad.txt", "good.txt", "-q"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt:2"), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "no partial report on stdout");
}

#[test]
fn utf16_with_bom_both_endians_decode() {
    let d = tempfile::tempdir().unwrap();
    let text = "Hello world. Second sentence here.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    write(d.path(), "le.txt", le);
    write(d.path(), "be.txt", be);
    write(d.path(), "u8.txt", text);
    for f in ["le.txt", "be.txt"] {
        let t = ok_report(d.path(), &["compare", f, "u8.txt", "-q"]);
        check_invariants(d.path(), &t, f, "u8.txt");
        assert_eq!(t.column("kind"), ["1-1", "1-1"], "{f}");
        assert_eq!(t.column("char_dist"), ["0", "0"], "{f}");
    }
}

#[test]
fn utf16_without_bom_is_read_and_binary_junk_is_exit_2_naming_the_file() {
    let d = tempfile::tempdir().unwrap();
    let u16: Vec<u8> = "Hello world.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(d.path(), "u16.txt", u16);
    // Deterministic junk bytes covering the whole byte range.
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(d.path(), "junk.bin", junk);
    write(d.path(), "good.txt", "Hello world.\n");
    // UTF-16 without a byte-order mark is recognised by its zero bytes.
    let t = ok_report(d.path(), &["compare", "u16.txt", "good.txt", "-q"]);
    assert_eq!(t.column("hyp_text"), ["Hello world."]);
    assert_eq!(t.column("chrf"), ["100.0000"]);
    let o = run_in(d.path(), &["compare", "junk.bin", "good.txt", "-q"]);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("junk.bin"), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "no partial report on stdout");
}

#[test]
fn bom_crlf_and_cr_only_keep_line_numbers() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "crlf.txt",
        b"\xEF\xBB\xBFFirst line here.\r\nSecond one here.\r\n\r\nFourth line now.\r\n",
    );
    write(
        d.path(),
        "cr.txt",
        "First line here.\rSecond one here.\r\rFourth line now.\r",
    );
    write(
        d.path(),
        "lf.txt",
        "First line here.\nSecond one here.\n\nFourth line now.\n",
    );
    for f in ["crlf.txt", "cr.txt"] {
        let t = ok_report(d.path(), &["compare", f, "lf.txt", "-q"]);
        check_invariants(d.path(), &t, f, "lf.txt");
        assert_eq!(t.column("hyp_line"), ["1", "2", "4"], "{f}");
        assert_eq!(t.column("ref_line"), ["1", "2", "4"], "{f}");
        assert!(t.side("hyp")[0].starts_with("First"), "BOM leaked: {f}");
    }
}

#[test]
fn whitespace_only_and_empty_files_give_all_gap_rows() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "ws.txt", "   \n\t\n  \u{00A0}\n");
    write(d.path(), "empty.txt", "");
    write(
        d.path(),
        "ref.txt",
        "One sentence here. Another one there.\n",
    );
    for f in ["ws.txt", "empty.txt"] {
        let t = ok_report(d.path(), &["compare", f, "ref.txt", "-q"]);
        check_invariants(d.path(), &t, f, "ref.txt");
        assert_eq!(t.column("kind"), ["0-1", "0-1"], "{f}");
        assert_eq!(t.column("hyp_line"), ["", ""], "{f}");
    }
}

#[test]
fn directory_and_missing_file_are_exit_2_naming_the_path() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("adir")).unwrap();
    write(d.path(), "good.txt", "Hello world.\n");
    for args in [
        ["compare", "adir", "good.txt"],
        ["compare", "good.txt", "missing.txt"],
        ["segment", "adir", "-q"],
        ["terms", "adir", "--glossary=x.csv"],
    ] {
        let o = run_in(d.path(), &args);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let name = if args.contains(&"missing.txt") {
            "missing.txt"
        } else {
            "adir"
        };
        let e = stderr(&o);
        assert!(e.contains(name) || e.contains("x.csv"), "{args:?}: {e}");
    }
}

#[test]
fn lossy_replaces_bad_bytes_and_keeps_every_sentence() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"Hello world.\nBad \xff byte here.\n");
    write(d.path(), "good.txt", "Hello world.\n");
    let t = ok_report(
        d.path(),
        &["compare", "bad.txt", "good.txt", "--lossy", "-q"],
    );
    assert!(t.side("hyp").iter().any(|s| s.contains('\u{FFFD}')));
    assert_eq!(t.side("hyp").len(), 2);
}

#[test]
fn emoji_zwj_rtl_and_combining_text_survive() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "h.txt",
        "👨‍👩‍👧‍👦 family emoji here. שלום עולם is Hebrew. e\u{301}te\u{301} combining. \u{202E}RLO override text.\n",
    );
    write(
        d.path(),
        "r.txt",
        "👨‍👩‍👧 family emoji here. שלום is Hebrew. été combining. RLO override text.\n",
    );
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "-q"]);
    check_invariants(d.path(), &t, "h.txt", "r.txt");
    assert_eq!(t.column("kind"), ["1-1"; 4]);
    // One ZWJ family is 7 code points; dropping one person removes 2 (ZWJ + boy).
    assert_eq!(t.column("char_dist")[0], "2");
}

// ---------------------------------------------------------------- stdin

#[test]
fn segment_and_terms_read_stdin() {
    let d = tempfile::tempdir().unwrap();
    let o = run_stdin(
        d.path(),
        &["segment", "-", "-q"],
        b"Mr. Smith left. He came back.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    let g = data().join("glossary.csv");
    let o = run_stdin(
        d.path(),
        &["terms", "-", "--glossary", g.to_str().unwrap(), "-q"],
        b"We paid by micro-letter.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = Table::parse(&stdout(&o));
    assert_eq!(t.column("found"), ["micro-letter"]);
    assert_eq!(t.column("kind"), ["deprecated"]);
}

#[test]
fn stdin_for_both_sides_is_a_usage_error() {
    let d = tempfile::tempdir().unwrap();
    let o = run_stdin(d.path(), &["compare", "-", "-", "-q"], b"Hello there.\n");
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "stdout: {}", stdout(&o));
    assert!(stderr(&o).contains('-'), "{}", stderr(&o));
}

#[test]
fn stdin_document_gets_a_readable_name() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "ref.txt", "Hello there.\n");
    let o = run_stdin(
        d.path(),
        &["compare", "-", "ref.txt", "-q"],
        b"Hello there.\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = Table::parse(&stdout(&o));
    assert_ne!(t.column("doc")[0], "'-");
}

/// A CAT fixture's path as a string.
fn cat_file(name: &str) -> String {
    repo()
        .join("tests/data/cat")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn two_xliff_exports_are_paired_by_unit_with_gaps_for_missing_units() {
    let d = tempfile::tempdir().unwrap();
    let (mt, fin) = (
        cat_file("trados_mt.sdlxliff"),
        cat_file("trados_final.sdlxliff"),
    );
    let t = ok_report(d.path(), &["compare", &mt, &fin, "-q"]);
    // Paired, not aligned: every link is one unit a side or a gap, scored
    // with full confidence.
    assert!(
        t.column("kind")
            .iter()
            .all(|k| ["1-1", "0-1", "1-0"].contains(k))
    );
    assert!(t.column("align_score").iter().all(|s| *s == "1.0000"));
    // The final export's extra unit is a ref-only gap row.
    let gap = t.row_with("ref", "Bewahren Sie die Verpackung auf.");
    assert_eq!(t.get(gap, "kind"), "0-1");
    // Inline codes stay as placeholders the QA checks and readers see.
    let codes = t.row_with("hyp", "Drücken Sie");
    assert!(t.get(codes, "hyp_text").contains(r#"<g id="1">OK</g>"#));
    assert_eq!(t.get(codes, "qa"), "", "the same codes on both sides");
    // Each side's workflow state: the MT drafts, the final approved (and
    // its first unit locked).
    let first = t.row_with("hyp", "Schalten Sie");
    assert_eq!(t.get(first, "hyp_state"), "Draft");
    assert_eq!(t.get(first, "ref_state"), "ApprovedSignOff locked");
    assert_eq!(t.get(gap, "hyp_state"), "");
    // Lines point into the XLIFF files.
    assert!(
        t.column("hyp_line")
            .iter()
            .all(|l| l.is_empty() || l.parse::<usize>().unwrap() > 1)
    );
}

/// An XLIFF 1.2 file of `units` (id, source, target).
fn xliff(units: &[(&str, &str, &str)]) -> String {
    let body: String = units
        .iter()
        .map(|(id, s, t)| {
            format!(
                "<trans-unit id=\"{id}\"><source>{s}</source><target>{t}</target></trans-unit>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
         <file original=\"a.docx\" source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><body>\n\
         {body}</body></file></xliff>\n"
    )
}

/// The report of `compare` (with `more` options) on two exports written
/// as `mt.xlf` and `final.xlf` in `d`.
fn compare_exports(
    d: &std::path::Path,
    hyp: impl AsRef<[u8]>,
    ref_: impl AsRef<[u8]>,
    more: &[&str],
) -> Table {
    let (h, r) = (write(d, "mt.xlf", hyp), write(d, "final.xlf", ref_));
    let mut args = vec!["compare", h.to_str().unwrap(), r.to_str().unwrap(), "-q"];
    args.extend(more);
    ok_report(d, &args)
}

#[test]
fn cat_scores_leave_codes_out_tracked_deletions_are_dropped_and_shifted_ids_do_not_pair() {
    let d = tempfile::tempdir().unwrap();
    let hyp = xliff(&[
        (
            "1",
            "Hot",
            "<bpt id=\"1\">{b}</bpt>Warnung<ept id=\"1\">{/b}</ept><x id=\"2\"/> heiß",
        ),
        ("2", "Pull the plug.", "Ziehen Sie den Stecker."),
        (
            "3",
            "Do not open the housing.",
            "Öffnen Sie nicht das Gehäuse.",
        ),
    ]);
    // Revised source: unit 2 is gone, so ids 2 and 3 name other sentences;
    // unit 1 was reviewed with tracked changes.
    let ref_ = xliff(&[
        (
            "1",
            "Hot",
            "<mrk mtype=\"x-sdl-deleted\">Achtung</mrk><mrk mtype=\"x-sdl-added\">Warnung</mrk> heiß",
        ),
        (
            "2",
            "Do not open the housing.",
            "Öffnen Sie nicht das Gehäuse.",
        ),
        ("3", "Read the manual.", "Lesen Sie das Handbuch."),
    ]);
    let t = compare_exports(d.path(), hyp, ref_, &[]);
    // The same words with and without codes score as identical; the codes
    // are the placeholder check's business.
    let warn = t.row_with("hyp", "Warnung");
    assert_eq!(t.get(warn, "ref_text"), "Warnung heiß");
    assert_eq!(t.get(warn, "chrf"), "100.0000");
    assert_eq!(t.get(warn, "ter"), "0.0000");
    assert!(
        t.get(warn, "qa").starts_with("placeholder:"),
        "{:?}",
        t.get(warn, "qa")
    );
    // Nor do they count for `length`: 12 characters of words a side.
    assert!(
        !t.get(warn, "qa").contains("length"),
        "{:?}",
        t.get(warn, "qa")
    );
    // The housing pairs with the housing (ids 3 and 2), the removed and
    // the added sentence are gaps.
    let housing = t.row_with("hyp", "Gehäuse");
    assert_eq!(t.get(housing, "kind"), "1-1");
    assert_eq!(t.get(housing, "chrf"), "100.0000");
    assert_eq!(t.get(t.row_with("hyp", "Stecker"), "kind"), "1-0");
    assert_eq!(t.get(t.row_with("ref", "Handbuch"), "kind"), "0-1");
}

#[test]
fn an_untranslated_unit_keeps_its_line_and_state_on_its_gap_row() {
    let d = tempfile::tempdir().unwrap();
    let hyp = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
<file original=\"a.docx\" source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><body>\n\
<trans-unit id=\"1\"><source>Hot</source><target state=\"translated\">Heiß</target></trans-unit>\n\
<trans-unit id=\"2\"><source>Cold</source>\n<target state=\"needs-translation\"/></trans-unit>\n\
<trans-unit id=\"3\"><source>Warm</source><target state=\"translated\">Warm</target></trans-unit>\n\
</body></file></xliff>\n";
    let ref_ = xliff(&[
        ("1", "Hot", "Heiß"),
        ("2", "Cold", "Kalt"),
        ("3", "Warm", "Warm"),
    ]);
    let t = compare_exports(d.path(), hyp, ref_, &[]);
    let gap = t.row_with("ref", "Kalt");
    assert_eq!(t.get(gap, "kind"), "0-1");
    assert_eq!(t.get(gap, "hyp_text"), "");
    // The line where the unit starts in the hyp file.
    assert_eq!(t.get(gap, "hyp_line"), "5");
    assert_eq!(t.get(gap, "hyp_state"), "needs-translation");
    assert_eq!(t.get(gap, "ref_line"), "5");
    // Translated units keep their own lines.
    assert_eq!(t.get(t.row_with("ref", "Heiß"), "hyp_line"), "4");
}

/// A unit neither side translated is a `0-0` gap row, not an `ok` pair
/// of two empty texts, with both lines and states for the reviewer.
#[test]
fn a_unit_untranslated_on_both_sides_is_a_gap_row() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "h.po",
        "msgid \"Open\"\nmsgstr \"Offen\"\n\n#, fuzzy\nmsgid \"Close\"\nmsgstr \"\"\n",
    );
    write(
        d.path(),
        "r.po",
        "msgid \"Open\"\nmsgstr \"Öffnen\"\n\nmsgid \"Close\"\nmsgstr \"\"\n",
    );
    let t = ok_report(d.path(), &["compare", "h.po", "r.po", "-q"]);
    assert_eq!(t.column("kind"), ["1-1", "0-0"]);
    let row = &t.rows[1];
    assert_eq!(t.get(row, "verdict"), "gap");
    assert_eq!(t.get(row, "chrf"), "");
    assert_eq!((t.get(row, "hyp_line"), t.get(row, "ref_line")), ("5", "4"));
    assert_eq!(t.get(row, "hyp_state"), "fuzzy");
}

#[test]
fn glossary_terms_are_found_across_inline_codes() {
    let d = tempfile::tempdir().unwrap();
    let g = write(
        d.path(),
        "g.csv",
        "term,variants\nApple ID,\nWeChat Pay,micro-letter payment\n",
    );
    // The MT export bolds part of a term; the reviewed one has none.
    let hyp = xliff(&[
        ("1", "a", "Sign in with your <g id=\"1\">Apple</g> ID."),
        (
            "2",
            "b",
            "Pay with <g id=\"2\">micro-letter</g> payment now.",
        ),
    ]);
    let ref_ = xliff(&[
        ("1", "a", "Sign in with your Apple ID."),
        ("2", "b", "Pay with WeChat Pay now."),
    ]);
    let t = compare_exports(d.path(), hyp, ref_, &["--glossary", g.to_str().unwrap()]);
    // A term a tag splits is still there: no `missing`.
    assert_eq!(t.get(t.row_with("ref", "Apple ID"), "hyp_terms"), "");
    // A deprecated variant a tag splits is found, quoted in words.
    assert_eq!(
        t.get(t.row_with("ref", "WeChat Pay"), "hyp_terms"),
        "deprecated: micro-letter payment -> WeChat Pay"
    );
    // The term summary counts the renderings in words too.
    compare_exports(
        d.path(),
        std::fs::read(d.path().join("mt.xlf")).unwrap(),
        std::fs::read(d.path().join("final.xlf")).unwrap(),
        &[
            "--glossary",
            g.to_str().unwrap(),
            "--term-summary",
            "terms.csv",
        ],
    );
    let terms = std::fs::read_to_string(d.path().join("terms.csv")).unwrap();
    assert!(terms.contains("micro-letter payment 1"), "{terms}");
    assert!(terms.contains("Apple ID 1"), "{terms}");
    assert!(!terms.contains("</g>"), "{terms}");
}

#[test]
fn a_cat_file_in_the_encoding_it_declares_is_read() {
    let d = tempfile::tempdir().unwrap();
    // What older CAT tools export: Latin-1 with the XML declaration (and
    // the PO header) saying so.
    let xlf = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
<file original=\"a\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\n\
<trans-unit id=\"1\"><source>Coffee</source><target>Caf\xe9 d\xe9j\xe0 vu</target></trans-unit>\n</body></file></xliff>\n";
    let po = b"msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\nmsgid \"Coffee\"\nmsgstr \"Caf\xe9 d\xe9j\xe0 vu\"\n";
    let h = write(d.path(), "mt.xlf", &xlf[..]);
    let r = write(d.path(), "final.po", &po[..]);
    let t = ok_report(
        d.path(),
        &["compare", h.to_str().unwrap(), r.to_str().unwrap(), "-q"],
    );
    assert_eq!(t.side("hyp"), ["Café déjà vu"]);
    assert_eq!(t.side("ref"), ["Café déjà vu"]);
    // Without the declaration the same bytes are invalid UTF-8: exit 2.
    let decl: &[u8] = b" encoding=\"ISO-8859-1\"";
    let at = xlf.windows(decl.len()).position(|w| w == decl).unwrap();
    let bare = write(
        d.path(),
        "bare.xlf",
        [&xlf[..at], &xlf[at + decl.len()..]].concat(),
    );
    let o = run_in(
        d.path(),
        &["compare", bare.to_str().unwrap(), r.to_str().unwrap(), "-q"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("bare.xlf"), "{}", stderr(&o));
}

#[test]
fn tmx_language_and_po_msgstr_are_read() {
    let d = tempfile::tempdir().unwrap();
    let tmx = cat_file("memory.tmx");
    // The German segments of the memory against themselves: all identical.
    let t = ok_report(d.path(), &["compare", &tmx, &tmx, "-q"]);
    assert!(t.side("hyp").contains(&"Schalten Sie das Gerät aus."));
    // The English side, chosen with --lang.
    let t = ok_report(d.path(), &["compare", &tmx, &tmx, "-q", "--lang", "en"]);
    assert!(t.side("hyp").contains(&"Switch off the device."));
    // A unit without the chosen language is an empty unit: a gap row
    // against a translated one, nothing against another empty one.
    let legacy = cat_file("legacy_11.tmx");
    let o = run_in(d.path(), &["compare", &legacy, &legacy, "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--lang"), "{}", stderr(&o));
    let po = cat_file("messages.de.po");
    let t = ok_report(d.path(), &["compare", &po, &po, "-q"]);
    assert!(
        t.column("verdict").iter().all(|v| *v != "review"),
        "{:?}",
        t.column("verdict")
    );
    assert!(t.side("hyp").iter().any(|s| s.contains("%s")));
    // A fuzzy entry says so; an entry without flags has no state.
    assert_eq!(t.get(t.row_with("hyp", "Kopiere"), "ref_state"), "fuzzy");
    assert_eq!(
        t.get(t.row_with("hyp", "ACME Datensicherung"), "hyp_state"),
        ""
    );
}

#[test]
fn input_format_overrides_the_extension_and_aligned_refuses_a_lone_cat_file() {
    let d = tempfile::tempdir().unwrap();
    let xlf = std::fs::read(cat_file("okapi.xlf")).unwrap();
    write(d.path(), "export.txt", &xlf);
    // By extension a .txt is text; by content or --input-format it is XLIFF.
    let t = ok_report(d.path(), &["compare", "export.txt", "export.txt", "-q"]);
    assert!(
        !t.side("hyp").iter().any(|s| s.contains("<trans-unit")),
        "sniffed as XLIFF"
    );
    let t = ok_report(
        d.path(),
        &[
            "compare",
            "export.txt",
            "export.txt",
            "-q",
            "--input-format",
            "text",
        ],
    );
    assert!(
        t.side("hyp").iter().any(|s| s.contains("<trans-unit")),
        "read as text"
    );
    write(d.path(), "plain.txt", "One line.\n");
    let o = run_in(
        d.path(),
        &[
            "compare",
            &cat_file("okapi.xlf"),
            "plain.txt",
            "--aligned",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("drop --aligned"), "{}", stderr(&o));
    let o = run_in(
        d.path(),
        &[
            "compare",
            "plain.txt",
            "plain.txt",
            "--input-format",
            "docx",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn devices_and_endless_pipes_stop_early_with_a_clear_message() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "r.txt", "Hello.\n");
    // /dev/zero says binary in its first byte: refused at once, not after
    // reading gigabytes.
    let o = run_in(d.path(), &["compare", "/dev/zero", "r.txt", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
    // An endless text on stdin stops at --max-input.
    let script = format!("yes 'All work and no play.' | '{BIN}' compare - r.txt -q --max-input 1M");
    let o = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("over the limit of 1048576 bytes"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--max-input"), "{}", stderr(&o));
}

#[test]
fn a_doubled_bom_is_not_text_and_windows_1252_gets_a_hint_and_an_option() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "bom2.txt",
        b"\xEF\xBB\xBF\xEF\xBB\xBFThe first sentence.\n".as_slice(),
    );
    write(d.path(), "plain.txt", "The first sentence.\n");
    let t = ok_report(d.path(), &["compare", "bom2.txt", "plain.txt", "-q"]);
    assert_eq!(t.column("chrf"), ["100.0000"]);
    write(d.path(), "cp.txt", b"A caf\xE9 opened.\n".as_slice());
    write(d.path(), "u8.txt", "A café opened.\n");
    let o = run_in(d.path(), &["compare", "cp.txt", "u8.txt", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--encoding windows-1252"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("café"), "{}", stderr(&o));
    // --encoding reads both sides that way.
    write(d.path(), "cp2.txt", b"A caf\xE9 opened.\n".as_slice());
    let t = ok_report(
        d.path(),
        &[
            "compare",
            "cp.txt",
            "cp2.txt",
            "-q",
            "--encoding",
            "windows-1252",
        ],
    );
    assert_eq!(t.column("hyp_text"), ["A café opened."]);
    assert_eq!(t.column("chrf"), ["100.0000"]);
}

/// A "sentence" past `--max-sentence` (a text without sentence marks: a
/// data dump, a minified page) is refused naming its file and line, in
/// every reading mode, before any report is written; 0 lifts the limit,
/// and the project file can set it.
#[test]
fn a_sentence_over_the_limit_is_refused_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let giant = "word ".repeat(1_000); // 5,000 bytes, no sentence mark
    write(
        d.path(),
        "h.txt",
        format!("A first line.\nA second line.\n{giant}\nA last line.\n"),
    );
    write(
        d.path(),
        "r.txt",
        "A first line.\nA second line.\nA third line.\nA last line.\n",
    );
    for mode in [&[][..], &["--split", "lines"][..], &["--aligned"][..]] {
        let mut args = vec!["compare", "h.txt", "r.txt", "-q", "-o", "out.csv"];
        args.extend_from_slice(mode);
        let o = run_in(d.path(), &[&args[..], &["--max-sentence", "4K"]].concat());
        assert_clean_error(
            &o,
            &["h.txt:3:", "bytes, over the --max-sentence limit of 4096"],
        );
        assert!(
            !d.path().join("out.csv").exists(),
            "{mode:?}: a report was written"
        );
        // No limit: the row is scored.
        let o = run_in(d.path(), &[&args[..], &["--max-sentence", "0"]].concat());
        assert_eq!(o.status.code(), Some(0), "{mode:?}: {}", stderr(&o));
        let report = fs::read_to_string(d.path().join("out.csv")).unwrap();
        assert!(report.contains(giant.trim()), "{mode:?}");
        fs::remove_file(d.path().join("out.csv")).unwrap();
        // The default (64 MiB) takes it.
        let o = run_in(d.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{mode:?}: {}", stderr(&o));
        fs::remove_file(d.path().join("out.csv")).unwrap();
    }
    // An endless stream without line ends stops at the limit.
    let o = run_stdin(
        d.path(),
        &[
            "compare",
            "--aligned",
            "-",
            "r.txt",
            "-q",
            "-o",
            "out.csv",
            "--max-sentence",
            "4K",
        ],
        "x".repeat(200_000).as_bytes(),
    );
    assert_clean_error(
        &o,
        &["-:1: a line longer than the --max-sentence limit of 4096"],
    );
    // A translation unit of a CAT file is a sentence too.
    let po =
        |s: &str| format!("msgid \"one\"\nmsgstr \"Short.\"\n\nmsgid \"two\"\nmsgstr \"{s}\"\n");
    write(d.path(), "h.po", po(&giant));
    write(d.path(), "r.po", po("Also short."));
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.po",
            "r.po",
            "-q",
            "-o",
            "out.csv",
            "--max-sentence",
            "4K",
        ],
    );
    assert_clean_error(&o, &["h.po:", "--max-sentence"]);
    // In a batch the pair fails alone and is named; the others are reported.
    for (name, text) in [("big", format!("{giant}\n")), ("ok", "Fine.\n".into())] {
        write(d.path(), &format!("hyp/{name}.txt"), &text);
        write(d.path(), &format!("ref/{name}.txt"), "Fine.\n");
    }
    let o = batch_in(d.path(), "hyp", "ref", &["--out-dir", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = batch_in(
        d.path(),
        "hyp",
        "ref",
        &["--out-dir", "out", "-q", "--max-sentence", "4K"],
    );
    assert_clean_error(&o, &["1 of 2 pairs failed"]);
    let summary = fs::read_to_string(d.path().join("out/summary.csv")).unwrap();
    assert!(summary.contains("--max-sentence"), "{summary}");
    assert!(d.path().join("out/ok.csv").exists());
    // From the project file.
    write(d.path(), "mtaudit.toml", "max_sentence = \"4K\"\n");
    let o = run_in(
        d.path(),
        &["compare", "h.txt", "r.txt", "-q", "-o", "out.csv"],
    );
    assert_clean_error(&o, &["h.txt:3:", "--max-sentence"]);
}

/// A TMX unit may hold two segments of the audited language; the first is
/// audited and the user is told once, naming the file and the first such
/// unit.
#[test]
fn a_doubled_tmx_variant_is_audited_first_and_named_on_stderr() {
    let d = tempfile::tempdir().unwrap();
    let tmx = |units: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\" \
             creationtool=\"t\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
             o-tmf=\"x\"/>\n<body>\n{units}\n</body>\n</tmx>\n"
        )
    };
    let tu = |id: u32, en: &str, de: &[&str]| {
        let tuvs: String = de
            .iter()
            .map(|t| format!("<tuv xml:lang=\"de\"><seg>{t}</seg></tuv>"))
            .collect();
        format!("<tu tuid=\"{id}\"><tuv xml:lang=\"en\"><seg>{en}</seg></tuv>{tuvs}</tu>\n")
    };
    let mt = tmx(&(tu(1, "Hello.", &["Hallo."])
        + &tu(2, "Switch it off.", &["Schalten Sie es aus.", "Aus damit."])));
    let approved =
        tmx(&(tu(1, "Hello.", &["Hallo."]) + &tu(2, "Switch it off.", &["Schalten Sie es aus."])));
    write(d.path(), "mt.tmx", mt);
    write(d.path(), "approved.tmx", approved);
    let o = run_in(d.path(), &["compare", "mt.tmx", "approved.tmx", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "mt.tmx:6: 1 translation unit has more than one de segment (<tuv>), the first \
             here; only the first of each is audited"
        ),
        "{}",
        stderr(&o)
    );
    // Said once when the memory is on both sides.
    assert_eq!(stderr(&o).matches("translation unit").count(), 1);
    let t = Table::parse(&stdout(&o));
    assert_eq!(t.side("hyp"), ["Hallo.", "Schalten Sie es aus."]);
    let o = run_in(d.path(), &["compare", "mt.tmx", "mt.tmx", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches("translation unit").count(),
        1,
        "{}",
        stderr(&o)
    );
    assert!(
        t.column("verdict").iter().all(|v| *v == "ok"),
        "{:?}",
        t.column("verdict")
    );
}
