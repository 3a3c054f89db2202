#!/usr/bin/env python3
"""Builds the alignment dev set: pairs of renderings with a gold alignment.

Source text: the King James Bible (public domain), dumped by Debian's
`bible-kjv` package, plus the project's seed hyp (modern web English).
Both sides are perturbed independently from the same source sentences:
synonym swaps, archaic->modern and MT-like literal wording, word drops,
clause reordering, OCR-like character noise; then structural changes:
merges (2-1, 3-1), splits (1-2, 1-3), re-splits (2-2), ~10% deletions,
unrelated paragraphs inserted on one side, front matter, a web footer,
truncation. Every output line is one sentence; gold.tsv lists links as
`hyp_indices<TAB>ref_indices` (comma-separated, 0-based, empty = gap).

usage: align_devgen.py OUTDIR [--big N]   (--big: one N-unit pair for scaling)
"""
import os
import random
import re
import subprocess
import sys

BOOKS = [
    ("gen1:1-gen12:20", 1), ("ex14:1-ex20:26", 2), ("ruth1:1-ruth4:22", 3),
    ("1sam17:1-1sam20:42", 4), ("job1:1-job4:21", 5), ("prov1:1-prov4:27", 6),
    ("matt5:1-matt8:34", 7), ("mark4:1-mark6:56", 8), ("luke15:1-luke18:43", 9),
    ("acts9:1-acts12:25", 10), ("rom12:1-rom16:27", 11), ("rev1:1-rev4:11", 12),
    # more held-out passages (added after tuning; never tuned on)
    ("num13:1-num14:45", 14), ("judg6:1-judg7:25", 15), ("2kings4:1-2kings5:27", 16),
    ("dan3:1-dan4:37", 17), ("john9:1-john11:57", 18), ("heb11:1-heb13:25", 19),
]
SEEDS_HYP = None  # filled from ../shared/seeds when present
HELD_OUT = {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}

SYN = {
    "thou": "you", "thee": "you", "thy": "your", "thine": "yours", "ye": "you",
    "hath": "has", "doth": "does", "saith": "says", "spake": "spoke", "unto": "to",
    "art": "are", "shalt": "shall", "wilt": "will", "said": "spoke", "behold": "look",
    "great": "big", "went": "walked", "came": "arrived", "city": "town",
    "people": "folk", "children": "sons", "land": "country", "house": "home",
    "called": "named", "gave": "handed", "took": "grabbed", "brought": "carried",
    "answered": "replied", "began": "started", "every": "each", "also": "too",
    "because": "since", "before": "ahead of", "afterward": "later", "many": "numerous",
    "little": "small", "evil": "wicked", "wept": "cried", "smote": "struck",
    "slew": "killed", "begat": "fathered", "multitude": "crowd", "dwelt": "lived",
    "company": "group", "market": "bazaar", "business": "commerce", "users": "customers",
    "platform": "system", "mobile": "handheld", "payment": "paying", "traffic": "flow",
    "build": "construct", "said,": "stated,", "now": "currently", "very": "really",
    "therefore": "so", "however": "but", "large": "huge", "only": "merely",
}
LITERAL = {  # MT-like over-literal or clumsy renderings
    "king": "monarch ruler", "servant": "serving person", "heaven": "sky heaven",
    "earth": "ground earth", "god": "God", "lord": "Master", "water": "the water",
    "bread": "food bread", "cattle": "livestock", "shop": "store shop",
}
FILLER = ["indeed", "also", "then", "really", "just", "actually", "so"]
FOOTER = [
    "Related Articles",
    "Contact Us",
    "The content of this page comes from the Internet and does not represent our opinion.",
    "If you find any instances of plagiarism, please send an email with relevant evidence.",
    "A staff member will contact you within 5 working days.",
    "Copyright 2024 Example Cloud. All rights reserved.",
]
FRONT = ["Source: Internet", "Author: User", "Keywords: scripture, reading"]
OCR = [("e", "c"), ("l", "1"), ("m", "rn"), ("o", "0"), ("h", "b"), ("i", "l")]


def kjv(spec):
    out = subprocess.run(["bible", "-l100000", spec], capture_output=True, text=True).stdout
    sents = []
    for line in out.splitlines():
        m = re.match(r"\s*\d+\s+(.*)", line)
        if not m:
            continue
        for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", m.group(1).strip()):
            if s:
                sents.append(s)
    return sents


def seed_text():
    base = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seeds")
    for d in [base, "/work/shared/seeds"]:
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f.startswith("000_"):
                    t = open(os.path.join(d, f), encoding="utf-8").read()
                    out = []
                    for para in re.split(r"\n\s*\n", t):
                        para = " ".join(para.split())
                        out += [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z])", para) if s]
                    return out
    return []


