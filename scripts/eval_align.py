#!/usr/bin/env python3
"""Scores aligner output against gold: strict link P/R/F1 (a predicted
non-gap link counts only if the exact same hyp and ref sentence sets are a
gold link) and P/R/F1 over gap sentences (sentences left unaligned).

usage: eval_align.py DIR [DIR...]   (each holding NAME.hyp/.ref/.gold)
env:   ALIGN_BIN (default target/release/examples/align_run), ALIGNER=mtaudit|hunalign|none
"""
import os
import subprocess
import sys

BIN = os.environ.get("ALIGN_BIN", "target/release/examples/align_run")


def read_gold(path):
    links = []
    for line in open(path, encoding="utf-8"):
        h, r = line.rstrip("\n").split("\t")
        links.append((tuple(int(x) for x in h.split(",") if x), tuple(int(x) for x in r.split(",") if x)))
    return links


PEER_PY = os.environ.get("PEER_PYTHON", "python3")
HERE = os.path.dirname(os.path.abspath(__file__))


def run_mtaudit(hyp, ref):
    which = os.environ.get("ALIGNER", "mtaudit")
    if which == "mtaudit":
        cmd = [BIN, hyp, ref]
    else:  # bleualign | galechurch, through Bleualign's implementation
        cmd = [PEER_PY, os.path.join(HERE, "align_peer_bleualign.py"), hyp, ref]
        if which == "galechurch":
            cmd.append("--galechurch")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    links = []
    for line in out.splitlines():
        a, b, c, d, s = line.split()
        links.append((tuple(range(int(a), int(b))), tuple(range(int(c), int(d))), float(s)))
    return links


def prf(tp, npred, ngold):
    p = tp / npred if npred else 1.0
    r = tp / ngold if ngold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gaps(links):
    g = set()
    for h, r, *_ in links:
        if not h:
            g |= {("r", j) for j in r}
        if not r:
            g |= {("h", i) for i in h}
    return g


def score(pred, gold):
    gl = {(h, r) for h, r in gold if h and r}
    pl = {(h, r) for h, r, *_ in pred if h and r}
    gg, pg = gaps(gold), gaps(pred)
    return len(pl & gl), len(pl), len(gl), len(pg & gg), len(pg), len(gg)


def main():
    dirs = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    tot = [0] * 6
    conf = []  # (score, correct) for predicted non-gap links
    gconf = []  # the same for predicted gap sentences
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if not f.endswith(".gold"):
                continue
            name = f[:-5]
            base = os.path.join(d, name)
            gold = read_gold(base + ".gold")
            pred = run_mtaudit(base + ".hyp", base + ".ref")
            s = score(pred, gold)
            gl = {(h, r) for h, r in gold if h and r}
            conf += [(sc, (h, r) in gl) for h, r, sc in pred if h and r]
            gg = gaps(gold)
            gconf += [(sc, ("h", h[0]) in gg if h else ("r", r[0]) in gg) for h, r, sc in pred if not (h and r)]
            tot = [a + b for a, b in zip(tot, s)]
            lp, lr, lf = prf(*s[:3])
            gp, gr, gf = prf(*s[3:])
            print(f"{d}/{name:10s} links P {lp:.3f} R {lr:.3f} F1 {lf:.3f} | gaps P {gp:.3f} R {gr:.3f} F1 {gf:.3f}")
    lp, lr, lf = prf(*tot[:3])
    gp, gr, gf = prf(*tot[3:])
    print(f"TOTAL links P {lp:.3f} R {lr:.3f} F1 {lf:.3f} | gaps P {gp:.3f} R {gr:.3f} F1 {gf:.3f}")
    if conf:
        lo = [c for s, c in conf if s < 0.5]
        hi = [c for s, c in conf if s >= 0.5]
        acc = lambda v: sum(v) / len(v) if v else float("nan")
        print(f"confidence: {len(lo)} links < 0.5 (precision {acc(lo):.3f}), {len(hi)} >= 0.5 (precision {acc(hi):.3f})")
        if verbose:
            for a, b in [(0, .1), (.1, .3), (.3, .5), (.5, .7), (.7, .9), (.9, 1.01)]:
                v = [c for s, c in conf if a <= s < b]
                w = [c for s, c in gconf if a <= s < b]
                print(f"  score {a:.1f}-{min(b, 1):.1f}: {len(v):5d} links, precision {acc(v):.3f}"
                      f" | {len(w):5d} gap rows, precision {acc(w):.3f}")


if __name__ == "__main__":
    main()
