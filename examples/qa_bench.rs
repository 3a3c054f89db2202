//! Times the QA checks against the metrics on the same real pairs, and
//! shows what the checks find there.
//!
//!   cargo run --release --example qa_bench -- [DEV_DIR] [--rounds N] [--findings OUT.tsv] [--per-code] [--only LIST]
//!
//! DEV_DIR (default `../shared/dev` beside the crate) holds `wmt22_zhen/`
//! (every `hyp.*.en` and `ref.B.en` against `ref.A.en`, line by line),
//! `bible_dev/` (WEB against YLT, verse by verse) and `textberg_dev/`
//! (every `mt.*.fr` against `human.fr` through the gold beads). For each
//! set it prints the pairs, the per-code firing rate (share of pairs with a
//! finding of that code, `inconsistent` from a `Consistency` fed each set
//! in order) and, per corpus and over all pairs, nanoseconds per pair of
//! `qa::Checker::check_pair` (all checks), of `Consistency::observe`, and
//! of `metric::score_pair`, on the calling thread only (best of N rounds,
//! default 3). `--findings` writes every finding as
//! `set<TAB>line<TAB>finding<TAB>hyp<TAB>ref`; `--per-code` also times each
//! check alone; `--only LIST` only times `check_pair` with those checks
//! (for `perf stat`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mtaudit::metric::{self, Metric};
use mtaudit::qa::{CheckSet, Checker, Code, Consistency, QaFinding};

/// One set of line-parallel pairs; `line` is the hyp's 1-based line.
struct Set {
    name: String,
    pairs: Vec<(usize, String, String)>,
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", p.display());
        std::process::exit(2)
    })
}

fn lines(p: &Path) -> Vec<String> {
    read(p).lines().map(str::to_string).collect()
}

fn parallel(name: String, h: &[String], r: &[String]) -> Set {
    let pairs = h
        .iter()
        .zip(r)
        .enumerate()
        .filter(|(_, (a, b))| !a.trim().is_empty() && !b.trim().is_empty())
        .map(|(i, (a, b))| (i + 1, a.clone(), b.clone()))
        .collect();
    Set { name, pairs }
}

