//! One report row as a table row of the review page: both texts with
//! the word diff and the findings marked in place, the scores, the verdict
//! and why.
//!
//! The markup is kept lean (optional end tags left out, unquoted attribute
//! values where HTML allows them, marks only on changed words), since a page
//! holds every row: the row's data lives in its class and cells, which the
//! page's script reads back for filters and sorting, so nothing is written
//! twice.

use std::fmt::Write;
use std::ops::Range;

use super::diff::{self, Change};
use super::escape;
use crate::audit::{Reasons, Row};
use crate::glossary::TermFinding;
use crate::metric::PairStats;
use crate::table::Cell;

/// A finding to mark in one side's text.
#[derive(Debug, Clone)]
struct Span {
    range: Range<usize>,
    /// A glossary finding (else a QA one).
    glossary: bool,
    label: String,
}

/// The class of a diff mark; the element is `del` on the hyp side, `ins`
/// on the ref side (the diff reads as the edit from hyp to ref).
pub fn diff_class(c: Change) -> &'static str {
    match c {
        Change::Deleted | Change::Inserted => "",
        Change::Substituted => "s",
        Change::Case => "c",
        Change::Punct => "p",
    }
}

/// Opens the `<ins>` or `<del>` (`tag`) of a diff mark of kind `c`.
pub fn open_diff_mark(out: &mut String, tag: &str, c: Change) {
    let class = diff_class(c);
    if class.is_empty() {
        let _ = write!(out, "<{tag}>");
    } else {
        let _ = write!(out, "<{tag} class={class}>");
    }
}

/// Appends `text` with its diff runs and finding spans marked. Findings are
/// the outer marks (one per stretch with the same set of findings), diff
/// marks nest inside and are cut at a finding's edge, so the elements nest
/// properly whatever the overlap.
fn marked_text(
    out: &mut String,
    tag: &str,
    text: &str,
    runs: &[(Range<usize>, Option<Change>)],
    spans: &[Span],
) {
    let ok = |r: &Range<usize>| {
        r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let spans: Vec<&Span> = spans.iter().filter(|s| ok(&s.range)).collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(runs.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(spans.iter().flat_map(|s| [s.range.start, s.range.end]));
    cuts.sort_unstable();
    cuts.dedup();
    // Starts and ends of spans by position, to keep the active set without
    // rescanning every span per piece.
    let mut starts: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.range.start, i))
        .collect();
    let mut ends: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.range.end, i))
        .collect();
    starts.sort_unstable();
    ends.sort_unstable();
    let (mut si, mut ei, mut ri) = (0, 0, 0);
    let mut active: Vec<usize> = Vec::new();
    let mut open_set: Option<Vec<usize>> = None;
    let mut open_diff: Option<Change> = None;
    let close_diff = |out: &mut String, d: &mut Option<Change>| {
        if d.take().is_some() {
            let _ = write!(out, "</{tag}>");
        }
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while ei < ends.len() && ends[ei].0 <= a {
            active.retain(|&x| x != ends[ei].1);
            ei += 1;
        }
        while si < starts.len() && starts[si].0 <= a {
            if spans[starts[si].1].range.end > a {
                active.push(starts[si].1);
            }
            si += 1;
        }
        active.sort_unstable();
        while ri < runs.len() && runs[ri].0.end <= a {
            ri += 1;
        }
        let change = runs
            .get(ri)
            .and_then(|(r, c)| if r.start <= a { *c } else { None });
        let set = (!active.is_empty()).then(|| active.clone());
        if set != open_set {
            close_diff(out, &mut open_diff);
            if open_set.take().is_some() {
                out.push_str("</mark>");
            }
            if let Some(s) = &set {
                open_finding(out, &s.iter().map(|&i| spans[i]).collect::<Vec<_>>());
            }
            open_set = set;
        }
        if change != open_diff {
            close_diff(out, &mut open_diff);
            if let Some(c) = change {
                open_diff_mark(out, tag, c);
                open_diff = Some(c);
            }
        }
        escape::text(out, &text[a..b]);
    }
    close_diff(out, &mut open_diff);
    if open_set.is_some() {
        out.push_str("</mark>");
    }
}

