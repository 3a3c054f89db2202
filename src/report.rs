//! Writing tables (the per-sentence report, summaries) as CSV, JSONL or XLSX.
//!
//! Every writer goes through [`Table`], so the column names and the
//! spreadsheet-safety rules are the same whatever the format.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::{DocReport, Row};

/// The contract's columns, in order; extra columns follow.
pub const REPORT_COLUMNS: &[&str] = &[
    "doc",
    "link",
    "kind",
    "hyp_line",
    "ref_line",
    "hyp_text",
    "ref_text",
    "align_score",
    "char_dist",
    "char_sim",
    "word_dist",
    "wer",
    "chrf",
    "ter",
    "bleu",
    "hyp_terms",
    "ref_terms",
    "verdict",
    "chrfpp",
];

/// Excel refuses longer cells; we cut and say so rather than lose the file.
pub const EXCEL_CELL_LIMIT: usize = 32_767;
const CUT_MARKER: &str = " [...cut by mtaudit]";
/// The words every cut-cell warning carries (see [`collapse_cut_warnings`]).
const CUT_WARNING: &str = "cut to Excel's limit of";

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A float written with a fixed number of decimals; NaN is written empty.
    Float(f64, usize),
}

impl Cell {
    fn float(v: f64) -> Cell {
        Cell::Float(v, 4)
    }
    fn opt_int(v: Option<usize>) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Int(v as i64))
    }
    /// The cell as plain text (numbers with `.` as decimal separator).
    pub fn render(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(v, _) if v.is_nan() => String::new(),
            Cell::Float(v, d) if v.is_infinite() => {
                if *v > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            }
            Cell::Float(v, d) => format!("{v:.d$}"),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Jsonl,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub format: Format,
    pub bom: bool,
    pub delimiter: u8,
    pub formula_guard: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            format: Format::Csv,
            bom: false,
            delimiter: b',',
            formula_guard: true,
        }
    }
}

