//! What the binary writes and where: CSV as a spreadsheet reads it (formula
//! guard, BOM, delimiter, Excel's cell limit), xlsx workbooks, JSONL; output
//! paths (never over an input, `/dev/stdout`), and atomic writes that a
//! signal interrupts without leaving a temporary file.

use crate::common::*;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

// ---------------------------------------------------------------- CSV
// Reads mtaudit's CSV the way Excel does (UTF-8 BOM detection, RFC 4180
// quoting, a leading apostrophe marks text and is not shown) with a small
// reader written here, independent of the csv crate the writer uses.

/// What a spreadsheet shows in one cell.
#[derive(Debug, PartialEq)]
enum Shown {
    Text(String),
    Number(f64),
    Empty,
}

/// Parses `bytes` as Excel opens a CSV: a UTF-8 BOM selects UTF-8 (without
/// it Excel would guess a legacy code page, so the BOM is required here),
/// fields split on `delim` outside quotes, `""` inside quotes is one quote,
/// records end at CRLF outside quotes (line breaks inside quotes belong to
/// the cell). Then each raw cell is interpreted: a leading `'` means "text,
/// shown without the apostrophe"; something numeric becomes a number.
fn excel_read(bytes: &[u8], delim: char) -> Vec<Vec<Shown>> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("no UTF-8 BOM: Excel would not read this as UTF-8");
    let text = std::str::from_utf8(body).expect("valid UTF-8");
    let mut records = Vec::new();
    let mut rec: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            c if c == delim => {
                rec.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "records must end with CRLF");
                rec.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut rec));
                at_field_start = true;
            }
            '\n' => panic!("bare LF outside quotes: Excel would start a new row"),
            c => {
                assert!(c != '"', "stray quote inside an unquoted field");
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(field.is_empty() && rec.is_empty(), "last record lacks CRLF");
    records
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|f| {
                    if let Some(t) = f.strip_prefix('\'') {
                        Shown::Text(t.to_owned())
                    } else if f.is_empty() {
                        Shown::Empty
                    } else if let Ok(n) = f.parse::<f64>() {
                        Shown::Number(n)
                    } else {
                        // An unguarded formula would run: that must not happen.
                        let visible = f.trim_start_matches(|c: char| {
                            c.is_whitespace() || "\u{FEFF}\u{200B}\u{200C}\u{200D}".contains(c)
                        });
                        assert!(
                            !f.starts_with(['\t', '\r'])
                                && !visible
                                    .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']),
                            "cell {f:?} would run as a formula"
                        );
                        Shown::Text(f)
                    }
                })
                .collect()
        })
        .collect()
}

fn col(header: &[Shown], name: &str) -> usize {
    header
        .iter()
        .position(|h| *h == Shown::Text(name.into()))
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Lines that are formulas, contain the delimiter, quotes, or a tab.
const LINES: &[&str] = &[
    "=SUM(A1:A9)",
    "+44 20 7946 0000, call us",
    "-5 degrees, \"cold\" they said",
    "@admin wrote; then left",
    "\tindented with a tab",
    "Plain text, with a comma",
    "Grüße aus Köln – 微信",
];

fn excel_report(delim: &str) -> Vec<Vec<Shown>> {
    let d = tempfile::tempdir().unwrap();
    let text = LINES.join("\n") + "\n";
    std::fs::write(d.path().join("h.txt"), &text).unwrap();
    std::fs::write(d.path().join("r.txt"), &text).unwrap();
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "r.txt",
            "--aligned",
            "--bom",
            "--delimiter",
            delim,
            "-o",
            "out.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let bytes = std::fs::read(d.path().join("out.csv")).unwrap();
    excel_read(
        &bytes,
        if delim == "\\t" {
            '\t'
        } else {
            delim.chars().next().unwrap()
        },
    )
}

fn check(rows: Vec<Vec<Shown>>) {
    let header = &rows[0];
    assert_eq!(rows.len(), LINES.len() + 1);
    let (h, r, link, sim) = (
        col(header, "hyp_text"),
        col(header, "ref_text"),
        col(header, "link"),
        col(header, "char_sim"),
    );
    for (i, row) in rows[1..].iter().enumerate() {
        assert_eq!(row.len(), header.len(), "row {i} has a wrong cell count");
        assert_eq!(row[h], Shown::Text(LINES[i].into()), "row {i}");
        assert_eq!(row[r], Shown::Text(LINES[i].into()), "row {i}");
        assert_eq!(row[link], Shown::Number((i + 1) as f64));
        assert_eq!(row[sim], Shown::Number(1.0));
    }
}

#[test]
fn excel_reads_comma_csv_as_written() {
    check(excel_report(","));
}

#[test]
fn excel_reads_semicolon_csv_as_written() {
    check(excel_report(";"));
}

#[test]
fn overlong_cell_is_cut_with_marker_and_warning() {
    let d = tempfile::tempdir().unwrap();
    let long = "word ".repeat(8000) + "end";
    std::fs::write(d.path().join("h.txt"), format!("{long}\n")).unwrap();
    std::fs::write(d.path().join("r.txt"), "short\n").unwrap();
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "r.txt",
            "--aligned",
            "--bom",
            "-o",
            "out.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("32767"), "{e}");
    let rows = excel_read(&std::fs::read(d.path().join("out.csv")).unwrap(), ',');
    let h = col(&rows[0], "hyp_text");
    let Shown::Text(cell) = &rows[1][h] else {
        panic!("{:?}", rows[1][h])
    };
    assert_eq!(cell.chars().count(), 32_767);
    assert!(
        cell.starts_with("word word") && cell.ends_with("cut by mtaudit]"),
        "{}",
        &cell[cell.len() - 40..]
    );
}

#[test]
fn no_formula_guard_writes_raw_text() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("h.txt"), "-minus first\n").unwrap();
    let o = run_in(
        d.path(),
        &[
            "compare",
            "h.txt",
            "h.txt",
            "--aligned",
            "--no-formula-guard",
            "-o",
            "-",
        ],
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(",-minus first,-minus first,"), "{out}");
}

