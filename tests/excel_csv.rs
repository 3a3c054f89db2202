//! Reads mtaudit's CSV the way Excel does (UTF-8 BOM detection, RFC 4180
//! quoting, a leading apostrophe marks text and is not shown) with a small
//! reader written here, independent of the csv crate the writer uses.

use std::path::Path;
use std::process::{Command, Output};

fn mtaudit(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run mtaudit")
}

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

fn run(delim: &str) -> Vec<Vec<Shown>> {
    let d = tempfile::tempdir().unwrap();
    let text = LINES.join("\n") + "\n";
    std::fs::write(d.path().join("h.txt"), &text).unwrap();
    std::fs::write(d.path().join("r.txt"), &text).unwrap();
    let o = mtaudit(
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
        d.path(),
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
    check(run(","));
}

#[test]
fn excel_reads_semicolon_csv_as_written() {
    check(run(";"));
}

#[test]
fn overlong_cell_is_cut_with_marker_and_warning() {
    let d = tempfile::tempdir().unwrap();
    let long = "word ".repeat(8000) + "end";
    std::fs::write(d.path().join("h.txt"), format!("{long}\n")).unwrap();
    std::fs::write(d.path().join("r.txt"), "short\n").unwrap();
    let o = mtaudit(
        &[
            "compare",
            "h.txt",
            "r.txt",
            "--aligned",
            "--bom",
            "-o",
            "out.csv",
        ],
        d.path(),
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
    let o = mtaudit(
        &[
            "compare",
            "h.txt",
            "h.txt",
            "--aligned",
            "--no-formula-guard",
            "-o",
            "-",
        ],
        d.path(),
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(",-minus first,-minus first,"), "{out}");
}
