//! One pair, end to end: segment both sides, align, score, check terms.
//!
//! Rows are made in chunks, each chunk's rows in parallel, and handed on in
//! document order while the next chunk is made, so a report streams to its
//! file with every core busy and no more than two chunks of rows held. With
//! `--aligned` even the input streams (see [`audit_lines`]); otherwise the
//! two documents are held, as alignment must.

use rayon::prelude::*;

use crate::align::{self, AlignConfig, Link, LinkKind};
use crate::error::{Error, Result};
use crate::glossary::{Glossary, LinkCheck, TermFinding};
use crate::input::cat::Unit;
use crate::input::{Document, LineReader};
use crate::metric::{self, Metric, PairStats};
use crate::qa::{self, CheckSet, Consistency};
use crate::segment::{Segmenter, Sentence, SplitMode, layout_breaks};
use crate::summary::DocSummary;

/// What the reviewer is asked to do with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Ok,
    Review,
    Gap,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Review => "review",
            Verdict::Gap => "gap",
        }
    }
}

/// Rows per chunk: enough to keep every core busy between hand-overs, few
/// enough that two chunks of rows are a few megabytes.
pub const DEFAULT_CHUNK: usize = 4096;

/// Settings shared by `compare` and `batch`.
#[derive(Debug, Clone)]
pub struct Options {
    /// How both texts become segments; [`SplitMode::AlignedLines`] pairs
    /// line i with line i instead of aligning (sacrebleu's mode).
    pub split: SplitMode,
    pub segmenter: Segmenter,
    pub align: AlignConfig,
    pub glossary: Glossary,
    /// A link whose chrF is below this is flagged `review`.
    pub review_below_chrf: f64,
    /// A link whose aligner confidence is below this is flagged `review`.
    pub min_align_score: f64,
    /// Rows made (and, with `--aligned`, lines read) per chunk; the report
    /// is the same for every value.
    pub chunk: usize,
    /// The QA checks to run (`--checks`).
    pub checks: CheckSet,
    /// How to read the inputs (`--input-format`); `None` detects it from
    /// each file's extension and content.
    pub input_format: Option<crate::input::cat::Format>,
    /// The language of a TMX file to audit (`--lang`).
    pub lang: Option<String>,
    /// Report words within this many edits of a glossary term or variant
    /// as `near` findings (`--near`); 0 = off.
    pub near: usize,
    /// Longest sentence scored, in bytes (`--max-sentence`); 0 = no limit.
    pub max_sentence: u64,
}

/// A "sentence" of 64 MiB costs about 1 GB to align and score (chrF's
/// n-gram keys, the word and character passes, one copy per stage): enough
/// for any real text, refused well before a 2 GB input without sentence
/// marks needs 30 GB.
pub const DEFAULT_MAX_SENTENCE: u64 = 64 << 20;

/// Refuses any sentence of one side longer than `--max-sentence`, naming its file and line.
pub fn check_sentences(s: &[Sentence], path: &std::path::Path, opts: &Options) -> Result<()> {
    let max = opts.max_sentence;
    match s.iter().find(|x| max > 0 && x.text.len() as u64 > max) {
        Some(x) => Err(crate::input::sentence_too_long(
            path,
            x.line,
            Some(x.text.len() as u64),
            max,
        )),
        None => Ok(()),
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            split: SplitMode::Sentences,
            segmenter: Segmenter::new(),
            align: AlignConfig::default(),
            glossary: Glossary::default(),
            review_below_chrf: 50.0,
            min_align_score: 0.5,
            chunk: DEFAULT_CHUNK,
            checks: CheckSet::ALL,
            input_format: None,
            lang: None,
            near: 0,
            max_sentence: DEFAULT_MAX_SENTENCE,
        }
    }
}

/// One report row: one alignment link with its scores and findings.
#[derive(Debug, Clone)]
pub struct Row {
    pub link: usize,
    pub kind: LinkKind,
    pub hyp_line: Option<usize>,
    pub ref_line: Option<usize>,
    pub hyp_text: String,
    pub ref_text: String,
    pub align_score: f64,
    /// `None` on a gap row.
    pub scores: Option<PairStats>,
    pub hyp_terms: Vec<TermFinding>,
    pub ref_terms: Vec<TermFinding>,
    /// QA findings (see [`crate::qa`]).
    pub qa: qa::Findings,
    pub verdict: Verdict,
    /// Why a row is `review`.
    pub reasons: Reasons,
    /// The workflow state of the hyp's and the ref's unit, as the CAT tool
    /// wrote it (see [`Unit::workflow`]); `None` for plain text.
    pub states: [Option<String>; 2],
}

