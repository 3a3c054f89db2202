//! One file per command, the way xsv lays them out: each `run` takes its
//! parsed arguments and returns `Ok` or an error carrying its exit code.
//! What more than one command needs lives here: reading inputs, building the
//! pipeline settings, the thread pool, refusing outputs that would destroy
//! an input, and writing one pair's report.

pub mod batch;
pub mod compare;
pub mod merge;
pub mod qa;
pub mod segment;
pub mod signals;
pub mod terms;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::audit::{Options, Row, Units, audit_lines, audit_pair, audit_units};
use crate::cli::{CatArgs, Common, PipelineArgs, TermArgs};
use crate::error::{Error, Result};
use crate::glossary::{Glossary, IgnoreList};
use crate::input::{DecodeOptions, Document, LineReader, cat};
use crate::output::{self, ReportWriter, WriteOptions, is_stdout};
use crate::segment::{Segmenter, SplitMode};
use crate::summary::DocSummary;

/// One line on stderr. A closed or full stderr (`2>/dev/full`, a log pipe
/// that went away) loses the message but never the run: the outputs are
/// what matters, and `eprintln!` would panic.
pub fn say(line: &str) {
    use std::io::Write;
    let mut e = std::io::stderr().lock();
    let _ = e
        .write_all(line.as_bytes())
        .and_then(|()| e.write_all(b"\n"));
}

/// Warnings print even with `-q`: each one says that data was changed or
/// left out (a cut cell, replaced bytes, a glossary line skipped), which a
/// CI log must show.
pub fn warn_all(warnings: &[String]) {
    for w in warnings {
        say(&format!("mtaudit: warning: {w}"));
    }
}

fn decode_opts(c: &Common) -> DecodeOptions {
    DecodeOptions {
        lossy: c.lossy,
        encoding: c.encoding,
        max_input: c.max_input,
    }
}

/// With `--lossy` a replaced byte never goes unmentioned.
pub fn lossy_warning(doc: &Document) -> Option<String> {
    (doc.replacements > 0).then(|| replaced(&doc.path, doc.replacements))
}

/// Reads one input, printing the lossy-decoding warning.
fn read_doc(path: &Path, c: &Common) -> Result<Document> {
    let doc = Document::read(path, decode_opts(c))?;
    warn_all(lossy_warning(&doc).as_slice());
    Ok(doc)
}

/// How a text is read: `--input-format`, else its extension, else its
/// content (an `<xliff>` or `<tmx>` root, a PO entry).
fn input_format(d: &Document, given: Option<cat::Format>) -> cat::Format {
    given.unwrap_or_else(|| cat::Format::detect(&d.path, &d.text))
}

