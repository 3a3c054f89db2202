#!/usr/bin/env python3
"""Runs Bleualign (PyPI `pypi-bleualign`) on a sentence-per-line pair and
prints links in align_run's format (`h0 h1 r0 r1 score`, gaps included).
Same-language use: the hyp serves as its own "translation" into the ref's
language, which is how Bleualign is applied to MT-vs-human pairs.
usage: align_peer_bleualign.py HYP REF [--galechurch]"""
import io
import sys

from bleualign.align import Aligner


def main():
    hyp = open(sys.argv[1], encoding="utf-8").read().splitlines()
    ref = open(sys.argv[2], encoding="utf-8").read().splitlines()
    gc = "--galechurch" in sys.argv
    opts = dict(Aligner.default_options)
    opts.update(srcfile=hyp, targetfile=ref, srctotarget=[] if gc else [hyp],
                galechurch=gc or None, no_translation_override=gc, verbosity=0, log_to=io.StringIO())
    links = []
    if hyp and ref:
        a = Aligner(opts)
        links = [(tuple(s), tuple(t)) for (s, t), _ in a.process(hyp, ref, [] if gc else [hyp], [])]
    used_h = {i for s, _ in links for i in s}
    used_r = {j for _, t in links for j in t}
    out = [(min(s), max(s) + 1, min(t), max(t) + 1) for s, t in links]
    out += [(i, i + 1, 0, 0) for i in range(len(hyp)) if i not in used_h]
    out += [(0, 0, j, j + 1) for j in range(len(ref)) if j not in used_r]
    for a, b, c, d in out:
        print(a, b, c, d, "1.0")


if __name__ == "__main__":
    main()