/// Why a row asks for review; several may hold at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reasons(u8);

impl Reasons {
    pub const LOW_CHRF: Reasons = Reasons(1);
    pub const GLOSSARY: Reasons = Reasons(2);
    pub const LOW_CONFIDENCE: Reasons = Reasons(4);
    pub const QA: Reasons = Reasons(8);
    /// The reasons' names in report order: the oracle the joined
    /// [`REASON_CELLS`] are tested against.
    #[cfg(test)]
    const NAMES: [(Reasons, &'static str); 4] = [
        (Reasons::LOW_CHRF, "low-chrf"),
        (Reasons::GLOSSARY, "glossary"),
        (Reasons::LOW_CONFIDENCE, "low-confidence"),
        (Reasons::QA, "qa"),
    ];

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, r: Reasons) -> bool {
        self.0 & r.0 == r.0
    }

    fn set(&mut self, r: Reasons, on: bool) {
        if on {
            self.0 |= r.0;
        }
    }

    /// The names of the reasons that hold, in a fixed order.
    #[cfg(test)]
    fn names(self) -> impl Iterator<Item = &'static str> {
        Reasons::NAMES
            .into_iter()
            .filter(move |(r, _)| self.contains(*r))
            .map(|(_, n)| n)
    }
}

/// Every combination of the four reasons, joined, indexed by the bits:
/// the report writes one per row, and a static string costs no allocation.
const REASON_CELLS: [&str; 16] = [
    "",
    "low-chrf",
    "glossary",
    "low-chrf; glossary",
    "low-confidence",
    "low-chrf; low-confidence",
    "glossary; low-confidence",
    "low-chrf; glossary; low-confidence",
    "qa",
    "low-chrf; qa",
    "glossary; qa",
    "low-chrf; glossary; qa",
    "low-confidence; qa",
    "low-chrf; low-confidence; qa",
    "glossary; low-confidence; qa",
    "low-chrf; glossary; low-confidence; qa",
];

impl Reasons {
    /// The names of the reasons that hold, joined by `; `.
    pub fn as_str(self) -> &'static str {
        REASON_CELLS[usize::from(self.0 & 15)]
    }
}

impl std::fmt::Display for Reasons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Row {
    /// Adds a finding to a judged row that is not a gap: what [`Row::judge`]
    /// would then say, without scoring the row again.
    fn add_qa(&mut self, f: qa::QaFinding) {
        debug_assert!(!self.kind.is_gap());
        self.qa.push(f);
        self.reasons.set(Reasons::QA, true);
        self.verdict = Verdict::Review;
    }

    /// Sets `reasons` and `verdict` from the row's scores and findings.
    fn judge(&mut self, opts: &Options) {
        if self.kind.is_gap() {
            self.verdict = Verdict::Gap;
            self.reasons = Reasons::default();
            return;
        }
        let chrf = self.scores.as_ref().map_or(f64::NAN, |s| s.chrf.sentence());
        let mut r = Reasons::default();
        // A score that could not be computed (NaN) asks for a look too.
        // Identical sides need no look even where chrF is 0 (two empty
        // lines in --aligned mode).
        r.set(
            Reasons::LOW_CHRF,
            self.hyp_text != self.ref_text && (chrf.is_nan() || chrf < opts.review_below_chrf),
        );
        r.set(
            Reasons::GLOSSARY,
            !self.hyp_terms.is_empty() || !self.ref_terms.is_empty(),
        );
        r.set(
            Reasons::LOW_CONFIDENCE,
            self.align_score < opts.min_align_score,
        );
        r.set(Reasons::QA, !self.qa.is_empty());
        self.reasons = r;
        self.verdict = if r.is_empty() {
            Verdict::Ok
        } else {
            Verdict::Review
        };
    }
}

/// A row with what the summary needs besides it.
pub struct Made {
    pub row: Row,
    /// The row's keys for the consistency check, made in the parallel part.
    keys: Option<(u64, u64)>,
    /// The glossary's check, over [`Made::words`] where the row has them.
    check: LinkCheck,
    /// A CAT row's texts without inline codes, which the glossary read
    /// (`None` when it read the row's texts).
    words: Option<[String; 2]>,
    /// Entries of the `near` findings an ignore rule suppressed.
    near_suppressed: Vec<usize>,
    /// A gap row's statistics against the empty side: it still counts in
    /// the document's corpus scores, as sacrebleu scores an empty line.
    gap: Option<PairStats>,
}

