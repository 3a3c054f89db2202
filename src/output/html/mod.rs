//! `--format html`: the review page, one self-contained file per report.
//!
//! A reviewer opens it from disk: hyp and ref side by side with the word
//! diff and the findings marked in place, the document summary and a
//! histogram on top, filters, sorting and keyboard moves. Decisions:
//!
//! - **Static first.** Every row is HTML in the file, so the page reads
//!   (and prints) without its script; the script only hides, reorders and
//!   focuses rows, reading what it needs back from classes and cells. No
//!   data is embedded twice and no text ever passes through script code.
//! - **Nothing from outside, nothing from a text runs.** Every text goes
//!   through the `escape` module; the Content-Security-Policy allows inline styles
//!   and exactly one script, named by its SHA-256, so even a markup bug
//!   could not run an injected script or load anything.
//! - **Size.** A page is held to a few times its CSV: optional end tags
//!   are left out, marks sit only on changed words and findings, score
//!   labels come from the style sheet rather than every row.
//! - **Deterministic.** The same report gives the same bytes, whatever the
//!   thread count: nothing depends on time or hashing order.

mod diff;
mod escape;
mod row;

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use crate::audit::Row;
use crate::glossary::FindingKind;
use crate::metric::{CorpusScore, CorpusStats, PairStats};
use crate::summary::{DocSummary, or_na};
use crate::table::Cell;

const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// The metric of the header's histogram (a report column name).
const HISTOGRAM_METRIC: &str = "chrf";

/// The script as pages carry it: [`SCRIPT`] without its comment lines and
/// indentation (a quarter of its size; every page carries it). The source
/// keeps no `//` but in comments of their own line.
static SCRIPT_TEXT: LazyLock<String> = LazyLock::new(|| {
    let mut s = String::with_capacity(SCRIPT.len());
    for line in SCRIPT.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with("//") {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
});

/// The CSP source naming the script by its hash, as browsers compute it
/// over the exact text between `<script>` and `</script>`.
static SCRIPT_SOURCE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "'sha256-{}'",
        base64(&Sha256::digest(SCRIPT_TEXT.as_bytes()))
    )
});

/// The page's Content-Security-Policy: nothing may load, no form may
/// submit, no `<base>` may redirect links; inline styles and the one
/// script run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src {}; base-uri 'none'; form-action 'none'",
        *SCRIPT_SOURCE
    )
}

/// Standard base64 with padding (for the CSP hash).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `<!DOCTYPE html>` to `<body>`: the policy first, so it covers
/// everything after it.
fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=Content-Security-Policy content=\"{}\">",
        content_security_policy()
    );
    out.push_str("<meta name=viewport content=\"width=device-width,initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta name=generator content=\"mtaudit {}\">",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<title>");
    escape::text(out, title);
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
}

fn tail(out: &mut String) {
    out.push_str("<script>");
    out.push_str(&SCRIPT_TEXT);
    out.push_str("</script>\n</body>\n</html>\n");
}

/// Collects a table's rows and writes the page at the end: a review page
/// for a report (rows arrive through [`super::Writer::link`]), a plain
/// sortable table otherwise.
pub struct HtmlWriter<W: Write> {
    w: W,
    header: Vec<String>,
    /// Report rows, rendered.
    rows: String,
    links: usize,
    /// Plain table rows, rendered.
    plain: String,
    plain_rows: usize,
    /// Each scored row's histogram metric.
    hist: Vec<f64>,
    hist_column: Option<usize>,
    scratch: row::Scratch,
}

impl<W: Write> HtmlWriter<W> {
    pub fn new(w: W, header: &[String]) -> Self {
        HtmlWriter {
            w,
            header: header.to_vec(),
            rows: String::new(),
            links: 0,
            plain: String::new(),
            plain_rows: 0,
            hist: Vec::new(),
            hist_column: PairStats::columns()
                .iter()
                .position(|c| *c == HISTOGRAM_METRIC),
            scratch: row::Scratch::default(),
        }
    }
}

