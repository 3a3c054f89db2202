#!/usr/bin/env python3
"""Alignment accuracy on real text pairs (shared/dev), mtaudit vs Bleualign.

Builds document-level tasks from the real data in DEV (default
/work/shared/dev, env ALIGN_REAL_DEV), runs the release binary
(`mtaudit compare --split lines`, DEFAULT options) and Bleualign (PyPI,
through scripts/align_peer_bleualign.py) on the same files, and prints the
tables of bench/align.md.

Data kinds and tasks (sentence per line; blank lines are paragraph breaks):
  textberg  the Text+Berg article: mt.{google,SACunidir,europarlfull,
            europarllight}.fr vs human.fr with Bleualign's gold beads, as it
            is (part "shared": the whole article), and cut at a gold bead
            boundary into its first 60% (part "dev": hyp lines 0-280, ref
            0-324) and the rest (part "heldout").
  tbdoc     the same article's poorer MT (SACunidir, europarlfull,
            europarllight) against its Google MT, line-parallel through the
            German, as document tasks with the edits below; lines 0-280
            "dev", the rest "heldout".
  wmt22     zh->en: blocks of 125 consecutive segments (documents follow
            each other in the file), even blocks "dev", odd blocks
            "heldout"; hyp = an MT system (JDExploreAcademy, best by the
            segment DA scores; Online-B, middle; NiuTrans, worst) or the
            second human reference ref.B ("human"); ref = ref.A. Every
            level gets the same structural edits per block.
  bible     YLT (hyp) vs WEB (ref, with its {notes}): 200 verses from the
            start of each of 16 books, alternately "dev" and "heldout".
Structural edits (seeded per task, identical across MT levels): ~5% units
dropped per side, ~8% merged with the next unit per side (never overlapping
a merge of the other side), new paragraphs (blank lines) at random,
headings inserted on either side, web front matter and footers, every third
task's ref truncated at 55-90%. The gold follows from the unit numbers.
The split is fixed by position/index above, decided before any tuning;
tuning looks at "dev" only.

Scores (Bleualign's convention, as textberg_dev/score_beads.py): strict link
P/R/F1 over beads with both sides non-empty; gap F1 over sentences left
unaligned (as the zh->en held-out figures report "unaligned-sentence F1").

usage: eval_align_real.py [--peers] [--parts dev,heldout,shared]
                          [--kinds textberg,wmt22,bible] [--buckets] [--verbose]
env:   MTAUDIT_BIN (default target/release/mtaudit), OUT dir (target/real)
"""
import argparse
import concurrent.futures as cf
import csv
import hashlib
import io
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEV = os.environ.get("ALIGN_REAL_DEV", "/work/shared/dev")
OUT = os.environ.get("OUT", os.path.join(ROOT, "target/real"))
BIN = os.environ.get("MTAUDIT_BIN", os.path.join(ROOT, "target/release/mtaudit"))
VENV = os.path.join(OUT, "venv")

TB_LEVELS = ["google", "SACunidir", "europarlfull", "europarllight"]
TB_CUT = (281, 325)  # first hyp / ref line of the held-out part
WMT_LEVELS = [("human", "ref.B.en"), ("best", "hyp.JDExploreAcademy.en"),
              ("mid", "hyp.Online-B.en"), ("worst", "hyp.NiuTrans.en")]
WMT_BLOCK = 125
BIBLE_BOOKS = ["Genesis", "Exodus", "Leviticus", "Deuteronomy", "Judges", "1 Samuel", "2 Kings",
               "Job", "Psalms", "Proverbs", "Isaiah", "Ezekiel", "Matthew", "John", "Romans",
               "Hebrews"]
BIBLE_VERSES = 200

FRONT = ["Home > News > World", "Published: 2022-08-14 10:32 | Updated: 2022-08-14 18:05",
         "Share on Facebook Share on Twitter Email", "Font size: A A A", "Listen to this article"]
FOOTER = ["Related articles", "Copyright © 2022 All rights reserved.", "Contact us | Privacy policy | Terms of use",
          "Follow us on WeChat and Weibo", "This article was translated by our editorial team.",
          "Editor: Zhang Wei", "Back to top", "Subscribe to our newsletter for more stories like this."]
