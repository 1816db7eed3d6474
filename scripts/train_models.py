#!/usr/bin/env python3
"""Train, evaluate and document the project's bundled Hindi stanza models.

Stages (run them in order, or ``all``)::

    python scripts/train_models.py prepare    # treebanks -> build/training/data
    python scripts/train_models.py train      # stanza trainers -> build/training/models
    python scripts/train_models.py evaluate   # held-out test -> models/hi, scores.json, README table

Data come from ``--treebanks`` (default ``../shared/ud-hindi`` relative to the
repository root): UD_Hindi-HDTB v1.2 dev+test and UD_Hindi-PUD v2.  HDTB is
harmonised to UD v2 and to PUD's infinitive lemma convention, XPOS and FEATS
are blanked (the two sources use different tag sets; only UPOS is trained),
and every source is split by sentence index modulo 10 (see ``split_of``).

Everything generated (prepared data, checkpoints, logs) lives under
``build/training/`` and is never committed; the stage ``evaluate`` copies the
final models to ``models/hi/`` and writes ``models/scores.json``,
``models/training.json`` and the score table of ``models/README.md``.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build" / "training"
DATA = BUILD / "data"
CKPT = BUILD / "models"
LOGS = BUILD / "logs"
MODELS = REPO / "models"
OUT = MODELS / "hi"
SHORTHAND = "hi_combined"

SOURCES = {
    "hdtb": ["hdtb-v1.2-dev.conllu", "hdtb-v1.2-test.conllu"],
    "pud": ["pud-v2-test.conllu"],
}

# ---------------------------------------------------------------------------
# Reading and writing CoNLL-U
# ---------------------------------------------------------------------------


def read_conllu(path):
    """Return the sentences of a CoNLL-U file as (comments, rows) pairs.

    ``comments`` is a list of ``# ...`` lines, ``rows`` a list of 10-field lists.
    """
    sentences, comments, rows = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    sentences.append((comments, rows))
                comments, rows = [], []
            elif line.startswith("#"):
                comments.append(line)
            else:
                rows.append(line.split("\t"))
    if rows:
        sentences.append((comments, rows))
    return sentences


def format_sentence(comments, rows):
    """Format one sentence as CoNLL-U text, ending in a blank line."""
    lines = list(comments) + ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n\n"


def sentence_text(comments):
    """The ``# text`` of a sentence, or None."""
    for line in comments:
        if line.startswith("# text = "):
            return line[len("# text = ") :]
    return None


# ---------------------------------------------------------------------------
# Harmonisation (HDTB v1.2 -> UD v2 as used by PUD)
# ---------------------------------------------------------------------------

# UD v1 relation names with a one-to-one UD v2 successor.
V1_RELATIONS = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "neg": "advmod",
    "name": "flat",
    "mwe": "fixed",
    "foreign": "flat:foreign",
}
# UD v2 turns nominal dependents of predicates (verbs, adjectives, adverbs) into obl.
OBL_HEADS = {"VERB", "ADJ", "ADV"}
# UD v1 UPOS CONJ was renamed CCONJ in v2.
V1_UPOS = {"CONJ": "CCONJ"}
UD2_RELATIONS = {
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
}
UD2_UPOS = {
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
}

# Lemmas of VERB/AUX tokens which are not verb stems and keep their form:
# the copula forms है/था, the modal चाहिए and the suffix वाला.
NON_STEM_LEMMAS = {"है", "था", "चाहिए", "वाला"}
# PUD writes stem + ना mechanically even for है/था (हैना, थाना are not Hindi
# words); they are normalised to the copula lemma used everywhere else.
PUD_LEMMA_FIXES = {"हैना": "है", "थाना": "था"}
INFINITIVE = "ना"

# Punctuation attached to the previous word / to the next word in running text.
CLOSING_PUNCT = set("।॥,.;:?!)]}”’%")
OPENING_PUNCT = set("([{“‘")
STRAIGHT_QUOTES = set("'\"")


def v2_relation(deprel, head_upos):
    """Map a UD v1 HDTB relation to UD v2, given the UPOS of its head."""
    if deprel == "nmod" and head_upos in OBL_HEADS:
        return "obl"
    return V1_RELATIONS.get(deprel, deprel)