/// One link before it is made into a row.
struct Pending {
    link: usize,
    kind: LinkKind,
    hyp_line: Option<usize>,
    ref_line: Option<usize>,
    hyp_text: String,
    ref_text: String,
    /// Double spaces that folding hid, per side (see [`Sentence::doubles`]).
    doubles: [Vec<u32>; 2],
    score: f64,
    /// Whether a side came from a CAT file, whose inline codes are left
    /// out of the scores ([`crate::input::cat::without_codes`]).
    codes: bool,
    /// The workflow state of each side's first unit (CAT files only).
    states: [Option<String>; 2],
}

/// Receives each row in document order; an error stops the audit.
pub type Emit<'a> = dyn FnMut(&Row) -> Result<()> + Send + 'a;

/// Aligns, scores and checks one pair of documents: the one flow that
/// `compare` and every pair of `batch` run. Rows go to `emit` in document
/// order; the document summary is returned.
pub fn audit_pair(
    name: &str,
    hyp: &Document,
    ref_: &Document,
    opts: &Options,
    emit: &mut Emit,
) -> Result<DocSummary> {
    let hs = opts.segmenter.segment(&hyp.text, opts.split);
    let rs = opts.segmenter.segment(&ref_.text, opts.split);
    check_sentences(&hs, &hyp.path, opts)?;
    check_sentences(&rs, &ref_.path, opts)?;
    let links = if opts.split == SplitMode::AlignedLines {
        if hs.len() != rs.len() {
            return Err(unequal_lines(
                hyp.path.as_ref(),
                hs.len(),
                ref_.path.as_ref(),
                rs.len(),
            ));
        }
        (0..hs.len())
            .map(|i| line_link(i, hs[i].text.is_empty(), rs[i].text.is_empty()))
            .collect()
    } else {
        let hl = layout_breaks(&hyp.text, &hs, opts.split);
        let rl = layout_breaks(&ref_.text, &rs, opts.split);
        align_sentences(&hs, &rs, &hl, &rl, opts)
    };
    let mut summary = DocSummary::new(name);
    summary.lossy_replacements = hyp.replacements + ref_.replacements;
    audit_links(&hs, &rs, &links, UnitSides::NONE, opts, &mut summary, emit)?;
    Ok(summary)
}

/// Links two lists of sentences with the aligner; `*_layout[i]` says
/// sentence i starts a line of its file.
fn align_sentences(
    hs: &[Sentence],
    rs: &[Sentence],
    hyp_layout: &[bool],
    ref_layout: &[bool],
    opts: &Options,
) -> Vec<Link> {
    // The aligner sees every variant as its preferred term, so that
    // "micro-letter" and "WeChat" count as the same word. Borrowed where
    // nothing changes: a copy of every sentence of two 2-million-line files
    // is half a gigabyte.
    let g = &opts.glossary;
    let hc: Vec<_> = hs.iter().map(|x| g.canonical(&x.text)).collect();
    let rc: Vec<_> = rs.iter().map(|x| g.canonical(&x.text)).collect();
    let hv: Vec<&str> = hc.iter().map(|c| c.as_ref()).collect();
    let rv: Vec<&str> = rc.iter().map(|c| c.as_ref()).collect();
    align::align_lines(&hv, &rv, hyp_layout, ref_layout, &opts.align)
}

/// Audits two files of translation units (XLIFF, TMX, PO). Units of two
/// such files are paired by their ids (the source text where ids do not
/// match), as the CAT tool keyed them: a unit on one side only, or one
/// without a translation, is a gap row. With plain text on one side, each
/// unit is a sentence and the two sides are aligned.
pub fn audit_units(
    name: &str,
    hyp: &Units,
    ref_: &Units,
    opts: &Options,
    emit: &mut Emit,
) -> Result<DocSummary> {
    let pairs = match (&hyp.units, &ref_.units) {
        (Some(hu), Some(ru)) => Some(crate::input::cat::pair_units(hu, ru)),
        _ => None,
    };
    let links = match &pairs {
        Some(pairs) => pairs
            .iter()
            .map(|&(h, r)| {
                let empty = |s: Option<&Sentence>| s.is_none_or(|s| s.text.is_empty());
                let (he, re) = (
                    empty(h.map(|i| &hyp.sentences[i])),
                    empty(r.map(|i| &ref_.sentences[i])),
                );
                // An untranslated unit faces its partner as a gap, like an
                // empty line in --aligned mode; a unit untranslated on both
                // sides is a `0-0` gap row (no vendor translated it).
                pair_link(h, r, he, re)
            })
            .collect(),
        _ => {
            let none = |n: usize| vec![false; n];
            align_sentences(
                &hyp.sentences,
                &ref_.sentences,
                &none(hyp.sentences.len()),
                &none(ref_.sentences.len()),
                opts,
            )
        }
    };
    let mut summary = DocSummary::new(name);
    summary.lossy_replacements = hyp.replacements + ref_.replacements;
    audit_links(
        &hyp.sentences,
        &ref_.sentences,
        &links,
        UnitSides {
            units: [hyp.units.as_deref(), ref_.units.as_deref()],
            owners: pairs.as_deref(),
        },
        opts,
        &mut summary,
        emit,
    )?;
    Ok(summary)
}