impl<W: Write + Send> super::Writer for HtmlWriter<W> {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.plain_rows += 1;
        plain_row(&mut self.plain, cells);
        Ok(())
    }

    fn link(&mut self, _cells: &[Cell], r: &Row) -> std::io::Result<()> {
        self.links += 1;
        row::render(&mut self.rows, r, &mut self.scratch);
        if let (Some(_), Some(i)) = (&r.scores, self.hist_column)
            && let Some(Cell::Float(v, _)) = self.scratch.cells.get(i)
        {
            self.hist.push(*v);
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, summary: Option<&DocSummary>) -> std::io::Result<Vec<String>> {
        if summary.is_some() || self.links > 0 {
            let mut top = String::new();
            report_top(&mut top, summary, self.links, &self.hist);
            let mut end = String::from("</tbody>\n</table>\n");
            tail(&mut end);
            self.w.write_all(top.as_bytes())?;
            self.w.write_all(self.rows.as_bytes())?;
            self.w.write_all(end.as_bytes())?;
        } else {
            let mut page = String::new();
            plain_page(&mut page, &self.header, &self.plain, self.plain_rows);
            self.w.write_all(page.as_bytes())?;
        }
        self.w.flush()?;
        Ok(Vec::new())
    }
}

fn plain_row(out: &mut String, cells: &[Cell]) {
    out.push_str("<tr>");
    for c in cells {
        match c {
            Cell::Text(s) => {
                out.push_str("<td>");
                escape::text(out, s);
            }
            Cell::Empty => out.push_str("<td>"),
            _ => {
                out.push_str("<td class=n>");
                escape::text(out, &c.render());
            }
        }
    }
    out.push('\n');
}

fn plain_header(out: &mut String, header: &[String]) {
    out.push_str("<thead><tr>");
    for h in header {
        out.push_str("<th scope=col>");
        escape::text(out, h);
    }
    out.push_str("</thead>\n<tbody>\n");
}

/// A table that is not a report (`terms`, `--summary`): sortable columns.
fn plain_page(out: &mut String, header: &[String], rows: &str, n: usize) {
    let title = format!("mtaudit table: {n} rows");
    head(out, &title);
    out.push_str("<h1>");
    escape::text(out, &title);
    out.push_str("</h1>\n<table class=\"sortable plain\">\n");
    plain_header(out, header);
    out.push_str(rows);
    out.push_str("</tbody>\n</table>\n");
    tail(out);
}

/// Everything above the rows: head, summary, histogram, legend, filters,
/// and the table's start.
fn report_top(out: &mut String, s: Option<&DocSummary>, links: usize, hist: &[f64]) {
    let name = s.map_or("report", |s| s.name.as_str());
    head(out, &format!("mtaudit review: {name}"));
    out.push_str("<header>\n<h1>Review: ");
    escape::text(out, name);
    out.push_str("</h1>\n");
    if let Some(s) = s {
        summary_block(out, s, hist);
    }
    legend(out);
    out.push_str("</header>\n");
    filter_bar(out, s);
    let _ = writeln!(
        out,
        "<p id=count role=status>Showing {links} of {links} rows</p>"
    );
    out.push_str(
        "<table id=rows>\n<thead><tr><th scope=col>#<th scope=col>kind, lines<th scope=col>hyp<th scope=col>ref\
         <th scope=col>scores<th scope=col>verdict</thead>\n<tbody>\n",
    );
}

fn count_of<K: Ord>(m: &std::collections::BTreeMap<K, usize>, k: &K) -> usize {
    m.get(k).copied().unwrap_or(0)
}