/// The units of an XLIFF, TMX or PO file (format `f`) as sentences, one
/// each, never re-segmented: how every command reads such a file. What
/// reading it told the user (TMX units with several segments of the
/// language) goes into `warnings`.
fn cat_units(
    d: &Document,
    f: cat::Format,
    lang: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Units> {
    let file = cat::read(&d.path, &d.text, f, lang)?;
    warnings.extend(file.warnings);
    Ok(Units::from_units(file.units, d.replacements))
}

/// The one text of `segment`, `terms` or `qa`, read as `compare` reads a
/// side, its warnings printed: the document and, for an XLIFF, TMX or PO
/// file, its units (`None`: plain text, for the segmenter).
fn read_text(path: &Path, c: &Common, ca: &CatArgs) -> Result<(Document, Option<Units>)> {
    let doc = read_doc(path, c)?;
    let f = input_format(&doc, ca.input_format);
    if f == cat::Format::Text {
        return Ok((doc, None));
    }
    let mut warnings = Vec::new();
    let units = cat_units(&doc, f, ca.lang.as_deref(), &mut warnings)?;
    warn_all(&warnings);
    Ok((doc, Some(units)))
}

/// The fingerprints of the files the options name (`--abbrev`, the
/// glossaries, `--ignore`), each taken from the very bytes that were
/// parsed as the file was read (once): a batch shard records them, so a
/// file replaced while the shards start cannot make a manifest line
/// disagree with what its shard used, and a stream (`--glossary <(...)`)
/// works. Off (the default), nothing is hashed.
#[derive(Default)]
pub(crate) struct OptionFiles {
    fingerprint: bool,
    abbrev: Option<String>,
    /// The glossaries then `--ignore`.
    terms: Vec<String>,
}

impl OptionFiles {
    pub(crate) fn fingerprinting() -> OptionFiles {
        OptionFiles {
            fingerprint: true,
            ..OptionFiles::default()
        }
    }

    /// Manifest lines: `--abbrev`, the glossaries, `--ignore`, each as
    /// `FLAG PATH (sha256 FIRST-16-HEX-DIGITS…)`.
    pub(crate) fn lines(&self) -> impl Iterator<Item = &String> {
        self.abbrev.iter().chain(&self.terms)
    }

    /// The segmenter with `--abbrev`'s list, read as any input (a binary
    /// file is refused at its first bytes).
    fn segmenter(&mut self, c: &Common) -> Result<Segmenter> {
        let mut s = Segmenter::new();
        if let Some(p) = &c.abbrev {
            let mut fp = Fingerprint::new(self.fingerprint);
            let d = Document::read_seeing(p, DecodeOptions::default(), &mut |b| fp.update(b))?;
            self.abbrev = fp.line("--abbrev", p);
            s = s.with_abbreviations(
                d.text
                    .lines()
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty()),
            );
        }
        Ok(s)
    }

    /// The merged glossaries with the `--ignore` rules, each file read and
    /// parsed in turn; load warnings go to stderr.
    fn glossary(&mut self, t: &TermArgs) -> Result<Glossary> {
        let on = self.fingerprint;
        let mut fps: Vec<Fingerprint> = t.glossaries.iter().map(|_| Fingerprint::new(on)).collect();
        let mut g = Glossary::load_seeing(&t.glossaries, t.max_term_chars, &mut |i, b| {
            fps[i].update(b)
        })?;
        let lines = t.glossaries.iter().zip(fps);
        self.terms
            .extend(lines.filter_map(|(p, fp)| fp.line("--glossary", p)));
        warn_all(&g.warnings());
        if let Some(p) = &t.ignore {
            let mut fp = Fingerprint::new(on);
            g = g.with_ignore(IgnoreList::load_seeing(p, &mut |b| fp.update(b))?);
            self.terms.extend(fp.line("--ignore", p));
        }
        Ok(g)
    }
}

/// One option file's SHA-256 as it is read, when fingerprinting is on.
struct Fingerprint(Option<sha2::Sha256>);

impl Fingerprint {
    fn new(on: bool) -> Fingerprint {
        use sha2::Digest;
        Fingerprint(on.then(sha2::Sha256::new))
    }

    fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        if let Some(sha) = &mut self.0 {
            sha.update(bytes);
        }
    }

    /// The manifest line, `None` when off.
    fn line(self, flag: &str, path: &Path) -> Option<String> {
        use sha2::Digest;
        let d = self.0?.finalize();
        let hex: String = d[..8].iter().map(|x| format!("{x:02x}")).collect();
        Some(format!("{flag} {} (sha256 {hex}…)", path.display()))
    }
}

fn segmenter(c: &Common) -> Result<Segmenter> {
    OptionFiles::default().segmenter(c)
}

fn load_glossary(t: &TermArgs) -> Result<Glossary> {
    OptionFiles::default().glossary(t)
}

/// The pipeline settings shared by `compare` and `batch`; loads the
/// glossaries once (a batch shares them across all pairs); `files` takes
/// the fingerprints of the files read.
fn build_options(
    c: &Common,
    t: &TermArgs,
    p: &PipelineArgs,
    files: &mut OptionFiles,
) -> Result<Options> {
    let glossary = files.glossary(t)?;
    let boundary = p
        .boundary
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Error::usage(format!("--boundary: invalid regular expression: {e}")))?;
    if !p.review_below.is_finite() {
        return Err(Error::usage("--review-below must be a number"));
    }
    Ok(Options {
        chunk: p.chunk.max(1),
        checks: p.checks,
        input_format: p.input_format,
        lang: p.lang.clone(),
        near: p.near as usize,
        max_sentence: p.max_sentence,
        split: if p.aligned {
            SplitMode::AlignedLines
        } else {
            c.split_mode()
        },
        segmenter: files.segmenter(c)?,
        align: crate::align::AlignConfig {
            boundary,
            ..crate::align::AlignConfig::default()
        },
        glossary,
        review_below_chrf: p.review_below,
        ..Options::default()
    })
}

