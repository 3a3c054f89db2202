//! Times the glossary alone (no segmentation, no output): load, automaton
//! build, `check` over the whole text, `canonicalize`. Used by
//! scripts/bench_glossary.sh; prints figures, asserts nothing.
//!
//! Usage: cargo run --release --example glossary_bench -- GLOSSARY TEXT

use std::path::PathBuf;
use std::time::Instant;

use mtaudit::glossary::Glossary;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: glossary_bench GLOSSARY TEXT");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[1]).expect("readable UTF-8 text");
    let t0 = Instant::now();
    let g = Glossary::load(&[PathBuf::from(&args[0])]).expect("valid glossary");
    let load = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    // The automaton is built on first use.
    let _ = g.check("warm up");
    let build = t1.elapsed().as_secs_f64();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..3 {
        let t = Instant::now();
        n = g.check(&text).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let t2 = Instant::now();
    let canon = g.canonicalize(&text);
    let canon_s = t2.elapsed().as_secs_f64();
    println!(
        "entries={} bytes={} load_s={load:.3} build_s={build:.3} check_s={best:.3} findings={n} \
         canonicalize_s={canon_s:.3} canonical_bytes={}",
        g.entries.len(),
        text.len(),
        canon.len()
    );
}
