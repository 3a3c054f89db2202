//! What the binary writes: CSV as a spreadsheet reads it, xlsx workbooks.

use crate::common::*;
use std::io::Read;

// ---------------------------------------------------------------- CSV in Excel
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
                        assert!(
                            !f.starts_with(['=', '+', '-', '@', '\t', '\r']),
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
    // Header frozen, autofilter over header + 3 rows of 19 columns (A..S).
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:S4"/>"#), "{sheet}");
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
    let strings = part(&mut z, "xl/sharedStrings.xml");
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
fn batch_xlsx_is_deterministic() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for (f, t) in [("h/a.txt", "One. Two.\n"), ("r/a.txt", "One. Too.\n")] {
        std::fs::create_dir_all(p.join(f).parent().unwrap()).unwrap();
        std::fs::write(p.join(f), t).unwrap();
    }
    let run = |out: &str, j: &str| {
        let o = run_in(
            p,
            &[
                "batch",
                "--hyp-dir",
                "h",
                "--ref-dir",
                "r",
                "--out-dir",
                out,
                "--format",
                "xlsx",
                "-j",
                j,
            ],
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