/// A local pool: the global one is left alone so the library stays usable
/// from callers that configure their own.
fn thread_pool(jobs: Option<u16>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        b = b.num_threads(j as usize);
    }
    b.build()
        .map_err(|e| Error::usage(format!("--jobs: cannot start threads: {e}")))
}

/// Progress and spinners only where a person watches: never with `-q`,
/// never into a log file.
fn show_progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Whether the output `out` is the input `input`, whether named the same
/// way or not (a file that does not exist yet cannot be an input). An input
/// of `-` is standard input: when the shell fed it a file (`< mt.txt`),
/// that file is the input, and `-o mt.txt` would destroy it.
fn same_file(out: &Path, input: &Path) -> bool {
    let input = if input == Path::new("-") {
        Path::new("/dev/stdin")
    } else {
        input
    };
    !is_stdout(out) && crate::pairs::same_file(out, input)
}

/// Every file a command reads besides its texts: glossaries, --ignore, --abbrev.
fn aux_inputs<'a>(c: &'a Common, t: &'a TermArgs) -> Vec<(&'static str, &'a Path)> {
    let mut v: Vec<(&'static str, &'a Path)> = t
        .glossaries
        .iter()
        .map(|g| ("--glossary", g.as_path()))
        .collect();
    v.extend(t.ignore.as_deref().map(|p| ("--ignore", p)));
    v.extend(c.abbrev.as_deref().map(|p| ("--abbrev", p)));
    v
}

