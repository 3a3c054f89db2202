//! `mtaudit merge SHARD... --out-dir D`: the shards of a batch (`batch
//! --shard K/N`, run on as many machines) combined into exactly what one
//! run over every pair writes and prints: the summaries are rebuilt from
//! each pair's summed statistics, in the listing's order, by the same code
//! a single run uses.

use std::path::{Path, PathBuf};

use super::batch::{PairResult, ShardFile, outcome, write_summaries};
use crate::cli::MergeArgs;
use crate::error::{Error, Result};
use crate::output::{Format, Staging, WriteOptions};

/// The shard files named by `args`: files as given, directories searched
/// (not recursively) for `shard-*-of-*.json`.
fn shard_files(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let rd = std::fs::read_dir(a).map_err(|e| Error::input(a, None, e))?;
            let mut found: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("shard-") && n.ends_with(".json"))
                })
                .collect();
            if found.is_empty() {
                return Err(Error::input(
                    a,
                    None,
                    "holds no shard-K-of-N.json; run batch --shard K/N into it first",
                ));
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn read_shard(p: &Path) -> Result<ShardFile> {
    let text = std::fs::read_to_string(p)
        .map_err(|e| Error::input(p, None, format!("cannot read the shard file ({e})")))?;
    let f: ShardFile = serde_json::from_str(&text).map_err(|e| {
        Error::input(
            p,
            Some(e.line()),
            format!("not a shard file of this mtaudit version ({e})"),
        )
    })?;
    if f.header.version != super::batch::ShardHeader::VERSION {
        return Err(Error::input(
            p,
            None,
            format!(
                "shard file version {} (this mtaudit reads {}); rerun the shard",
                f.header.version,
                super::batch::ShardHeader::VERSION
            ),
        ));
    }
    Ok(f)
}

pub fn run(a: MergeArgs) -> Result<()> {
    let files = shard_files(&a.shards)?;
    let shards: Vec<(PathBuf, ShardFile)> = files
        .into_iter()
        .map(|p| read_shard(&p).map(|f| (p, f)))
        .collect::<Result<_>>()?;
    let (first_path, first) = &shards[0];
    let n = first.header.shards;
    let mut seen: Vec<Option<PathBuf>> = vec![None; n];
    for (p, f) in &shards {
        let h = &f.header;
        if h.shards != n || h.listing != first.header.listing {
            return Err(Error::usage(format!(
                "{} is shard {}/{} of another batch than {} (shard {}/{}); merge the shards of \
                 one listing",
                p.display(),
                h.shard,
                h.shards,
                first_path.display(),
                first.header.shard,
                n
            )));
        }
        if h.options != first.header.options {
            let differs: Vec<String> = h
                .options
                .iter()
                .filter(|o| !first.header.options.contains(o))
                .map(|o| format!("{o} in {}", p.display()))
                .chain(
                    first
                        .header
                        .options
                        .iter()
                        .filter(|o| !h.options.contains(o))
                        .map(|o| format!("{o} in {}", first_path.display())),
                )
                .collect();
            return Err(Error::usage(format!(
                "the shards were run with different options ({}); rerun them with the same \
                 options",
                differs.join(", ")
            )));
        }
        match seen.get_mut(h.shard.wrapping_sub(1)) {
            Some(Some(other)) => {
                return Err(Error::usage(format!(
                    "shard {}/{n} is given twice: {} and {}",
                    h.shard,
                    other.display(),
                    p.display()
                )));
            }
            Some(slot) => *slot = Some(p.clone()),
            None => {
                return Err(Error::usage(format!(
                    "{}: no shard {}/{n}",
                    p.display(),
                    h.shard
                )));
            }
        }
    }
    let missing: Vec<String> = (0..n)
        .filter(|&k| seen[k].is_none())
        .map(|k| format!("{}/{n}", k + 1))
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "shard(s) {} missing; run batch --shard for each, then merge them all",
            missing.join(", ")
        )));
    }
    let mut pairs: Vec<(usize, PairResult)> = shards
        .iter()
        .flat_map(|(_, f)| {
            f.pairs.iter().map(|p| {
                (
                    p.index,
                    PairResult {
                        summary: p.summary.clone(),
                        report: p.report.clone(),
                        warnings: Vec::new(),
                    },
                )
            })
        })
        .collect();
    pairs.sort_by_key(|(i, _)| *i);
    if pairs.len() != first.header.total_pairs
        || pairs.iter().enumerate().any(|(k, (i, _))| k != *i)
    {
        return Err(Error::usage(
            "the shards do not add up to their listing (a shard file was edited or truncated); \
             rerun the shards",
        ));
    }
    let format = [Format::Csv, Format::Jsonl, Format::Xlsx, Format::Html]
        .into_iter()
        .find(|f| f.extension() == first.format)
        .unwrap_or(Format::Csv);
    let write = WriteOptions {
        format,
        bom: first.bom,
        delimiter: first.delimiter,
        formula_guard: first.formula_guard,
    };
    let results: Vec<PairResult> = pairs.into_iter().map(|(_, r)| r).collect();
    let staging = Staging::new(&a.out_dir)?;
    let summaries: Vec<&crate::summary::DocSummary> = results.iter().map(|r| &r.summary).collect();
    let pages: Vec<Option<&Path>> = results.iter().map(|r| r.report.as_deref()).collect();
    let done = write_summaries(
        &staging,
        &a.out_dir,
        &summaries,
        &pages,
        first.glossary,
        &write,
    )?;
    staging.commit(&done, &[])?;
    let o = outcome(results);
    let summary = a.out_dir.join(super::batch::SUMMARY_FILE);
    super::batch::conclude(
        &o,
        &a.gates,
        a.quiet,
        (summary, "status error in this file"),
    )
}