fn summary_block(out: &mut String, s: &DocSummary, hist: &[f64]) {
    let _ = writeln!(
        out,
        "<p>{} hyp / {} ref sentences, {} links.</p>\n<div class=sum>",
        s.hyp_sentences, s.ref_sentences, s.links
    );
    out.push_str("<table><caption>Links by kind</caption><tbody>");
    for (k, n) in &s.kinds {
        out.push_str("<tr><th scope=row>");
        escape::text(out, k);
        let _ = write!(out, "<td>{n}");
    }
    out.push_str("</tbody></table>\n<table><caption>Verdicts</caption><tbody>");
    for v in ["ok", "review", "gap"] {
        let _ = write!(
            out,
            "<tr><th scope=row>{v}<td>{}",
            count_of(&s.verdicts, &v)
        );
    }
    let _ = writeln!(
        out,
        "<tr><th scope=row>low confidence<td>{}</tbody></table>",
        s.low_confidence
    );
    out.push_str("<table><caption>Findings</caption><tbody>");
    let mut any = false;
    for (side, m, kinds) in [
        (
            "hyp",
            &s.hyp_findings,
            &[
                FindingKind::Deprecated,
                FindingKind::Case,
                FindingKind::Missing,
                FindingKind::Near,
            ][..],
        ),
        (
            "ref",
            &s.ref_findings,
            &[
                FindingKind::Deprecated,
                FindingKind::Case,
                FindingKind::Near,
            ][..],
        ),
    ] {
        for k in kinds {
            let n = count_of(m, k);
            if n > 0 {
                any = true;
                let _ = write!(out, "<tr><th scope=row>{side} {}<td>{n}", k.as_str());
            }
        }
    }
    for (c, n) in &s.qa_findings {
        any = true;
        let _ = write!(out, "<tr><th scope=row>QA {}<td>{n}", c.as_str());
    }
    if !any {
        out.push_str("<tr><th scope=row>none<td>0");
    }
    out.push_str("</tbody></table>\n");
    histogram(out, hist);
    out.push_str("</div>\n<h2>Corpus scores</h2>\n");
    corpus_table(
        out,
        &s.corpus_scores(),
        &s.linked_scores(),
        s.corpus.pairs,
        s.linked.pairs,
    );
    for note in s.corpus.stats.notes() {
        out.push_str("<p><small>");
        escape::text(out, &note);
        out.push_str("</small></p>\n");
    }
}

/// Corpus scores over the whole document (a gap as a pair with one empty
/// side) and over linked rows only, with their sacrebleu signatures.
fn corpus_table(
    out: &mut String,
    whole: &[CorpusScore],
    linked: &[CorpusScore],
    pairs: usize,
    linked_pairs: usize,
) {
    let _ = writeln!(
        out,
        "<table class=scores><thead><tr><th scope=col>score<th scope=col class=n>whole document ({pairs} pairs)\
         <th scope=col class=n>linked rows only ({linked_pairs} pairs)<th scope=col>signature</thead><tbody>"
    );
    for (w, l) in whole.iter().zip(linked) {
        out.push_str("<tr><th scope=row>");
        escape::text(out, w.spec.label);
        let _ = write!(out, "<td>{}", or_na(w.value, w.spec.decimals));
        if w.spec.linked_only {
            out.push_str("<td>(linked rows)");
        } else {
            let _ = write!(out, "<td>{}", or_na(l.value, l.spec.decimals));
        }
        out.push_str("<td>");
        if let Some(sig) = &w.signature {
            out.push_str("<code>");
            escape::text(out, w.spec.label);
            out.push('|');
            escape::text(out, sig);
            out.push_str("</code>");
        }
        out.push('\n');
    }
    out.push_str("</tbody></table>\n");
}