/// One side read as translation units, each a sentence.
pub struct Units {
    /// `None` for plain text, split into sentences as usual.
    pub units: Option<Vec<Unit>>,
    pub sentences: Vec<Sentence>,
    pub replacements: usize,
}

impl Units {
    /// A CAT file's units as sentences (one each, never re-segmented: the
    /// unit is what the tool gave).
    pub fn from_units(units: Vec<crate::input::cat::Unit>, replacements: usize) -> Units {
        let sentences = units
            .iter()
            .map(|u| {
                let mut doubles = Vec::new();
                Sentence {
                    text: crate::segment::fold_marking(&u.text, &mut doubles),
                    span: 0..0,
                    line: u.line,
                    doubles: doubles.into(),
                }
            })
            .collect();
        Units {
            units: Some(units),
            sentences,
            replacements,
        }
    }

    /// A plain text split into sentences.
    pub fn from_text(doc: &Document, opts: &Options) -> Units {
        Units {
            units: None,
            sentences: opts.segmenter.segment(&doc.text, opts.split),
            replacements: doc.replacements,
        }
    }
}

/// The CAT units behind the two sentence lists of [`audit_links`].
#[derive(Clone, Copy)]
struct UnitSides<'a> {
    /// A side's units, `None` for plain text.
    units: [Option<&'a [Unit]>; 2],
    /// For two CAT files, the units each link was paired from (see
    /// [`crate::input::cat::pair_units`]): an untranslated unit's row has
    /// no text on its side but still its line and workflow state, so that
    /// the reviewer finds the unit.
    owners: Option<&'a [(Option<usize>, Option<usize>)]>,
}

impl UnitSides<'_> {
    const NONE: Self = UnitSides {
        units: [None, None],
        owners: None,
    };
}

/// Makes and hands on the rows of `links` over the two sentence lists.
fn audit_links(
    hs: &[Sentence],
    rs: &[Sentence],
    links: &[Link],
    UnitSides { units, owners }: UnitSides,
    opts: &Options,
    summary: &mut DocSummary,
    emit: &mut Emit,
) -> Result<()> {
    summary.hyp_sentences = hs.len();
    summary.ref_sentences = rs.len();
    let codes = units.iter().any(Option::is_some);
    // A CAT file's units are its sentences, one each, in order; a link's
    // side is its unit, or the unit it was paired from when that was
    // left empty.
    let unit_of = |link: usize, s: usize, at: &std::ops::Range<usize>| {
        if !at.is_empty() {
            return Some(at.start);
        }
        let o = owners?.get(link)?;
        if s == 0 { o.0 } else { o.1 }
    };
    let state = |link: usize, s: usize, at: &std::ops::Range<usize>| {
        units[s]?.get(unit_of(link, s, at)?)?.workflow()
    };
    let line = |link: usize, s: usize, at: &std::ops::Range<usize>, side: &[Sentence]| {
        side.get(unit_of(link, s, at)?).map(|x| x.line)
    };
    let mut next = 0;
    let chunk = opts.chunk.max(1);
    pipeline(
        || {
            let end = (next + chunk).min(links.len());
            let pending = links[next..end]
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let h = &hs[l.hyp.clone()];
                    let r = &rs[l.ref_.clone()];
                    let at = next + i;
                    Pending {
                        link: at + 1,
                        kind: l.kind(),
                        hyp_line: line(at, 0, &l.hyp, hs),
                        ref_line: line(at, 1, &l.ref_, rs),
                        hyp_text: join(h),
                        ref_text: join(r),
                        doubles: [joined_doubles(h), joined_doubles(r)],
                        score: l.score,
                        codes,
                        states: [state(at, 0, &l.hyp), state(at, 1, &l.ref_)],
                    }
                })
                .collect();
            next = end;
            Ok(pending)
        },
        opts,
        summary,
        emit,
    )
}