def perturb(s, rng, strength):
    words = s.split()
    out = []
    for w in words:
        key = w.lower().strip(",.;:")
        r = rng.random()
        if key in SYN and r < 0.6 * strength:
            rep = SYN[key]
            if w[0].isupper():
                rep = rep[0].upper() + rep[1:]
            out.append(rep + w[len(key):] if w.lower().startswith(key) else rep)
        elif key in LITERAL and r < 0.4 * strength:
            out.append(LITERAL[key])
        elif r < 0.12 * strength and len(words) > 4:
            continue  # dropped word
        else:
            if rng.random() < 0.03 * strength:
                a, b = rng.choice(OCR)
                w = w.replace(a, b, 1)
            out.append(w)
        if rng.random() < 0.04 * strength:
            out.append(rng.choice(FILLER))
    # clause reordering: swap the parts around one comma/semicolon
    if rng.random() < 0.25 * strength:
        t = " ".join(out)
        parts = re.split(r"[,;:] ", t, maxsplit=1)
        if len(parts) == 2 and len(parts[0]) > 8 and len(parts[1]) > 8:
            a, b = parts
            b = b.rstrip(".!?")
            out = (b[0].upper() + b[1:] + ", " + a[0].lower() + a[1:] + ".").split()
    # adjacent word swaps
    for _ in range(int(len(out) * 0.05 * strength)):
        k = rng.randrange(max(1, len(out) - 1))
        if k + 1 < len(out):
            out[k], out[k + 1] = out[k + 1], out[k]
    t = " ".join(out)
    return t if t.strip() else s


def split_sentence(s, parts):
    """Splits s into `parts` pieces at word boundaries (commas preferred)."""
    w = s.split()
    if len(w) < 3 * parts:
        return None
    cuts = sorted(random.sample(range(2, len(w) - 1), parts - 1))
    pieces, last = [], 0
    for c in cuts + [len(w)]:
        pieces.append(" ".join(w[last:c]))
        last = c
    return [p[0].upper() + p[1:] for p in pieces]


def render(units, rng, strength):
    """Per-unit rendering of one side: list of (text, unit ids) items in order."""
    return [[perturb(u, rng, strength)] for u in units]