fn terms(f: &[crate::glossary::TermFinding]) -> String {
    f.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn row_cells(doc: &str, r: &Row) -> Vec<Cell> {
    let s = r.scores.as_ref();
    let f = |g: fn(&crate::metric::PairScores) -> f64| s.map_or(Cell::Empty, |s| Cell::float(g(s)));
    vec![
        Cell::Text(doc.to_owned()),
        Cell::Int(r.link as i64),
        Cell::Text(r.kind.to_string()),
        Cell::opt_int(r.hyp_line),
        Cell::opt_int(r.ref_line),
        Cell::Text(r.hyp_text.clone()),
        Cell::Text(r.ref_text.clone()),
        Cell::float(r.align_score),
        Cell::opt_int(s.and_then(|s| s.char_dist)),
        f(|s| s.char_sim),
        Cell::opt_int(s.and_then(|s| s.word_dist)),
        f(|s| s.wer),
        f(|s| s.chrf),
        f(|s| s.ter),
        f(|s| s.bleu),
        Cell::Text(terms(&r.hyp_terms)),
        Cell::Text(terms(&r.ref_terms)),
        Cell::Text(r.verdict.as_str().to_owned()),
        f(|s| s.chrfpp),
    ]
}

/// The per-sentence report of one document as a table.
pub fn report_table(rep: &DocReport) -> Table {
    Table {
        header: REPORT_COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows: rep.rows.iter().map(|r| row_cells(&rep.name, r)).collect(),
    }
}

/// Prefixes a cell a spreadsheet would run as a formula with `'`.
pub fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// Cuts text over Excel's cell limit (on a char boundary) and says so.
/// Excel counts UTF-16 code units, so a character outside the Basic
/// Multilingual Plane (emoji, rare CJK) counts twice.
fn cap_cell(s: &str, warnings: &mut Vec<String>, where_: impl FnOnce() -> String) -> String {
    // Fast path: even all-astral text of this many bytes fits.
    if s.len() <= EXCEL_CELL_LIMIT {
        return s.to_owned();
    }
    let units = s.encode_utf16().count();
    if units <= EXCEL_CELL_LIMIT {
        return s.to_owned();
    }
    let keep = EXCEL_CELL_LIMIT - CUT_MARKER.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if used + c.len_utf16() > keep {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    warnings.push(format!(
        "{}: cell of {units} characters {CUT_WARNING} {EXCEL_CELL_LIMIT}",
        where_()
    ));
    format!("{}{CUT_MARKER}", &s[..end])
}

/// Writes the table to `w` in the chosen text format; returns warnings.
pub fn write_table<W: Write>(w: W, t: &Table, o: &WriteOptions) -> std::io::Result<Vec<String>> {
    match o.format {
        Format::Csv => write_csv(w, t, o),
        Format::Jsonl => write_jsonl(w, t),
        Format::Xlsx => {
            let (bytes, warnings) = xlsx_bytes(t, None).map_err(std::io::Error::other)?;
            let mut w = w;
            w.write_all(&bytes)?;
            w.flush()?;
            Ok(warnings)
        }
    }
}

fn write_csv<W: Write>(mut w: W, t: &Table, o: &WriteOptions) -> std::io::Result<Vec<String>> {
    if o.bom {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut warnings = Vec::new();
    let mut cw = csv::WriterBuilder::new()
        .delimiter(o.delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    cw.write_record(&t.header)?;
    for (ri, row) in t.rows.iter().enumerate() {
        let rec: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let s = c.render();
                let s = match c {
                    Cell::Text(_) if o.formula_guard => guard_formula(&s).into_owned(),
                    _ => s,
                };
                cap_cell(&s, &mut warnings, || {
                    format!(
                        "row {}, column {}",
                        ri + 1,
                        t.header.get(ci).map_or("?", |h| h.as_str())
                    )
                })
            })
            .collect();
        cw.write_record(&rec)?;
    }
    cw.flush()?;
    Ok(warnings)
}

fn write_jsonl<W: Write>(mut w: W, t: &Table) -> std::io::Result<Vec<String>> {
    for row in &t.rows {
        let mut m = serde_json::Map::new();
        for (h, c) in t.header.iter().zip(row) {
            let v = match c {
                Cell::Empty => serde_json::Value::Null,
                Cell::Text(s) => serde_json::Value::String(s.clone()),
                Cell::Int(i) => (*i).into(),
                Cell::Float(f, _) => {
                    serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
                }
            };
            m.insert(h.clone(), v);
        }
        serde_json::to_writer(&mut w, &m)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(Vec::new())
}

/// Temporary files being written right now, so that an interrupted run
/// (Ctrl-C, SIGTERM from a CI timeout) can remove them on its way out.
static IN_FLIGHT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary report file still being written and exits with
/// `code`; for the binary's signal handler. Finished reports are already in
/// place and stay; nothing half-written is left behind. The registry stays
/// locked until the process ends, so no worker can start a new temporary
/// file after the sweep.
pub fn remove_temp_files_and_exit(code: i32) -> ! {
    let mut v = in_flight();
    for p in v.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    std::process::exit(code)
}

/// Writes `path` atomically: a temporary file beside it, renamed into place,
/// so an interrupted run never leaves a truncated report.
///
/// Only a regular file (or a new path) is replaced that way. A device, FIFO
/// or socket (`-o /dev/null`, a named pipe to another tool) is written to
/// in place: renaming over it would replace `/dev/null` itself with a
/// regular file. A symlink is followed, so the file it points to gets the
/// report and the link stays a link.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(Error::output(
                path,
                "is a directory; give a file name for the report",
            ));
        }
        Ok(m) if !m.is_file() => {
            let res = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut file| f(&mut file));
            return res.map_err(|e| Error::output(path, format!("cannot write: {e}")));
        }
        _ => {}
    }
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(p) => {
                resolved = p;
                resolved.as_path()
            }
            // A dangling link: the rename replaces it with the report.
            Err(_) => path,
        },
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::output(&dir, format!("cannot create directory: {e}")))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        // Created while the registry is locked: once the signal handler has
        // swept it, no new temporary file can appear.
        let mut file = {
            let mut v = in_flight();
            let file = std::fs::File::create(&tmp)?;
            v.push(tmp.clone());
            file
        };
        f(&mut file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    {
        let mut v = in_flight();
        if let Some(i) = v.iter().position(|p| *p == tmp) {
            v.swap_remove(i);
        }
    }
    res.map_err(|e| Error::output(path, format!("cannot write: {e}")))
}

/// A closed pipe on stdout (`mtaudit ... | head`) is the reader's choice, not an error.
pub fn stdout_error(e: std::io::Error) -> Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::output("<stdout>", e))
    }
}

/// Writes the table to a file (atomically) or to stdout when `path` is `-`.
pub fn write_table_to(path: &Path, t: &Table, o: &WriteOptions) -> Result<Vec<String>> {
    write_report_to(path, t, None, o)
}

/// `-` and the names a shell user gives standard output. Writing those
/// through our own stdout keeps the shell's redirection (`>> all.csv`
/// appends) instead of reopening, truncating or replacing its target.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|p| path == Path::new(p))
}