def infinitive_lemma(lemma, upos):
    """HDTB stem lemma of a VERB/AUX -> current UD infinitive (कर -> करना).

    HDTB v1.2 lemmas of verbs are bare stems, so ना is appended to every
    VERB/AUX lemma except the non-stem lemmas in ``NON_STEM_LEMMAS``.
    Other parts of speech are returned unchanged.
    """
    if upos not in ("VERB", "AUX") or lemma in NON_STEM_LEMMAS:
        return lemma
    return lemma + INFINITIVE


def space_after_flags(forms):
    """Whether each token is followed by a space in rebuilt running text.

    Closing punctuation (। , ) ...) attaches to the previous word, opening
    punctuation to the next one; straight quotes alternate between opening
    and closing within a sentence.  The last token gets True.
    """
    glue_left = [False] * len(forms)
    glue_right = [False] * len(forms)
    quote_open = False
    for i, form in enumerate(forms):
        if form in CLOSING_PUNCT:
            glue_left[i] = True
        elif form in OPENING_PUNCT:
            glue_right[i] = True
        elif form in STRAIGHT_QUOTES:
            if quote_open:
                glue_left[i] = True
            else:
                glue_right[i] = True
            quote_open = not quote_open
    flags = []
    for i in range(len(forms)):
        last = i == len(forms) - 1
        flags.append(last or not (glue_right[i] or glue_left[i + 1]))
    return flags


def rebuild_text(forms, flags):
    """Join token forms into running text according to space-after flags."""
    return "".join(form + (" " if space and i < len(forms) - 1 else "") for i, (form, space) in enumerate(zip(forms, flags)))


def with_space_after(misc, space):
    """Set or clear SpaceAfter=No in a MISC value."""
    pieces = [p for p in misc.split("|") if p not in ("_", "SpaceAfter=No")]
    if not space:
        pieces.append("SpaceAfter=No")
    return "|".join(pieces) if pieces else "_"


def harmonise_hdtb(comments, rows):
    """Harmonise one HDTB v1.2 sentence; returns (comments, rows)."""
    upos = {row[0]: row[3] for row in rows}
    forms = [row[1] for row in rows]
    flags = space_after_flags(forms)
    new_rows = []
    for row, space in zip(rows, flags):
        tag = V1_UPOS.get(row[3], row[3])
        head_upos = upos.get(row[6])
        new_rows.append([row[0], row[1], infinitive_lemma(row[2], tag), tag, "_", "_", row[6], v2_relation(row[7], head_upos), "_", with_space_after(row[9], space)])
    return comments + ["# text = " + rebuild_text(forms, flags)], new_rows


def harmonise_pud(comments, rows):
    """Blank XPOS/FEATS of one PUD sentence and fix its हैना/थाना lemmas."""
    new_rows = []
    for row in rows:
        misc = "SpaceAfter=No" if "SpaceAfter=No" in row[9].split("|") else "_"
        lemma = PUD_LEMMA_FIXES.get(row[2], row[2]) if row[3] in ("VERB", "AUX") else row[2]
        new_rows.append(row[:2] + [lemma, row[3], "_", "_"] + row[6:9] + [misc])
    keep = [c for c in comments if c.startswith(("# sent_id", "# text ="))]
    return keep, new_rows


def check_sentence(rows):
    """Raise ValueError if a harmonised sentence has a non-UD-v2 label."""
    for row in rows:
        if row[3] not in UD2_UPOS:
            raise ValueError(f"non-UD-v2 UPOS {row[3]} in {row}")
        if row[7].split(":")[0] not in UD2_RELATIONS:
            raise ValueError(f"non-UD-v2 relation {row[7]} in {row}")


# ---------------------------------------------------------------------------
# Splits
# ---------------------------------------------------------------------------


def split_of(index):
    """Fixed split of the index-th sentence (0-based) of a source.

    index % 10 == 0 -> test (held out, never used for training or model
    selection), index % 10 == 1 -> dev (early stopping), otherwise train.
    """
    if index % 10 == 0:
        return "test"
    if index % 10 == 1:
        return "dev"
    return "train"


def load_source(treebanks, source):
    """All harmonised sentences of one source, in file order, with sent_ids."""
    harmonise = harmonise_hdtb if source == "hdtb" else harmonise_pud
    sentences = []
    for name in SOURCES[source]:
        for number, (comments, rows) in enumerate(read_conllu(treebanks / name), 1):
            comments, rows = harmonise(comments, rows)
            check_sentence(rows)
            if not any(c.startswith("# sent_id") for c in comments):
                comments = [f"# sent_id = {name[: -len('.conllu')]}-{number}"] + comments
            sentences.append((comments, rows))
    return sentences