/// The histogram metric in ten bins of width 10 (a chrF-like 0–100 scale)
/// as an inline SVG bar chart, each bar with its count as text and title.
fn histogram(out: &mut String, values: &[f64]) {
    let mut bins = [0usize; 10];
    let mut n = 0;
    for v in values.iter().filter(|v| v.is_finite()) {
        bins[((v / 10.0).floor().clamp(0.0, 9.0)) as usize] += 1;
        n += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let m = HISTOGRAM_METRIC;
    let desc: Vec<String> = bins
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}–{}: {c}", i * 10, i * 10 + 10))
        .collect();
    let _ = writeln!(
        out,
        "<figure class=hist><svg role=img aria-labelledby=hist-t viewBox=\"0 0 330 124\" width=330 height=124>\
         <title id=hist-t>Sentence {m} of {n} scored rows, in bins of 10: {}</title>",
        desc.join(", ")
    );
    let (left, top, height, width) = (30.0, 14.0, 84.0, 29.0);
    for (i, &c) in bins.iter().enumerate() {
        let h = height * c as f64 / max as f64;
        let x = left + width * i as f64;
        let y = top + height - h;
        let _ = writeln!(
            out,
            "<rect x={x} y={y:.1} width=27 height={h:.1}><title>{m} {}–{}: {c} rows</title></rect>\
             <text x={:.1} y={:.1} text-anchor=middle>{c}</text>",
            i * 10,
            i * 10 + 10,
            x + 13.5,
            y - 2.0
        );
    }
    let base = top + height;
    let _ = writeln!(
        out,
        "<line x1={left} y1={base} x2={} y2={base} stroke=#57606a />\
         <text x={left} y={} text-anchor=middle>0</text><text x={} y={} text-anchor=middle>50</text>\
         <text x={} y={} text-anchor=middle>100</text></svg>\
         <figcaption><small>Sentence {m}, {n} scored rows</small></figcaption></figure>",
        left + width * 10.0,
        base + 12.0,
        left + width * 5.0,
        base + 12.0,
        left + width * 10.0,
        base + 12.0,
    );
}

/// What the marks mean, shown in the marks themselves, and the keys.
fn legend(out: &mut String) {
    out.push_str("<p class=legend>Marks: ");
    for c in diff::Change::ALL {
        let tag = if c == diff::Change::Inserted {
            "ins"
        } else {
            "del"
        };
        row::open_diff_mark(out, tag, c);
        let _ = write!(out, "{}</{tag}> ", c.label());
    }
    out.push_str(
        "<mark class=g>glossary finding</mark> <mark class=q>QA finding</mark> \
         (focus or hover a finding for the expected term). \
         Struck-through words are the hyp's, underlined ones the ref's.</p>\n\
         <p class=keys>Keys: <kbd>j</kbd> or <kbd>n</kbd> next, <kbd>k</kbd> or <kbd>p</kbd> \
         previous row needing a look (review or gap); <kbd>Tab</kbd> moves through the findings.</p>\n",
    );
}

/// The filters and sort controls, hidden until the script shows them
/// (they do nothing without it).
fn filter_bar(out: &mut String, s: Option<&DocSummary>) {
    out.push_str(
        "<div id=bar role=search aria-label=\"Filter and sort the rows\" hidden>\n\
         <fieldset><legend>Verdict</legend>",
    );
    for v in ["ok", "review", "gap"] {
        let _ = write!(
            out,
            " <label><input type=checkbox id=v-{v} checked> {v}</label>"
        );
    }
    out.push_str(
        "</fieldset>\n<label>Kind <select id=fk><option value=\"\">any<option value=merged>merged",
    );
    for k in s.iter().flat_map(|s| s.kinds.keys()) {
        out.push_str("<option>");
        escape::text(out, k);
    }
    out.push_str("</select></label>\n<label><input type=checkbox id=ff> with findings</label>\n");
    let options = |out: &mut String| {
        for n in row::score_names() {
            let _ = write!(out, "<option>{n}");
        }
    };
    out.push_str("<span><label for=fm>Score</label> <select id=fm>");
    options(out);
    out.push_str(
        "</select> <label for=fv>below</label> <input id=fv type=number step=any></span>\n",
    );
    out.push_str("<label>Sort by <select id=sk><option value=link>link");
    options(out);
    out.push_str(
        "</select></label>\n<select id=sd aria-label=\"Sort direction\"><option value=asc>ascending\
         <option value=desc>descending</select>\n<button type=button id=reset>Reset</button>\n</div>\n",
    );
}