/// Like [`write_table_to`], and in xlsx adds `summary` as a second sheet
/// (CSV and JSONL hold one table per file, so there it is ignored).
pub fn write_report_to(
    path: &Path,
    t: &Table,
    summary: Option<&Table>,
    o: &WriteOptions,
) -> Result<Vec<String>> {
    write_report_inner(path, t, summary, o).map(collapse_cut_warnings)
}

/// How many cut cells are named one by one before the rest are counted.
const CUT_WARNINGS_SHOWN: usize = 3;

/// A text without sentence marks can have thousands of findings in one
/// huge "sentence", each row repeating it: name the first few cut cells and
/// count the rest, rather than one warning line per cell.
fn collapse_cut_warnings(warnings: Vec<String>) -> Vec<String> {
    let is_cut = |w: &String| w.contains(CUT_WARNING);
    let cuts = warnings.iter().filter(|w| is_cut(w)).count();
    if cuts <= CUT_WARNINGS_SHOWN + 1 {
        return warnings;
    }
    let mut out = Vec::new();
    let mut shown = 0;
    for w in warnings {
        if !is_cut(&w) {
            out.push(w);
        } else if shown < CUT_WARNINGS_SHOWN {
            out.push(w);
            shown += 1;
        }
    }
    out.push(format!(
        "{} more cells {CUT_WARNING} {EXCEL_CELL_LIMIT} (--format jsonl keeps every text whole)",
        cuts - CUT_WARNINGS_SHOWN
    ));
    out
}

fn write_report_inner(
    path: &Path,
    t: &Table,
    summary: Option<&Table>,
    o: &WriteOptions,
) -> Result<Vec<String>> {
    let path = if is_stdout(path) {
        Path::new("-")
    } else {
        path
    };
    if o.format == Format::Xlsx {
        if path == Path::new("-") {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() {
                return Err(Error::usage(
                    "--format xlsx is binary: write it to a file with -o FILE.xlsx",
                ));
            }
            let (bytes, warnings) =
                xlsx_bytes(t, summary).map_err(|e| Error::output("<stdout>", e))?;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .map_err(|e| Error::output("<stdout>", e))?;
            return Ok(warnings);
        }
        return write_xlsx(path, t, summary);
    }
    if path == Path::new("-") {
        let stdout = std::io::stdout();
        let lock = std::io::BufWriter::new(stdout.lock());
        return match write_table(lock, t, o) {
            Ok(w) => Ok(w),
            Err(e) => stdout_error(e).map(|()| Vec::new()),
        };
    }
    let mut warnings = Vec::new();
    write_atomic(path, |f| {
        let bw = std::io::BufWriter::new(f);
        warnings = write_table(bw, t, o)?;
        Ok(())
    })?;
    Ok(warnings)
}

/// Excel's row limit, header included.
pub const EXCEL_ROW_LIMIT: usize = 1_048_576;

/// Columns holding running text: wide and wrapped in xlsx.
const WRAPPED_COLUMNS: &[&str] = &[
    "hyp_text",
    "ref_text",
    "hyp_terms",
    "ref_terms",
    "message",
    "sentence",
];

/// Writes `report` (and `summary` as a second sheet) as an xlsx workbook,
/// atomically. Returns warnings (cut cells, cut rows).
///
/// Text always goes in as a string cell, never as a formula, so text
/// starting with `=` is shown as typed and needs no apostrophe guard.
pub fn write_xlsx(path: &Path, report: &Table, summary: Option<&Table>) -> Result<Vec<String>> {
    let (bytes, warnings) = xlsx_bytes(report, summary).map_err(|e| Error::output(path, e))?;
    write_atomic(path, |f| f.write_all(&bytes))?;
    Ok(warnings)
}

/// The xlsx workbook as bytes: sheet `report`, plus sheet `summary` when given.
pub fn xlsx_bytes(
    report: &Table,
    summary: Option<&Table>,
) -> std::result::Result<(Vec<u8>, Vec<String>), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    // A fixed creation date (the one the zip entries carry) keeps reports
    // byte-identical between runs, as the CSV ones are.
    let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&epoch));
    let mut warnings = Vec::new();
    xlsx_sheet(&mut wb, "report", report, &mut warnings)?;
    if let Some(s) = summary {
        xlsx_sheet(&mut wb, "summary", s, &mut warnings)?;
    }
    Ok((wb.save_to_buffer()?, warnings))
}