def paragraphs(sentences, size=5):
    """Raw text of a split: ``size`` sentences per paragraph, blank-line separated."""
    texts = [sentence_text(c) for c, _ in sentences]
    chunks = [" ".join(texts[i : i + size]) for i in range(0, len(texts), size)]
    return "\n\n".join(chunks) + "\n"


def prepare(treebanks):
    """Write harmonised splits, raw text and tokenizer labels under build/training/data."""
    DATA.mkdir(parents=True, exist_ok=True)
    splits = {name: [] for name in ("train", "dev", "test")}
    counts = {}
    for source in SOURCES:
        by_split = {name: [] for name in splits}
        for index, sentence in enumerate(load_source(treebanks, source)):
            by_split[split_of(index)].append(sentence)
        for name, sentences in by_split.items():
            splits[name].extend(sentences)
            write_split(DATA / (f"{name}.{source}"), sentences)
            counts[f"{source}/{name}"] = {"sentences": len(sentences), "words": sum(len(r) for _, r in sentences)}
    for name, sentences in splits.items():
        write_split(DATA / name, sentences)
        labels = DATA / (name + ".toklabels")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "stanza.utils.datasets.prepare_tokenizer_data",
                str(DATA / (name + ".txt")),
                str(DATA / (name + ".conllu")),
                "-o",
                str(labels),
                "-m",
                str(DATA / (name + ".mwt.json")),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    (DATA / "counts.json").write_text(json.dumps(counts, indent=1) + "\n")
    print(json.dumps(counts, indent=1))


def write_split(stem, sentences):
    """Write ``stem``.conllu and ``stem``.txt for a list of sentences."""
    with open(str(stem) + ".conllu", "w", encoding="utf-8") as handle:
        handle.writelines(format_sentence(c, r) for c, r in sentences)
    Path(str(stem) + ".txt").write_text(paragraphs(sentences), encoding="utf-8")


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------

# Model sizes and step budgets per hardware profile.  ``cpu`` fits each model
# into one session of a 2-core machine (single-threaded trainers, small hidden
# sizes); ``gpu`` is what the committed models were trained with on one GPU
# in about ten minutes: wider networks, a third parser layer, more steps.
PROFILES = {
    "cpu": {
        "tokenize": ["--steps", "6000"],
        "pos": [
            "--hidden_dim",
            "160",
            "--char_hidden_dim",
            "80",
            "--deep_biaff_hidden_dim",
            "100",
            "--composite_deep_biaff_hidden_dim",
            "32",
            "--batch_size",
            "100",
            "--max_steps",
            "2500",
            "--eval_interval",
            "100",
            "--max_steps_before_stop",
            "500",
        ],
        "lemma": ["--hidden_dim", "100", "--num_epoch", "20", "--decay_epoch", "10"],
        "depparse": [
            "--hidden_dim",
            "200",
            "--char_hidden_dim",
            "80",
            "--deep_biaff_hidden_dim",
            "200",
            "--num_layers",
            "2",
            "--batch_size",
            "3000",
            "--max_steps",
            "4000",
            "--eval_interval",
            "100",
            "--checkpoint_interval",
            "100",
            "--max_steps_before_stop",
            "600",
            "--second_optim_start_step",
            "1200",
        ],
    },
    "gpu": {
        "tokenize": ["--steps", "10000"],
        "pos": [
            "--hidden_dim",
            "200",
            "--char_hidden_dim",
            "200",
            "--deep_biaff_hidden_dim",
            "200",
            "--composite_deep_biaff_hidden_dim",
            "64",
            "--batch_size",
            "250",
            "--max_steps",
            "8000",
            "--eval_interval",
            "200",
            "--max_steps_before_stop",
            "2000",
        ],
        "lemma": ["--hidden_dim", "200", "--num_epoch", "60", "--decay_epoch", "30"],
        "depparse": [
            "--hidden_dim",
            "300",
            "--char_hidden_dim",
            "200",
            "--deep_biaff_hidden_dim",
            "300",
            "--num_layers",
            "3",
            "--batch_size",
            "5000",
            "--max_steps",
            "10000",
            "--eval_interval",
            "200",
            "--checkpoint_interval",
            "500",
            "--max_steps_before_stop",
            "2000",
            "--second_optim_start_step",
            "3000",
        ],
    },
}