def make_pair(units, filler, rng, truncate, footer, front):
    n = len(units)
    # Structural plan over source units: each group of source units becomes
    # one link; a link type says how each side renders the group.
    links = []  # (hyp sentences, ref sentences)
    i = 0
    # ALIGN_DEV_STRENGTH scales the wording changes (2 = a much freer rendering).
    k = float(os.environ.get("ALIGN_DEV_STRENGTH", "1"))
    strength_h, strength_r = k * rng.uniform(0.6, 1.2), k * rng.uniform(0.8, 1.6)
    while i < n:
        r = rng.random()
        if r < 0.09:  # deletion on one side
            u = units[i]
            if rng.random() < 0.5:
                links.append(([perturb(u, rng, strength_h)], []))
            else:
                links.append(([], [perturb(u, rng, strength_r)]))
            i += 1
        elif r < 0.15 and i + 1 < n:  # 2-1 or 1-2 by merging two units on one side
            a, b = units[i], units[i + 1]
            merged_h = perturb(a, rng, strength_h).rstrip(".") + "; " + perturb(b, rng, strength_h)[0].lower() + perturb(b, rng, strength_h)[1:]
            merged_r = perturb(a, rng, strength_r).rstrip(".") + ", and " + perturb(b, rng, strength_r)[0].lower() + perturb(b, rng, strength_r)[1:]
            if rng.random() < 0.5:
                links.append(([merged_h], [perturb(a, rng, strength_r), perturb(b, rng, strength_r)]))
            else:
                links.append(([perturb(a, rng, strength_h), perturb(b, rng, strength_h)], [merged_r]))
            i += 2
        elif r < 0.18 and i + 2 < n:  # 3-1 / 1-3
            tri = units[i:i + 3]
            joined = " ".join(perturb(u, rng, 1.0) for u in tri)
            sep = [perturb(u, rng, 1.0) for u in tri]
            links.append(([joined], sep) if rng.random() < 0.5 else (sep, [joined]))
            i += 3
        elif r < 0.22 and i + 1 < n:  # 2-2: the same two units cut at different places
            a, b = units[i], units[i + 1]
            words = (a + " " + b).split()
            la = len(a.split())
            if len(words) >= 10 and 3 <= la <= len(words) - 3:
                # A real 2-2 moves a good part of one sentence to the other
                # (a shift of a word or two would be annotated 1-1, 1-1).
                lb = len(words) - la
                c = la + (int(lb * rng.uniform(0.3, 0.6)) if rng.random() < 0.5
                          else -int(la * rng.uniform(0.3, 0.6)))
                c = max(2, min(len(words) - 2, c))
                alt = [" ".join(words[:c]), " ".join(words[c:])]
                alt[1] = alt[1][0].upper() + alt[1][1:]
                h = [perturb(a, rng, strength_h), perturb(b, rng, strength_h)]
                rr = [perturb(x, rng, strength_r) for x in alt]
                links.append((h, rr) if rng.random() < 0.5 else (rr, h))
                i += 2
                continue
            links.append(([perturb(a, rng, strength_h)], [perturb(a, rng, strength_r)]))
            i += 1
        elif r < 0.26:  # sentence split on one side (1-2)
            u = units[i]
            sp = split_sentence(perturb(u, rng, strength_r), 2)
            if sp:
                links.append(([perturb(u, rng, strength_h)], sp) if rng.random() < 0.5 else (sp, [perturb(u, rng, strength_h)]))
            else:
                links.append(([perturb(u, rng, strength_h)], [perturb(u, rng, strength_r)]))
            i += 1
        elif r < 0.285:  # unrelated paragraph inserted on one side
            k = rng.randint(3, 12)
            start = rng.randrange(max(1, len(filler) - k))
            para = [perturb(x, rng, 0.5) for x in filler[start:start + k]]
            links += [([p], []) if rng.random() < 0.0 else ([], [p]) for p in para] if rng.random() < 0.5 else [([p], []) for p in para]
        else:
            u = units[i]
            links.append(([perturb(u, rng, strength_h)], [perturb(u, rng, strength_r)]))
            i += 1
    if front:
        links = [([f], []) for f in FRONT[: rng.randint(1, 3)]] + links
    if truncate:
        # The ref stops part of the way in: later ref sentences vanish.
        cut = int(len(links) * rng.uniform(0.3, 0.8))
        links = links[:cut] + [(h, []) for h, _ in links[cut:] if h] if True else links
        links = [(h, r) for h, r in links if h or r]
        # a link that kept no ref sentence but held several hyp ones is one gap per sentence
        fixed = []
        for h, r in links:
            if not r and len(h) > 1:
                fixed += [([x], []) for x in h]
            else:
                fixed.append((h, r))
        links = fixed
    if footer:
        links += [([f], []) for f in FOOTER[: rng.randint(2, len(FOOTER))]]
    # Write: one sentence per line; gold in indices.
    hyp, ref, gold = [], [], []
    for h, r in links:
        # a gap with several sentences is listed sentence by sentence
        if not r and len(h) > 1:
            for x in h:
                gold.append(([len(hyp)], []))
                hyp.append(x)
            continue
        if not h and len(r) > 1:
            for x in r:
                gold.append(([], [len(ref)]))
                ref.append(x)
            continue
        hi = list(range(len(hyp), len(hyp) + len(h)))
        ri = list(range(len(ref), len(ref) + len(r)))
        hyp += h
        ref += r
        gold.append((hi, ri))
    return hyp, ref, gold


def write(outdir, name, hyp, ref, gold):
    os.makedirs(outdir, exist_ok=True)
    clean = lambda s: " ".join(s.split())
    with open(os.path.join(outdir, name + ".hyp"), "w", encoding="utf-8") as f:
        f.writelines(clean(s) + "\n" for s in hyp)
    with open(os.path.join(outdir, name + ".ref"), "w", encoding="utf-8") as f:
        f.writelines(clean(s) + "\n" for s in ref)
    with open(os.path.join(outdir, name + ".gold"), "w", encoding="utf-8") as f:
        for h, r in gold:
            f.write(",".join(map(str, h)) + "\t" + ",".join(map(str, r)) + "\n")


def main():
    outdir = sys.argv[1]
    filler = kjv("ps119:1-ps119:176") + kjv("eccl1:1-eccl3:22")
    if "--big" in sys.argv:
        n = int(sys.argv[sys.argv.index("--big") + 1])
        units = kjv("gen1:1-rev22:21")
        while len(units) < n:
            units = units + units
        rng = random.Random(1000 + n)
        random.seed(1000 + n)
        hyp, ref, gold = make_pair(units[:n], filler, rng, False, True, True)
        write(outdir, f"big{n}", hyp, ref, gold)
        return
    docs = [(spec, k) for spec, k in BOOKS]
    for spec, k in docs:
        rng = random.Random(k)
        random.seed(k)
        units = kjv(spec)
        split = "heldout" if k in HELD_OUT else "dev"
        hyp, ref, gold = make_pair(units, filler, rng, truncate=(k % 3 == 0),
                                   footer=(k % 2 == 0), front=(k % 4 == 1))
        write(os.path.join(outdir, split), f"kjv{k:02d}", hyp, ref, gold)
    seed = seed_text()
    if seed:
        rng = random.Random(13)
        random.seed(13)
        hyp, ref, gold = make_pair(seed, filler, rng, truncate=True, footer=False, front=False)
        write(os.path.join(outdir, "heldout"), "seed13", hyp, ref, gold)


if __name__ == "__main__":
    main()