fn xlsx_sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    name: &str,
    t: &Table,
    warnings: &mut Vec<String>,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format as XFormat, FormatAlign};
    let header_fmt = XFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_align(FormatAlign::Top);
    let top = XFormat::new().set_align(FormatAlign::Top);
    let wrap = XFormat::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = XFormat::new()
        .set_num_format("0.0000")
        .set_align(FormatAlign::Top);
    // Verdict/status colours are conditional formats, so a reviewer who
    // changes `review` to `ok` sees the colour follow.
    let colour = |bg: u32, fg: u32| {
        XFormat::new()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    };
    let colours = [
        ("ok", colour(0xC6EFCE, 0x006100)),
        ("review", colour(0xFFEB9C, 0x9C5700)),
        ("gap", colour(0xD9D9D9, 0x404040)),
        ("error", colour(0xFFC7CE, 0x9C0006)),
    ];

    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let ncols = t.header.len().min(16_384);
    let wrapped: Vec<bool> = t
        .header
        .iter()
        .map(|h| WRAPPED_COLUMNS.contains(&h.as_str()))
        .collect();
    let coloured = |h: &str| h == "verdict" || h == "status";
    let mut widths: Vec<usize> = t.header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in t.header.iter().take(ncols).enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header_fmt)?;
    }
    let max_rows = EXCEL_ROW_LIMIT - 1;
    if t.rows.len() > max_rows {
        warnings.push(format!(
            "sheet {name}: {} rows cut to Excel's limit of {max_rows}",
            t.rows.len()
        ));
    }
    for (ri, row) in t.rows.iter().take(max_rows).enumerate() {
        let r = (ri + 1) as u32;
        for (ci, cell) in row.iter().take(ncols).enumerate() {
            let c = ci as u16;
            let head = t.header.get(ci).map_or("", String::as_str);
            match cell {
                Cell::Empty => {}
                Cell::Int(i) => {
                    ws.write_number_with_format(r, c, *i as f64, &top)?;
                    widths[ci] = widths[ci].max(i.to_string().len() + 1);
                }
                Cell::Float(v, _) if v.is_nan() => {}
                Cell::Float(v, _) if v.is_infinite() => {
                    ws.write_string_with_format(r, c, cell.render(), &top)?;
                }
                Cell::Float(v, _) => {
                    ws.write_number_with_format(r, c, *v, &number)?;
                    widths[ci] = widths[ci].max(8);
                }
                Cell::Text(s) => {
                    let s = cap_cell(s, warnings, || {
                        format!("sheet {name}, row {}, column {head}", ri + 1)
                    });
                    let fmt = if wrapped[ci] { &wrap } else { &top };
                    widths[ci] = widths[ci].max(s.chars().count().min(60) + 1);
                    ws.write_string_with_format(r, c, s, fmt)?;
                }
            }
        }
    }
    for (ci, w) in widths.iter().take(ncols).enumerate() {
        // Running text gets a fixed reading width and wraps; the rest fit
        // their content within bounds.
        let w = if wrapped[ci] { 60 } else { (*w).clamp(6, 40) };
        ws.set_column_width(ci as u16, w as f64)?;
    }
    if ncols > 0 {
        ws.set_freeze_panes(1, 0)?;
        let last_row = t.rows.len().min(max_rows) as u32;
        ws.autofilter(0, 0, last_row, (ncols - 1) as u16)?;
        for (ci, h) in t.header.iter().take(ncols).enumerate() {
            if !coloured(h) || last_row == 0 {
                continue;
            }
            for (value, fmt) in &colours {
                let cf = rust_xlsxwriter::ConditionalFormatCell::new()
                    .set_rule(rust_xlsxwriter::ConditionalFormatCellRule::EqualTo(*value))
                    .set_format(fmt);
                ws.add_conditional_format(1, ci as u16, last_row, ci as u16, &cf)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            header: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![
                vec![
                    Cell::Text("=SUM(A1)".into()),
                    Cell::Float(0.5, 4),
                    Cell::Empty,
                ],
                vec![
                    Cell::Text("line\nbreak, \"q\"".into()),
                    Cell::Int(-3),
                    Cell::Float(f64::NAN, 4),
                ],
            ],
        }
    }

    #[test]
    fn csv_guards_formulas_quotes_and_keeps_numbers() {
        let mut out = Vec::new();
        write_table(&mut out, &table(), &WriteOptions::default()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "a,b,c\r\n'=SUM(A1),0.5000,\r\n\"line\nbreak, \"\"q\"\"\",-3,\r\n"
        );
    }

    #[test]
    fn bom_delimiter_and_no_guard() {
        let o = WriteOptions {
            bom: true,
            delimiter: b';',
            formula_guard: false,
            ..WriteOptions::default()
        };
        let mut out = Vec::new();
        write_table(&mut out, &table(), &o).unwrap();
        assert!(out.starts_with(b"\xEF\xBB\xBFa;b;c\r\n=SUM(A1);0.5000;\r\n"));
    }

    #[test]
    fn long_cells_are_cut_with_warning() {
        let t = Table {
            header: vec!["x".into()],
            rows: vec![vec![Cell::Text("é".repeat(40_000))]],
        };
        let mut out = Vec::new();
        let w = write_table(&mut out, &t, &WriteOptions::default()).unwrap();
        assert_eq!(w.len(), 1);
        let s = String::from_utf8(out).unwrap();
        let cell = s.lines().nth(1).unwrap();
        assert_eq!(cell.chars().count(), EXCEL_CELL_LIMIT);
        assert!(cell.ends_with(CUT_MARKER));
    }

    #[test]
    fn cell_limit_counts_utf16_units_like_excel() {
        let t = Table {
            header: vec!["x".into()],
            rows: vec![
                vec![Cell::Text("😀".repeat(20_000))],
                vec![Cell::Text("😀".repeat(16_383))],
            ],
        };
        let mut out = Vec::new();
        let w = write_table(&mut out, &t, &WriteOptions::default()).unwrap();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("row 1") && w[0].contains("40000"), "{w:?}");
        let s = String::from_utf8(out).unwrap();
        let mut lines = s.split("\r\n").skip(1);
        let cut = lines.next().unwrap();
        assert!(cut.ends_with(CUT_MARKER));
        let n = cut.encode_utf16().count();
        assert!(
            (EXCEL_CELL_LIMIT - 1..=EXCEL_CELL_LIMIT).contains(&n),
            "{n}"
        );
        assert_eq!(lines.next().unwrap(), "😀".repeat(16_383));
    }

    #[test]
    fn jsonl_types() {
        let mut out = Vec::new();
        write_table(
            &mut out,
            &table(),
            &WriteOptions {
                format: Format::Jsonl,
                ..Default::default()
            },
        )
        .unwrap();
        let s = String::from_utf8(out).unwrap();
        let first: serde_json::Value = serde_json::from_str(s.lines().next().unwrap()).unwrap();
        assert_eq!(first["a"], "=SUM(A1)");
        assert_eq!(first["b"], 0.5);
        assert!(first["c"].is_null());
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_fifos_devices_and_symlinks() {
        use std::io::Read;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        let dir = tempfile::tempdir().unwrap();
        // A FIFO stands in for /dev/null (never touched by a test: if this
        // broke, the machine would lose its /dev/null): not a regular file,
        // it must survive and receive the report.
        let fifo = dir.path().join("pipe");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path and a mode; no memory is shared.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // The read end opened non-blocking first, so the writer never waits
        // and a regression (the FIFO replaced) reads nothing instead of hanging.
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        write_atomic(&fifo, |f| f.write_all(b"through the pipe")).unwrap();
        let mut got = String::new();
        reader.read_to_string(&mut got).unwrap();
        assert_eq!(got, "through the pipe");
        let ft = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(ft.is_fifo(), "the FIFO was replaced: {ft:?}");
        // A symlink stays a link; its target gets the report.
        let target = dir.path().join("real.csv");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, |f| f.write_all(b"new")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // A directory is an error naming it, not a rename attempt.
        let e = write_atomic(dir.path(), |f| f.write_all(b"x")).unwrap_err();
        assert!(e.message.contains("is a directory"), "{}", e.message);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn many_cut_cells_are_counted_not_listed() {
        let cut = |i: usize| {
            format!(
                "row {i}, column sentence: cell of 40000 characters cut to Excel's limit of 32767"
            )
        };
        let mut w: Vec<String> = (1..=10).map(cut).collect();
        w.insert(2, "another warning".to_owned());
        let c = collapse_cut_warnings(w);
        assert_eq!(c.len(), 5, "{c:?}");
        assert_eq!(c[0], cut(1));
        assert_eq!(c[2], "another warning");
        assert!(c[4].starts_with("7 more cells cut"), "{c:?}");
        // A handful is listed whole.
        let few: Vec<String> = (1..=4).map(cut).collect();
        assert_eq!(collapse_cut_warnings(few.clone()), few);
    }

    #[test]
    fn atomic_write_leaves_no_temp_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "old").unwrap();
        let e = write_atomic(&p, |_| Err(std::io::Error::other("boom"))).unwrap_err();
        assert!(e.message.contains("boom"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