/// [`audit_pair`] for `--aligned`, reading both files a chunk of lines at
/// a time: memory does not grow with their length.
pub fn audit_lines(
    name: &str,
    hyp: &mut LineReader,
    ref_: &mut LineReader,
    opts: &Options,
    emit: &mut Emit,
) -> Result<DocSummary> {
    let mut summary = DocSummary::new(name);
    let chunk = opts.chunk.max(1);
    let (mut hl, mut rl) = (Vec::new(), Vec::new());
    pipeline(
        || {
            hl.clear();
            rl.clear();
            let base = hyp.lines();
            hyp.next_lines(chunk, &mut hl)?;
            ref_.next_lines(chunk, &mut rl)?;
            if hl.len() != rl.len() {
                let h = hyp.lines() + hyp.count_rest()?;
                let r = ref_.lines() + ref_.count_rest()?;
                return Err(unequal_lines(hyp.path(), h, ref_.path(), r));
            }
            Ok(hl
                .drain(..)
                .zip(rl.drain(..))
                .enumerate()
                .map(|(i, (h, r))| {
                    let l = line_link(base + i, h.is_empty(), r.is_empty());
                    let n = base + i + 1;
                    Pending {
                        link: n,
                        kind: l.kind(),
                        hyp_line: (!l.hyp.is_empty()).then_some(n),
                        ref_line: (!l.ref_.is_empty()).then_some(n),
                        hyp_text: h,
                        ref_text: r,
                        doubles: Default::default(),
                        score: l.score,
                        codes: false,
                        states: Default::default(),
                    }
                })
                .collect())
        },
        opts,
        &mut summary,
        emit,
    )?;
    summary.hyp_sentences = hyp.lines();
    summary.ref_sentences = ref_.lines();
    summary.lossy_replacements = hyp.replacements() + ref_.replacements();
    Ok(summary)
}

/// Makes the rows of each chunk `next` yields (until an empty one) in
/// parallel, and hands the previous chunk's rows to the summary and `emit`
/// meanwhile, in document order.
fn pipeline(
    mut next: impl FnMut() -> Result<Vec<Pending>> + Send,
    opts: &Options,
    summary: &mut DocSummary,
    emit: &mut Emit,
) -> Result<()> {
    // A side's style (tokenized text) is judged on its first rows, read
    // ahead of making any, whatever the chunk size.
    let mut first = next()?;
    let style = if opts.checks.contains(qa::Code::Space) {
        let mut more = !first.is_empty();
        while more && first.len() < qa::Style::SAMPLE_ROWS {
            let n = next()?;
            more = !n.is_empty();
            first.extend(n);
        }
        qa::Style::judge(
            first
                .iter()
                .filter(|p| !p.codes)
                .map(|p| (p.hyp_text.as_str(), p.ref_text.as_str())),
        )
    } else {
        qa::Style::default()
    };
    summary.tokenized = style.tokenized;
    let make = |p: Vec<Pending>| -> Vec<Made> {
        p.into_par_iter()
            .map(|p| make_row(p, opts, style))
            .collect()
    };
    // `inconsistent` compares a row with the rows before it, so it runs
    // here, in document order, not in the parallel part.
    let mut consistency = opts
        .checks
        .contains(qa::Code::Inconsistent)
        .then(Consistency::new);
    let mut made = make(first);
    while !made.is_empty() {
        let (coming, done) = rayon::join(
            || next().map(make),
            || -> Result<()> {
                for m in &mut made {
                    if let Some(c) = consistency.as_mut()
                        && let Some(keys) = m.keys
                        && let Some(f) =
                            c.observe_keys(m.row.link, keys, &m.row.hyp_text, &m.row.ref_text)
                    {
                        m.row.add_qa(f);
                    }
                    summary.add(m, opts);
                    emit(&m.row)?;
                }
                Ok(())
            },
        );
        done?;
        made = coming?;
    }
    Ok(())
}

fn unequal_lines(hyp: &std::path::Path, h: usize, ref_: &std::path::Path, r: usize) -> Error {
    Error::input(
        hyp,
        None,
        format!(
            "--aligned needs equal line counts: {} has {h} lines, {} has {r}",
            hyp.display(),
            ref_.display()
        ),
    )
}

/// Line i with line i. An empty line against a non-empty one is a gap row
/// (the contract's "one side empty"): no per-row metrics, but the pair still
/// counts in the corpus scores, as sacrebleu scores it against an empty
/// segment. Two empty lines are an identical pair (layout), not a gap.
fn line_link(i: usize, hyp_empty: bool, ref_empty: bool) -> Link {
    let both = hyp_empty && ref_empty;
    pair_link(Some(i), Some(i), hyp_empty && !both, ref_empty && !both)
}