/// The mark around text that carries findings: focusable, the findings in
/// its title (shown on hover, and by the style sheet on focus).
fn open_finding(out: &mut String, spans: &[&Span]) {
    let g = spans.iter().any(|s| s.glossary);
    let q = spans.iter().any(|s| !s.glossary);
    out.push_str(match (g, q) {
        (true, true) => "<mark class=\"g q\"",
        (true, false) => "<mark class=g",
        _ => "<mark class=q",
    });
    out.push_str(" tabindex=0 title=\"");
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        escape::attr(out, &s.label);
    }
    out.push_str("\">");
}

fn term_spans(f: &[TermFinding], in_ref: bool, side: &str) -> impl Iterator<Item = Span> {
    f.iter()
        .filter(move |t| t.in_ref == in_ref)
        .map(move |t| Span {
            range: t.span.clone(),
            glossary: true,
            label: format!("{side}{t}"),
        })
}

/// The names in the page's score cells, in order: the align score, then
/// [`PairStats::columns`].
pub fn score_names() -> Vec<&'static str> {
    let mut v = vec!["align"];
    v.extend(PairStats::columns());
    v
}

/// Buffers reused between rows.
#[derive(Default)]
pub struct Scratch {
    pub(super) cells: Vec<Cell<'static>>,
}

