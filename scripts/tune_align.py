#!/usr/bin/env python3
"""Coordinate-descent tuning of the aligner's cost parameters on the dev
part only (never the held-out part). Objective: mean of link F1 and gap F1.
usage: tune_align.py DEVDIR [rounds]"""
import os
import subprocess
import sys

START = dict(scale=15.6, threshold=0.0875, gap=0.22, gap_open=1.1, edge_gap=0.3, len_weight=16,
             pen_12=3.0, pen_22=7.95, pen_13=6.0, merge_exp=0.75, strong_weight=0.112, base_prior=0.06,
             part_min=0.2, part_weight=10)


def evaluate(params, d):
    env = dict(os.environ, ALIGN_PARAMS=",".join(f"{k}={v:.4g}" for k, v in params.items()))
    out = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "eval_align.py"), d],
                         env=env, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("TOTAL")][0].split()
    lf, gf = float(line[7]), float(line[15])
    return (lf + gf) / 2, lf, gf


def main():
    d = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    p = dict(START)
    best = evaluate(p, d)
    print("start", best, flush=True)
    for _ in range(rounds):
        for k in list(p):
            for f in (0.5, 0.75, 1.33, 2.0):
                q = dict(p)
                q[k] = p[k] * f
                r = evaluate(q, d)
                if r[0] > best[0] + 1e-4:
                    best, p = r, q
                    print(f"{k}={q[k]:.4g} -> {r}", flush=True)
    print("best", best, p)


if __name__ == "__main__":
    main()
