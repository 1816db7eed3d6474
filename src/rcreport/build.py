"""The build: article data -> executed chapter notebooks -> the HTML book.

Stages run in one direction: the corpus is loaded (and stored for the
chapters, :mod:`rcreport.corpus_store`), articles missing from
the annotation cache are annotated, articles missing from the analysis
cache are analysed (:mod:`rcreport.analysis`) and every article's tables
joined into the corpus's (:mod:`rcreport.corpus_analysis`), the article pages and the
BibTeX are written from that analysis, each notebook
template in ``notebooks/`` is executed by papermill into ``book/generated/``,
and jupyter-book turns the result into ``_build/html`` with Sphinx warnings
treated as errors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import nbformat
import pandas as pd

from .analysis import ArticleAnalysis
from .bibliography import articles_bibtex, book_citation, citation_record
from .changes import changes_page
from .chapters import execute_notebooks
from .chronology import dated_chronology
from .cluster import SharedCluster
from .codebook import load_actors, load_themes
from .corpus import Corpus
from .corpus_analysis import ARTICLES_PER_WORKER, analyse_corpus, analysis_keys
from .corpus_store import share_corpus, stored_corpus
from .editions import WHOLE_CORPUS, Edition, EditionError, check_names, edition_parameter, select_articles
from .files import write_if_changed
from .hashing import code_digest, file_sha256, sha256, sha256_hex, update_with_tree
from .memory import return_freed_memory
from .nlp import TORCH_THREADS, Models, PipelineFactory, annotate_missing, cached_tokens, select_models
from .pages import RECORDED_PACKAGES, Findings, page_keys, reproducibility_page, stale_pages, write_article_pages, write_page_keys
from .project import Project
from .releases import RELEASED_TABLES, build_identity, citation_version, component_hashes, record_release, released_tables, releases, stamp, this_and_previous, update_citation_cff

#: Where the build records what each article page is made of (see :func:`rcreport.pages.page_key`)
PAGE_KEYS = "article-pages.json"
#: How many articles' pages are made at once (:func:`make_article_pages`): a part's findings split by
#: article and its page texts take several times its tables' memory, so parts bound the build's peak
PAGES_PER_PART = 500


def write_corpus_pages(project: Project, corpus: Corpus, analysis: ArticleAnalysis, as_of: dt.date, article_ids: set[str] | None = None) -> int:
    """Write the pages generated from the corpus: the article bibliography and one page per article, annotated with ``analysis``; returns how many pages were made.

    ``article_ids`` (an edition's articles) limits the pages to those
    articles (an edition's book lists and links to its own articles only);
    the bibliography keeps every article.

    Only the pages whose :func:`rcreport.pages.page_key` changed are made
    again (their chronology included), so a rebuild costs the articles that
    changed. The pages date time expressions against publication dates,
    which depend on the as-of date (:func:`as_of_date`), as the chronology
    chapter does.
    """
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    write_if_changed(project.generated_dir / "articles.bib", articles_bibtex(corpus.articles))
    directory, manifest = project.generated_dir / "articles", project.generated_dir / PAGE_KEYS
    keys = page_keys(corpus if article_ids is None else corpus.restrict(article_ids), analysis_keys(project.analysis_dir), as_of)
    stale = stale_pages(directory, keys, manifest)
    if stale or set(directory.glob("*.md")) != {directory / f"{article_id}.md" for article_id in keys}:
        make_article_pages(project, corpus, analysis, as_of, stale, pages=frozenset(keys))
    write_page_keys(keys, manifest)
    print(f"article pages: {len(stale)} made, {len(keys) - len(stale)} unchanged", flush=True)
    return len(stale)


def make_article_pages(project: Project, corpus: Corpus, analysis: ArticleAnalysis, as_of: dt.date, stale: set[str], pages: frozenset[str]) -> None:
    """Make the pages of the ``stale`` articles of ``corpus`` from their ``analysis`` and chronology, and remove any page not among ``pages``.

    The pages are made :data:`PAGES_PER_PART` articles at a time, in corpus
    order: a page is the same made alone or with others (its chronology is
    its own article's), and a part's tables, chronology and page texts are
    let go before the next part's are made, so the build's process never
    holds the whole corpus's pages (at 10,000 articles, more memory than
    the analysis itself).
    """
    codebook_dir = project.data_dir / "codebook"
    themes = {theme.id: theme.label for theme in load_themes(codebook_dir / "themes.yml")}
    actors = {actor.id: actor.label for actor in load_actors(codebook_dir / "actors.yml")}
    ordered = [article_id for article_id in corpus.included["id"] if article_id in stale]
    for first in range(0, max(len(ordered), 1), PAGES_PER_PART):
        part = ordered[first : first + PAGES_PER_PART]
        part_corpus, part_analysis = corpus.restrict(part), analysis.restrict(part)
        stage = dated_chronology(part_corpus, codebook_dir, part_analysis.expressions, part_analysis.event_mentions, part_analysis.sentence_labels(), as_of)
        write_article_pages(part_corpus, project.generated_dir / "articles", Findings(part_analysis, stage, themes, actors), keep=pages - set(part))
        del part_corpus, part_analysis, stage
        return_freed_memory()


def project_path(project: Project, path: Path) -> str:
    """A path as the chapters are given it: relative to the project root where it is inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)


def as_of_date(given: dt.date | None = None) -> tuple[dt.date, str]:
    """The date the chronology's open publication intervals end on, and what it is.

    An article without a known publication day was published on or before
    the day it was built into the book: the build date, or the date given
    (``rcreport build --as-of``, which makes a rebuild on another day
    reproduce the same book). It is a chapter parameter, so it is part of
    the execution key of the chapters that use it (they re-run on a new
    day) and stated in the chronology chapter. The latest publication date
    in the metadata would not do: an undated article added today may be
    newer than every dated one.
    """
    if given is not None:
        return given, "the date given to the build (rcreport build --as-of)"
    return dt.date.today(), "the build date"


def notebook_parameters(project: Project, models: Models, as_of: tuple[dt.date, str], edition: Edition = WHOLE_CORPUS) -> dict[str, str]:
    """The parameters the chapters run with; paths are relative to the project root where they are inside it.

    ``edition`` is the edition's parameters as JSON text (:func:`rcreport.editions.edition_parameter`).

    Each chapter is given those of them its ``parameters`` cell declares
    (see :func:`chapter_parameters`).
    """
    return {
        "data_dir": project_path(project, project.data_dir),
        "output_dir": project_path(project, project.tables_dir),
        "cache_dir": project_path(project, project.cache_dir),
        "analysis_dir": project_path(project, project.analysis_dir),
        "models": models.source,
        "models_dir": project_path(project, models.model_dir),
        "codebook_dir": project_path(project, project.data_dir / "codebook"),
        "gold_dir": project_path(project, project.gold_dir),
        "as_of": as_of[0].isoformat(),
        "as_of_basis": as_of[1],
        "edition": edition_parameter(edition, as_of[0]),
    }


def annotate(corpus: Corpus, project: Project, models: Models, pipeline_factory: PipelineFactory, cluster: SharedCluster) -> Callable[[str], pd.DataFrame]:
    """Annotate every article not yet in the cache, with a progress bar; returns an article's token table by its id, read from the cache when asked for.

    The articles are tasks on the build's ``cluster``: the dask cluster at its
    scheduler, or else a local cluster of its workers (default: one per
    core), started or reached only when some article is missing from the
    cache.
    """
    return cached_tokens(annotate_missing(corpus, models, project.cache_dir, pipeline_factory=pipeline_factory, connect=cluster.connect()))


def analyse(corpus: Corpus, project: Project, models: Models, tokens_of: Callable[[str], pd.DataFrame], cluster: SharedCluster) -> ArticleAnalysis:
    """Analyse every article not yet in the analysis cache, with a progress bar, and write the tables the chapters read.

    ``tokens_of`` gives an article's tokens from the annotation cache
    (:func:`annotate`), which the build reads once, for the articles to
    analyse and the token table it writes for the chapters. The
    articles are tasks on the build's ``cluster``, where the annotation
    started one; else a local one is started only for enough articles to
    repay its workers' start-up (:data:`rcreport.corpus_analysis.ARTICLES_PER_WORKER`).
    The cluster is closed once the last article is analysed, before the
    corpus's tables are joined and written.
    """
    return analyse_corpus(
        corpus, tokens_of, models.identity, project.data_dir / "codebook", project.analysis_store, project.analysis_dir, connect=cluster.connect(ARTICLES_PER_WORKER), tasks_done=cluster.close
    )


def analyse_into_pages(corpus: Corpus, project: Project, models: Models, pipeline_factory: PipelineFactory, cluster: SharedCluster, edition: Edition, as_of: dt.date) -> None:
    """Annotate and analyse what the caches lack, on ``cluster`` (closed once the analysis is done), check the edition's selection and write the article pages.

    The analysis is the largest thing a build holds; it lives only in this
    call, and :func:`build` hands the memory it took back to the system
    (:func:`rcreport.memory.return_freed_memory`) before the chapters and
    Sphinx, which read the tables and pages written to disk, run beside it. The token table (at 1,000 articles, 620,000 rows) is
    never held whole: it is read an article at a time.
    """
    with cluster:
        tokens_of = annotate(corpus, project, models, pipeline_factory, cluster)
        analysis = analyse(corpus, project, models, tokens_of, cluster)
    in_edition = None if edition.whole_corpus else check_selection(project, corpus, analysis, edition, as_of)
    write_corpus_pages(project, corpus, analysis, as_of, in_edition)


def git_commit(root: Path) -> str:
    """The commit the book was built from, marked when the working tree has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} (with uncommitted changes)" if dirty else commit


def build_record(project: Project, articles: pd.DataFrame, models: Models, executed: list[Path]) -> dict:
    """What this build read and ran with (``articles``: the corpus's article table): checksums, versions, commit, date and notebook parameters."""
    data_digest = sha256("".join(f"{row.id} {row.sha256}\n" for row in articles.itertuples()))
    return {
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(project.root),
        "data_sha256": data_digest.hexdigest(),
        "articles": [{"article": row.id, "file": f"`{row.file}`", "status": row.status, "sha256": f"`{row.sha256}`"} for row in articles.itertuples()],
        "models": {
            "source": models.source,
            "identity": models.identity,
            "files": [{"file": f"`{path.name}`", "MB": round(path.stat().st_size / 1e6, 1), "sha256": f"`{file_sha256(path)}`"} for path in models.files],
        },
        "packages": [{"package": name, "version": metadata.version(name)} for name in RECORDED_PACKAGES],
        "notebooks": [
            {"notebook": path.stem, "parameters": ", ".join(f"`{key}={value!r}`" for key, value in nbformat.read(path, as_version=4).metadata.papermill.parameters.items())} for path in executed
        ],
    }


BUILT_LINE = re.compile(r"^Built\n: (.*)$", re.M)  # the build time on the reproducibility page (see reproducibility_page)


def unchanged_build_time(path: Path, page: str) -> str | None:
    """The build time the reproducibility page at ``path`` gives, where it says all that ``page`` says but the time; else None.

    A rebuild that changes nothing keeps the earlier build's time (and so its
    pages and citation), so that the book's sources are unchanged and the
    HTML need not be made again (:func:`build_html`): the time stays that of
    the build that made the book as it is.
    """
    if not path.is_file():
        return None
    old = path.read_text(encoding="utf-8")
    found = BUILT_LINE.search(old)
    return found.group(1) if found and BUILT_LINE.sub("", old) == BUILT_LINE.sub("", page) else None


JUPYTER_BOOK = "from jupyter_book.cli.main import main; main()"
#: Where the digest of the sources the last successful HTML build read is kept (in ``_build``, beside the HTML)
SOURCES_DIGEST = "rcreport-sources.sha256"
#: The installed packages that make the HTML from the sources
HTML_PACKAGES = ("jupyter-book", "sphinx", "sphinx-book-theme", "myst-nb", "sphinxcontrib-bibtex")


def book_sources_digest(project: Project) -> str:
    """sha256 over everything the HTML is made of: the book's configuration, table of contents and pages (the
    generated ones included), the tables the pages link, this package (the Sphinx extension) and the versions
    of the packages that build the HTML.

    The article pages' key manifest is left out: it records what the pages are
    made of, and the pages themselves are in.
    """
    digest = sha256(repr([(name, metadata.version(name)) for name in HTML_PACKAGES]), code_digest())
    for part in ("_config.yml", "_toc.yml"):
        digest.update(file_sha256(project.root / part).encode())
    for folder in (project.root / "book", project.tables_dir):
        if folder.is_dir():
            update_with_tree(digest, folder, skip=(PAGE_KEYS, "__pycache__"))
    return digest.hexdigest()


def build_html(project: Project) -> bool:
    """Run jupyter-book, as installed for this interpreter, on the project root; any Sphinx warning fails the build.

    Where nothing the HTML is made of changed since the last successful HTML
    build (:func:`book_sources_digest`, kept in ``_build`` after a build
    succeeds and removed before one starts, so a failed build is never
    skipped) and its front page is there, jupyter-book is not run; otherwise
    Sphinx builds incrementally, re-reading only the pages that changed.
    Returns whether jupyter-book ran.
    """
    marker, digest = project.root / "_build" / SOURCES_DIGEST, book_sources_digest(project)
    if marker.is_file() and marker.read_text(encoding="utf-8") == digest and (project.html_dir / "index.html").is_file():
        print("the book's sources are unchanged since the last HTML build: jupyter-book not run", flush=True)
        return False
    marker.unlink(missing_ok=True)
    command = [sys.executable, "-c", JUPYTER_BOOK, "build", str(project.root), "--warningiserror", "--keep-going", "--quiet"]
    subprocess.run(command, check=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(digest, encoding="utf-8")
    return True


EDITIONS_OUT = Path("_build") / "editions"  # where an edition is built unless --out says otherwise
KEPT_ASIDE = ".rcreport-kept"  # where an out folder's executed chapters wait while its parts are copied afresh


def default_out(source: Project, edition: Edition, name: str | None) -> Path | None:
    """Where a book is built: in place for the whole corpus, else ``_build/editions/NAME`` of the checkout.

    An edition never writes into the checkout's ``book/generated`` or
    ``_build/html``, so building one leaves the full book as it was. NAME is
    the edition file's name, else a short hash of the parameters.
    """
    if edition == WHOLE_CORPUS:
        return None
    return source.root / EDITIONS_OUT / (name or f"edition-{sha256_hex(json.dumps(edition.as_dict(), ensure_ascii=False, sort_keys=True))[:8]}")


def edition_project(source: Project, out: Path) -> Project:
    """A copy of the checkout at ``out`` to build an edition in, sharing the checkout's annotation cache.

    The parts are copied afresh on every build (so a removed article or page
    is gone), but the copy's executed chapters are kept, so an edition
    rebuilt with nothing changed runs no chapter. ``.cache`` is a link to the
    checkout's: the cache is keyed by text and models, and serves every edition.
    """
    out = Path(out).resolve()
    if out == source.root:
        return source
    if source.root.is_relative_to(out):
        raise EditionError(f"--out {out}: the folder holds the project itself; give an empty or new folder")
    out.mkdir(parents=True, exist_ok=True)
    generated, aside = out / "book" / "generated", out / KEPT_ASIDE
    if generated.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
        generated.rename(aside)
    for part in Project.PARTS:
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    project = source.copy_to(out)
    if aside.is_dir():
        aside.rename(generated)
    (source.root / ".cache").mkdir(parents=True, exist_ok=True)
    if not (out / ".cache").exists():
        (out / ".cache").symlink_to(source.root / ".cache", target_is_directory=True)
    return project


def check_selection(project: Project, corpus: Corpus, analysis: ArticleAnalysis, edition: Edition, as_of: dt.date) -> set[str]:
    """The ids of the edition's articles; raises :class:`EditionError` when it selects none a chapter could count.

    Runs on the analysis results, before any chapter.
    """
    selection = select_articles(corpus, analysis, project.data_dir / "codebook", edition_parameter(edition, as_of))
    if not selection.articles["selected"].any():
        outside = selection.articles[selection.articles["reason"] != ""]
        reasons = "; ".join(f"{row.article_id}: {row.reason}" for row in outside.head(8).itertuples())
        raise EditionError(f"the edition ({edition.describe()}) selects no article of the corpus ({reasons}); widen its parameters")
    return set(selection.articles.loc[selection.articles["in_edition"], "article_id"])


def tables_of(project: Project) -> dict[str, pd.DataFrame]:
    """This build's exported tables that a release keeps, read as text as a release's are."""
    return {name: pd.read_csv(project.tables_dir / f"{name}.csv", dtype=str, keep_default_na=False) for name in RELEASED_TABLES}


def write_edition_pages(project: Project, editions_root: Path, identity: dict, release: bool, whole_corpus: bool) -> tuple[dict | None, str]:
    """Release the build if asked, then write its stamp and the changes page; returns the release this build is, and the stamp.

    Only a release of the whole corpus becomes ``CITATION.cff``'s version.

    The stamp goes to ``book/generated/edition.json`` (the Sphinx extension
    puts it on every page) and the identity to ``build/edition.json``.
    """
    if release:
        released = record_release(editions_root, identity, project.tables_dir)
        if whole_corpus:
            update_citation_cff(editions_root / "CITATION.cff", released)
    this, previous = this_and_previous(releases(editions_root), identity)
    page = changes_page(identity, tables_of(project), previous, released_tables(previous) if previous else None, this)
    write_if_changed(project.generated_dir / "changes.md", page)
    line = stamp(identity, this, previous)
    write_if_changed(project.generated_dir / "edition.json", json.dumps({"stamp": line}, ensure_ascii=False) + "\n")
    (project.root / "build" / "edition.json").write_text(json.dumps(identity, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return this, line


def retitle(project: Project, title: str) -> None:
    """Give an edition's copy of the book the edition's title (the ``title:`` line of its _config.yml)."""
    config = project.root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^title:.*$", lambda _: f"title: {json.dumps(title, ensure_ascii=False)}", text, count=1, flags=re.M), encoding="utf-8")


def chosen_models_dir(project: Project, models: str, models_dir: Path | None) -> Path | None:
    """The models' folder a build uses: the one given, else the project's own for the bundled models, else stanza's default."""
    if models_dir:
        return Path(models_dir).resolve()
    return project.models_dir if models == "bundled" else None


def build(
    root: Path,
    models: str = "bundled",
    models_dir: Path | None = None,
    torch_threads: int = TORCH_THREADS,
    as_of: dt.date | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    device: str = "cpu",
    edition: Edition = WHOLE_CORPUS,
    out: Path | None = None,
    edition_name: str | None = None,
    release: bool = False,
) -> Path:
    """The whole build; returns the path of the book's front page.

    ``models`` is 'bundled' or 'official'; ``models_dir`` their folder
    (default: ``models/hi`` of the root for the bundled models, stanza's
    default folder for the official ones); ``torch_threads`` the CPU threads
    each annotating process may use; ``as_of`` the date open publication
    intervals end on (see :func:`as_of_date`). Articles missing from the
    cache are annotated on the dask cluster at ``scheduler``, or on a local
    cluster of ``workers`` processes (default: one per core); ``device`` is
    ``cpu`` or ``cuda`` (see :func:`rcreport.nlp.make_pipeline`).
    ``edition`` selects the articles (the whole corpus by default); the book
    is built at ``out`` (see :func:`default_out`; ``edition_name`` names its
    folder). ``release`` records the build under ``editions/releases`` of
    the root (see :mod:`rcreport.releases`). Bad edition parameters raise
    :class:`EditionError` before any chapter runs.
    """
    source = Project(Path(root).resolve())
    selected = select_models(models, chosen_models_dir(source, models, models_dir))
    corpus = stored_corpus(source.data_dir, source.analysis_dir)
    check_names(edition, corpus, source.data_dir / "codebook")
    target = out or default_out(source, edition, edition_name)
    project = edition_project(source, target) if target else source
    if project != source:
        share_corpus(corpus, source.analysis_dir, project.analysis_dir)
        selected = select_models(models, chosen_models_dir(project, models, models_dir))
        if edition.title:
            retitle(project, edition.title)
    as_of_day = as_of_date(as_of)
    analyse_into_pages(corpus, project, selected, PipelineFactory(torch_threads, device), SharedCluster(scheduler, workers), edition, as_of_day[0])
    articles = corpus.articles
    del corpus  # the articles' texts and sentences: the chapters and Sphinx run without them (see analyse_into_pages)
    return_freed_memory()
    parameters = notebook_parameters(project, selected, as_of_day, edition)
    executed = execute_notebooks(project, selected, parameters)
    record = build_record(project, articles, selected, executed)
    scores = selected.scores_path.read_bytes() if selected.scores_path is not None and selected.scores_path.is_file() else b""
    hashes = component_hashes(project.data_dir, selected.identity, scores, (Path(__file__).parent, project.templates_dir))
    version = metadata.version("rcreport")
    identity = build_identity(edition.as_dict(), edition.describe(), hashes, as_of_day[0].isoformat(), record["built"], record["commit"], version)
    this, line = write_edition_pages(project, source.root, identity, release, edition.whole_corpus)
    record["edition"] = {"stamp": line, "parameters": edition.describe(), "content": identity["content"]}
    kept = None if release else unchanged_build_time(project.generated_dir / "reproducibility.md", reproducibility_page(record))
    record["built"] = kept or record["built"]
    write_if_changed(project.generated_dir / "reproducibility.md", reproducibility_page(record))
    cited_edition = citation_version(identity, this)
    citation = book_citation(version, record["built"], record["commit"], cited_edition)
    write_if_changed(project.generated_dir / "citation.bib", citation)
    write_if_changed(project.generated_dir / "citation.json", json.dumps(citation_record(version, record["built"], record["commit"], cited_edition), indent=1))
    build_html(project)
    return project.html_dir / "index.html"
