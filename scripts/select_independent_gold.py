#!/usr/bin/env python3
"""Select the sentences of the frozen, independent gold set (issue 12, item 6).

Usage::

    python scripts/select_independent_gold.py [TREEBANKS] [--out data/gold/independent/sentences.csv]
    python scripts/select_independent_gold.py --check     # verify the committed selection

TREEBANKS defaults to ``../shared/ud-hindi`` relative to the repository root.

Only the models' held-out test split is used (see ``split_of``/``load_source``
in ``scripts/train_models.py``): in each source (hdtb = hdtb-v1.2-dev then
hdtb-v1.2-test, numbered together; pud = pud-v2-test) the index-th sentence
(0-based, file order) is held out when ``index % 10 == 0``.  From the pooled
held-out sentences, with a fixed seed:

* ``RANDOM_N`` are a plain random sample;
* ``FILTERED_N`` are drawn from the remaining ones that match a broad cue
  filter (a speech verb, a time word or a digit, or two named entities),
  so that quotations, time expressions and stances occur often enough.

The selection depends only on the treebank files, the seed and the filter
lists written below (from general Hindi knowledge, not from the project's
codebooks or rules).  Columns written by hand (``two_actors``, ``dct``
overrides, ``note``) in an existing sentences.csv are kept on a rerun.
"""

import argparse
import csv
import hashlib
import random
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_models import read_conllu, rebuild_text, sentence_text, space_after_flags  # noqa: E402

SOURCES = {
    "hdtb": ["hdtb-v1.2-dev.conllu", "hdtb-v1.2-test.conllu"],
    "pud": ["pud-v2-test.conllu"],
}
SEED = 20261201
RANDOM_N = 170
FILTERED_N = 170
# Nominal document creation dates (see README, "dct"): HDTB is Hindi news of
# 2004-2005 (see README); PUD's news sentences are from late 2016 (US transition).
NOMINAL_DCT = {"hdtb": "2005-07-15", "pud": "2016-11-15"}
OUT = REPO / "data" / "gold" / "independent" / "sentences.csv"
HAND_COLUMNS = ["two_actors", "dct", "note"]

SPEECH = [
    "कहा",
    "कहते",
    "कहना",
    "कहती",
    "कहे",
    "कही",
    "बताया",
    "बताते",
    "बताई",
    "बताती",
    "बोले",
    "बोला",
    "बोली",
    "आरोप",
    "दावा",
    "घोषणा",
    "ऐलान",
    "बयान",
    "कहां",
    "लिखा",
    "पूछा",
    "जवाब",
    "स्वीकार",
    "इनकार",
    "इंकार",
    "चेतावनी",
    "आलोचना",
    "निंदा",
    "मांग",
    "अपील",
    "सराहना",
    "प्रशंसा",
    "समर्थन",
    "विरोध",
    "धमकी",
    "“",
    '"',
    "'",
    "‘",
]
TIME = [
    "जनवरी",
    "फरवरी",
    "मार्च",
    "अप्रैल",
    "अप्रेल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "सितम्बर",
    "अक्टूबर",
    "अक्तूबर",
    "नवंबर",
    "नवम्बर",
    "दिसंबर",
    "दिसम्बर",
    "सोमवार",
    "मंगलवार",
    "बुधवार",
    "गुरुवार",
    "गुरूवार",
    "बृहस्पतिवार",
    "शुक्रवार",
    "शनिवार",
    "रविवार",
    "वर्ष",
    "साल",
    "महीने",
    "महीना",
    "माह",
    "सप्ताह",
    "हफ्ते",
    "पिछले",
    "पिछली",
    "अगले",
    "अगली",
    "आज",
    "कल",
    "परसों",
    "सुबह",
    "शाम",
    "रात",
    "दिन",
    "दशक",
    "सदी",
    "शताब्दी",
    "तारीख",
    "तिथि",
    "इस",
    "हाल",
    "अब",
]
DIGITS = set("0123456789०१२३४५६७८९")


def split_of(index):
    """Held out (the models' test split) when index % 10 == 0."""
    return index % 10 == 0


def held_out(treebanks):
    """(gold_id, source, sent_id, text, upos) of every held-out sentence."""
    rows = []
    for source, names in SOURCES.items():
        index = 0
        width = 5 if source == "hdtb" else 4
        for name in names:
            for number, (comments, toks) in enumerate(read_conllu(treebanks / name), 1):
                toks = [t for t in toks if t[0].isdigit()]
                if split_of(index):
                    sid = next((c.split("=", 1)[1].strip() for c in comments if c.startswith("# sent_id")), None)
                    sid = sid or f"{name[: -len('.conllu')]}-{number}"
                    text = sentence_text(comments)
                    forms = [t[1] for t in toks]
                    if text is None:
                        text = rebuild_text(forms, space_after_flags(forms))
                    rows.append({"gold_id": f"{source}-{index:0{width}d}", "source": source, "sent_id": sid, "text": text, "upos": [t[3] for t in toks], "forms": forms})
                index += 1
    return rows


