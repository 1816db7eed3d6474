#!/usr/bin/env python3
"""Select the sentences of the second stance development set, ``data/gold/independent/stance_dev2`` (issue 12).

Usage::

    python scripts/select_stance_dev2.py [TREEBANKS]            # (re)write sentences.csv, keeping the hand columns
    python scripts/select_stance_dev2.py [TREEBANKS] --check    # verify the committed selection

The independent gold has only 15 dev stance triples, too few to develop
stance rules on without fitting them to single sentences. This set adds
development data: HDTB sentences (Hindi newspaper text) that name two
actors and carry a stance word, plus sentences with two named entities and
a word of meeting or talks and no stance word, as negatives. It is
development data only, never a test.

From every HDTB sentence (hdtb-v1.2-dev then hdtb-v1.2-test, numbered
together as in ``select_independent_gold.py``) that is not in the
independent gold (by gold id and by text), with ``random.Random(SEED)``:
``STANCE_N`` sentences with a stance word (``STANCE_WORDS``, written from
general Hindi knowledge, not from the project's codebooks) and at least two
named entities (two maximal PROPN runs), and ``NEGATIVE_N`` with two named
entities, a meeting word and no stance word. Most of these sentences were
in the bundled models' training data (``held_out`` says which were not), so
their parses are better than on unseen text.
"""

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_independent_gold import NOMINAL_DCT, SOURCES, default_treebanks, named_entities, split_of  # noqa: E402
from select_independent_gold import OUT as INDEPENDENT
from train_models import read_conllu, rebuild_text, space_after_flags  # noqa: E402

SEED = 20261215
STANCE_N = 200
NEGATIVE_N = 40
OUT = INDEPENDENT.parent / "stance_dev2" / "sentences.csv"
HAND_COLUMNS = ["two_actors", "note"]
SPLIT = "dev2"  # the split these rows are scored as: development data, never a test
FIELDS = ["gold_id", "source", "sent_id", "drawn", "held_out", "split", "dct", "two_actors", "text", "note"]
# Words of support and opposition in Hindi news (word forms, matched whole).
STANCE_WORDS = {
    "आलोचना",
    "निंदा",
    "भर्त्सना",
    "विरोध",
    "विरोधी",
    "समर्थन",
    "समर्थक",
    "आरोप",
    "मांग",
    "माँग",
    "सराहना",
    "प्रशंसा",
    "तारीफ",
    "बधाई",
    "खिलाफ",
    "ख़िलाफ़",
    "खिलाफ़",
    "धरना",
    "प्रदर्शन",
    "निशाना",
    "आपत्ति",
    "इस्तीफे",
    "इस्तीफा",
    "धन्यवाद",
    "मुकदमा",
    "याचिका",
    "शिकायत",
    "चेतावनी",
    "धमकी",
    "बचाव",
    "दोषी",
    "जिम्मेदार",
    "कटघरे",
    "घेरा",
    "पलटवार",
    "हमला",
    "कोसा",
    "फटकार",
    "सहायता",
    "मदद",
    "स्वागत",
    "आभार",
    "नाराजगी",
    "नाराज",
    "बर्खास्त",
    "बर्खास्तगी",
}
MEETING_WORDS = {"मुलाकात", "मिले", "बातचीत", "बैठक", "वार्ता", "भेंट", "दौरे", "यात्रा", "समझौते", "समझौता"}


def hdtb_sentences(treebanks):
    """Every HDTB sentence with its gold id, sent id, rebuilt text, word forms and UPOS."""
    rows, index = [], 0
    for name in SOURCES["hdtb"]:
        for number, (_comments, toks) in enumerate(read_conllu(treebanks / name), 1):
            toks = [t for t in toks if t[0].isdigit()]
            forms = [t[1] for t in toks]
            text = rebuild_text(forms, space_after_flags(forms))
            rows.append(
                {
                    "gold_id": f"hdtb-{index:05d}",
                    "source": "hdtb",
                    "sent_id": f"{name[: -len('.conllu')]}-{number}",
                    "text": text,
                    "forms": forms,
                    "upos": [t[3] for t in toks],
                    "held_out": "yes" if split_of(index) else "no",
                }
            )
            index += 1
    return rows


def select(treebanks):
    with open(INDEPENDENT, encoding="utf-8", newline="") as handle:
        taken = list(csv.DictReader(handle))
    ids, texts = {r["gold_id"] for r in taken}, {r["text"] for r in taken}
    pool = [r for r in hdtb_sentences(treebanks) if r["gold_id"] not in ids and r["text"] not in texts and named_entities(r) >= 2]
    stance = [r for r in pool if STANCE_WORDS & set(r["forms"])]
    negative = [r for r in pool if MEETING_WORDS & set(r["forms"]) and not STANCE_WORDS & set(r["forms"])]
    rng = random.Random(SEED)
    chosen = [dict(r, drawn="stance") for r in rng.sample(stance, STANCE_N)] + [dict(r, drawn="negative") for r in rng.sample(negative, NEGATIVE_N)]
    return sorted(chosen, key=lambda r: r["gold_id"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("treebanks", nargs="?", default=None, help="folder of the UD Hindi files (default ../shared/ud-hindi)")
    ap.add_argument("--check", action="store_true", help="only verify that sentences.csv holds exactly this selection (exit 1 if not)")
    args = ap.parse_args()
    rows = select(Path(args.treebanks) if args.treebanks else default_treebanks())
    kept = {}
    if OUT.exists():
        with open(OUT, encoding="utf-8", newline="") as handle:
            kept = {r["gold_id"]: r for r in csv.DictReader(handle)}
    if args.check:
        problems = [g for g in sorted({r["gold_id"] for r in rows} ^ set(kept))]
        problems += [r["gold_id"] for r in rows if r["gold_id"] in kept and kept[r["gold_id"]]["text"] != r["text"]]
        print("\n".join(problems) or f"sentences.csv matches the selection ({len(rows)} sentences)")
        sys.exit(1 if problems else 0)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            old = kept.get(r["gold_id"], {})
            writer.writerow({key: r.get(key, "") for key in FIELDS} | {"split": SPLIT, "dct": NOMINAL_DCT["hdtb"]} | {c: old.get(c, "") for c in HAND_COLUMNS})
    print(f"selected {len(rows)} -> {OUT}")


if __name__ == "__main__":
    main()
