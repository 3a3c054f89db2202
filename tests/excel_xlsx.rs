//! `--format xlsx`: opens the workbook as a zip and checks the sheet XML
//! for what a reviewer relies on.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

fn mtaudit(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtaudit"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run mtaudit")
}

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
    let o = mtaudit(
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
        p,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut z = zip::ZipArchive::new(std::fs::File::open(p.join("r.xlsx")).unwrap()).unwrap();
    let wb = part(&mut z, "xl/workbook.xml");
    assert!(
        wb.contains(r#"name="report""#) && wb.contains(r#"name="summary""#),
        "{wb}"
    );
    let sheet = part(&mut z, "xl/worksheets/sheet1.xml");
    // Header frozen, autofilter over header + 3 rows of 21 columns (A..U).
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:U4"/>"#), "{sheet}");
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
        let o = mtaudit(
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
            p,
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