/// Refuses an output that is one of the inputs (it would be destroyed) or
/// that another output also names (one would silently replace the other,
/// or, both on standard output, the two would run together).
fn check_outputs(inputs: &[(&str, &Path)], outputs: &[(&str, Option<&PathBuf>)]) -> Result<()> {
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let Some(out) = out else { continue };
        for (what, input) in inputs {
            if same_file(out, input) {
                let how = if *input == Path::new("-") {
                    " read from standard input"
                } else {
                    ""
                };
                return Err(Error::usage(format!(
                    "{flag} {} is an input file ({what}{how}); writing there would destroy it",
                    out.display()
                )));
            }
        }
        for (flag2, other) in &outputs[i + 1..] {
            // `-`, /dev/stdout, /dev/fd/1: one stream that would hold two
            // tables run together, which no reader can split again.
            if let Some(other) = other
                && is_stdout(out)
                && is_stdout(other)
            {
                return Err(Error::usage(format!(
                    "{flag} {} and {flag2} {} both write to standard output, where the two \
                     tables would run together; send one of them to a file",
                    out.display(),
                    other.display()
                )));
            }
            if let Some(other) = other
                && !is_stdout(out)
                && (out == other || (!is_stdout(other) && same_file(out, other)))
            {
                return Err(Error::usage(format!(
                    "{flag} and {flag2} both name {}; give each its own file",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

/// `--fail-on-terms` with no glossary could never fail: say so rather than pass silently.
fn check_gate_args(g: &crate::cli::GateArgs, t: &TermArgs) -> Result<()> {
    if g.fail_on_terms && t.glossaries.is_empty() {
        return Err(Error::usage(
            "--fail-on-terms needs at least one --glossary FILE to check terms against",
        ));
    }
    Ok(())
}

/// Where one pair's texts come from.
struct PairInput<'a> {
    name: &'a str,
    hyp: &'a Path,
    ref_: &'a Path,
    decode: DecodeOptions,
    /// Refuse devices and FIFOs (a batch tree holding one would block or
    /// stream forever).
    regular_only: bool,
}

/// What auditing one pair produced.
struct PairOutput {
    summary: DocSummary,
    /// Cut cells and the like, from writing the report.
    warnings: Vec<String>,
    /// What reading the inputs should tell the user: lossy-decoding
    /// substitutions (one line per side that had any), TMX units with
    /// several segments of the chosen language, a side read as tokenized
    /// text; a file on both sides says each once.
    lossy: Vec<String>,
}

fn check_regular(p: &Path) -> Result<()> {
    match std::fs::metadata(p) {
        Ok(m) if !m.is_file() => Err(Error::input(p, None, "not a regular file")),
        _ => Ok(()),
    }
}

/// Audits one pair and streams its report into `out`: what `compare` does
/// once and `batch` per pair. With `--aligned` both files are read a chunk
/// of lines at a time; otherwise both are read whole, as alignment needs.
/// `keep` says which rows the report shows (the summary counts every row).
fn audit_into(
    input: &PairInput,
    opts: &Options,
    out: impl std::io::Write + Send,
    label: &Path,
    wo: &WriteOptions,
    keep: &(dyn Fn(&Row) -> bool + Sync),
) -> Result<PairOutput> {
    if input.regular_only {
        check_regular(input.hyp)?;
        check_regular(input.ref_)?;
    }
    let io_err = |e: std::io::Error| {
        if is_stdout(label) {
            output::stdout_error(e)
        } else {
            Error::output(label, format!("cannot write: {e}"))
        }
    };
    let mut rw = ReportWriter::new(out, input.name, wo).map_err(io_err)?;
    let mut emit = |r: &Row| -> Result<()> {
        if keep(r) {
            rw.row(r).map_err(io_err)?;
        }
        Ok(())
    };
    let cat_named = |p: &Path| cat::Format::from_extension(p) != cat::Format::Text;
    let plain = match opts.input_format {
        Some(f) => f == cat::Format::Text,
        None => !cat_named(input.hyp) && !cat_named(input.ref_),
    };
    let (summary, mut lossy) = if opts.split == SplitMode::AlignedLines && plain {
        let mut h = LineReader::open(input.hyp, input.decode)?.with_max_line(opts.max_sentence);
        let mut r = LineReader::open(input.ref_, input.decode)?.with_max_line(opts.max_sentence);
        let s = audit_lines(input.name, &mut h, &mut r, opts, &mut emit)?;
        let lossy = [&h, &r]
            .iter()
            .filter(|x| x.replacements() > 0)
            .map(|x| replaced(x.path(), x.replacements()))
            .collect();
        (s, lossy)
    } else {
        let h = Document::read(input.hyp, input.decode)?;
        let r = Document::read(input.ref_, input.decode)?;
        let mut lossy: Vec<String> = [&h, &r].into_iter().filter_map(lossy_warning).collect();
        let format = |d: &Document| input_format(d, opts.input_format);
        let (hf, rf) = (format(&h), format(&r));
        let s = if hf == cat::Format::Text && rf == cat::Format::Text {
            audit_pair(input.name, &h, &r, opts, &mut emit)?
        } else {
            if opts.split == SplitMode::AlignedLines
                && (hf == cat::Format::Text) != (rf == cat::Format::Text)
            {
                return Err(Error::usage(
                    "--aligned pairs line i of one text file with line i of the other; with an \
                     XLIFF, TMX or PO file on one side only, drop --aligned to align its units \
                     with the text (two such files are paired by unit id)",
                ));
            }
            let mut units = |d: &Document, f: cat::Format| -> Result<Units> {
                let u = if f == cat::Format::Text {
                    Units::from_text(d, opts)
                } else {
                    cat_units(d, f, opts.lang.as_deref(), &mut lossy)?
                };
                crate::audit::check_sentences(&u.sentences, &d.path, opts)?;
                Ok(u)
            };
            let (hu, ru) = (units(&h, hf)?, units(&r, rf)?);
            audit_units(input.name, &hu, &ru, opts, &mut emit)?
        };
        (s, lossy)
    };
    // A tokenized hyp is a defect of the delivery; a tokenized ref is
    // how research references often come.
    for ((path, tokenized), delivery) in [input.hyp, input.ref_]
        .into_iter()
        .zip(summary.tokenized)
        .zip([true, false])
    {
        if tokenized {
            lossy.push(tokenized_warning(
                path,
                "commas and full stops of its first rows",
                delivery,
            ));
        }
    }
    lossy.dedup();
    let warnings = rw.finish(&summary).map_err(io_err)?;
    Ok(PairOutput {
        summary,
        warnings,
        lossy,
    })
}

/// The warning for a text read as tokenized (see [`crate::qa::Style`]):
/// `judged` says on what, `delivery` whether it is the text under audit.
fn tokenized_warning(path: &Path, judged: &str, delivery: bool) -> String {
    let advice = if delivery {
        ": detokenize it before delivery"
    } else {
        ""
    };
    format!(
        "{}: reads as tokenized text (a space before most {judged}){advice}; `space` leaves \
         its spaces before marks out of the rows",
        path.display()
    )
}

fn replaced(path: &Path, n: usize) -> String {
    format!(
        "{}: {n} undecodable byte sequences replaced with U+FFFD (--lossy)",
        path.display()
    )
}