def named_entities(row):
    """Number of maximal PROPN runs (a rough count of named entities)."""
    count, prev = 0, False
    for tag in row["upos"]:
        if tag == "PROPN" and not prev:
            count += 1
        prev = tag == "PROPN"
    return count


def matches_filter(row):
    forms = set(row["forms"])
    text = row["text"]
    if any(w in forms or (len(w) == 1 and w in text) for w in SPEECH):
        return True
    if any(w in forms for w in TIME) or any(ch in DIGITS for ch in text):
        return True
    return named_entities(row) >= 2


def split_for(gold_id):
    """dev/test by a stable hash of gold_id (about half each)."""
    return "dev" if hashlib.sha256(gold_id.encode()).digest()[0] % 2 == 0 else "test"


def select(treebanks):
    pool = held_out(treebanks)
    rng = random.Random(SEED)
    plain = rng.sample(pool, RANDOM_N)
    chosen = {r["gold_id"] for r in plain}
    rest = [r for r in pool if r["gold_id"] not in chosen and matches_filter(r)]
    filtered = rng.sample(rest, min(FILTERED_N, len(rest)))
    for r in plain:
        r["drawn"] = "random"
    for r in filtered:
        r["drawn"] = "filter"
    out = sorted(plain + filtered, key=lambda r: (r["source"], r["gold_id"]))
    return out, len(pool)


def default_treebanks():
    """../shared/ud-hindi next to the repository (or next to its main checkout,
    when this is a git worktree elsewhere)."""
    here = REPO.parent / "shared" / "ud-hindi"
    if here.exists():
        return here
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        main_checkout = Path(common).parent
        if (main_checkout.parent / "shared" / "ud-hindi").exists():
            return main_checkout.parent / "shared" / "ud-hindi"
    except (OSError, subprocess.CalledProcessError):
        pass
    return here


def check(rows, out):
    """Compare sentences.csv with a fresh selection; return a list of differences."""
    with open(out, encoding="utf-8", newline="") as handle:
        have = {r["gold_id"]: r for r in csv.DictReader(handle)}
    want = {r["gold_id"]: r for r in rows}
    problems = [f"missing {g}" for g in sorted(set(want) - set(have))]
    problems += [f"not selected {g}" for g in sorted(set(have) - set(want))]
    for g in sorted(set(want) & set(have)):
        for key in ("source", "sent_id", "text", "drawn"):
            if have[g][key] != want[g][key]:
                problems.append(f"{g}: {key} differs")
        if have[g]["split"] != split_for(g):
            problems.append(f"{g}: split differs")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("treebanks", nargs="?", default=None, help="folder of the UD Hindi files (default ../shared/ud-hindi)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--check", action="store_true", help="only verify that OUT holds exactly this selection (exit 1 if not)")
    args = ap.parse_args()
    treebanks = Path(args.treebanks) if args.treebanks else default_treebanks()
    out = Path(args.out)
    if args.check:
        rows, pool = select(treebanks)
        problems = check(rows, out)
        print("\n".join(problems) or f"sentences.csv matches the selection ({len(rows)} of {pool} held out)")
        sys.exit(1 if problems else 0)
    kept = {}
    if out.exists():
        with open(out, encoding="utf-8", newline="") as handle:
            kept = {r["gold_id"]: r for r in csv.DictReader(handle)}
    rows, pool = select(treebanks)
    out.parent.mkdir(parents=True, exist_ok=True)
    fields = ["gold_id", "source", "sent_id", "drawn", "split", "dct", "two_actors", "text", "note"]
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            old = kept.get(r["gold_id"], {})
            writer.writerow(
                {
                    "gold_id": r["gold_id"],
                    "source": r["source"],
                    "sent_id": r["sent_id"],
                    "drawn": r["drawn"],
                    "split": split_for(r["gold_id"]),
                    "dct": old.get("dct") or NOMINAL_DCT[r["source"]],
                    "two_actors": old.get("two_actors", ""),
                    "text": r["text"],
                    "note": old.get("note", ""),
                }
            )
    print(f"held out: {pool}; selected: {len(rows)} -> {out}")


if __name__ == "__main__":
    main()