/// Appends one report row; a scored row's metric cells are left in
/// `scratch.cells` (for the histogram).
pub fn render(out: &mut String, r: &Row, scratch: &mut Scratch) {
    let gap = r.kind.is_gap();
    let merged = r.kind.hyp > 1 || r.kind.ref_ > 1;
    let has_findings = !r.hyp_terms.is_empty() || !r.ref_terms.is_empty() || !r.qa.is_empty();
    let low = r.reasons.contains(Reasons::LOW_CONFIDENCE);
    let _ = write!(out, "<tr id=l{} class=\"{}", r.link, r.verdict.as_str());
    for (on, c) in [(has_findings, " f"), (merged, " m"), (low, " lc")] {
        if on {
            out.push_str(c);
        }
    }
    let _ = write!(out, "\"><td>{}<td class=k>", r.link);
    escape::text(out, &r.kind.label());
    let line = |l: Option<usize>| l.map_or("–".to_owned(), |n| n.to_string());
    let _ = write!(
        out,
        "<small>{} ↔ {}</small>",
        line(r.hyp_line),
        line(r.ref_line)
    );

    // Findings per side: the hyp's deprecated and case terms, the ref's,
    // a `missing` term where the ref has it, QA spans on both.
    let mut hyp_spans: Vec<Span> = term_spans(&r.hyp_terms, false, "").collect();
    let mut ref_spans: Vec<Span> = term_spans(&r.ref_terms, false, "").collect();
    ref_spans.extend(term_spans(&r.hyp_terms, true, "hyp "));
    for q in &r.qa {
        let label = q.to_string();
        hyp_spans.extend(q.hyp.iter().map(|s| Span {
            range: s.clone(),
            glossary: false,
            label: label.clone(),
        }));
        ref_spans.extend(q.ref_.iter().map(|s| Span {
            range: s.clone(),
            glossary: false,
            label: label.clone(),
        }));
    }
    let (hyp_runs, ref_runs) = if gap {
        (Vec::new(), Vec::new())
    } else {
        let ops = diff::diff(&r.hyp_text, &r.ref_text);
        (diff::side(&ops, true), diff::side(&ops, false))
    };
    for (tag, text, runs, spans, present, other) in [
        (
            "del",
            &r.hyp_text,
            &hyp_runs,
            &hyp_spans,
            r.kind.hyp > 0,
            "hyp",
        ),
        (
            "ins",
            &r.ref_text,
            &ref_runs,
            &ref_spans,
            r.kind.ref_ > 0,
            "ref",
        ),
    ] {
        out.push_str("<td class=t>");
        if present {
            marked_text(out, tag, text, runs, spans);
        } else {
            let _ = write!(out, "<em class=na>no {other} sentence</em>");
        }
    }

    // Scores: the align score, then every metric column, one `name value`
    // per line: labelled without CSS, one text node for the browser.
    out.push_str("<td class=sc>align ");
    out.push_str(&escape::short_number(&Cell::float(r.align_score)));
    if let Some(s) = &r.scores {
        scratch.cells.clear();
        s.cells(&mut scratch.cells);
        for (name, c) in PairStats::columns().iter().zip(&scratch.cells) {
            let _ = write!(out, "\n{name} {}", escape::short_number(c));
        }
    }

    let _ = write!(out, "<td class=vd><b>{}</b>", r.verdict.as_str());
    if !r.reasons.is_empty() {
        let _ = write!(out, "<small>{}</small>", r.reasons);
    }
    // A CAT unit's workflow state: a draft or fuzzy ref is no approved text.
    for (side, state) in [("hyp", &r.states[0]), ("ref", &r.states[1])] {
        if let Some(st) = state {
            let _ = write!(out, "<small>{side} ");
            escape::text(out, st);
            out.push_str("</small>");
        }
    }
    if has_findings {
        out.push_str("<ul>");
        let items = r
            .hyp_terms
            .iter()
            .map(|t| ("hyp", t.to_string()))
            .chain(r.ref_terms.iter().map(|t| ("ref", t.to_string())))
            .chain(r.qa.iter().map(|q| ("qa", q.to_string())));
        for (side, f) in items {
            let _ = write!(out, "<li>{side} ");
            escape::text(out, &f);
        }
        out.push_str("</ul>");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>, glossary: bool, label: &str) -> Span {
        Span {
            range,
            glossary,
            label: label.into(),
        }
    }

    fn marked(text: &str, runs: &[(Range<usize>, Option<Change>)], spans: &[Span]) -> String {
        let mut s = String::new();
        marked_text(&mut s, "del", text, runs, spans);
        s
    }

    #[test]
    fn diff_marks_nest_inside_findings_and_are_cut_at_their_edges() {
        let t = "the micro-letter app";
        let runs = [
            (0..4, None),
            (4..16, Some(Change::Substituted)),
            (16..20, None),
        ];
        let spans = [span(4..16, true, "deprecated: micro-letter -> WeChat")];
        assert_eq!(
            marked(t, &runs, &spans),
            "the <mark class=g tabindex=0 title=\"deprecated: micro-letter -&gt; WeChat\">\
             <del class=s>micro-letter</del></mark> app"
        );
        // A finding across a diff edge, overlapping another finding.
        let spans = [span(2..10, true, "a"), span(8..12, false, "b<")];
        assert_eq!(
            marked(t, &runs, &spans),
            "th<mark class=g tabindex=0 title=\"a\">e <del class=s>micr</del></mark>\
             <mark class=\"g q\" tabindex=0 title=\"a; b&lt;\"><del class=s>o-</del></mark>\
             <mark class=q tabindex=0 title=\"b&lt;\"><del class=s>le</del></mark>\
             <del class=s>tter</del> app"
        );
    }

    #[test]
    fn bad_spans_are_ignored_not_trusted() {
        let t = "é<b>";
        // Inside a character, past the end, empty, reversed.
        #[allow(clippy::reversed_empty_ranges)]
        let spans = [
            span(1..2, true, "x"),
            span(0..99, true, "x"),
            span(2..2, true, "x"),
            span(3..1, true, "x"),
        ];
        assert_eq!(marked(t, &[], &spans), "é&lt;b&gt;");
    }

    #[test]
    fn every_hostile_text_is_escaped_in_cells_and_titles() {
        for h in super::super::escape::tests::HOSTILE {
            let spans = [span(0..h.len(), true, h)];
            let s = marked(h, &[(0..h.len(), Some(Change::Deleted))], &spans);
            let (mut title, mut body) = (String::new(), String::new());
            escape::attr(&mut title, h);
            escape::text(&mut body, h);
            assert_eq!(
                s,
                format!("<mark class=g tabindex=0 title=\"{title}\"><del>{body}</del></mark>")
            );
            assert!(!title.contains(['"', '<', '>']) && !body.contains(['<', '>']));
        }
    }
}
