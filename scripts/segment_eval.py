#!/usr/bin/env python3
"""Scores pySBD and mtaudit on tests/data/segment_cases.tsv (exact match of
the sentence list per case) and measures segmentation speed on a generated
multi-megabyte text. Called by scripts/bench_segment.sh inside its venv.

usage: segment_eval.py MTAUDIT_BIN [--mb N] [--pysbd-kb N] [--out FILE]
"""
import argparse
import collections
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "..", "tests", "data", "segment_cases.tsv")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load_cases():
    cases = []
    with open(TSV, encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            cases.append((fields[0], unescape(fields[1]), [unescape(x) for x in fields[2:]]))
    return cases


def fold(s):
    # str.split() splits on Unicode whitespace (NBSP, U+3000) like Rust's
    # split_whitespace, so both tools are compared on the same folding.
    return " ".join(s.split())


def pysbd_segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def run_pysbd(seg, text):
    return [t for t in (fold(s) for s in seg.segment(text)) if t] if text else []


def run_mtaudit(binary, text):
    out = subprocess.run(
        [binary, "segment", "-"], input=text.encode("utf-8"), capture_output=True, check=True
    )
    return [l for l in out.stdout.decode("utf-8").split("\n") if l]


def accuracy(cases, fn):
    per = collections.Counter()
    ok = collections.Counter()
    misses = []
    for cat, text, want in cases:
        got = fn(text)
        per[cat] += 1
        if got == want:
            ok[cat] += 1
        else:
            misses.append((cat, text, want, got))
    return ok, per, misses


def gen_text(cases, size, seed=7):
    """Paragraphs sampled from the case inputs: realistic mix of abbreviations,
    quotes, numbers, lists and headings, blank lines between paragraphs."""
    rnd = random.Random(seed)
    pool = [t for _, t, _ in cases if t.strip()]
    parts, n = [], 0
    while n < size:
        para = " ".join(rnd.choice(pool).replace("\n\n", "\n") for _ in range(rnd.randint(3, 9)))
        parts.append(para)
        n += len(para.encode("utf-8")) + 2
    return "\n\n".join(parts)


def measure_mtaudit(binary, path, k):
    """Best CPU (user+sys of the child) and best wall time of k runs."""
    best_cpu = best_wall = float("inf")
    for _ in range(k):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        subprocess.run([binary, "segment", path], stdout=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - w0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
    return best_cpu, best_wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mtaudit")
    ap.add_argument("--mb", type=float, default=20.0, help="size of the speed text for mtaudit")
    ap.add_argument("--pysbd-kb", type=float, default=300.0, help="slice pySBD segments")
    ap.add_argument("--out", help="append a markdown summary here")
    args = ap.parse_args()

    cases = load_cases()
    seg = pysbd_segmenter()
    p_ok, per, p_miss = accuracy(cases, lambda t: run_pysbd(seg, t))
    m_ok, _, m_miss = accuracy(cases, lambda t: run_mtaudit(args.mtaudit, t))
    n = len(cases)
    lines = ["## Accuracy (exact sentence list per case)", ""]
    lines.append(f"cases: {n} from tests/data/segment_cases.tsv")
    lines.append("")
    lines.append("| category | cases | pySBD | mtaudit |")
    lines.append("|---|---:|---:|---:|")
    for cat in per:
        lines.append(f"| {cat} | {per[cat]} | {p_ok[cat]} | {m_ok[cat]} |")
    ps, ms = sum(p_ok.values()), sum(m_ok.values())
    lines.append(f"| **all** | {n} | {ps} ({100*ps/n:.1f}%) | {ms} ({100*ms/n:.1f}%) |")
    lines.append("")
    lines.append(f"pySBD excluding the `lines` category (it splits at every line break by design): "
                 f"{ps - p_ok['lines']}/{n - per['lines']}; mtaudit: {ms - m_ok['lines']}/{n - per['lines']}")
    lines.append("")

    lines += [
        "## Speed",
        "",
        "mtaudit: `mtaudit segment FILE > /dev/null`, release build, one thread; CPU = user+sys of the",
        "process (the machine is shared, so wall time is also shown), best of 3, file reading and",
        "output included. pySBD: `Segmenter(language='en', clean=False).segment()` called per",
        "paragraph (blank-line separated) on a slice of the same text, CPU time of this process.",
        "",
        "| text | tool | input | CPU s | wall s | MB/s (CPU) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    ratios = []
    with tempfile.TemporaryDirectory() as d:
        texts = [("case mix (short sentences, ~26 B each)", gen_text(cases, int(args.mb * 1e6)))]
        seeds = os.path.join(HERE, "..", "..", "shared", "seeds")
        if os.path.isdir(seeds):
            prose = "".join(
                open(os.path.join(seeds, f), encoding="utf-8").read() + "\n\n"
                for f in sorted(os.listdir(seeds))
                if f.endswith(".txt")
            )
            texts.append(("seed prose (../shared/seeds repeated)", prose * max(1, int(args.mb * 1e6) // len(prose.encode("utf-8")))))
        for name, text in texts:
            path = os.path.join(d, "big.txt")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            size = os.path.getsize(path)
            cpu, wall = measure_mtaudit(args.mtaudit, path, 3)
            m_rate = size / 1e6 / cpu
            lines.append(f"| {name} | mtaudit | {size/1e6:.1f} MB | {cpu:.3f} | {wall:.3f} | {m_rate:.1f} |")
            sl = text.encode("utf-8")[: int(args.pysbd_kb * 1000)].decode("utf-8", "ignore")
            sl = sl[: sl.rfind("\n\n")]
            sl_size = len(sl.encode("utf-8"))
            paras = [p for p in sl.split("\n\n") if p.strip()]
            c0, w0 = time.process_time(), time.perf_counter()
            for para in paras:
                seg.segment(para)
            p_cpu, p_wall = time.process_time() - c0, time.perf_counter() - w0
            p_rate = sl_size / 1e6 / p_cpu
            lines.append(f"| {name} | pySBD | {sl_size/1e3:.0f} KB | {p_cpu:.3f} | {p_wall:.3f} | {p_rate:.3f} |")
            ratios.append((name, m_rate / p_rate))
        # The case mix as one line of about 50 MB: no line breaks at all.
        flat = " ".join(texts[0][1].split())
        while len(flat) < 50_000_000:
            flat = flat + " " + flat
        one = os.path.join(d, "one_line.txt")
        with open(one, "w", encoding="utf-8", newline="") as f:
            f.write(flat[:50_000_000].rsplit(" ", 1)[0])
        size = os.path.getsize(one)
        cpu, wall = measure_mtaudit(args.mtaudit, one, 2)
        lines.append(f"| case mix as ONE line | mtaudit | {size/1e6:.1f} MB | {cpu:.3f} | {wall:.3f} | {size/1e6/cpu:.1f} |")
    lines.append("")
    for name, r in ratios:
        lines.append(f"- {name}: mtaudit is **{r:.0f}x** pySBD (per-MB CPU rates)")
    lines.append("")
    report = "\n".join(lines)
    print(report)
    if os.environ.get("SEG_SHOW_MISSES"):
        for name, miss in (("pySBD", p_miss), ("mtaudit", m_miss)):
            print(f"### {name} misses: {len(miss)}")
            for cat, text, want, got in miss:
                print(f"[{cat}] {text!r}\n  want {want}\n  got  {got}")
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(report + "\n")


if __name__ == "__main__":
    sys.exit(main())