/// [`line_link`] for sentences `h` and `r` of their sides (`None`: the
/// other side has no partner for it); an empty side is left out of the
/// link, so two empty ones make a `0-0` gap.
fn pair_link(h: Option<usize>, r: Option<usize>, hyp_empty: bool, ref_empty: bool) -> Link {
    let take = |i: Option<usize>, keep: bool| match i {
        Some(i) => i..i + usize::from(keep),
        None => 0..0,
    };
    Link {
        hyp: take(h, !hyp_empty),
        ref_: take(r, !ref_empty),
        score: 1.0,
    }
}

fn join(s: &[Sentence]) -> String {
    let mut out = String::new();
    for (i, x) in s.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&x.text);
    }
    out
}

/// The sentences' [`Sentence::doubles`] as offsets in [`join`]`(s)`.
fn joined_doubles(s: &[Sentence]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut at = 0u32;
    for x in s {
        // Past 4 GiB a mark has no offset to hold: it is dropped.
        out.extend(x.doubles.iter().filter_map(|&d| d.checked_add(at)));
        let len = u32::try_from(x.text.len())
            .ok()
            .and_then(|l| l.checked_add(1));
        at = match len.and_then(|l| at.checked_add(l)) {
            Some(a) => a,
            None => break,
        };
    }
    out
}

fn make_row(p: Pending, opts: &Options, style: qa::Style) -> Made {
    let gap = p.kind.is_gap();
    // A CAT row is scored, measured and searched for terms on its words:
    // the inline codes of one tool's export would count as text the other
    // side lacks, and a tag inside a term would hide it.
    let words = |t| {
        if p.codes {
            crate::input::cat::without_codes_mapped(t)
        } else {
            crate::input::cat::WithoutCodes::same(t)
        }
    };
    let (wh, wr) = (words(&p.hyp_text), words(&p.ref_text));
    let (fh, fr) = (&wh.text, &wr.text);
    let stats = metric::score_pair(fh, fr);
    let (scores, gap_stats) = if gap {
        (None, Some(stats))
    } else {
        (Some(stats), None)
    };
    let g = &opts.glossary;
    let check = g.check_link(fh, fr, gap);
    // Findings quote the words without codes and mark them in the text as
    // written.
    let mut hyp_terms = check.hyp_findings(g, fh);
    let mut ref_terms = check.ref_findings(g, fr);
    let mut near_suppressed = Vec::new();
    if opts.near > 0 {
        hyp_terms.extend(g.near_counted(fh, opts.near, &mut near_suppressed));
        ref_terms.extend(g.near_counted(fr, opts.near, &mut near_suppressed));
    }
    if p.codes {
        // A hyp finding's span is in the ref for `missing` (`in_ref`); a
        // ref finding's is in the ref.
        for f in &mut hyp_terms {
            let w = if f.in_ref { &wr } else { &wh };
            f.span = w.original(f.span.clone());
        }
        for f in &mut ref_terms {
            f.span = wr.original(f.span.clone());
        }
    }
    let findings = if !gap && !opts.checks.is_empty() {
        let [hd, rd] = &p.doubles;
        let folded = [hd.as_slice(), rd.as_slice()];
        let length = opts.checks.contains(qa::Code::Length);
        if p.codes && length {
            let set = opts.checks.without(qa::Code::Length);
            let mut f = qa::pair_findings(&p.hyp_text, &p.ref_text, folded, set, style);
            f.extend(qa::length_of(fh, fr));
            f
        } else {
            qa::pair_findings(&p.hyp_text, &p.ref_text, folded, opts.checks, style)
        }
    } else {
        qa::Findings::new()
    };
    let words = p
        .codes
        .then(|| [wh.text.into_owned(), wr.text.into_owned()]);
    let keys = (!gap && opts.checks.contains(qa::Code::Inconsistent))
        .then(|| Consistency::keys(&p.hyp_text, &p.ref_text))
        .flatten();
    let mut row = Row {
        link: p.link,
        kind: p.kind,
        hyp_line: p.hyp_line,
        ref_line: p.ref_line,
        hyp_text: p.hyp_text,
        ref_text: p.ref_text,
        align_score: p.score,
        scores,
        hyp_terms,
        ref_terms,
        qa: findings,
        verdict: Verdict::Gap,
        reasons: Reasons::default(),
        states: p.states,
    };
    row.judge(opts);
    Made {
        row,
        keys,
        check,
        words,
        near_suppressed,
        gap: gap_stats,
    }
}