/// One pair of a batch index.
pub struct IndexRow<'a> {
    pub summary: &'a DocSummary,
    /// Its page, relative to the index; `None` for a failed pair.
    pub page: Option<&'a Path>,
}

/// `index.html` of a batch: one sortable row per pair with its figures and
/// a link to its page, the failed pairs with their errors, and the corpus
/// scores over every pair.
pub fn write_index(
    mut w: impl Write,
    rows: &[IndexRow],
    corpus: &CorpusStats,
    linked: &CorpusStats,
) -> std::io::Result<()> {
    let mut out = String::new();
    let failed: Vec<&IndexRow> = rows.iter().filter(|r| r.summary.error.is_some()).collect();
    let title = format!("mtaudit batch review: {} pairs", rows.len());
    head(&mut out, &title);
    out.push_str("<h1>");
    escape::text(&mut out, &title);
    let _ = writeln!(
        out,
        "</h1>\n<p>{} ok, {} failed.</p>\n<h2>Corpus scores over every pair</h2>",
        rows.len() - failed.len(),
        failed.len()
    );
    corpus_table(
        &mut out,
        &corpus.scores(linked),
        &linked.scores(linked),
        corpus.pairs,
        linked.pairs,
    );
    if !failed.is_empty() {
        out.push_str("<h2>Pairs that failed</h2>\n<table class=\"sortable plain\" id=failed>");
        plain_header(&mut out, &["pair".into(), "error".into()]);
        for r in &failed {
            out.push_str("<tr><td>");
            escape::text(&mut out, &r.summary.name);
            out.push_str("<td>");
            escape::text(&mut out, r.summary.error.as_deref().unwrap_or(""));
            out.push('\n');
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let scores = DocSummary::default().corpus_scores();
    let mut header: Vec<String> = ["pair", "links", "ok", "review", "gap", "low confidence"]
        .map(String::from)
        .to_vec();
    header.extend(scores.iter().map(|c| c.spec.label.to_owned()));
    header.extend(["hyp findings", "ref findings", "QA findings"].map(String::from));
    out.push_str("<h2>Pairs</h2>\n<table class=\"sortable plain\" id=pairs>");
    plain_header(&mut out, &header);
    for r in rows.iter().filter(|r| r.summary.error.is_none()) {
        let s = r.summary;
        out.push_str("<tr><td>");
        match r.page {
            Some(p) => {
                out.push_str("<a href=\"");
                escape::attr(&mut out, &escape::href(p));
                out.push_str("\">");
                escape::text(&mut out, &s.name);
                out.push_str("</a>");
            }
            None => escape::text(&mut out, &s.name),
        }
        let v = |k: &str| count_of(&s.verdicts, &k);
        let mut cells: Vec<Cell> = vec![
            Cell::int(s.links),
            Cell::int(v("ok")),
            Cell::int(v("review")),
            Cell::int(v("gap")),
            Cell::int(s.low_confidence),
        ];
        cells.extend(
            s.corpus_scores()
                .iter()
                .map(|c| Cell::Float(c.value, c.spec.decimals)),
        );
        cells.extend([
            Cell::int(s.hyp_findings.values().sum()),
            Cell::int(s.ref_findings.values().sum()),
            Cell::int(s.qa_findings.values().sum()),
        ]);
        for c in &cells {
            out.push_str("<td class=n>");
            escape::text(&mut out, &c.render());
        }
        out.push('\n');
    }
    out.push_str("</tbody>\n</table>\n");
    tail(&mut out);
    w.write_all(out.as_bytes())?;
    w.flush()
}

#[cfg(test)]
mod tests;