def trainer_commands(profile):
    """The stanza trainer command line for each model under a hardware profile.

    All models skip pretrained word vectors (none are available offline) and
    the tagger and parser stop early on the dev score.  XPOS/FEATS are blank
    in the data, so the tagger learns to output ``_`` for them and the parser
    does not embed them.  Sizes and step budgets come from ``PROFILES``.
    """

    def d(name):
        return str(DATA / name)

    common = ["--shorthand", SHORTHAND, "--save_dir", str(CKPT)]
    sized = PROFILES[profile]
    return {
        "tokenize": [
            "stanza.models.tokenizer",
            "--lang",
            "hi",
            *common,
            "--save_name",
            "tokenize.pt",
            "--txt_file",
            d("train.txt"),
            "--label_file",
            d("train.toklabels"),
            "--mwt_json_file",
            d("train.mwt.json"),
            "--dev_txt_file",
            d("dev.txt"),
            "--dev_label_file",
            d("dev.toklabels"),
            "--dev_conll_gold",
            d("dev.conllu"),
            "--no_use_mwt",
            "--eval_steps",
            "200",
            "--max_steps_before_stop",
            "1500",
            *sized["tokenize"],
        ],
        "pos": [
            "stanza.models.tagger",
            "--lang",
            "hi",
            *common,
            "--save_name",
            "pos.pt",
            "--train_file",
            d("train.conllu"),
            "--eval_file",
            d("dev.conllu"),
            "--no_pretrain",
            "--fix_eval_interval",
            *sized["pos"],
        ],
        "lemma": [
            "stanza.models.lemmatizer",
            *common,
            "--save_name",
            "lemma.pt",
            "--train_file",
            d("train.conllu"),
            "--eval_file",
            d("dev.conllu"),
            "--emb_dim",
            "50",
            "--batch_size",
            "100",
            *sized["lemma"],
        ],
        "depparse": [
            "stanza.models.parser",
            "--lang",
            "hi",
            *common,
            "--save_name",
            "depparse.pt",
            "--train_file",
            d("train.conllu"),
            "--eval_file",
            d("dev.conllu"),
            "--no_pretrain",
            "--no_xpos",
            "--no_ufeats",
            *sized["depparse"],
        ],
    }


def thread_env():
    """Environment for one single-threaded trainer, with tcmalloc when installed."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    for libdir in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"):
        lib = Path(libdir) / "libtcmalloc_minimal.so.4"
        if lib.exists():
            env["LD_PRELOAD"] = str(lib)
            break
    return env


# stanza's trainers take no thread option: this prefix pins torch to 1 thread.
RUNNER = "import runpy, sys, torch; torch.set_num_threads(1); sys.argv = sys.argv[1:]; runpy.run_module(sys.argv[0], run_name='__main__')"


def start_training(name, argv):
    """Start one trainer under ``nice -n 10``; returns (process, start time)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / (name + ".log"), "a", encoding="utf-8")
    command = ["nice", "-n", "10", sys.executable, "-c", RUNNER] + argv
    log.write("# {}\n".format(" ".join(command)))
    log.flush()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=thread_env(), cwd=REPO)
    return process, time.time()


def training_device():
    """What the trainers run on: the GPU's name, or the CPU."""
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU"


def record_training(name, seconds, returncode, argv, stopped_at_limit, profile):
    """Add one model's wall time, device and command to build/training/training.json."""
    path = BUILD / "training.json"
    record = json.loads(path.read_text()) if path.exists() else {}
    record[name] = {
        "wall_seconds": round(seconds),
        "returncode": returncode,
        "stopped_at_time_limit": stopped_at_limit,
        "profile": profile,
        "device": training_device(),
        "command": "python -m " + " ".join(argv),
    }
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def train(models, parallel, minutes, profile):
    """Train ``models`` with at most ``parallel`` trainers at once.

    A trainer still running after ``minutes`` is stopped; the stanza trainers
    save the best dev model as they go, so what was saved so far is kept.
    """
    commands = trainer_commands(profile)
    queue = list(models)
    running = {}
    while queue or running:
        while queue and len(running) < parallel:
            name = queue.pop(0)
            running[name] = start_training(name, commands[name])
        time.sleep(5)
        for name, (process, start) in list(running.items()):
            over = time.time() - start > minutes[name] * 60
            if over and process.poll() is None:
                process.terminate()
                process.wait()
            if process.poll() is not None:
                record_training(name, time.time() - start, process.returncode, commands[name], over, profile)
                del running[name]
                print(f"{name} finished (rc {process.returncode}) after {time.time() - start:.0f} s")


