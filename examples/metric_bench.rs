//! Scores line i of HYP against line i of REF with the metric code only (no
//! segmentation, alignment or report writing) and prints the throughput.
//!
//!   cargo run --release --example metric_bench -- HYP REF [METRIC] [--print]
//!
//! METRIC: all (default, `score_pair`), chrf, chrfpp, ter, bleu, char, word,
//! wer. `--print` writes one tab-separated line of scores per pair to stdout
//! (for the differential check against the Python tools). Runs on the
//! calling thread only, i.e. one core.

use std::io::Write;
use std::time::Instant;

use mtaudit::metric::{self, Metric};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print = args.iter().any(|a| a == "--print");
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if pos.len() < 2 {
        eprintln!("usage: metric_bench HYP REF [all|chrf|chrfpp|ter|bleu|char|word|wer] [--print]");
        std::process::exit(2);
    }
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            eprintln!("cannot read {p}: {e}");
            std::process::exit(2)
        })
    };
    let (h, r) = (read(pos[0]), read(pos[1]));
    let hyps: Vec<&str> = h.split('\n').collect();
    let refs: Vec<&str> = r.split('\n').collect();
    let n = hyps.len().min(refs.len());
    let metric_name = pos.get(2).map_or("all", |s| s.as_str());
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let t = Instant::now();
    let mut sink = 0.0f64;
    for i in 0..n {
        let (a, b) = (hyps[i], refs[i]);
        match metric_name {
            "all" => {
                let s = metric::score_pair(a, b);
                if print {
                    // Empty for a distance left out as too long.
                    let n = |d: Option<usize>| d.map_or(String::new(), |d| d.to_string());
                    let _ = writeln!(
                        out,
                        "{:?}\t{:?}\t{:?}\t{:?}\t{}\t{:?}\t{}\t{:?}",
                        s.chrf.sentence(),
                        s.chrfpp.sentence(),
                        s.ter.sentence(),
                        s.bleu.sentence(),
                        n(s.dist.char()),
                        1.0 - s.dist.mean_char_sim(),
                        n(s.dist.word()),
                        s.dist.wer()
                    );
                }
                sink += s.chrf.sentence();
            }
            "chrf" => sink += metric::sentence_chrf(a, b),
            "chrfpp" => sink += metric::sentence_chrfpp(a, b),
            "ter" => sink += metric::sentence_ter(a, b),
            "bleu" => sink += metric::sentence_bleu(a, b),
            "char" => sink += metric::char_distance(a, b) as f64,
            "word" => sink += metric::word_distance(a, b) as f64,
            "wer" => sink += metric::wer(a, b),
            other => {
                eprintln!("unknown metric {other}");
                std::process::exit(2);
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let _ = out.flush();
    eprintln!(
        "{metric_name}: {n} pairs in {secs:.3} s = {:.0} pairs/s (checksum {sink:.3})",
        n as f64 / secs
    );
}
