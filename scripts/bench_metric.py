"""Helpers for scripts/bench_metric.sh (run inside scripts/.venv-metric).

  gen OUTDIR N [--hard|--unicode] [--seed=N]  deterministic sentence pairs: OUTDIR/hyp.txt,
                          OUTDIR/ref.txt (--hard: tiny vocabularies and reorderings for TER;
                          --unicode: Python-only whitespace, entities, CJK, emoji, ligatures,
                          case-mapping oddities, empty sides)
  check HYP REF SCORES N  compare the first N rows of `metric_bench --print`
                          output with sacrebleu / rapidfuzz / jiwer
  peers HYP REF N         pairs/s of sacrebleu, fastchrf and rapidfuzz on N pairs
  sacrebleu_all HYP REF N one timing of sacrebleu chrF+TER+BLEU on N pairs
  growth OUTDIR           pairs of 10, 100 and 1000 words (files growth_<n>_{hyp,ref}.txt)
"""

import json
import random
import re
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_sentences():
    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        for part in re.split(r"(?<=[.!?])\s+|\n+", text):
            part = " ".join(part.split())
            if len(part.split()) >= 3:
                out.append(part)
    return out


GLOSSARY = [
    ("micro-letter", "WeChat"),
    ("micro-blog", "Weibo"),
    ("pay treasure", "Alipay"),
    ("electric quotient", "e-commerce"),
]