# ---------------------------------------------------------------------------
# Evaluation, model files and the model card
# ---------------------------------------------------------------------------

METRICS = ["Tokens", "Sentences", "Words", "UPOS", "Lemmas", "UAS", "LAS"]
TABLE_START = "<!-- scores:start (written by scripts/train_models.py evaluate) -->"
TABLE_END = "<!-- scores:end -->"
EXAMPLE_START = "<!-- example:start -->"
EXAMPLE_END = "<!-- example:end -->"
EXAMPLE = "पुतिन ने शी जिनपिंग से बात की।"


def half_precision(value):
    """``value`` with every floating-point tensor in it (nested dicts too) as float16."""
    import torch

    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.half()
    if isinstance(value, dict):
        return {key: half_precision(item) for key, item in value.items()}
    return value


def store_half_precision(source, target):
    """Save a stanza model file with its weights in float16.

    Halves the size of the files kept in the repository.  stanza loads the
    weights with ``load_state_dict``, which copies them into its float32
    parameters, so inference runs in float32 as before; the held-out scores
    are measured on these stored files.
    """
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    checkpoint["model"] = half_precision(checkpoint["model"])
    torch.save(checkpoint, target)


def install_models():
    """Store the best checkpoints in models/hi, with an empty stanza resources.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "resources.json").write_text("{}\n")
    for name in MODEL_NAMES:
        store_half_precision(CKPT / (name + ".pt"), OUT / (name + ".pt"))


def score(gold_path, system_path):
    """Score a system file against gold with the CoNLL 2018 UD scorer used by stanza.

    Returns F1 (percent) per metric; with gold tokenisation F1 equals accuracy.
    """
    from stanza.models.common.utils import ud_scores

    evaluation = ud_scores(str(gold_path), str(system_path))
    return {metric: round(100 * evaluation[metric].f1, 2) for metric in METRICS}


def predict_split(stem, raw_pipeline, pretok_pipeline):
    """Run both pipelines on a test split; returns {mode: scores}.

    ``raw``: the models tokenise the rebuilt raw text themselves (end to end).
    ``gold_tokens``: gold tokens and sentences are given, so UPOS, lemma and
    attachment scores are not affected by tokenisation errors.
    """
    from stanza.utils.conll import CoNLL

    gold = Path(str(stem) + ".conllu")
    results = {}
    raw_doc = raw_pipeline(Path(str(stem) + ".txt").read_text(encoding="utf-8"))
    tokens = [[row[1] for row in rows] for _, rows in read_conllu(gold)]
    for mode, doc in (("raw", raw_doc), ("gold_tokens", pretok_pipeline(tokens))):
        system = BUILD / "predictions" / (f"{stem.name}.{mode}.conllu")
        system.parent.mkdir(parents=True, exist_ok=True)
        CoNLL.write_doc2conll(doc, str(system))
        results[mode] = score(gold, system)
    return results


def evaluate():
    """Install the models, score them on the held-out test splits, write the reports."""
    import stanza
    import torch

    # The library's recipe for loading the bundled models offline, and its checksum
    from rcreport.hashing import file_sha256
    from rcreport.nlp import bundled_models, pipeline_settings

    torch.set_num_threads(1)
    install_models()
    models = bundled_models(OUT)
    raw_pipeline = stanza.Pipeline(**pipeline_settings(models))
    pretok_pipeline = stanza.Pipeline(**pipeline_settings(models, tokenize_pretokenized=True))
    counts = json.loads((DATA / "counts.json").read_text())
    scores = {"scorer": "stanza.models.common.utils.ud_scores (CoNLL 2018 UD scorer, udtools.udeval)", "test": {}, "models": {}}
    for split in ("test", "test.hdtb", "test.pud"):
        scores["test"][split] = predict_split(DATA / split, raw_pipeline, pretok_pipeline)
    for name in MODEL_NAMES:
        path = OUT / (name + ".pt")
        scores["models"][name] = {"file": str(path.relative_to(MODELS)), "bytes": path.stat().st_size, "sha256": file_sha256(path)}
    scores["splits"] = counts
    (MODELS / "scores.json").write_text(json.dumps(scores, indent=1) + "\n")
    training = json.loads((BUILD / "training.json").read_text().replace(str(REPO) + "/", ""))
    (MODELS / "training.json").write_text(json.dumps(training, indent=1, ensure_ascii=False) + "\n")
    replace_section(TABLE_START, TABLE_END, score_table(scores, training))
    replace_section(EXAMPLE_START, EXAMPLE_END, example_table(raw_pipeline))
    print(json.dumps(scores["test"], indent=1))


def example_table(pipeline):
    """Markdown table of the pipeline's analysis of ``EXAMPLE``."""
    lines = [f"Output of the bundled models for `{EXAMPLE}`:", "", "| word | UPOS | lemma | head | relation |", "| --- | --- | --- | --- | --- |"]
    for sentence in pipeline(EXAMPLE).sentences:
        for word in sentence.words:
            head = sentence.words[word.head - 1].text if word.head else "ROOT"
            lines.append(f"| {word.text} | {word.upos} | {word.lemma} | {head} | {word.deprel} |")
    return "\n".join(lines)