HEADINGS = ["Background", "Overview", "Market reaction", "What happens next", "Details",
            "A closer look", "Reactions", "Key figures", "Summary", "Part two"]


def read_lines(p):
    return open(p, encoding="utf-8").read().splitlines()


def build_doc(units_h, units_r, seed, headings=None):
    """Applies the structural edits to two unit lists (same length, unit k
    of one side renders unit k of the other). Returns (hyp_lines, ref_lines,
    gold) where lines may be "" (a paragraph break) and gold is a list of
    (hyp idx tuple, ref idx tuple) over the non-blank lines."""
    rng = random.Random(seed)
    n = len(units_h)
    drop = [[rng.random() < 0.05 for _ in range(n)] for _ in range(2)]
    merged = [set(), set()]  # unit k merged with k+1 on that side
    for side in (0, 1):
        for k in range(n - 1):
            other = merged[1 - side]
            if rng.random() < 0.08 and not drop[side][k] and not drop[side][k + 1] \
                    and not ({k - 1, k, k + 1} & other) and k - 1 not in merged[side]:
                merged[side].add(k)
    trunc = n
    if rng.random() < 1 / 3:
        trunc = int(n * rng.uniform(0.55, 0.9))
    pool = headings or HEADINGS
    sides = []
    for side, units in ((0, units_h), (1, units_r)):
        lines = []  # (text, units) ; units = () for extra lines, None for blank
        if (side == 1 and rng.random() < 1 / 3) or (side == 0 and rng.random() < 0.5):
            for t in rng.sample(FRONT, rng.randint(1, 3)):
                lines.append((t, ()))
            lines.append(("", None))
        last = n if side == 0 else trunc
        k = 0
        while k < last:
            if rng.random() < 0.2 and lines and lines[-1][1] is not None:
                lines.append(("", None))
            if rng.random() < 0.02:
                lines.append((rng.choice(pool), ()))
            if drop[side][k]:
                k += 1
                continue
            if k in merged[side] and k + 1 < last:
                lines.append((units[k] + " " + units[k + 1], (k, k + 1)))
                k += 2
            else:
                lines.append((units[k], (k,)))
                k += 1
        if side == 0 and rng.random() < 2 / 3:
            lines.append(("", None))
            for t in rng.sample(FOOTER, rng.randint(2, 5)):
                lines.append((t, ()))
        sides.append(lines)
    # Gold: connected components of non-blank lines sharing units.
    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    u2node = {}
    for side, lines in enumerate(sides):
        i = 0
        for _, us in lines:
            if us is None:
                continue
            parent[(side, i)] = (side, i)
            for u in us:
                if u in u2node:
                    parent[find((side, i))] = find(u2node[u])
                else:
                    u2node[u] = (side, i)
            i += 1
    comps = {}
    for x in parent:
        comps.setdefault(find(x), []).append(x)
    gold = []
    for c in comps.values():
        hs = tuple(sorted(i for s, i in c if s == 0))
        rs = tuple(sorted(i for s, i in c if s == 1))
        if hs and rs:
            gold.append((hs, rs))
        else:
            gold += [((i,), ()) for i in hs] + [((), (j,)) for j in rs]
    gold.sort(key=lambda g: (g[0][:1] or (-1,), g[1][:1] or (-1,)))
    text = lambda lines: [t for t, _ in lines]
    return text(sides[0]), text(sides[1]), gold