def perturb(rng, s, vocab):
    w = s.split()
    kind = rng.randrange(12)
    if kind == 0 and len(s) > 3:  # typo
        i = rng.randrange(len(s))
        return s[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + s[i + 1:]
    if kind == 1 and len(w) > 2:  # delete a word
        del w[rng.randrange(len(w))]
    elif kind == 2:  # insert a word
        w.insert(rng.randrange(len(w) + 1), rng.choice(vocab))
    elif kind == 3:  # substitute two words
        for _ in range(2):
            w[rng.randrange(len(w))] = rng.choice(vocab)
    elif kind == 4 and len(w) > 1:  # swap neighbours
        i = rng.randrange(len(w) - 1)
        w[i], w[i + 1] = w[i + 1], w[i]
    elif kind == 5 and len(w) > 5:  # move a block
        i = rng.randrange(len(w) - 3)
        k = rng.randint(2, 3)
        block = w[i:i + k]
        del w[i:i + k]
        j = rng.randrange(len(w) + 1)
        w[j:j] = block
    elif kind == 6:  # case
        return s.lower() if rng.random() < 0.5 else s.title()
    elif kind == 7:  # punctuation
        return s.rstrip(".!?") + rng.choice(["", "!", " .", ";"])
    elif kind == 8:  # glossary term
        for a, b in GLOSSARY:
            if b in s:
                return s.replace(b, a)
        w.insert(rng.randrange(len(w) + 1), rng.choice(GLOSSARY)[0])
    elif kind == 9:  # unrelated-ish: another sentence
        return rng.choice(vocab_sentences)
    elif kind == 10 and len(w) > 4:  # drop half
        w = w[: len(w) // 2]
    else:  # several edits
        for _ in range(3):
            w[rng.randrange(len(w))] = rng.choice(vocab)
    return " ".join(w)


vocab_sentences = []


UNICODE_WORDS = [
    "the", "The", "THE", "WeChat", "micro-letter", "e-commerce", "don't", "it's", "U.S.",
    "3.14", "1,000", "$5", "&amp;", "&lt;", "&quot;", "<skipped>", "a", "A", "I",
    "\u0130stanbul", "stra\u00dfe", "STRASSE", "na\u00efve", "nai\u0308ve", "caf\u00e9",
    "\u6771\u4eac", "\u4e2d\u6587\u3002", "\U0001f600", "\U0001f469\u200d\U0001f4bb",
    "\u2014", "-", "--", "...", "\u2026", "\u201cquoted\u201d", "'s", "\u2019s", "(x)", "[y]",
    "e.g.", "i.e.", "x/y", "a-b-c", "C++", "#tag", "@user", "http://a.b/c?d=e", "50%",
    "\uff26\uff55\uff4c\uff4c", "\ufb01", "\u03a3", "\u03c2", "\u01c5",
]
# No CR: Path.read_text (universal newlines) would turn it into a line break.
UNICODE_SEPS = [" ", " ", " ", "  ", "\t", "\u00a0", "\u3000", "\u200b", "\u2009", "\x1c",
                "\x0b", "\x0c", "\u2028", "\x85", ""]
UNICODE_PUNCT = ["", "", ".", ",", "!", "?", ";", ":", '"', "'", ")", "!!", "?!"]


def unicode_pair(rng):
    def sent():
        out = []
        for _ in range(rng.randint(0, 25)):
            w = rng.choice(UNICODE_WORDS)
            if rng.random() < 0.2:
                w += rng.choice(UNICODE_PUNCT)
            out += [w, rng.choice(UNICODE_SEPS)]
        s = "".join(out)
        return rng.choice(["", " ", "\t"]) + s if rng.random() < 0.3 else s

    r = sent()
    ws = r.split(" ")
    x = rng.random()
    if x < 0.2:
        rng.shuffle(ws)
    elif x < 0.4 and ws:
        del ws[rng.randrange(len(ws))]
    elif x < 0.5:
        ws.reverse()
    elif x < 0.6:
        ws = [r.upper()]
    elif x < 0.7:
        ws = [r.lower()]
    elif x < 0.8:
        ws = [sent()]
    elif x < 0.9 and len(ws) > 4:
        i = rng.randrange(len(ws) - 3)
        block = ws[i:i + 3]
        del ws[i:i + 3]
        j = rng.randrange(len(ws) + 1)
        ws[j:j] = block
    h = " ".join(ws)
    return (h, r) if rng.random() < 0.5 else (r, h)


def gen(outdir, n, hard=False, seed=20261123, unicode=False):
    rng = random.Random(seed)
    sents = seed_sentences()
    vocab_sentences.extend(sents)
    vocab = sorted({x for s in sents for x in s.split()})
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    hyps, refs = [], []
    small = ["a", "b", "c", "the", "of", "x", "y", "z", "Ä", "漢"]
    for _ in range(n):
        if unicode:
            h, r = unicode_pair(rng)
            hyps.append(h)
            refs.append(r)
        elif hard:
            # Small vocabularies and reorderings maximise TER shift candidates.
            k = rng.choice([3, 8, 20, 40, 70])
            r = [rng.choice(small[: rng.randint(2, len(small))]) for _ in range(k)]
            h = list(r)
            for _ in range(rng.randint(0, 4)):
                op = rng.randrange(4)
                if op == 0 and len(h) > 3:
                    i = rng.randrange(len(h) - 2)
                    b = h[i:i + 3]
                    del h[i:i + 3]
                    j = rng.randrange(len(h) + 1)
                    h[j:j] = b
                elif op == 1:
                    h.reverse()
                elif op == 2 and h:
                    h[rng.randrange(len(h))] = rng.choice(small)
                else:
                    h.insert(rng.randrange(len(h) + 1), rng.choice(small))
            hyps.append(" ".join(h))
            refs.append(" ".join(r))
        else:
            ref = rng.choice(sents)
            refs.append(ref)
            hyps.append(perturb(rng, ref, vocab))
    (outdir / "hyp.txt").write_text("\n".join(hyps), encoding="utf-8")
    (outdir / "ref.txt").write_text("\n".join(refs), encoding="utf-8")
    words = sum(len(x.split()) for x in refs) / len(refs)
    chars = sum(len(x) for x in refs) / len(refs)
    print(f"generated {n} pairs in {outdir} (ref mean {words:.1f} words, {chars:.0f} chars)")


def read_pairs(hyp, ref, n):
    h = Path(hyp).read_text(encoding="utf-8").split("\n")
    r = Path(ref).read_text(encoding="utf-8").split("\n")
    m = min(len(h), len(r), n)
    return h[:m], r[:m]


def check(hyp, ref, scores, n):
    import jiwer
    import sacrebleu
    from rapidfuzz.distance import Levenshtein

    hs, rs = read_pairs(hyp, ref, n)
    got = Path(scores).read_text().split("\n")
    bad = 0
    for i, (h, r) in enumerate(zip(hs, rs)):
        want = [
            sacrebleu.sentence_chrf(h, [r]).score,
            sacrebleu.sentence_chrf(h, [r], word_order=2).score,
            sacrebleu.sentence_ter(h, [r]).score,
            sacrebleu.sentence_bleu(h, [r]).score,
            Levenshtein.distance(h, r),
            Levenshtein.normalized_distance(h, r),
            Levenshtein.distance(h.split(), r.split()),
            jiwer.wer(reference=r, hypothesis=h),
        ]
        g = [float(x) for x in got[i].split("\t")]
        for name, a, b in zip(
            ["chrf", "chrfpp", "ter", "bleu", "char", "char_norm", "word", "wer"], g, want
        ):
            if abs(a - b) > 1e-9:
                bad += 1
                if bad <= 20:
                    print(f"MISMATCH row {i} {name}: rust {a!r} python {b!r}\n  hyp={h!r}\n  ref={r!r}")
    print(f"differential check: {len(hs)} pairs x 8 metrics, {bad} mismatches")
    return bad


def timed(fn, n, runs=3):
    """Best of `runs` (the Rust side is timed the same way): on a shared
    machine the fastest run is the one least disturbed by neighbours."""
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return n / best


def peers(hyp, ref, n):
    import fastchrf
    import sacrebleu
    from rapidfuzz.distance import Levenshtein

    hs, rs = read_pairs(hyp, ref, n)
    m = len(hs)
    res = {}
    res["sacrebleu_all"] = timed(
        lambda: [
            (
                sacrebleu.sentence_chrf(h, [r]),
                sacrebleu.sentence_ter(h, [r]),
                sacrebleu.sentence_bleu(h, [r]),
            )
            for h, r in zip(hs, rs)
        ],
        m,
    )
    res["sacrebleu_chrf"] = timed(lambda: [sacrebleu.sentence_chrf(h, [r]) for h, r in zip(hs, rs)], m)
    res["sacrebleu_ter"] = timed(lambda: [sacrebleu.sentence_ter(h, [r]) for h, r in zip(hs, rs)], m)
    res["sacrebleu_bleu"] = timed(lambda: [sacrebleu.sentence_bleu(h, [r]) for h, r in zip(hs, rs)], m)
    # fastchrf: all pairs in one call (its fastest use), one thread.
    hb = [[h] for h in hs * 20]
    rb = [[r] for r in rs * 20]
    res["fastchrf"] = timed(lambda: fastchrf.pairwise_chrf(hb, rb), len(hb))
    hl, rl = hs * 20, rs * 20
    res["rapidfuzz_char"] = timed(lambda: [Levenshtein.distance(h, r) for h, r in zip(hl, rl)], len(hl))
    hw = [h.split() for h in hl]
    rw = [r.split() for r in rl]
    res["rapidfuzz_word"] = timed(lambda: [Levenshtein.distance(h, r) for h, r in zip(hw, rw)], len(hl))
    print(json.dumps({k: round(v) for k, v in res.items()}))


def sacrebleu_all(hyp, ref, n):
    """One timing of sacrebleu chrF + TER + BLEU on the first n pairs, for
    the interleaved rounds of bench_metric.sh."""
    import sacrebleu

    hs, rs = read_pairs(hyp, ref, n)
    pps = timed(
        lambda: [
            (
                sacrebleu.sentence_chrf(h, [r]),
                sacrebleu.sentence_ter(h, [r]),
                sacrebleu.sentence_bleu(h, [r]),
            )
            for h, r in zip(hs, rs)
        ],
        len(hs),
        runs=1,
    )
    print(round(pps))


def growth(outdir):
    rng = random.Random(7)
    sents = seed_sentences()
    words = [x for s in sents for x in s.split()]
    outdir = Path(outdir)
    for n in (10, 100, 1000):
        hyps, refs = [], []
        for _ in range(max(2, 20000 // n)):
            i = rng.randrange(len(words) - n)
            r = words[i:i + n]
            h = list(r)
            for _ in range(max(1, n // 10)):
                h[rng.randrange(n)] = rng.choice(words)
            # one moved block so TER's shift search has work
            j = rng.randrange(n - 3)
            b = h[j:j + 3]
            del h[j:j + 3]
            k = rng.randrange(len(h) + 1)
            h[k:k] = b
            hyps.append(" ".join(h))
            refs.append(" ".join(r))
        (outdir / f"growth_{n}_hyp.txt").write_text("\n".join(hyps), encoding="utf-8")
        (outdir / f"growth_{n}_ref.txt").write_text("\n".join(refs), encoding="utf-8")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        seeds = [int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--seed=")]
        gen(sys.argv[2], int(sys.argv[3]), "--hard" in sys.argv, *seeds[:1],
            unicode="--unicode" in sys.argv)
    elif cmd == "check":
        sys.exit(1 if check(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])) else 0)
    elif cmd == "peers":
        peers(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "sacrebleu_all":
        sacrebleu_all(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "growth":
        growth(sys.argv[2])
