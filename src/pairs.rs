//! Which files pair up in a batch: two directory trees matched by
//! relative path, or a manifest naming each pair. Pairing is decided before
//! anything is read, so a missing partner is reported as that pair's error
//! while the other pairs run.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::glossary::unclosed_quote;
use crate::input::{DecodeOptions, Document};

/// One pair to compare. A side is `None` when its file is missing (an
/// orphan in directory mode); such a pair is reported as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The `doc` value of its rows and the `name` of its summary row.
    pub name: String,
    pub hyp: Option<PathBuf>,
    pub ref_: Option<PathBuf>,
    /// Where its report goes, relative to the output directory, without
    /// the format's extension.
    pub out_stem: PathBuf,
    /// Where the pair came from, for messages (`manifest.csv:4`, or the
    /// relative path).
    pub origin: String,
    /// What identifies the pair whatever the order of the listing: its
    /// relative path, or the manifest row's `hyp`, `ref` and `name` as
    /// written. A shard is chosen by it.
    pub key: String,
    /// Why the pair cannot run, found while listing it (a manifest row
    /// without a hyp or a ref): the whole message, origin first. Such a
    /// pair is reported as failed while the others run.
    pub problem: Option<String>,
}

/// One of N deterministic parts of a batch (`--shard K/N`, K from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N (e.g. 3/8), got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (usize, usize) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// Whether `pair` belongs to this shard: a hash of its key, so the
    /// parts do not depend on the listing's order and every shard of one
    /// listing agrees on them without talking to the others.
    pub fn holds(&self, pair: &Pair) -> bool {
        // FNV-1a, then a splitmix finaliser to spread the low bits.
        let mut h = crate::metric::text::Fnv::NEW.bytes(pair.key.as_bytes()).0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        (h % self.n as u64) as usize == self.k - 1
    }
}

impl Pair {
    /// The error of a side that is a symbolic link to nothing: the walk
    /// lists such a link (its partner may exist), and "orphan" or "not
    /// found" would hide that the link itself is what is broken.
    pub fn broken_link(&self) -> Option<Error> {
        [&self.hyp, &self.ref_].into_iter().flatten().find_map(|p| {
            let link = std::fs::symlink_metadata(p).ok()?;
            if !link.file_type().is_symlink() || std::fs::metadata(p).is_ok() {
                return None;
            }
            let to = std::fs::read_link(p).ok()?;
            Some(Error::input(
                p,
                None,
                format!(
                    "broken symbolic link: it points to {}, which does not exist; fix or \
                     remove the link",
                    to.display()
                ),
            ))
        })
    }
}

/// The pair's name in reports: the hyp file's stem.
pub fn doc_name(hyp: &Path) -> String {
    hyp.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".to_owned())
}