fn load(dir: &Path) -> Vec<Set> {
    let mut sets = Vec::new();
    let wmt = dir.join("wmt22_zhen");
    let ref_a = lines(&wmt.join("ref.A.en"));
    let mut hyps: Vec<PathBuf> = std::fs::read_dir(&wmt)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    hyps.sort();
    for p in hyps {
        let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if f.starts_with("hyp.") && f.ends_with(".en") {
            let sys = &f[4..f.len() - 3];
            sets.push(parallel(format!("wmt:{sys}"), &lines(&p), &ref_a));
        }
    }
    sets.push(parallel(
        "wmt:refB".into(),
        &lines(&wmt.join("ref.B.en")),
        &ref_a,
    ));
    let verses = |f: &str| -> Vec<String> {
        lines(&dir.join("bible_dev").join(f))
            .into_iter()
            .map(|l| l.splitn(3, '\t').nth(2).unwrap_or("").to_string())
            .collect()
    };
    sets.push(parallel(
        "bible:WEB-YLT".into(),
        &verses("WEB.tsv"),
        &verses("YLT.tsv"),
    ));
    let tb = dir.join("textberg_dev");
    let human = lines(&tb.join("human.fr"));
    let gold = read(&tb.join("gold.tsv"));
    for sys in ["google", "SACunidir", "europarlfull", "europarllight"] {
        let mt = lines(&tb.join(format!("mt.{sys}.fr")));
        let join = |ids: &str, side: &[String]| -> String {
            ids.split(',')
                .filter_map(|i| i.trim().parse::<usize>().ok())
                .filter_map(|i| side.get(i).map(|s| s.trim()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut pairs = Vec::new();
        for l in gold.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() == 3 {
                let (h, r) = (join(f[1], &mt), join(f[2], &human));
                let line = f[1].split(',').next().and_then(|i| i.parse::<usize>().ok());
                if !h.is_empty() && !r.is_empty() {
                    pairs.push((line.map_or(0, |i| i + 1), h, r));
                }
            }
        }
        sets.push(Set {
            name: format!("textberg:{sys}"),
            pairs,
        });
    }
    sets
}

fn best_ns(rounds: usize, n: usize, mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut best = f64::INFINITY;
    let mut sink = 0.0;
    for _ in 0..rounds {
        let t = Instant::now();
        sink += f();
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / n as f64);
    }
    (best, sink)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/dev"));
    let mut rounds = 3;
    let mut findings_out: Option<PathBuf> = None;
    let mut per_code = false;
    let mut only: Option<CheckSet> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => rounds = it.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            "--findings" => findings_out = it.next().map(PathBuf::from),
            "--per-code" => per_code = true,
            "--only" => only = it.next().and_then(|c| c.parse::<CheckSet>().ok()),
            d => dir = PathBuf::from(d),
        }
    }
    let sets = load(&dir);
    let total: usize = sets.iter().map(|s| s.pairs.len()).sum();
    let mut checker = Checker::new();
    let mut out: Vec<QaFinding> = Vec::new();

    // What fires, per set.
    let mut tsv = findings_out.map(|p| {
        std::io::BufWriter::new(std::fs::File::create(&p).unwrap_or_else(|e| {
            eprintln!("cannot write {}: {e}", p.display());
            std::process::exit(2)
        }))
    });
    if let Some(set) = only {
        let pairs: Vec<(&str, &str)> = sets
            .iter()
            .flat_map(|s| s.pairs.iter().map(|(_, h, r)| (h.as_str(), r.as_str())))
            .collect();
        let t = time_checks(&mut checker, &pairs, set, rounds);
        println!(
            "{t:.0} ns/pair for --checks {set} over {} pairs",
            pairs.len()
        );
        return;
    }
    let mut all_counts: BTreeMap<Code, usize> = BTreeMap::new();
    println!("set\tpairs\t{}", Code::ALL.map(|c| c.as_str()).join("\t"));
    for s in &sets {
        let mut counts: BTreeMap<Code, usize> = BTreeMap::new();
        let mut cons = Consistency::new();
        for (line, h, r) in &s.pairs {
            out.clear();
            checker.check_pair(h, r, CheckSet::ALL, &mut out);
            out.extend(cons.observe(*line, h, r));
            for f in &out {
                *counts.entry(f.code).or_default() += 1;
                *all_counts.entry(f.code).or_default() += 1;
                if let Some(w) = tsv.as_mut() {
                    let _ = writeln!(w, "{}\t{line}\t{f}\t{h}\t{r}", s.name);
                }
            }
        }
        let n = s.pairs.len().max(1) as f64;
        let rates: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{:.2}%", 100.0 * *counts.get(c).unwrap_or(&0) as f64 / n))
            .collect();
        println!("{}\t{}\t{}", s.name, s.pairs.len(), rates.join("\t"));
    }
    let rates: Vec<String> = Code::ALL
        .iter()
        .map(|c| {
            format!(
                "{:.2}%",
                100.0 * *all_counts.get(c).unwrap_or(&0) as f64 / total as f64
            )
        })
        .collect();
    println!("all\t{total}\t{}", rates.join("\t"));

    // Timing on this thread: per corpus, then everything.
    let mut groups: Vec<(String, Vec<(&str, &str)>)> = Vec::new();
    for s in &sets {
        let g = s.name.split(':').next().unwrap_or("").to_string();
        if groups.last().is_none_or(|(n, _)| *n != g) {
            groups.push((g, Vec::new()));
        }
        let v = &mut groups.last_mut().expect("pushed").1;
        v.extend(s.pairs.iter().map(|(_, h, r)| (h.as_str(), r.as_str())));
    }
    let everything: Vec<(&str, &str)> = groups.iter().flat_map(|g| g.1.iter().copied()).collect();
    groups.push(("all".into(), everything));
    println!("\nns per pair, best of {rounds} rounds, one thread:");
    println!(
        "pairs\tbytes/side\tcheck_pair\tobserve\tscore_pair\tchecks/metrics\t+observe\tcorpus"
    );
    for (name, pairs) in &groups {
        let bytes: usize = pairs.iter().map(|(h, r)| h.len() + r.len()).sum();
        let qa = time_checks(&mut checker, pairs, CheckSet::ALL, rounds);
        let (cons, _) = best_ns(rounds, pairs.len(), || {
            let mut c = Consistency::new();
            let mut k = 0;
            for (i, (h, r)) in pairs.iter().enumerate() {
                k += c.observe(i, h, r).is_some() as usize;
            }
            k as f64
        });
        let (met, _) = best_ns(rounds, pairs.len(), || {
            pairs
                .iter()
                .map(|(h, r)| metric::score_pair(h, r).chrf.sentence())
                .sum()
        });
        println!(
            "{}\t{:.0}\t{qa:.0}\t{cons:.0}\t{met:.0}\t{:.1}%\t{:.1}%\t{name}",
            pairs.len(),
            bytes as f64 / pairs.len() as f64 / 2.0,
            100.0 * qa / met,
            100.0 * (qa + cons) / met
        );
    }
    if per_code {
        let pairs = &groups.last().expect("all").1;
        println!("\none check alone over all pairs (the scan included), ns per pair:");
        for c in Code::ALL.iter().filter(|c| **c != Code::Inconsistent) {
            let t = time_checks(&mut checker, pairs, CheckSet::NONE.with(*c), rounds);
            println!("{t:8.0}\t{c}");
        }
    }
}

fn time_checks(checker: &mut Checker, pairs: &[(&str, &str)], set: CheckSet, rounds: usize) -> f64 {
    let mut out = Vec::new();
    best_ns(rounds, pairs.len(), || {
        let mut k = 0;
        for (h, r) in pairs {
            out.clear();
            checker.check_pair(h, r, set, &mut out);
            k += out.len();
        }
        k as f64
    })
    .0
}