#[test]
fn formula_guard_bom_and_semicolon_delimiter() {
    let d = tempfile::tempdir().unwrap();
    let lines = "=cmd|' /C calc'!A0\n+SUM(A1)\n-2+3 is math\n@foo bar\nNormal, \"quoted\"; semi.\n";
    write(d.path(), "h.txt", lines);
    write(d.path(), "r.txt", lines);
    let args = ["compare", "h.txt", "r.txt", "-q", "--split", "lines"];
    let t = ok_report(d.path(), &args);
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    let raw: Vec<&str> = lines.lines().collect();
    for (i, r) in t.rows.iter().enumerate() {
        for side in ["hyp_text", "ref_text"] {
            let cell = &r[t.col(side)];
            let want = if "=+-@".contains(&raw[i][..1]) {
                format!("'{}", raw[i])
            } else {
                raw[i].to_owned()
            };
            assert_eq!(cell, &want);
        }
    }

    let mut a = args.to_vec();
    a.push("--no-formula-guard");
    let t = ok_report(d.path(), &a);
    assert_eq!(t.side("hyp"), raw);

    let mut a = args.to_vec();
    a.extend(["--bom", "--delimiter", ";"]);
    let o = run_in(d.path(), &a);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBFdoc;link;kind;"));
    let t = Table::parse_with(&stdout(&o), b';');
    assert_eq!(&t.header[..HEADER.len()], HEADER);
    assert_eq!(t.rows.len(), raw.len());
    assert_eq!(t.side("ref")[4], raw[4]);
}

#[test]
fn formula_guard_sees_past_leading_blanks_and_invisible_characters() {
    let d = tempfile::tempdir().unwrap();
    // Not first in the file: a first-line BOM is the file's own.
    let lines = [
        "plain first line",
        "  =1+1",
        "\u{FEFF}=1+1",
        "\u{200B}+1",
        "\u{200C}\u{200D}-1",
        "\u{A0}@SUM(A1)",
        "\u{3000}=1",
        "＝1+1",
        "＋1",
        "－1",
        "＠x",
    ];
    let text = lines.join("\n") + "\n";
    write(d.path(), "h.txt", &text);
    write(d.path(), "r.txt", &text);
    let t = ok_report(d.path(), &["compare", "h.txt", "r.txt", "-q", "--aligned"]);
    assert_eq!(t.rows.len(), lines.len());
    for (row, line) in t.rows.iter().zip(lines) {
        let want = if line == lines[0] {
            line.to_owned()
        } else {
            format!("'{line}")
        };
        assert_eq!(t.get(row, "hyp_text"), want);
        assert_eq!(t.get(row, "ref_text"), want);
    }
}

#[test]
fn delimiter_that_breaks_csv_is_rejected() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    for delim in ["\"", "\n", "\r"] {
        let o = run_in(
            d.path(),
            &["compare", "a.txt", "a.txt", "-q", "--delimiter", delim],
        );
        assert_eq!(o.status.code(), Some(2), "delimiter {delim:?} accepted");
    }
}

#[test]
fn cells_over_excel_limit_are_cut_with_marker_and_warning() {
    let d = tempfile::tempdir().unwrap();
    let long = format!("A{}.", "b".repeat(39_998));
    write(d.path(), "h.txt", format!("{long}\n"));
    // Astral characters count twice towards Excel's UTF-16 limit.
    let emoji = format!("Smile {} done.", "\u{1F600}".repeat(20_000));
    write(d.path(), "e.txt", format!("{emoji}\n"));
    for (f, full) in [("h.txt", &long), ("e.txt", &emoji)] {
        let o = run_in(d.path(), &["compare", f, f]);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let t = Table::parse(&stdout(&o));
        assert_eq!(t.rows.len(), 1);
        let cell = t.column("hyp_text")[0];
        assert!(cell.encode_utf16().count() <= 32_767, "{f}");
        assert!(cell.chars().count() < full.chars().count(), "{f} not cut");
        assert!(
            stderr(&o).contains("32767"),
            "{f}: no warning: {}",
            stderr(&o)
        );
        // The metrics are computed on the full text.
        assert_eq!(t.column("char_dist"), ["0"]);
    }
}

// ---------------------------------------------------------------- xlsx
// `--format xlsx`: opens the workbook as a zip and checks the sheet XML
// for what a reviewer relies on.

fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the workbook"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn xlsx_report_has_frozen_header_filter_colours_numbers_and_summary_sheet() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("h.txt"), "=SUM(A1) & co\nsame line\nonly hyp\n").unwrap();
    std::fs::write(p.join("r.txt"), "=SUM(A1) & co\nsame lime\nonly ref\n").unwrap();
    let o = run_in(
        p,
        &[
            "compare",
            "h.txt",
            "r.txt",
            "--aligned",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut z = zip::ZipArchive::new(std::fs::File::open(p.join("r.xlsx")).unwrap()).unwrap();
    let wb = part(&mut z, "xl/workbook.xml");
    assert!(
        wb.contains(r#"name="report""#) && wb.contains(r#"name="summary""#),
        "{wb}"
    );
    let sheet = part(&mut z, "xl/worksheets/sheet1.xml");
    // Header frozen, autofilter over header + 3 rows of 23 columns (A..W).
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:W4"/>"#), "{sheet}");
    assert!(
        sheet.contains("<cols>") && sheet.contains("customWidth"),
        "{sheet}"
    );
    // Text is never a formula: no <f> element anywhere.
    assert!(!sheet.contains("<f>"), "{sheet}");
    // The link column (B) holds numbers, not strings.
    for r in 2..=4 {
        let cell = format!(r#"<c r="B{r}""#);
        let at = sheet.find(&cell).unwrap_or_else(|| panic!("no {cell}"));
        let c = &sheet[at..at + sheet[at..].find("</c>").unwrap()];
        assert!(
            !c.contains(r#"t="s""#) && c.contains(&format!("<v>{}</v>", r - 1)),
            "{c}"
        );
    }
    // The report sheet streams, with its strings inline.
    let strings = &sheet;
    // The formula-looking text is stored as typed, with no apostrophe.
    assert!(strings.contains("<t>=SUM(A1) &amp; co</t>"), "{strings}");
    assert!(!strings.contains("'=SUM"), "{strings}");
    for s in ["hyp_text", "verdict", "ok", "same lime"] {
        assert!(strings.contains(&format!("<t>{s}</t>")), "{s}: {strings}");
    }
    // Verdict colours follow the cell's value: conditional formats on R2:R4.
    for v in ["ok", "review", "gap"] {
        assert!(
            sheet.contains(&format!("<formula>\"{v}\"</formula>")),
            "{v}: {sheet}"
        );
    }
    assert!(
        sheet.contains(r#"<conditionalFormatting sqref="R2:R4">"#),
        "{sheet}"
    );
    let styles = part(&mut z, "xl/styles.xml");
    // Verdict fills: ok green, review amber, gap grey; wrapped text.
    for c in ["FFC6EFCE", "FFFFEB9C", "FFD9D9D9"] {
        assert!(styles.contains(c), "{c}: {styles}");
    }
    assert!(styles.contains(r#"wrapText="1""#), "{styles}");
    let summary = part(&mut z, "xl/worksheets/sheet2.xml");
    assert!(summary.contains(r#"ySplit="1""#), "{summary}");
}

#[test]
fn xlsx_prints_landscape_one_page_wide_with_the_header_on_every_page_and_tall_rows() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let long = "word ".repeat(100);
    let text = format!("Short line.\n{long}\nTwo\n");
    write(p, "h.txt", &text);
    write(p, "r.txt", &text);
    let o = run_in(
        p,
        &[
            "compare",
            "h.txt",
            "r.txt",
            "-q",
            "--aligned",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(p.join("r.xlsx")).unwrap()).unwrap();
    let sheet = part(&mut z, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
    let wb = part(&mut z, "xl/workbook.xml");
    assert!(
        wb.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">report!$1:$1</definedName>"#
        ),
        "{wb}"
    );
    // 500 characters wrap to 9 lines of 60: 135 points; short rows keep
    // the default height.
    assert!(
        sheet.contains(r#"<row r="3" ht="135" customHeight="1">"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<row r="2">"#), "{sheet}");
}

#[test]
fn batch_xlsx_is_deterministic() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for (f, t) in [("h/a.txt", "One. Two.\n"), ("r/a.txt", "One. Too.\n")] {
        std::fs::create_dir_all(p.join(f).parent().unwrap()).unwrap();
        std::fs::write(p.join(f), t).unwrap();
    }
    let run = |out: &str, j: &str| {
        let o = batch_in(
            p,
            "h",
            "r",
            &["--out-dir", out, "--format", "xlsx", "-j", j],
        );
        assert_eq!(o.status.code(), Some(0), "{o:?}");
    };
    run("o1", "1");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run("o2", "2");
    for f in ["a.xlsx", "summary.xlsx", "summary.csv"] {
        assert_eq!(
            std::fs::read(p.join("o1").join(f)).unwrap(),
            std::fs::read(p.join("o2").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn xlsx_has_report_and_summary_sheets() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "=1+1 formula. Second sentence.\n");
    write(d.path(), "b.txt", "=1+1 formula. Another sentence.\n");
    let o = run_in(
        d.path(),
        &[
            "compare", "a.txt", "b.txt", "-q", "--format", "xlsx", "-o", "r.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let f = std::fs::File::open(d.path().join("r.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(f).expect("a zip workbook");
    let mut wb = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wb)
        .unwrap();
    assert_eq!(wb.matches("<sheet ").count(), 2, "{wb}");
    // The streamed report sheet holds its strings inline.
    let mut ss = String::new();
    z.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut ss)
        .unwrap();
    // xlsx stores text as text, so the formula guard must not add an apostrophe.
    assert!(ss.contains(">=1+1 formula.<"), "{ss}");
}

// ---------------------------------------------------------------- JSONL

#[test]
fn jsonl_has_contract_fields_and_null_metrics_on_gaps() {
    let d = tempfile::tempdir().unwrap();
    let h = data().join("sample_hyp.txt");
    let r = data().join("sample_ref.txt");
    let o = run_in(
        d.path(),
        &[
            "compare",
            h.to_str().unwrap(),
            r.to_str().unwrap(),
            "-q",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv_rows = ok_report(
        d.path(),
        &["compare", h.to_str().unwrap(), r.to_str().unwrap(), "-q"],
    );
    let text = stdout(&o);
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(rows.len(), csv_rows.rows.len());
    let mut gaps = 0;
    for row in &rows {
        for f in HEADER {
            assert!(row.get(f).is_some(), "field {f} missing in {row}");
        }
        let kind = row["kind"].as_str().unwrap();
        if kind == "1-0" || kind == "0-1" {
            gaps += 1;
            for m in METRICS {
                let v = &row[m];
                assert!(v.is_null() || v == "", "metric {m} on gap: {row}");
            }
        }
    }
    assert!(gaps > 0, "the sample pair has gaps");
}

// ---------------------------------------------------------------- output paths

#[test]
fn output_path_that_is_a_directory_is_exit_2_naming_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("outdir")).unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    for fmt in ["csv", "xlsx"] {
        let o = run_in(
            d.path(),
            &[
                "compare", "a.txt", "a.txt", "-q", "--format", fmt, "-o", "outdir",
            ],
        );
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{fmt}");
        assert!(stderr(&o).contains("outdir"), "{fmt}: {}", stderr(&o));
    }
}

#[test]
fn failed_run_keeps_an_existing_report_untouched() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.txt", b"x \xff\n");
    write(d.path(), "a.txt", "Hello world.\n");
    write(d.path(), "report.csv", "OLD\n");
    let o = run_in(
        d.path(),
        &["compare", "bad.txt", "a.txt", "-q", "-o", "report.csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(d.path().join("report.csv")).unwrap(),
        "OLD\n"
    );
    let o = run_in(
        d.path(),
        &["compare", "bad.txt", "a.txt", "-q", "-o", "new.csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.path().join("new.csv").exists(), "partial report left");
}

#[test]
fn output_path_equal_to_an_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let text = "Hello world. This is the hyp.\n";
    write(d.path(), "hyp.txt", text);
    write(d.path(), "ref.txt", "Hello world.\n");
    let o = run_in(
        d.path(),
        &["compare", "hyp.txt", "ref.txt", "-q", "-o", "hyp.txt"],
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("hyp.txt")).unwrap(),
        text,
        "the input was overwritten"
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn summary_and_report_on_the_same_path_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    let o = run_in(
        d.path(),
        &[
            "compare",
            "a.txt",
            "a.txt",
            "-q",
            "-o",
            "x.csv",
            "--summary",
            "x.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// Two tables in one stream cannot be told apart: standard output, however
/// named, takes one output, as one file does.
#[test]
fn two_outputs_to_standard_output_are_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    write(d.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    let base = ["compare", "a.txt", "a.txt", "-q", "--glossary", "g.csv"];
    let cases: [&[&str]; 5] = [
        &["-o", "-", "--summary", "-"],
        &["--summary", "/dev/stdout"],
        &["-o", "/dev/stdout", "--summary", "-"],
        &["-o", "-", "--term-summary", "/dev/fd/1"],
        &["-o", "r.csv", "--summary", "-", "--term-summary", "-"],
    ];
    for extra in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let o = run_in(d.path(), &args);
        assert_clean_error(&o, &["standard output"]);
        assert!(o.stdout.is_empty(), "{extra:?}: {}", stdout(&o));
    }
    assert!(!d.path().join("r.csv").exists());
    // One of them on stdout is fine.
    let mut args = base.to_vec();
    args.extend_from_slice(&["-o", "r.csv", "--summary", "-"]);
    let o = run_in(d.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("name,"), "{}", stdout(&o));
}

#[test]
fn no_output_may_overwrite_any_input_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "Users like micro-letter.\n");
    write(d.path(), "r.txt", "Users like WeChat.\n");
    write(d.path(), "g.csv", "term,variants\nWeChat,micro-letter\n");
    write(d.path(), "ig.csv", "term,found\nWeChat,micro-letter\n");
    write(d.path(), "ab.txt", "Approx.\n");
    let base = ["compare", "h.txt", "r.txt", "--glossary", "g.csv", "-q"];
    let cases: [(&[&str], &str); 6] = [
        (&["-o", "g.csv"], "(--glossary)"),
        (&["--term-summary", "g.csv"], "(--glossary)"),
        (&["--ignore", "ig.csv", "-o", "ig.csv"], "(--ignore)"),
        (&["--abbrev", "ab.txt", "--summary", "ab.txt"], "(--abbrev)"),
        (&["-o", "./h.txt"], "(HYP)"),
        (&["--summary", "sub/../r.txt"], "(REF)"),
    ];
    std::fs::create_dir_all(d.path().join("sub")).unwrap();
    for (extra, what) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let o = run_in(d.path(), &args);
        assert_no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let e = stderr(&o);
        assert!(
            e.contains("is an input file") && e.contains(what),
            "{extra:?}: {e}"
        );
    }
    for (f, body) in [
        ("g.csv", "term,variants\nWeChat,micro-letter\n"),
        ("ig.csv", "term,found\nWeChat,micro-letter\n"),
        ("ab.txt", "Approx.\n"),
        ("h.txt", "Users like micro-letter.\n"),
        ("r.txt", "Users like WeChat.\n"),
    ] {
        assert_eq!(std::fs::read_to_string(d.path().join(f)).unwrap(), body);
    }
    // `terms` guards its text and glossary the same way.
    for out in ["h.txt", "g.csv"] {
        let o = run_in(
            d.path(),
            &["terms", "h.txt", "--glossary", "g.csv", "-o", out],
        );
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(stderr(&o).contains("is an input file"), "{}", stderr(&o));
    }
    assert_eq!(
        std::fs::read_to_string(d.path().join("h.txt")).unwrap(),
        "Users like micro-letter.\n"
    );
}

/// `-o /dev/stdout >> all.csv` appends, as the shell promised: the report
/// goes through our stdout instead of replacing the redirection target.
#[cfg(unix)]
#[test]
fn dev_stdout_is_stdout_and_keeps_an_append_redirection() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One line here.\n");
    write(d.path(), "r.txt", "One line there.\n");
    write(d.path(), "all.csv", "previous run\n");
    let bin = BIN;
    let script = format!("'{bin}' compare h.txt r.txt -q -o /dev/stdout >> all.csv");
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = std::fs::read_to_string(d.path().join("all.csv")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines[0], "previous run");
    assert!(lines[1].starts_with("doc,link,kind,"), "{all}");
    assert_eq!(lines.len(), 3, "{all}");
}

// ---------------------------------------------------------------- signals during a write

/// Runs `compare` on a pair big enough that writing the report takes a
/// while, sends `signal` (through `sh`, whose `trap_prefix` sets up the
/// child's signal state) the moment the temporary file appears, and
/// returns the exit code, whether a write was caught in progress, and the
/// temporary files left over.
#[cfg(unix)]
fn signal_during_write(
    d: &Path,
    signal: &str,
    trap_prefix: &str,
) -> (Option<i32>, bool, Vec<String>) {
    let out = d.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir(&out).unwrap();
    let bin = BIN;
    let script =
        format!("{trap_prefix} exec '{bin}' compare h.txt r.txt --aligned -q -o out/r.csv");
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &script])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // The child starts with the default action for the three signals,
    // whatever this test inherited: a test run started in the background
    // by a script (`cargo test &`) ignores SIGINT, the child would inherit
    // that, and mtaudit rightly keeps an ignored signal ignored. (A shell
    // cannot undo it: `trap - INT` has no effect on a signal ignored when
    // the shell started.) Fresh-clone CI runs started that way failed
    // here, every try seeing the temporary file and then exit 0.
    // SAFETY: between fork and exec the closure only calls signal(2),
    // which is async-signal-safe, and allocates nothing.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::signal(sig, libc::SIG_DFL);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let tmp_seen = loop {
        let tmp = std::fs::read_dir(&out)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
        if tmp {
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    };
    if tmp_seen {
        // Sent from this process, not through a spawned `kill`: on a loaded CI
        // machine the fork and exec of a shell outlasted the whole write.
        let sig = match signal {
            "INT" => libc::SIGINT,
            "TERM" => libc::SIGTERM,
            "HUP" => libc::SIGHUP,
            other => panic!("no such signal in this test: {other}"),
        };
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: kill(2) on our own child's pid; it touches no memory.
        let sent = unsafe { libc::kill(pid, sig) };
        assert_eq!(sent, 0, "kill -{signal} {pid}");
    }
    let code = child.wait().unwrap().code();
    let left = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    (code, tmp_seen, left)
}

#[cfg(unix)]
const BIG_PAIR_LINES: usize = 30_000;

/// Tries per signal: each try that finds the write already finished is
/// retried, and a busy machine loses the race now and then.
#[cfg(unix)]
const TRIES: usize = 20;

#[cfg(unix)]
fn big_aligned_pair(d: &Path) {
    let line = |i: usize, w: &str| format!("Line {i} of the report is {w} here and now.\n");
    let h: String = (0..BIG_PAIR_LINES).map(|i| line(i, "written")).collect();
    let r: String = (0..BIG_PAIR_LINES).map(|i| line(i, "printed")).collect();
    write(d, "h.txt", &h);
    write(d, "r.txt", &r);
}

/// Ctrl-C or SIGTERM while the report is being written: exit 128 + signal
/// and no temporary file left beside it. The signal is sent the moment the
/// temporary file appears, so the test really interrupts a write.
#[cfg(unix)]
#[test]
fn interrupted_write_leaves_no_temporary_file() {
    let d = tempfile::tempdir().unwrap();
    big_aligned_pair(d.path());
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let mut caught = false;
        // What each try saw, for the message when none caught a write.
        let mut tries = Vec::new();
        for _ in 0..TRIES {
            let (got, tmp_seen, left) = signal_during_write(d.path(), signal, "");
            assert!(left.is_empty(), "{signal}: temporary files left: {left:?}");
            tries.push((tmp_seen, got));
            // Exit 0: the write finished between the look and the kill; retry.
            if tmp_seen && got != Some(0) {
                assert_eq!(got, Some(code), "{signal}");
                caught = true;
                break;
            }
        }
        assert!(
            caught,
            "{signal}: never interrupted a write in progress; (temporary file seen, exit code) per try: {tries:?}"
        );
    }
}

/// Under `nohup` (SIGHUP ignored by the parent) a hangup must not stop the
/// run: the cleanup handler leaves ignored signals ignored.
#[cfg(unix)]
#[test]
fn an_ignored_hangup_stays_ignored() {
    let d = tempfile::tempdir().unwrap();
    big_aligned_pair(d.path());
    for _ in 0..TRIES {
        let (got, tmp_seen, left) = signal_during_write(d.path(), "HUP", "trap '' HUP;");
        assert!(left.is_empty(), "temporary files left: {left:?}");
        if tmp_seen {
            assert_eq!(got, Some(0));
            let report = std::fs::read_to_string(d.path().join("out/r.csv")).unwrap();
            assert_eq!(report.lines().count(), BIG_PAIR_LINES + 1);
            return;
        }
    }
    panic!("never caught a write in progress");
}

#[test]
fn the_format_follows_the_file_name_and_a_contradiction_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let data = data();
    let (h, r) = (data.join("sample_hyp.txt"), data.join("sample_ref.txt"));
    let (h, r) = (h.to_str().unwrap(), r.to_str().unwrap());
    for (name, magic) in [
        ("r.xlsx", b"PK".as_slice()),
        ("r.jsonl", b"{\"doc\"".as_slice()),
        ("r.tsv", b"doc\tlink\tkind".as_slice()),
        ("r.csv", b"doc,link,kind".as_slice()),
    ] {
        let o = run_in(d.path(), &["compare", h, r, "-q", "-o", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let bytes = std::fs::read(d.path().join(name)).unwrap();
        assert!(bytes.starts_with(magic), "{name}: {:?}", &bytes[..20]);
    }
    let o = run_in(
        d.path(),
        &["compare", h, r, "-q", "-o", "x.csv", "--format", "xlsx"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--format xlsx contradicts the file name x.csv"),
        "{}",
        stderr(&o)
    );
    assert!(!d.path().join("x.csv").exists());
    // JSONL keys come in the report's column order.
    let first = std::fs::read_to_string(d.path().join("r.jsonl")).unwrap();
    let first = first.lines().next().unwrap();
    let header = Table::parse(&std::fs::read_to_string(d.path().join("r.csv")).unwrap()).header;
    let at: Vec<usize> = header
        .iter()
        .map(|h| {
            first
                .find(&format!("\"{h}\":"))
                .unwrap_or_else(|| panic!("{h}: {first}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{first}");
    let v: serde_json::Value = serde_json::from_str(first).unwrap();
    let obj = v.as_object().unwrap();
    assert_eq!(obj.keys().count(), header.len());
}

#[test]
fn summary_json_labels_whole_and_linked_scores() {
    let d = tempfile::tempdir().unwrap();
    let (h, r) = seeds();
    let o = run_in(
        d.path(),
        &[
            "compare",
            h.to_str().unwrap(),
            r.to_str().unwrap(),
            "-q",
            "-o",
            "r.csv",
            "--summary",
            "s.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("s.json")).unwrap()).unwrap();
    let whole = s["whole_document"]["ter"]["score"].as_f64().unwrap();
    let linked = s["linked_rows"]["ter"]["score"].as_f64().unwrap();
    // The seed ref stops a third of the way in: the whole delivery's TER
    // counts the missing tail, the linked rows' does not.
    assert!(whole > 200.0 && linked < 100.0, "{whole} {linked}");
    assert!(
        s["whole_document"]["bleu"]["signature"]
            .as_str()
            .unwrap()
            .contains("tok:13a")
    );
    assert_eq!(s["status"], "ok");
    // And the CSV summary has both, named.
    let o = run_in(
        d.path(),
        &[
            "compare",
            h.to_str().unwrap(),
            r.to_str().unwrap(),
            "-q",
            "-o",
            "r.csv",
            "--summary",
            "s.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let t = Table::parse(&std::fs::read_to_string(d.path().join("s.csv")).unwrap());
    let w: f64 = t.column("ter")[0].parse().unwrap();
    let l: f64 = t.column("linked_ter")[0].parse().unwrap();
    assert!((w - whole).abs() < 1e-3 && (l - linked).abs() < 1e-3);
}

#[test]
fn a_file_fed_on_stdin_is_never_overwritten() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "mt.txt", "One sentence. Another one.\n");
    write(d.path(), "ref.txt", "One sentence. Another.\n");
    for args in [
        vec!["compare", "-", "ref.txt", "-o", "mt.txt"],
        vec!["terms", "-", "--glossary", "g.csv", "-o", "mt.txt"],
    ] {
        write(d.path(), "g.csv", "term,variants\nsentence,phrase\n");
        let input = std::fs::File::open(d.path().join("mt.txt")).unwrap();
        let o = std::process::Command::new(BIN)
            .args(&args)
            .current_dir(d.path())
            .stdin(input)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("read from standard input"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(d.path().join("mt.txt")).unwrap(),
            "One sentence. Another one.\n"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_failed_output_replaces_no_other_output() {
    let d = tempfile::tempdir().unwrap();
    let data = data();
    let (h, r) = (data.join("sample_hyp.txt"), data.join("sample_ref.txt"));
    write(d.path(), "r.csv", "old report");
    write(d.path(), "s.csv", "old summary");
    // The term summary goes to a full disk: the report and the summary
    // keep their old content rather than a mix of old and new.
    let o = run_in(
        d.path(),
        &[
            std::ffi::OsStr::new("compare"),
            h.as_os_str(),
            r.as_os_str(),
            "-q".as_ref(),
            "-o".as_ref(),
            "r.csv".as_ref(),
            "--summary".as_ref(),
            "s.csv".as_ref(),
            "--term-summary".as_ref(),
            "/dev/full".as_ref(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("/dev/full"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.path().join("r.csv")).unwrap(),
        "old report"
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("s.csv")).unwrap(),
        "old summary"
    );
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[cfg(unix)]
#[test]
fn a_closed_or_full_stderr_never_fails_a_finished_run() {
    let d = tempfile::tempdir().unwrap();
    let data = data();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(BIN)
        .args(["compare", "sample_hyp.txt", "sample_ref.txt", "-o"])
        .arg(d.path().join("r.csv"))
        .current_dir(&data)
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(d.path().join("r.csv").is_file());
    // A closed stdout reader (`| head`) ends the run with 0 too, for every
    // command that writes to stdout.
    for cmd in [
        "compare sample_hyp.txt sample_ref.txt",
        "terms sample_hyp.txt --glossary glossary.csv",
        "segment sample_hyp.txt",
        "qa sample_hyp.txt",
    ] {
        let script = format!("'{BIN}' {cmd} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}");
        let o = Command::new("bash")
            .args(["-c", &script])
            .current_dir(&data)
            .output()
            .unwrap();
        assert_eq!(stdout(&o).trim(), "0", "{cmd}: {}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn symlinks_at_the_output_are_written_through_and_loops_refused() {
    let d = tempfile::tempdir().unwrap();
    let data = data();
    let h = data.join("sample_hyp.txt");
    let r = data.join("sample_ref.txt");
    std::os::unix::fs::symlink("real.csv", d.path().join("dangling.csv")).unwrap();
    std::os::unix::fs::symlink("loop2.csv", d.path().join("loop1.csv")).unwrap();
    std::os::unix::fs::symlink("loop1.csv", d.path().join("loop2.csv")).unwrap();
    let args = |out: &str| -> Vec<std::ffi::OsString> {
        vec![
            "compare".into(),
            h.clone().into(),
            r.clone().into(),
            "-q".into(),
            "-o".into(),
            out.into(),
        ]
    };
    let o = run_in(d.path(), &args("dangling.csv"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let link = std::fs::symlink_metadata(d.path().join("dangling.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert!(
        std::fs::read_to_string(d.path().join("real.csv"))
            .unwrap()
            .starts_with("doc,")
    );
    let o = run_in(d.path(), &args("loop1.csv"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("loop of symbolic links"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::symlink_metadata(d.path().join("loop1.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `-o` makes no directory: a missing one is an exit-2 error that says to
/// create it, before any work, so a failed run (or a typo, as root
/// anywhere) leaves no directory behind. A name ending in `/` names a
/// directory and says so.
#[test]
fn a_missing_output_directory_is_refused_and_never_created() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "Hello world.\n");
    write(d.path(), "bad.txt", b"x \xff\n");
    write(d.path(), "g.csv", "term,variants\nWorld,wrold\n");
    write(d.path(), "file.txt", "a file\n");
    let cases: [(&[&str], &str); 8] = [
        (
            &["compare", "a.txt", "a.txt", "-o", "newdir/sub/x.csv"],
            "newdir/sub",
        ),
        (
            &["compare", "bad.txt", "a.txt", "-o", "newdir/sub/x.csv"],
            "newdir/sub",
        ),
        (
            &["compare", "a.txt", "a.txt", "--summary", "newdir/s.json"],
            "newdir",
        ),
        (
            &[
                "compare",
                "a.txt",
                "a.txt",
                "-o",
                "r.csv",
                "--glossary",
                "g.csv",
                "--term-summary",
                "newdir/t.csv",
            ],
            "newdir",
        ),
        (
            &[
                "compare",
                "a.txt",
                "a.txt",
                "--format",
                "xlsx",
                "-o",
                "newdir/x.xlsx",
            ],
            "newdir",
        ),
        (
            &[
                "terms",
                "a.txt",
                "--glossary",
                "g.csv",
                "-o",
                "newdir/f.csv",
            ],
            "newdir",
        ),
        (&["qa", "a.txt", "-o", "newdir/q.csv"], "newdir"),
        (&["qa", "bad.txt", "-o", "newdir/q.csv"], ""),
    ];
    for (args, named) in cases {
        let o = run_in(d.path(), args);
        if !named.is_empty() {
            assert_clean_error(
                &o,
                &[&format!("directory {named} does not exist"), "mkdir -p"],
            );
        } else {
            assert_eq!(o.status.code(), Some(2), "{args:?}");
        }
        assert!(!d.path().join("newdir").exists(), "{args:?} made newdir");
        assert!(!d.path().join("r.csv").exists(), "{args:?} wrote r.csv");
    }
    // A name that ends in `/` names a directory, existing or not.
    for out in ["newout/", "newout/.", "file.txt/"] {
        let o = run_in(d.path(), &["compare", "a.txt", "a.txt", "-q", "-o", out]);
        assert_clean_error(&o, &[out, "names a directory"]);
        assert!(!stderr(&o).contains("Not a directory"), "{}", stderr(&o));
        assert!(!d.path().join("newout").exists(), "{out}");
    }
    // A file where a directory should be is named as such.
    let o = run_in(
        d.path(),
        &["compare", "a.txt", "a.txt", "-q", "-o", "file.txt/x.csv"],
    );
    assert_clean_error(&o, &["file.txt is not a directory"]);
    assert_eq!(
        std::fs::read_to_string(d.path().join("file.txt")).unwrap(),
        "a file\n"
    );
    // Once the directory is there, the report goes into it.
    std::fs::create_dir_all(d.path().join("newdir/sub")).unwrap();
    let o = run_in(
        d.path(),
        &["compare", "a.txt", "a.txt", "-q", "-o", "newdir/sub/x.csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.path().join("newdir/sub/x.csv").is_file());
}

#[test]
fn output_in_a_directory_that_takes_no_file_says_not_writable() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "h.txt", "One sentence.\n");
    let o = run_in(
        d.path(),
        &["compare", "h.txt", "h.txt", "-q", "-o", "/proc/version"],
    );
    assert_clean_error(
        &o,
        &["/proc/version: is not writable", "/proc takes no new file"],
    );
    assert!(!stderr(&o).contains(".tmp"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- file modes

/// `mtaudit ARGS` in `dir` under `umask`, as a shell user with that umask
/// runs it.
#[cfg(unix)]
fn run_with_umask(dir: &Path, umask: &str, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Every report a command writes, in every format, is created with the
/// mode any new file of the user's gets (0666 less the umask), not the
/// temporary file's private 0600; a report that is replaced keeps the mode
/// it had (a team's group-writable 0664, a private 0600).
#[cfg(unix)]
#[test]
fn reports_get_the_umask_mode_and_a_replaced_report_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let data = data();
    for f in ["sample_hyp.txt", "sample_ref.txt", "glossary.csv"] {
        std::fs::copy(data.join(f), d.path().join(f)).unwrap();
    }
    write(d.path(), "h/a.txt", "One sentence here.\n");
    write(d.path(), "r/a.txt", "One sentence there.\n");
    let (h, r, g) = ("sample_hyp.txt", "sample_ref.txt", "glossary.csv");
    let runs: [&[&str]; 9] = [
        &[
            "compare",
            h,
            r,
            "-q",
            "--glossary",
            g,
            "-o",
            "r.csv",
            "--summary",
            "s.json",
            "--term-summary",
            "t.csv",
        ],
        &["compare", h, r, "-q", "-o", "r.xlsx", "--summary", "s.csv"],
        &["compare", h, r, "-q", "-o", "r.jsonl", "--summary", "s.tsv"],
        &["compare", h, r, "-q", "-o", "r.html"],
        &["terms", h, "--glossary", g, "-o", "f.csv"],
        &["terms", h, "--glossary", g, "-o", "f.jsonl"],
        &["qa", h, "-o", "q.csv"],
        &["qa", h, "-o", "q.xlsx"],
        &[
            "batch",
            "--hyp-dir",
            "h",
            "--ref-dir",
            "r",
            "--out-dir",
            "out",
            "-q",
            "--glossary",
            g,
        ],
    ];
    let outputs = [
        "r.csv",
        "s.json",
        "t.csv",
        "r.xlsx",
        "s.csv",
        "r.jsonl",
        "s.tsv",
        "r.html",
        "f.csv",
        "f.jsonl",
        "q.csv",
        "q.xlsx",
        "out/a.csv",
        "out/summary.csv",
        "out/term_summary.csv",
    ];
    let mode = |f: &str| {
        std::fs::metadata(d.path().join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"))
            .permissions()
            .mode()
            & 0o7777
    };
    let run_all = || {
        for args in runs {
            let o = run_with_umask(d.path(), "027", args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        }
    };
    run_all();
    for f in outputs {
        assert_eq!(mode(f), 0o640, "new {f}: {:o}", mode(f));
    }
    // Replaced, each keeps the mode it was given, whatever the umask.
    let kept = |i: usize| if i.is_multiple_of(2) { 0o664 } else { 0o600 };
    for (i, f) in outputs.iter().enumerate() {
        std::fs::set_permissions(d.path().join(f), std::fs::Permissions::from_mode(kept(i)))
            .unwrap();
    }
    run_all();
    for (i, f) in outputs.iter().enumerate() {
        assert_eq!(mode(f), kept(i), "replaced {f}: {:o}", mode(f));
    }
}
