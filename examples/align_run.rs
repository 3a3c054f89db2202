//! Aligns two sentence-per-line files and prints one link per line:
//! `hyp_start hyp_end ref_start ref_end score` (0-based, end exclusive).
//! Used by scripts/eval_align.py and scripts/bench_align.sh.
//!
//! usage: align_run HYP REF [--band N] [--boundary REGEX]
//!
//! Blank lines are paragraph breaks, as `mtaudit compare --split lines`
//! reads them: they are not sentences, and the sentence after one starts a
//! line of the layout (`align_lines`). Indices count sentences (non-blank lines).
//! ALIGN_PARAMS="gap=1.2,gap_open=2" overrides cost parameters (tuning).

use mtaudit::align::{AlignConfig, align_lines};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: align_run HYP REF [--band N] [--boundary REGEX]");
        std::process::exit(2);
    }
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            eprintln!("{p}: {e}");
            std::process::exit(2)
        })
    };
    let (ht, rt) = (read(&args[1]), read(&args[2]));
    fn sentences(t: &str) -> (Vec<&str>, Vec<bool>) {
        let (mut v, mut starts, mut blank) = (Vec::new(), Vec::new(), false);
        for l in t.lines() {
            if l.trim().is_empty() {
                blank = true;
            } else {
                starts.push(blank && !v.is_empty());
                v.push(l.trim());
                blank = false;
            }
        }
        (v, starts)
    }
    let ((h, hs), (r, rs)) = (sentences(&ht), sentences(&rt));
    let mut cfg = AlignConfig::default();
    let mut k = 3;
    while k + 1 < args.len() {
        match args[k].as_str() {
            "--band" => cfg.band = args[k + 1].parse().unwrap_or(0),
            "--boundary" => cfg.boundary = regex::Regex::new(&args[k + 1]).ok(),
            _ => {}
        }
        k += 2;
    }
    if let Ok(spec) = std::env::var("ALIGN_PARAMS") {
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let (key, val) = kv.split_once('=').unwrap_or((kv, ""));
            let v: f32 = val.parse().unwrap_or(f32::NAN);
            let p = &mut cfg.params;
            match key {
                "scale" => p.scale = v,
                "threshold" => p.threshold = v,
                "gap" => p.gap = v,
                "gap_open" => p.gap_open = v,
                "edge_gap" => p.edge_gap = v,
                "gap_swap" => p.gap_swap = v,
                "len_weight" => p.len_weight = v,
                "pen_12" => p.pen_12 = v,
                "pen_22" => p.pen_22 = v,
                "pen_13" => p.pen_13 = v,
                "neg_weight" => p.neg_weight = v,
                "part_min" => p.part_min = v,
                "part_weight" => p.part_weight = v,
                "merge_exp" => p.merge_exp = v,
                "strong_weight" => p.strong_weight = v,
                "base_prior" => p.base_prior = v,
                "temperature" => p.temperature = v,
                "match_level" => p.match_level = v,
                "gain_min" => p.gain_min = v,
                "gain_max" => p.gain_max = v,
                _ => eprintln!("unknown parameter {key}"),
            }
        }
    }
    let t = std::time::Instant::now();
    let links = align_lines(&h, &r, &hs, &rs, &cfg);
    eprintln!(
        "aligned {} x {} sentences in {:.3} s",
        h.len(),
        r.len(),
        t.elapsed().as_secs_f64()
    );
    let mut out = String::new();
    for l in links {
        out.push_str(&format!(
            "{} {} {} {} {:.4}\n",
            l.hyp.start, l.hyp.end, l.ref_.start, l.ref_.end, l.score
        ));
    }
    print!("{out}");
}