def score_table(scores, training):
    """Markdown tables of held-out scores, split sizes, model sizes and training times."""
    lines = ["| test split | tokenisation | " + " | ".join(METRICS) + " |", "| --- | --- |" + " --- |" * len(METRICS)]
    for split, modes in scores["test"].items():
        for mode, values in modes.items():
            lines.append("| {} | {} | ".format(split, mode.replace("_", " ")) + " | ".join(f"{values[m]:.2f}" for m in METRICS) + " |")
    lines += ["", "| split | sentences | words |", "| --- | --- | --- |"]
    for split, count in scores["splits"].items():
        lines.append(f"| {split} | {count['sentences']} | {count['words']} |")
    lines += ["", "| model | size (MB) | training wall time (min) | stopped by time limit | sha256 |", "| --- | --- | --- | --- | --- |"]
    for name, info in scores["models"].items():
        run = training.get(name, {})
        lines.append(
            "| {} | {:.1f} | {:.1f} | {} | `{}` |".format(info["file"], info["bytes"] / 1e6, run.get("wall_seconds", 0) / 60, "yes" if run.get("stopped_at_time_limit") else "no", info["sha256"])
        )
    return "\n".join(lines)


def replace_section(start, end, content):
    """Replace the text between the ``start`` and ``end`` markers of models/README.md."""
    card = MODELS / "README.md"
    head, rest = card.read_text(encoding="utf-8").split(start, 1)
    _, tail = rest.split(end, 1)
    card.write_text(head + start + "\n" + content + "\n" + end + tail, encoding="utf-8")


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

MODEL_NAMES = ["tokenize", "pos", "lemma", "depparse"]
# Default wall-clock limit per trainer (minutes), to finish in one session.
DEFAULT_MINUTES = {"tokenize": 25, "pos": 40, "lemma": 30, "depparse": 80}


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("stage", choices=["prepare", "train", "evaluate", "all"])
    parser.add_argument("--treebanks", type=Path, default=REPO.parent / "shared" / "ud-hindi", help="directory with the UD Hindi treebank files")
    parser.add_argument("--models", nargs="+", choices=MODEL_NAMES, default=MODEL_NAMES, help="models to train, in this order")
    parser.add_argument("--parallel", type=int, default=2, help="trainers run at once")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="cpu", help="model sizes and step budgets: cpu (2 cores, one session) or gpu")
    parser.add_argument("--minutes", type=json.loads, default={}, help="per-model time limits, JSON, e.g. '{\"depparse\": 60}'")
    return parser.parse_args(argv)


def main(argv=None):
    """Run the requested stage(s)."""
    args = parse_args(argv)
    if args.stage in ("prepare", "all"):
        prepare(args.treebanks)
    if args.stage in ("train", "all"):
        train(args.models, args.parallel, {**DEFAULT_MINUTES, **args.minutes}, args.profile)
    if args.stage in ("evaluate", "all"):
        evaluate()


if __name__ == "__main__":
    main()