def write_task(d, name, hyp, ref, gold):
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, name)
    for ext, lines in (("hyp", hyp), ("ref", ref)):
        with open(f"{base}.{ext}", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    with open(base + ".gold", "w", encoding="utf-8") as f:
        for h, r in gold:
            f.write(",".join(map(str, h)) + "\t" + ",".join(map(str, r)) + "\n")


def textberg_tasks(root):
    tb = os.path.join(DEV, "textberg_dev")
    human = read_lines(os.path.join(tb, "human.fr"))
    gold = []
    for line in open(os.path.join(tb, "gold.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        _, s, t = line.rstrip("\n").split("\t")
        gold.append((tuple(int(x) for x in s.split(",") if x), tuple(int(x) for x in t.split(",") if x)))
    a, b = TB_CUT
    for lv in TB_LEVELS:
        mt = read_lines(os.path.join(tb, f"mt.{lv}.fr"))
        write_task(os.path.join(root, "shared"), f"textberg-{lv}", mt, human, gold)
        first = [(h, r) for h, r in gold if (h and h[0] < a) or (not h and r[0] < b)]
        rest = [(tuple(x - a for x in h), tuple(x - b for x in r)) for h, r in gold
                if (h and h[0] >= a) or (not h and r[0] >= b)]
        write_task(os.path.join(root, "dev"), f"textberg-{lv}", mt[:a], human[:b], first)
        write_task(os.path.join(root, "heldout"), f"textberg-{lv}", mt[a:], human[b:], rest)


def tbdoc_tasks(root):
    """Poor MT against good MT of the same article, line-parallel through
    source.de, as document tasks: the poor-MT case with delivery structure."""
    tb = os.path.join(DEV, "textberg_dev")
    ref = read_lines(os.path.join(tb, "mt.google.fr"))
    a = TB_CUT[0]
    for lv in TB_LEVELS[1:]:
        hyp = read_lines(os.path.join(tb, f"mt.{lv}.fr"))
        keep = [k for k in range(len(ref)) if ref[k].strip() and hyp[k].strip()]
        for part, ks in (("dev", [k for k in keep if k < a]), ("heldout", [k for k in keep if k >= a])):
            h, r, g = build_doc([hyp[k] for k in ks], [ref[k] for k in ks], seed=f"tbdoc-{part}",
                                headings=["Le Baltoro", "Premiers pas", "Remarques", "Notes"])
            write_task(os.path.join(root, part), f"tbdoc-{lv}", h, r, g)


def wmt_tasks(root):
    w = os.path.join(DEV, "wmt22_zhen")
    ref = read_lines(os.path.join(w, "ref.A.en"))
    for lv, f in WMT_LEVELS:
        hyp = read_lines(os.path.join(w, f))
        for b in range(0, (len(ref) + WMT_BLOCK - 1) // WMT_BLOCK):
            lo, hi = b * WMT_BLOCK, min(len(ref), (b + 1) * WMT_BLOCK)
            if hi - lo < 40:
                continue
            h, r, g = build_doc(hyp[lo:hi], ref[lo:hi], seed=f"wmt{b}")
            part = "dev" if b % 2 == 0 else "heldout"
            write_task(os.path.join(root, part), f"wmt22-{lv}-b{b:02d}", h, r, g)


def bible_tasks(root):
    b = os.path.join(DEV, "bible_dev")

    def load(f):
        v = {}
        for line in open(os.path.join(b, f), encoding="utf-8"):
            book, cv, text = line.rstrip("\n").split("\t", 2)
            v.setdefault(book, []).append((cv, text))
        return v

    ylt, web = load("YLT.tsv"), load("WEB.tsv")
    for k, book in enumerate(BIBLE_BOOKS):
        y, wv = ylt[book][:BIBLE_VERSES], web[book][:BIBLE_VERSES]
        assert [c for c, _ in y] == [c for c, _ in wv], book
        heads = [f"Chapter {c}" for c in sorted({int(c.split(':')[0]) for c, _ in y})]
        h, r, g = build_doc([t for _, t in y], [t for _, t in wv], seed=f"bible{k}",
                            headings=heads + ["Notes", "Introduction"])
        part = "dev" if k % 2 == 0 else "heldout"
        write_task(os.path.join(root, part), f"bible-{book.replace(' ', '')}", h, r, g)


def build(root):
    stamp = os.path.join(root, ".built")
    me = hashlib.sha1(open(__file__, "rb").read()).hexdigest()
    if os.path.exists(stamp) and open(stamp).read() == me:
        return
    textberg_tasks(root)
    tbdoc_tasks(root)
    wmt_tasks(root)
    bible_tasks(root)
    open(stamp, "w").write(me)


def raw(base):
    """Textberg's gold indexes file lines (mt.google.fr has one blank line):
    there, as in the issue's measurement, a row's beads are its line - 1 and
    the next lines; in the built tasks blank lines are paragraph breaks and
    the gold indexes the non-blank lines."""
    return os.path.basename(base).startswith("textberg")


class _Minus1:
    def __getitem__(self, n):
        return n - 1


def line_map(path):
    """1-based file line number -> 0-based index of that line in the gold."""
    m, i = {}, 0
    for n, line in enumerate(open(path, encoding="utf-8").read().splitlines(), 1):
        if line.strip():
            m[n] = i
            i += 1
    return m


def run_mtaudit(base):
    out = subprocess.run([BIN, "compare", "--split", "lines", "-q", "-j", "1", base + ".hyp", base + ".ref"],
                         capture_output=True, text=True, check=True).stdout
    if raw(base):
        hm = rm = _Minus1()
    else:
        hm, rm = line_map(base + ".hyp"), line_map(base + ".ref")
    links = []
    for row in csv.DictReader(io.StringIO(out)):
        k, l = (int(x) for x in row["kind"].split("-"))
        h0 = hm[int(row["hyp_line"])] if row["hyp_line"] else 0
        r0 = rm[int(row["ref_line"])] if row["ref_line"] else 0
        links.append((tuple(range(h0, h0 + k)), tuple(range(r0, r0 + l)), float(row["align_score"])))
    return links


def run_align_run(base):
    """examples/align_run (the same library call, ALIGN_PARAMS overrides):
    for tuning only; the figures of bench/align.md come from the binary."""
    out = subprocess.run([os.path.join(ROOT, "target/release/examples/align_run"), base + ".hyp", base + ".ref"],
                         capture_output=True, text=True, check=True).stdout
    if raw(base):
        nb = [[k for k, x in enumerate(read_lines(f"{base}.{e}")) if x.strip()] for e in ("hyp", "ref")]
    links = []
    for line in out.splitlines():
        a, b, c, d, sc = line.split()
        a, b, c, d = int(a), int(b), int(c), int(d)
        if raw(base):
            h0 = nb[0][a] if a < b else 0
            r0 = nb[1][c] if c < d else 0
            a, b, c, d = h0, h0 + b - a, r0, r0 + d - c
        links.append((tuple(range(a, b)), tuple(range(c, d)), float(sc)))
    return links


def run_bleualign(base):
    """Bleualign on the non-blank lines; cached (it never changes)."""
    cache = os.path.join(OUT, "cache")
    os.makedirs(cache, exist_ok=True)
    tmp = {}
    for ext in ("hyp", "ref"):
        lines = [x for x in read_lines(f"{base}.{ext}") if raw(base) or x.strip()]
        tmp[ext] = "\n".join(lines) + "\n"
    key = hashlib.sha1((tmp["hyp"] + "\0" + tmp["ref"]).encode()).hexdigest()
    cf_ = os.path.join(cache, key + ".bleualign")
    if not os.path.exists(cf_):
        if not os.path.exists(os.path.join(VENV, "bin/python")):
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
            subprocess.run([os.path.join(VENV, "bin/pip"), "install", "-q", "pypi-bleualign"], check=True)
        paths = {}
        for ext in ("hyp", "ref"):
            paths[ext] = os.path.join(cache, f"{key}.{ext}")
            open(paths[ext], "w", encoding="utf-8").write(tmp[ext])
        out = subprocess.run([os.path.join(VENV, "bin/python"), os.path.join(HERE, "align_peer_bleualign.py"),
                              paths["hyp"], paths["ref"]], capture_output=True, text=True, check=True).stdout
        open(cf_ + ".tmp", "w").write(out)
        os.replace(cf_ + ".tmp", cf_)
    links = []
    for line in open(cf_):
        a, b, c, d, s = line.split()
        links.append((tuple(range(int(a), int(b))), tuple(range(int(c), int(d))), float(s)))
    return links


def read_gold(path):
    g = []
    for line in open(path, encoding="utf-8"):
        h, r = line.rstrip("\n").split("\t")
        g.append((tuple(int(x) for x in h.split(",") if x), tuple(int(x) for x in r.split(",") if x)))
    return g


def gaps(links):
    s = set()
    for h, r, *_ in links:
        if not h:
            s |= {("r", j) for j in r}
        if not r:
            s |= {("h", i) for i in h}
    return s


def counts(pred, gold):
    gl = {(h, r) for h, r in gold if h and r}
    pl = [(h, r) for h, r, *_ in pred if h and r]
    gg, pg = gaps(gold), gaps(pred)
    return [sum(x in gl for x in pl), len(pl), len(gl), len(pg & gg), len(pg), len(gg)]


def prf(tp, npred, ngold):
    p = tp / npred if npred else 1.0
    r = tp / ngold if ngold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def group_of(name):
    kind, rest = name.split("-", 1)
    if kind == "wmt22":
        return kind, rest.split("-")[0]
    if kind in ("textberg", "tbdoc"):
        return kind, rest
    return kind, "ylt-web"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--parts", default="dev")
    ap.add_argument("--kinds", default="textberg,tbdoc,wmt22,bible")
    ap.add_argument("--buckets", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--runner", default="mtaudit", choices=["mtaudit", "align_run"])
    a = ap.parse_args()
    root = os.path.join(OUT, "tasks")
    build(root)
    kinds = a.kinds.split(",")
    jobs = []
    for part in a.parts.split(","):
        d = os.path.join(root, part)
        for f in sorted(os.listdir(d)):
            if f.endswith(".gold") and f.split("-")[0] in kinds:
                jobs.append((part, f[:-5], os.path.join(d, f[:-5])))
    aligners = [("mtaudit", run_mtaudit if a.runner == "mtaudit" else run_align_run)] + ([("bleualign", run_bleualign)] if a.peers else [])

    def one(job):
        part, name, base = job
        gold = read_gold(base + ".gold")
        return {al: (fn(base), gold) for al, fn in aligners}

    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(one, jobs))
    tot = {}
    conf = []
    for (part, name, _), res in zip(jobs, results):
        key = (*group_of(name), part)
        for al, (pred, gold) in res.items():
            c = counts(pred, gold)
            t = tot.setdefault(key, {}).setdefault(al, [0] * 6)
            for i in range(6):
                t[i] += c[i]
            if a.verbose and al == "mtaudit":
                print(f"{part}/{name}: link F1 {prf(*c[:3])[2]:.3f} gap F1 {prf(*c[3:])[2]:.3f}")
            if al == "mtaudit":
                gl = {(h, r) for h, r in gold if h and r}
                gg = gaps(gold)
                for h, r, s in pred:
                    if h and r:
                        conf.append(("link", s, (h, r) in gl))
                    else:
                        conf.append(("gap", s, (("h", h[0]) if h else ("r", r[0])) in gg))
    head = "| data | level | part | mtaudit link P | R | **F1** | gap F1 |"
    if a.peers:
        head += " Bleualign link F1 | gap F1 |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    order = {"textberg": 0, "tbdoc": 1, "wmt22": 2, "bible": 3}
    lvl = {x: i for i, x in enumerate(TB_LEVELS + [x for x, _ in WMT_LEVELS] + ["ylt-web"])}
    prt = {"shared": 0, "dev": 1, "heldout": 2}
    for key in sorted(tot, key=lambda k: (order[k[0]], lvl[k[1]], prt[k[2]])):
        m = tot[key]["mtaudit"]
        p, r, f = prf(*m[:3])
        line = f"| {key[0]} | {key[1]} | {key[2]} | {p:.3f} | {r:.3f} | **{f:.3f}** | {prf(*m[3:])[2]:.3f} |"
        if a.peers:
            b = tot[key]["bleualign"]
            line += f" {prf(*b[:3])[2]:.3f} | {prf(*b[3:])[2]:.3f} |"
        print(line)
    if a.buckets:
        print()
        print("| align_score | links | link precision | gap rows | gap precision |")
        print("|---|---|---|---|---|")
        for lo, hi in [(0, .1), (.1, .3), (.3, .5), (.5, .7), (.7, .9), (.9, 1.01)]:
            v = [c for k, s, c in conf if k == "link" and lo <= s < hi]
            w = [c for k, s, c in conf if k == "gap" and lo <= s < hi]
            acc = lambda x: f"{sum(x) / len(x):.3f}" if x else "-"
            print(f"| {lo:.1f}-{min(hi, 1):.1f} | {len(v)} | {acc(v)} | {len(w)} | {acc(w)} |")


if __name__ == "__main__":
    main()