/// Relative path with `/` separators, whatever the platform.
fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Keeps a report inside the output directory whatever the manifest says:
/// only plain components survive (no root, no `..`).
fn safe_relative(p: &Path) -> PathBuf {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Every regular file under `root`, as sorted relative paths. Hidden
/// entries (`.DS_Store`, `.git`) and `skip` (the output directory, when it
/// lies inside an input tree) are left out; symlinked directories are not
/// followed, so a link cycle cannot hang the walk.
fn walk(root: &Path, skip: Option<&Path>) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(root).map_err(|e| Error::input(root, None, e))?;
    if !meta.is_dir() {
        return Err(Error::usage(format!("{}: not a directory", root.display())));
    }
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        if skip.is_some_and(|s| same_file(&dir, s)) {
            continue;
        }
        let rd = std::fs::read_dir(&dir).map_err(|e| Error::input(&dir, None, e))?;
        for entry in rd {
            let entry = entry.map_err(|e| Error::input(&dir, None, e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let child = rel.join(&name);
            let ft = entry.file_type().map_err(|e| Error::input(&dir, None, e))?;
            if ft.is_dir() {
                stack.push(child);
            } else if ft.is_symlink() {
                // A link to a file counts; a link to a directory is skipped.
                if std::fs::metadata(root.join(&child)).is_ok_and(|m| m.is_dir()) {
                    continue;
                }
                out.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Same file, whether named the same way or not (a path that does not
/// exist yet names no file).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Pairs files of two trees by relative path (recursive, sorted). A file on
/// one side only is an orphan pair. `out_dir` is skipped if it lies inside
/// either tree, so a rerun does not take its own reports as input.
pub fn pairs_from_dirs(
    hyp_dir: &Path,
    ref_dir: &Path,
    out_dir: Option<&Path>,
) -> Result<Vec<Pair>> {
    // Reports written among the inputs would be read as inputs next time
    // (and the walk skips the out dir, so every pair would look orphaned).
    if let Some(out) = out_dir {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        for (flag, dir) in [("--hyp-dir", hyp_dir), ("--ref-dir", ref_dir)] {
            if canon(out) == canon(dir) {
                return Err(Error::usage(format!(
                    "--out-dir {} is the same directory as {flag}; write the reports elsewhere \
                     (a subdirectory is fine: it is skipped when pairing)",
                    out.display()
                )));
            }
        }
    }
    let hyps: BTreeSet<PathBuf> = walk(hyp_dir, out_dir)?.into_iter().collect();
    let refs: BTreeSet<PathBuf> = walk(ref_dir, out_dir)?.into_iter().collect();
    // Each path with its slash form, made once (a sort compares each many times).
    let mut all: Vec<(String, &PathBuf)> = hyps.union(&refs).map(|p| (slash_path(p), p)).collect();
    // A person numbers files p1, p2, ..., p10: list them that way.
    all.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    // `x.txt` and `x.md` would both be named `x`: such files keep their
    // extension in the name so names stay unique.
    let mut stems: HashMap<PathBuf, usize> = HashMap::new();
    for (_, rel) in &all {
        *stems.entry(rel.with_extension("")).or_default() += 1;
    }
    Ok(all
        .into_iter()
        .map(|(slash, rel)| {
            let stem = rel.with_extension("");
            let stem = if stems[&stem] > 1 { rel.clone() } else { stem };
            Pair {
                name: slash_path(&stem),
                hyp: hyps.contains(rel).then(|| hyp_dir.join(rel)),
                ref_: refs.contains(rel).then(|| ref_dir.join(rel)),
                out_stem: stem,
                origin: slash.clone(),
                key: slash,
                problem: None,
            }
        })
        .collect())
}

/// Compares names as a person reads them: runs of digits by their number
/// (`p2` before `p10`), everything else by character; ties (`p01`, `p1`)
/// fall back to plain order, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let (si, sj) = (i, j);
            while i < x.len() && x[i].is_ascii_digit() {
                i += 1;
            }
            while j < y.len() && y[j].is_ascii_digit() {
                j += 1;
            }
            let (na, nb) = (
                std::str::from_utf8(&x[si..i])
                    .unwrap_or("")
                    .trim_start_matches('0'),
                std::str::from_utf8(&y[sj..j])
                    .unwrap_or("")
                    .trim_start_matches('0'),
            );
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            if x[i] != y[j] {
                return x[i].cmp(&y[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
}

/// Reads a manifest: CSV with a header naming `hyp` and `ref` columns and an
/// optional `name` column (any order, other columns ignored; `,`, `;` or tab
/// separated, as the header line shows). Relative paths
/// are taken from the manifest's directory. A malformed manifest is a usage
/// error naming the file and line.
pub fn pairs_from_manifest(path: &Path) -> Result<Vec<Pair>> {
    let doc = Document::read(path, DecodeOptions::default())?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    // Excel saves "CSV" with `;` in many locales, or tabs as "Unicode
    // text": take whichever separator the header line uses most.
    let first = doc.text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let bad = |line: Option<usize>, msg: String| Error {
        kind: crate::ErrorKind::Usage,
        ..Error::input(path, line, msg)
    };
    // The CSV reader takes an unclosed quote to run to the end of the file,
    // which would make one odd row of everything after it.
    if let Some(at) = unclosed_quote(doc.text.as_bytes(), delimiter) {
        return Err(bad(
            Some(doc.line_at(at)),
            "unclosed quote: the field whose `\"` starts here never ends (a quote inside \
             a quoted field is written `\"\"`)"
                .to_owned(),
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(doc.text.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| bad(Some(1), format!("cannot read the header: {e}")))?
        .clone();
    let col = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let (Some(hc), Some(rc)) = (col("hyp"), col("ref")) else {
        return Err(bad(
            Some(1),
            format!(
                "the header must name columns `hyp` and `ref` (and optionally `name`), got {:?}",
                header.iter().collect::<Vec<_>>()
            ),
        ));
    };
    let nc = col("name");
    // The reader counts a record that follows CRLF as starting on the line
    // of that CRLF: take the line from the first byte of the record's text.
    let line_of = |p: &csv::Position| {
        let b = doc.text.as_bytes();
        let mut at = p.byte() as usize;
        while b.get(at).is_some_and(|c| matches!(c, b'\r' | b'\n')) {
            at += 1;
        }
        doc.line_at(at.min(b.len()))
    };
    let mut pairs = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(line_of);
            bad(line, format!("malformed CSV: {e}"))
        })?;
        let line = rec.position().map_or(0, line_of);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: usize| rec.get(i).unwrap_or("");
        let (h, r) = (get(hc), get(rc));
        let origin = format!("{}:{line}", path.display());
        // A row that cannot be a pair fails as that pair, naming its line;
        // the other rows still run.
        let mut problem = (h.is_empty() || r.is_empty())
            .then(|| format!("{origin}: both `hyp` and `ref` are needed, got hyp={h:?} ref={r:?}"));
        let given = nc.map(get).filter(|n| !n.is_empty());
        let hp = base.join(h);
        let name = match given {
            Some(n) => n.to_owned(),
            None if !h.is_empty() => doc_name(&hp),
            None if !r.is_empty() => doc_name(Path::new(r)),
            None => format!("line{line}"),
        };
        let mut out_stem = safe_relative(Path::new(&name));
        if out_stem.as_os_str().is_empty() {
            problem.get_or_insert_with(|| {
                format!("{origin}: name {name:?} gives no usable file name")
            });
            out_stem = PathBuf::from(format!("line{line}"));
        }
        let key = format!("{h}\t{r}\t{}", nc.map(get).unwrap_or(""));
        pairs.push(Pair {
            key,
            name,
            hyp: (!h.is_empty()).then_some(hp),
            ref_: (!r.is_empty()).then(|| base.join(r)),
            out_stem,
            origin,
            problem,
        });
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_a_listing_whatever_its_order() {
        for bad in ["0/4", "3/2", "x/y", "1", "1/0", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let pairs: Vec<Pair> = (0..1000)
            .map(|i| Pair {
                name: format!("p{i}"),
                hyp: None,
                ref_: None,
                out_stem: PathBuf::new(),
                origin: String::new(),
                key: format!("dir/p{i}.txt"),
                problem: None,
            })
            .collect();
        let n = 7;
        let shards: Vec<Shard> = (1..=n).map(|k| Shard { k, n }).collect();
        let mut sizes = vec![0; n];
        for p in &pairs {
            let owners: Vec<usize> = shards.iter().filter(|s| s.holds(p)).map(|s| s.k).collect();
            assert_eq!(owners.len(), 1, "{}", p.key);
            sizes[owners[0] - 1] += 1;
        }
        assert!(sizes.iter().all(|&s| (100..=190).contains(&s)), "{sizes:?}");
        // Shards run on different machines and releases must agree on the
        // parts: the first twelve pairs' shards, as FNV-1a with the
        // splitmix finaliser computes them (worked out apart, in Python).
        let first: Vec<usize> = pairs[..12]
            .iter()
            .map(|p| shards.iter().position(|s| s.holds(p)).unwrap_or(n))
            .collect();
        assert_eq!(first, [1, 1, 5, 3, 0, 2, 0, 3, 5, 5, 3, 5]);
    }

    #[test]
    fn names_sort_as_people_number_them() {
        let mut v = vec!["p10", "p2", "p1", "p11", "a/p2", "a/p10", "p01", "q", "p"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            ["a/p2", "a/p10", "p", "p01", "p1", "p2", "p10", "p11", "q"]
        );
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        assert_eq!(unclosed_quote(b"a,b\n\"x,y\n", b','), Some(4));
        assert_eq!(unclosed_quote(b"a,b\n\"x\"\"y\",z\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\nx\"y,z\n", b','), None);
        assert_eq!(unclosed_quote(b"a;\"b\"\"", b';'), Some(2));
    }

    #[test]
    fn manifest_names_cannot_escape_the_out_dir() {
        assert_eq!(
            safe_relative(Path::new("/etc/../x/./y")),
            PathBuf::from("etc/x/y")
        );
        assert_eq!(safe_relative(Path::new("../..")), PathBuf::new());
    }
}