impl DocSummary {
    /// Adds one row: its counts, its statistics to the corpus scores (a gap
    /// row to the whole document's only), its findings and terms.
    fn add(&mut self, m: &Made, opts: &Options) {
        let r = &m.row;
        self.links += 1;
        let kind = r.kind.label();
        match self.kinds.get_mut(kind.as_ref()) {
            Some(n) => *n += 1,
            None => {
                self.kinds.insert(kind.into_owned(), 1);
            }
        }
        *self.verdicts.entry(r.verdict.as_str()).or_default() += 1;
        if r.verdict != Verdict::Gap && r.align_score < opts.min_align_score {
            self.low_confidence += 1;
        }
        for f in &r.hyp_terms {
            *self.hyp_findings.entry(f.kind).or_default() += 1;
        }
        for f in &r.ref_terms {
            *self.ref_findings.entry(f.kind).or_default() += 1;
        }
        for f in &r.qa {
            *self.qa_findings.entry(f.code).or_default() += 1;
        }
        match (&r.scores, &m.gap) {
            (Some(s), _) => {
                self.corpus.add(s);
                self.linked.add(s);
            }
            (None, Some(g)) => self.corpus.add(g),
            (None, None) => {}
        }
        if !opts.glossary.is_empty() {
            let [h, rf] = match &m.words {
                Some([h, rf]) => [h, rf],
                None => [&r.hyp_text, &r.ref_text],
            };
            self.terms
                .add_check(&opts.glossary, &m.check, h, rf, r.kind.is_gap());
            for &e in &m.near_suppressed {
                self.terms.add_suppressed(&opts.glossary, e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{DecodeOptions, Document};
    use crate::metric::CorpusStats;

    #[derive(Debug)]
    struct Rep {
        rows: Vec<Row>,
        summary: DocSummary,
    }

    impl std::ops::Deref for Rep {
        type Target = DocSummary;
        fn deref(&self) -> &DocSummary {
            &self.summary
        }
    }

    fn audit(h: &Document, r: &Document, o: &Options) -> Result<Rep> {
        let mut rows = Vec::new();
        let summary = audit_pair("x", h, r, o, &mut |r: &Row| {
            rows.push(r.clone());
            Ok(())
        })?;
        Ok(Rep { rows, summary })
    }

    fn doc(t: &str) -> Document {
        Document::from_bytes("x.txt", t.as_bytes(), DecodeOptions::default()).unwrap()
    }

    #[test]
    fn every_combination_of_reasons_has_its_joined_names() {
        for bits in 0..16u8 {
            let r = Reasons(bits);
            let names: Vec<_> = r.names().collect();
            assert_eq!(r.as_str(), names.join("; "), "{bits:04b}");
            assert_eq!(r.to_string(), r.as_str());
        }
        assert_eq!(
            Reasons(Reasons::LOW_CHRF.0 | Reasons::QA.0).as_str(),
            "low-chrf; qa"
        );
    }

    #[test]
    fn every_sentence_in_exactly_one_row() {
        let h = doc("One thing. Two things.\n\nThree.\nExtra footer line\n");
        let r = doc("One thing.\nThree.\n");
        let rep = audit(&h, &r, &Options::default()).unwrap();
        let hyp_count: usize = rep.rows.iter().map(|r| r.kind.hyp as usize).sum();
        let ref_count: usize = rep.rows.iter().map(|r| r.kind.ref_ as usize).sum();
        assert_eq!(hyp_count, rep.hyp_sentences);
        assert_eq!(ref_count, rep.ref_sentences);
        for (i, r) in rep.rows.iter().enumerate() {
            assert_eq!(r.link, i + 1);
            assert_eq!(r.verdict == Verdict::Gap, r.kind.is_gap());
            assert_eq!(r.scores.is_none(), r.kind.is_gap());
        }
    }

    #[test]
    fn aligned_mode_keeps_empty_lines_and_checks_counts() {
        let o = Options {
            split: SplitMode::AlignedLines,
            ..Options::default()
        };
        let rep = audit(&doc("a\n\nc\n\n"), &doc("a\nb\nc\n\n"), &o).unwrap();
        assert_eq!(rep.rows.len(), 4);
        // The empty hyp line is the gap side of a ref-only row.
        let gap = &rep.rows[1];
        assert_eq!((gap.kind.hyp, gap.kind.ref_), (0, 1));
        assert_eq!((gap.hyp_line, gap.ref_line), (None, Some(2)));
        assert_eq!(gap.verdict, Verdict::Gap);
        assert!(gap.scores.is_none());
        // Two empty lines are an identical pair: 1-1, nothing to review.
        let both = &rep.rows[3];
        assert_eq!((both.kind.hyp, both.kind.ref_), (1, 1));
        assert_eq!((both.hyp_line, both.ref_line), (Some(4), Some(4)));
        assert_eq!(both.verdict, Verdict::Ok);
        // The corpus still has four pairs, the gap scored against "".
        assert_eq!(rep.corpus.pairs, 4);
        let mut want = CorpusStats::default();
        for (h, r) in [("a", "a"), ("", "b"), ("c", "c"), ("", "")] {
            want.add(&metric::score_pair(h, r));
        }
        assert_eq!(rep.corpus, want);
        assert_eq!(rep.linked.pairs, 3, "the gap row is not a linked pair");
        let e = audit(&doc("a\nb\n"), &doc("a\n"), &o).unwrap_err();
        assert!(
            e.message.contains("2 lines") && e.message.contains("1"),
            "{}",
            e.message
        );
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;
    use crate::input::DecodeOptions;

    fn rows_and_summary(
        run: impl FnOnce(&mut Emit) -> Result<DocSummary>,
    ) -> (Vec<String>, String) {
        let mut rows = Vec::new();
        let s = run(&mut |r: &Row| {
            rows.push(format!("{r:?}"));
            Ok(())
        })
        .unwrap();
        (
            rows,
            format!(
                "{:?}",
                (
                    s.links,
                    &s.kinds,
                    &s.verdicts,
                    &s.corpus,
                    &s.linked,
                    &s.terms
                )
            ),
        )
    }

    #[test]
    fn every_chunk_size_and_the_line_stream_give_the_same_report() {
        let dir = tempfile::tempdir().unwrap();
        let lines_h: Vec<String> = (0..300)
            .map(|i| {
                if i % 17 == 0 {
                    String::new()
                } else {
                    format!("The micro-letter number {i} is here.")
                }
            })
            .collect();
        let lines_r: Vec<String> = (0..300)
            .map(|i| {
                if i % 23 == 0 {
                    String::new()
                } else {
                    format!("The WeChat number {} is there.", i * 7 % 300)
                }
            })
            .collect();
        let (ph, pr) = (dir.path().join("h.txt"), dir.path().join("r.txt"));
        std::fs::write(&ph, lines_h.join("\r\n")).unwrap();
        std::fs::write(&pr, lines_r.join("\n") + "\n").unwrap();
        let h = Document::read(&ph, DecodeOptions::default()).unwrap();
        let r = Document::read(&pr, DecodeOptions::default()).unwrap();
        let glossary = crate::glossary::Glossary::from_entries(
            vec![crate::glossary::Entry::new("WeChat", &["micro-letter"])],
            Vec::new(),
        );
        for split in [SplitMode::Sentences, SplitMode::AlignedLines] {
            let base = Options {
                split,
                glossary: glossary.clone(),
                ..Options::default()
            };
            let want = rows_and_summary(|e| audit_pair("x", &h, &r, &base, e));
            assert_eq!(
                want.0.len(),
                if split == SplitMode::AlignedLines {
                    300
                } else {
                    want.0.len()
                }
            );
            for chunk in [1, 7, 64, 100_000] {
                let o = Options {
                    chunk,
                    ..base.clone()
                };
                assert_eq!(
                    rows_and_summary(|e| audit_pair("x", &h, &r, &o, e)),
                    want,
                    "{split:?} chunk {chunk}"
                );
                if split == SplitMode::AlignedLines {
                    let mut lh = LineReader::open(&ph, DecodeOptions::default()).unwrap();
                    let mut lr = LineReader::open(&pr, DecodeOptions::default()).unwrap();
                    assert_eq!(
                        rows_and_summary(|e| audit_lines("x", &mut lh, &mut lr, &o, e)),
                        want,
                        "streamed, chunk {chunk}"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use crate::align::{AlignConfig, align_lines};

    #[test]
    fn a_heading_on_its_own_line_stays_a_gap() {
        // The heading's word also occurs in the ref sentence, so only the
        // layout tells that it is not part of the sentence before it (without
        // it, this pair aligns as one 2-1 link).
        let hyp = [
            "But one detail is worth attention: Ali competes with WeChat for mobile traffic.",
            "Wechat",
        ];
        let reference = [
            "However, one detail deserves attention: Ali competes with WeChat for mobile traffic.",
        ];
        let links = align_lines(
            &hyp,
            &reference,
            &[true, true],
            &[true],
            &AlignConfig::default(),
        );
        let kinds: Vec<String> = links.iter().map(|l| l.kind().to_string()).collect();
        assert_eq!(kinds, ["1-1", "1-0"]);
    }
}
