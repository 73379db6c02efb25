"""Building a corpus: every text validated, rendered to HTML and PDF in a process pool, and only what changed.

    report = build_corpus(BuildRequest(paths=[], out=OUTPUT_DIR / "html", html=True, pdf=True, jobs=2))

The life of a build:

1. **Plan** (in this process, fast): open the site's manifest (edition.manifest), hash the inputs every
   text shares, stat (and where it changed, hash) each source, read its record, and decide per text what
   is out of date: validation, the reading page, the PDF. When nothing is, the build ends here — no file
   is touched.
2. **Stage**: a staging folder beside the site, starting as hard links to the current site (nothing is
   copied; every file the build writes is a new file, so the published site never changes under a
   reader), or empty for a full build.
3. **Texts**: a `TextTask` per out-of-date text (validate, then render the reading page and downloads),
   then a `PdfTask` per out-of-date PDF, in a pool of `jobs` processes (edition.workers). Each text's
   new record goes into the build's own generation of the manifest (in the state file beside the site) as
   soon as its worker reports, and what the worker sent is let go: the main process holds a few fields per
   text, never the records.
4. **Cross-text pages**: the catalogue and the indexes of names, remade from every text's contribution
   when any contribution changed. The contributions live in an SQLite file beside the site
   (edition.contribution_store), added as the workers send them: the main process reads them a row at a
   time, and writes each page as Jinja makes it (edition.site_pages), so its memory does not grow with
   the corpus.
5. **Publish**: the stage replaces the site in one step (edition.output) — only when every text built —
   and then the build's generation of the manifest, which lives beside the site and never in it
   (edition.manifest), becomes the published one. With `keep_going`, the texts that built are published, each failed text keeps its previous
   pages (if it had any), and the failures are reported.

Every problem of every text is reported; the report says how many texts were built, skipped and failed,
and how long each stage took.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .contribution_store import ContributionStore
from .errors import EditionError, Problem, display_path
from .manifest import (
    Fingerprints,
    Manifest,
    PendingManifest,
    digest,
    files_in,
    outputs_present,
    record_files,
    sha256_file,
    site_identity,
    state_file,
    tidy_state,
)
from .progress import Progress, format_seconds
from .workers import Outcome, PdfTask, Settings, TextTask, WorkerPool, default_jobs, share_before_fork

LEGACY_NAMES = (".edition-manifest.json", ".edition-contributions.json")


@dataclass
class BuildRequest:
    paths: Sequence[Path]
    out: Path
    html: bool = True
    pdf: bool = False
    lenient: bool = False
    paper: str = "a4"
    jobs: int = 0  # 0: the number of cores
    force: bool = False
    keep_going: bool = False
    base_url: str = ""
    register: Path | None = None  # the register of published IDs (default tei/published-ids.json)


@dataclass
class BuildReport:
    out: Path
    texts: int = 0
    built: int = 0  # texts whose reading page or PDF was made
    validated: int = 0  # texts validated again without anything to render
    skipped: int = 0  # texts already up to date
    failed: list[str] = field(default_factory=list)  # shown paths
    pdfs: list[Path] = field(default_factory=list)  # PDFs written (paths in the site)
    removed: list[str] = field(default_factory=list)  # texts (doc IDs) or outputs taken out of the site
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    nothing_to_do: bool = False
    pdf_alongside: bool = False  # the PDFs were made while texts were still being checked (their times overlap)

    def stage_times(self) -> str:
        order = ("plan", "validate", "html", "pdf", "pages", "publish")
        shown = [f"{name} {format_seconds(self.timings[name])}"
                 f"{' (alongside validate and html)' if name == 'pdf' and self.pdf_alongside else ''}"
                 for name in order if name in self.timings]
        return ", ".join(shown)


@dataclass(slots=True)
class _Text:
    """One source of this build and what it needs (a few fields: the records stay in the state file)."""

    path: Path
    key: str  # the resolved path: identifies the source in the manifest
    shown: str
    size: int = -1
    mtime_ns: int = -1
    sha256: str = ""
    doc_id: str = ""  # known before the build only when the source is unchanged
    has_record: bool = False  # the manifest has a record of this source (any version)
    old_doc_id: str = ""  # the document ID under which the manifest records this source
    validate: bool = False
    html: bool = False
    pdf: bool = False
    pdf_link: bool = False
    drop_pdf: bool = False  # a PDF made from an older version of the source: take it out
    ran: bool = False  # its text task ran
    rendered: bool = False  # … and succeeded (its pages are in the stage)
    pdf_ran: bool = False  # its PDF task succeeded
    stray_pdf: bool = False  # its PDF was made with its text, which then failed: the PDF must leave the stage
    written: bool = False  # its new record is in the build's manifest
    contribution: str = ""  # the digest of its contribution to the cross-text pages, in the store
    failed: bool = False
    problems: Sequence[Problem] = ()  # (a list only when there are some: most texts have none)
    warnings: Sequence[Problem] = ()  # this build's, else its record's


def _register_digests(request: BuildRequest) -> dict[str, str]:
    from .ids import REGISTER_PATH, load_register

    register = load_register(request.register or REGISTER_PATH)
    return {doc_id: digest({uid: e.as_json() for uid, e in entries.items()})
            for doc_id, entries in register.texts.items()}


class _Recipes:
    """The hashes of what each output of a text would be made from now."""

    def __init__(self, request: BuildRequest, fingerprints: Fingerprints, register: dict[str, str]) -> None:
        self.request = request
        self.fp = fingerprints
        self.register = register
        self._lists: dict = {}
        self._lines: dict[tuple[str, str], bytes] = {}  # (list file, entry ID) → its line of the hash

    def inputs(self, sha: str, doc_id: str, shared: dict[str, list[str]]) -> dict:
        """`shared`: the entries of shared lists the text uses, {file: [entry id, …]}."""
        return {"source": sha, "shared": self._shared_digest(shared) if shared else "",
                "register": self.register.get(doc_id, "")}

    def _shared_digest(self, shared: dict[str, list[str]]) -> str:
        """The same hash as edition.shared_lists.entries_digest, with each list file read once per build."""
        from .shared_lists import load_shared_list

        h = hashlib.sha256()
        lines = self._lines
        for file, ids in shared.items():
            lst = None
            for entry_id in ids:
                line = lines.get((file, entry_id))
                if line is None:
                    if lst is None:
                        lst = self._lists.get(file)
                        if lst is None:
                            lst = self._lists[file] = load_shared_list(Path(file))
                    line = lines[file, entry_id] = f"{file}#{entry_id}={lst.entry_digest(entry_id)}\n".encode()
                h.update(line)
        return h.hexdigest()

    def validate(self, inputs: dict) -> str:
        return digest({"inputs": inputs, "fp": self.fp.validate, "lenient": self.request.lenient})

    def html(self, inputs: dict, pdf_link: bool) -> str:
        return digest({"inputs": inputs, "fp": self.fp.html_text, "base_url": self.request.base_url,
                       "lenient": self.request.lenient, "pdf_link": pdf_link})

    def pdf(self, inputs: dict, paper: str) -> str:
        source_only = {"source": inputs["source"], "shared": inputs["shared"]}
        return digest({"inputs": source_only, "fp": self.fp.pdf, "base_url": self.request.base_url,
                       "paper": paper})

    def pages(self, rows: Iterable[tuple[str, dict]]) -> dict[str, str]:
        """The recipe of each cross-text page: its template and code, and the parts of every text it shows.
        `rows`: (doc_id, parts) of every text with a reading page, by document ID, read once."""
        from .site_pages import INDEX_PAGES

        shown = {"catalogue": hashlib.sha256(), **{kind: hashlib.sha256() for kind, _f, _l in INDEX_PAGES}}
        kinds: set[str] = set()
        for doc_id, parts in rows:
            for kind, h in shown.items():
                h.update(f"{doc_id}\0{parts.get(kind, '')}\n".encode())
            kinds.update(kind for kind, sha in parts.items() if kind != "catalogue" and sha)
        common = {"base_url": self.request.base_url, "kinds": sorted(kinds)}
        recipes = {"index.html": digest({**common, "fp": self.fp.catalogue, "texts": shown["catalogue"].hexdigest()})}
        for kind, filename, _label in INDEX_PAGES:
            if kind in kinds:
                recipes[filename] = digest({**common, "fp": self.fp.indexes, "kind": kind,
                                            "texts": shown[kind].hexdigest()})
        return recipes


class _Resolver:
    """A source's resolved path (`Path.resolve()`) and its path as shown (`display_path`), with each folder
    resolved once: a thousand sources in one folder cost a thousand `lstat`s, not one per path component."""

    def __init__(self) -> None:
        cwd = os.path.realpath(os.getcwd())
        self.cwd = cwd if cwd.endswith(os.sep) else cwd + os.sep
        self.folders: dict[str, str] = {}

    def __call__(self, path: Path | str) -> tuple[str, str]:
        raw = os.fspath(path)
        folder, name = os.path.split(raw)
        if name in ("", ".", "..") or os.path.islink(raw):
            key = os.path.realpath(raw)
        else:
            real = self.folders.get(folder)
            if real is None:
                real = self.folders[folder] = os.path.realpath(folder or os.curdir)
            key = os.path.join(real, name)
        shown = key[len(self.cwd):] if key.startswith(self.cwd) else str(Path(raw))
        return key, shown


def _stat_and_hash(text: _Text, manifest: Manifest) -> dict | None:
    """Stat (and where it changed, hash) the source; its record in the manifest, if any."""
    try:
        stat = text.path.stat()
    except OSError:
        return None  # the worker reports the file as unreadable
    text.size, text.mtime_ns = stat.st_size, stat.st_mtime_ns
    found = manifest.by_source(text.key)
    doc_id, _rid, record = found if found else ("", "", None)
    text.has_record = record is not None
    text.old_doc_id = doc_id
    if record and record.get("warnings"):
        text.warnings = [Problem(**w) for w in record["warnings"]]
    if record and record.get("size") == text.size and record.get("mtime_ns") == text.mtime_ns:
        text.sha256 = record.get("sha256", "")
    else:
        try:
            text.sha256 = sha256_file(text.path)
        except OSError:
            return record
    if record and record.get("sha256") == text.sha256:
        text.doc_id = doc_id
    return record


def _pdf_current(record: dict, inputs: dict, recipes: _Recipes, site: Path) -> bool:
    pdf = record.get("pdf")
    return bool(pdf) and pdf.get("recipe") == recipes.pdf(inputs, pdf.get("paper", "a4")) \
        and outputs_present(site, pdf.get("files", {}))


def _plan(text: _Text, record: dict | None, recipes: _Recipes, request: BuildRequest) -> None:
    """Decide what of a text is out of date, from its record in the manifest."""
    out = request.out
    if not text.doc_id or record is None:  # a new or changed source: everything it feeds
        text.validate = True
        text.html = request.html or bool(record and record.get("html"))
        text.pdf = request.pdf
        text.pdf_link = request.pdf
        text.drop_pdf = bool(record and record.get("pdf")) and not request.pdf
        return
    inputs = recipes.inputs(text.sha256, text.doc_id, record.get("shared", {}))
    text.validate = request.force or record.get("validated") != recipes.validate(inputs)
    if request.pdf:
        text.pdf = (request.force or _pdf_stale(record, inputs, recipes, request))
        text.pdf_link = True
    else:
        text.pdf_link = _pdf_current(record, inputs, recipes, out)
        text.drop_pdf = bool(record.get("pdf")) and not text.pdf_link
    html = record.get("html")
    if request.html or html:  # pdf alone re-renders an existing reading page whose PDF link changes
        text.html = (request.force and request.html) or html is None \
            or html.get("recipe") != recipes.html(inputs, text.pdf_link) \
            or not outputs_present(out, html.get("files", {}))
        if not request.html and html is None:
            text.html = False


def _pdf_stale(record: dict, inputs: dict, recipes: _Recipes, request: BuildRequest) -> bool:
    pdf = record.get("pdf")
    return not pdf or pdf.get("paper") != request.paper or pdf.get("recipe") != recipes.pdf(inputs, request.paper) \
        or not outputs_present(request.out, pdf.get("files", {}))


def link_tree(source: Path, target: Path) -> None:
    """Fill `target` with hard links to the files below `source` (copies where links cannot be made);
    files `target` already has stay."""
    stack = [(os.fspath(source), os.fspath(target))]
    while stack:
        src_dir, dst_dir = stack.pop()
        os.makedirs(dst_dir, exist_ok=True)
        with os.scandir(src_dir) as entries:
            for entry in entries:
                dst = dst_dir + os.sep + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, dst))
                elif entry.is_symlink():
                    os.symlink(os.readlink(entry.path), dst)
                else:
                    try:
                        os.link(entry.path, dst)
                    except FileExistsError:
                        continue  # the stage's own file (the output marker) stays
                    except OSError:
                        shutil.copy2(entry.path, dst)


def _restore(stage: Path, site: Path, doc_id: str) -> None:
    """Put a failed text's previous pages back into the stage (or leave none when it had none)."""
    folder = stage / doc_id
    if folder.exists():
        shutil.rmtree(folder)
    if (site / doc_id).is_dir():
        link_tree(site / doc_id, folder)


def build_corpus(request: BuildRequest, progress: Progress | None = None) -> BuildReport:
    """Build what is out of date; raise EditionError (nothing published) when a text fails, unless
    `keep_going`. See the module's documentation."""
    path = state_file(request.out)
    store = ContributionStore(path) if path.is_file() else None  # made only once the output may be written
    try:
        return _build(request, progress or Progress(enabled=False), store)
    finally:
        if store is not None:
            store.close()


def _build(request: BuildRequest, progress: Progress, store: ContributionStore | None) -> BuildReport:
    from .output import recover, staged
    from .site import source_paths

    report = BuildReport(request.out)
    start = time.perf_counter()
    out = Path(request.out)

    with progress.timed("plan"):
        paths = source_paths(request.paths)
        manifest = Manifest.load(out, store.db) if store is not None else Manifest()
        if request.force and request.html:
            manifest = Manifest()  # nothing reused: a full build into an empty stage
        if not _store_holds(store, manifest):
            manifest = Manifest()  # the contributions it names are gone: the cross-text pages need every text
        recipes = _Recipes(request, Fingerprints.compute(), _register_digests(request))
        texts: list[_Text] = []
        seen_keys: set[str] = set()
        resolve = _Resolver()
        for path in paths:
            key, shown = resolve(path)
            if key in seen_keys:
                continue
            seen_keys.add(key)
            text = _Text(path if isinstance(path, Path) else Path(path), key, shown)
            _plan(text, _stat_and_hash(text, manifest), recipes, request)
            texts.append(text)
        del seen_keys
        report.texts = len(texts)
        known = {t.doc_id for t in texts if t.doc_id}
        changed_paths = {t.key for t in texts if not t.doc_id}
        stale_texts = [doc_id for doc_id, source in manifest.texts()
                       if doc_id not in known and (request.html or source in changed_paths)]
        del known, changed_paths
        work = any(t.validate or t.html or t.pdf or t.drop_pdf for t in texts)
        site_current = (not request.html or (
            manifest.site.get("recipes") == recipes.pages(manifest.pages_rows())
            and outputs_present(out, manifest.site.get("files", {}))
            and manifest.static.get("recipe") == recipes.fp.static
            and outputs_present(out, manifest.static.get("files", {}))))
    report.timings.update(progress.timings)

    if not work and not stale_texts and site_current and out.is_dir():
        _tidy(out, recover, store)
        report.nothing_to_do = True
        report.skipped = len(texts)
        for text in texts:
            report.warnings += text.warnings
        report.timings["total"] = time.perf_counter() - start
        return report

    settings = Settings(request.base_url, request.lenient, request.paper,
                        str(request.register) if request.register else "")
    jobs = request.jobs or default_jobs()
    start_from_current = out.is_dir() and (not manifest.empty or not request.html)
    pending: PendingManifest | None = None
    if jobs > 1 and sum(1 for t in texts if t.validate or t.html) > 1:
        share_before_fork(settings, validate=any(t.validate for t in texts))
    try:
        with staged(out) as stage, WorkerPool(jobs) as pool:
            if store is None:
                store = ContributionStore(state_file(out))
            tidy_state(out, store.db)
            pending = PendingManifest(store.db, manifest if start_from_current else None, flush=store.flush)
            if start_from_current:
                link_tree(out, stage)
                for legacy in LEGACY_NAMES:  # bookkeeping that earlier versions kept inside the site
                    (stage / legacy).unlink(missing_ok=True)
            _build_in_stage(texts, pool, stage, settings, progress, report, request, manifest, recipes,
                            store, pending, stale_texts)
            publish_start = time.perf_counter()
        pending.publish()
        if report.built or report.removed or report.failed:
            store.prune()  # the contributions of the site just published are kept, all others go
    finally:
        if pending is not None:
            pending.discard()
        if store is not None:
            store.close()
    report.timings.update({k: v for k, v in progress.timings.items() if k in ("plan", "pages")})
    report.timings["publish"] = time.perf_counter() - publish_start
    report.timings["total"] = time.perf_counter() - start
    return report


def _store_holds(store: ContributionStore | None, manifest: Manifest) -> bool:
    """Does the store beside the site hold every contribution the manifest names?"""
    if manifest.empty:
        return True
    if store is None:
        return False
    store.use_query("SELECT doc_id, contribution FROM manifest_texts WHERE gen = ? AND html = 1", (manifest.gen,))
    return not store.missing()


def _tidy(out: Path, recover, store: ContributionStore | None) -> None:
    """What killed builds left (staging folders, unpublished manifests) goes even when nothing is to do."""
    try:
        recover(Path(os.path.realpath(out)))
    except OSError:
        pass
    tidy_state(out, store.db if store is not None else None)


def _build_in_stage(texts: list[_Text], pool: WorkerPool, stage: Path, settings: Settings, progress: Progress,
                    report: BuildReport, request: BuildRequest, manifest: Manifest, recipes: _Recipes,
                    store: ContributionStore, pending: PendingManifest, stale_texts: list[str]) -> None:
    """Texts, PDFs and cross-text pages into the stage, and their records into the build's manifest."""
    out = Path(request.out)
    early = _run_texts(texts, pool, stage, settings, progress, report, store, pending, recipes, request)
    _check_unique_ids(texts, report)
    _run_pdfs(texts, pool, stage, settings, progress, report, request, pending, recipes, early)
    _collect_problems(texts, report)
    if report.failed and not request.keep_going:
        raise EditionError(f"{len(report.failed)} of {len(texts)} text(s) failed — nothing in "
                           f"{display_path(out)}/ was changed (with --keep-going the texts that built are "
                           f"published)", report.problems)
    with progress.timed("pages"):
        _record(texts, pending, recipes, request, stage, out, report)
        _prune(texts, pending, stale_texts, stage, report)
        store.use_query(*pending.contributions_sql())
        site, static = manifest.site, manifest.static
        if request.html or pending.any_html():
            site, static = _site_pages(pending, store, manifest, recipes, request, stage, report, pool)
        pending.finish(site, static, recipes.fp.as_json(), site_identity(stage))


def _let_go(outcome: Outcome) -> None:
    """What a worker sent is recorded now: the pool may keep the outcome until the stage ends, so empty it."""
    outcome.contribution = ""
    outcome.files, outcome.parts, outcome.shared = {}, {}, {}
    outcome.warnings, outcome.problems = [], []


@dataclass
class _EarlyPdfs:
    """The PDFs begun together with their texts' validation (two workers or more): the outcomes that came
    with the texts' (by source), and the pool's outcomes still to come (only PDFs)."""

    done: dict[str, Outcome]
    rest: Iterator[Outcome]
    started: float  # when the pool began the texts and these PDFs


def _run_texts(texts: list[_Text], pool: WorkerPool, stage: Path, settings: Settings, progress: Progress,
               report: BuildReport, store: ContributionStore, pending: PendingManifest, recipes: _Recipes,
               request: BuildRequest) -> _EarlyPdfs | None:
    """Validate (and render) the out-of-date texts. With two workers or more, the PDFs of these texts are
    begun in the same run of the pool (after the texts, longest first), so that a worker makes a PDF while
    another still checks texts: a PDF whose text then fails is dropped with its outcome (edition.workers
    writes it as a new file, never into one the published site shares)."""
    todo = {t.key: t for t in texts if t.validate or t.html}
    if not todo:
        return None
    name = "html" if any(t.html for t in todo.values()) else "validate"
    tasks: list[TextTask | PdfTask] = [
        TextTask(t.key, str(stage), settings, validate=t.validate, html=t.html, pdf_link=t.pdf_link)
        for t in todo.values()]
    pdfs = [PdfTask(t.key, str(stage), settings) for t in todo.values() if t.pdf] if pool.jobs > 1 else []
    started = time.perf_counter()
    outcomes = pool.run([*tasks, *pdfs])
    early = _EarlyPdfs({}, outcomes, started) if pdfs else None
    waiting = len(tasks)
    with progress.stage(name, len(todo)) as bar:
        for outcome in outcomes:
            if outcome.kind == "pdf":
                early.done[outcome.path] = outcome  # type: ignore[union-attr]
                continue
            waiting -= 1
            text = todo[outcome.path]
            text.ran = True
            text.failed = not outcome.ok
            if outcome.doc_id:
                text.doc_id = outcome.doc_id
            text.sha256 = outcome.sha256 or text.sha256
            if outcome.contribution:
                text.contribution = store.add(outcome.contribution)
            if outcome.problems:
                text.problems = [*text.problems, *outcome.problems]
            text.warnings = list(outcome.warnings) if outcome.warnings else ()
            if outcome.ok:
                text.rendered = True
                _write_record(text, pending, recipes, request, outcome=outcome)
            for step, seconds in outcome.timings.items():
                report.timings[f"cpu:{step}"] = report.timings.get(f"cpu:{step}", 0.0) + seconds
            _let_go(outcome)
            bar.advance(outcome.doc_id or text.shown, failed=text.failed)
            if not waiting:
                break  # the PDFs still being made are waited for by _run_pdfs
    store.flush()
    wall = time.perf_counter() - started
    _split_wall_time(report, wall, ("validate", "load"), ("html",))
    return early


def _split_wall_time(report: BuildReport, wall: float, first: tuple[str, ...], second: tuple[str, ...]) -> None:
    """Share a phase's wall time between its two steps in proportion to the time the workers spent on each."""
    a = sum(report.timings.get(f"cpu:{s}", 0.0) for s in first)
    b = sum(report.timings.get(f"cpu:{s}", 0.0) for s in second)
    if a + b <= 0:
        return
    if a:
        report.timings["validate"] = report.timings.get("validate", 0.0) + wall * a / (a + b)
    if b:
        report.timings["html"] = report.timings.get("html", 0.0) + wall * b / (a + b)


def _run_pdfs(texts: list[_Text], pool: WorkerPool, stage: Path, settings: Settings, progress: Progress,
              report: BuildReport, request: BuildRequest, pending: PendingManifest, recipes: _Recipes,
              early: _EarlyPdfs | None = None) -> None:
    for text in texts:
        if text.drop_pdf and not text.failed and text.doc_id:
            pdf = stage / text.doc_id / f"{text.doc_id}.pdf"
            if pdf.exists():
                pdf.unlink()
                report.removed.append(f"{text.doc_id}/{text.doc_id}.pdf")
    todo = {t.key: t for t in texts if t.pdf and not t.failed}
    begun = _early_outcomes(texts, early)
    if not todo:
        return
    started = time.perf_counter()
    with progress.stage("pdf", len(todo)) as bar:
        later = pool.run(PdfTask(t.key, str(stage), settings) for t in todo.values() if t.key not in begun)
        for outcome in chain((begun[key] for key in todo if key in begun), later):
            text = todo[outcome.path]
            if outcome.problems:
                text.problems = [*text.problems, *outcome.problems]
            if outcome.warnings:
                text.warnings = [*text.warnings, *outcome.warnings]
            if not outcome.ok:
                text.failed = True
            else:
                text.pdf_ran = True
                _write_record(text, pending, recipes, request, pdf_outcome=outcome)
                report.pdfs.append(Path(request.out) / outcome.doc_id / f"{outcome.doc_id}.pdf")
            report.timings["cpu:pdf"] = report.timings.get("cpu:pdf", 0.0) + outcome.timings.get("pdf", 0.0)
            _let_go(outcome)
            bar.advance(outcome.doc_id or text.shown, failed=not outcome.ok)
    if begun:  # begun with the texts: from then on, partly at the same time as they
        report.timings["pdf"] = time.perf_counter() - early.started  # type: ignore[union-attr]
        report.pdf_alongside = True
    else:
        report.timings["pdf"] = time.perf_counter() - started


def _early_outcomes(texts: list[_Text], early: _EarlyPdfs | None) -> dict[str, Outcome]:
    """Every PDF begun with the texts, once finished, by source. The PDF of a text that failed is dropped:
    its problems are not reported (the text's are), and its file leaves the stage (`_record` puts the
    text's previous pages back)."""
    if early is None:
        return {}
    for outcome in early.rest:
        early.done[outcome.path] = outcome
    by_key = {t.key: t for t in texts}
    begun = {}
    for key, outcome in early.done.items():
        text = by_key[key]
        if not text.failed:
            begun[key] = outcome
        elif outcome.ok and outcome.doc_id:
            text.stray_pdf = True
            text.doc_id = text.doc_id or outcome.doc_id
    return begun


def _check_unique_ids(texts: list[_Text], report: BuildReport) -> None:
    """Two sources claiming one document ID would write into one folder: always fatal."""
    owners: dict[str, _Text] = {}
    clashes = []
    for text in sorted(texts, key=lambda t: (t.ran, t.key)):
        if not text.doc_id:
            continue
        other = owners.setdefault(text.doc_id.casefold(), text)  # letter-a/ and Letter-A/ are one folder on
        if other is not text:                                      # macOS and Windows
            same = other.doc_id == text.doc_id
            msg = (f"document ID {text.doc_id!r} is also claimed by {other.shown}"
                   f"{'' if same else f' (as {other.doc_id!r}: IDs that differ only in case name one folder on many systems)'}"
                   f" — every text needs its own ID (and file name)")
            clashes.append(Problem(text.shown, 1, 1, "error", "doc-id-unique", msg))
    if clashes:
        raise EditionError(f"{len(clashes)} document ID(s) claimed twice — nothing was changed", clashes)


def _collect_problems(texts: list[_Text], report: BuildReport) -> None:
    for text in texts:
        report.problems += text.problems
        report.warnings += text.warnings
        if text.failed:
            report.failed.append(text.shown)
    report.problems.sort(key=lambda p: (p.path, p.line, p.column))


def _problem_json(p: Problem) -> dict:
    return {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity, "rule": p.rule,
            "message": p.message}


def _write_record(text: _Text, pending: PendingManifest, recipes: _Recipes, request: BuildRequest,
                  outcome: Outcome | None = None, pdf_outcome: Outcome | None = None) -> None:
    """Write a text's new record into the build's manifest: its previous record (when the source kept its
    document ID) updated with what a worker made of it."""
    own = text.written or (text.has_record and text.doc_id == text.old_doc_id)
    record = (pending.get(text.doc_id) or {}) if own else {}
    if outcome is not None:
        record["shared"] = outcome.shared
        record["warnings"] = [_problem_json(w) for w in outcome.warnings]
    try:
        stat = text.path.stat()
        record["size"], record["mtime_ns"] = stat.st_size, stat.st_mtime_ns
    except OSError:
        pass
    record.update({"source": text.key, "shown": text.shown, "sha256": text.sha256})
    inputs = recipes.inputs(text.sha256, text.doc_id, record.get("shared", {}))
    record["inputs"] = inputs
    if outcome is not None and text.validate:
        record["validated"] = recipes.validate(inputs)
    if outcome is not None and text.html:
        record["html"] = {"recipe": recipes.html(inputs, text.pdf_link), "pdf_link": text.pdf_link,
                          "files": outcome.files}
        record["contribution"] = text.contribution
        record["parts"] = outcome.parts
    if pdf_outcome is not None:
        record["pdf"] = {"recipe": recipes.pdf(inputs, request.paper), "paper": request.paper,
                         "files": pdf_outcome.files}
    elif text.drop_pdf:
        record.pop("pdf", None)
    pending.put(text.doc_id, record)
    text.written = True


def _record(texts: list[_Text], pending: PendingManifest, recipes: _Recipes, request: BuildRequest, stage: Path,
            out: Path, report: BuildReport) -> None:
    """Complete the manifest's records of the texts of this build and count them. A failed text (with
    --keep-going) gets its previous pages back and keeps its previous record."""
    for text in texts:
        if text.failed:
            if text.doc_id and (text.rendered or text.pdf_ran or text.stray_pdf):
                _restore(stage, out, text.doc_id)  # it was (partly) rendered: put the old pages back
                if text.has_record and text.doc_id == text.old_doc_id:
                    pending.restore(text.doc_id)
                else:
                    pending.drop(text.doc_id)
            continue
        if not text.ran and not text.pdf_ran and not text.drop_pdf and text.has_record:
            report.skipped += 1  # up to date: its record stays as it is
            continue
        if not text.written:
            _write_record(text, pending, recipes, request)
        if (text.rendered and text.html) or text.pdf_ran:
            report.built += 1
        elif text.ran:
            report.validated += 1
        else:
            report.skipped += 1


def _prune(texts: list[_Text], pending: PendingManifest, stale: list[str], stage: Path,
           report: BuildReport) -> None:
    """Take texts out of the site that are no longer among its sources (or changed their document ID);
    a failed text keeps its previous pages."""
    if not stale:
        return
    current = {t.doc_id for t in texts if t.doc_id and not t.failed}
    failed_sources = {t.key for t in texts if t.failed}
    for doc_id in stale:
        source = pending.source_of(doc_id)
        if doc_id in current or (source is not None and source in failed_sources):
            continue
        pending.drop(doc_id)
        folder = stage / doc_id
        if folder.exists():
            shutil.rmtree(folder)
        report.removed.append(doc_id)


def _site_pages(pending: PendingManifest, store: ContributionStore, manifest: Manifest, recipes: _Recipes,
                request: BuildRequest, stage: Path, report: BuildReport, pool: WorkerPool) -> tuple[dict, dict]:
    """Remake each cross-text page whose recipe changed (a text's part of it, its template); the static
    files when they changed, shared out among the pool's workers. Returns the manifest's new `site` and
    `static` records."""
    from .site_pages import folder_of, pages_basis, write_pages_shard, write_site_pages

    wanted = recipes.pages(pending.pages_rows())
    old = manifest.site.get("recipes", {})
    old_files = manifest.site.get("files", {})
    pages = dict(manifest.site.get("pages", {}))

    def current(name: str) -> bool:
        """Unchanged, and its file (with, for an index, the pages of its entries) still there."""
        own = {k: v for k, v in old_files.items() if k == name or k.startswith(folder_of(name) + "/")}
        return (not request.force and old.get(name) == wanted[name] and name in old_files
                and outputs_present(stage, own))

    stale = {name for name in wanted if not current(name)}
    gone = set(old) - set(wanted)
    written: list[str] = []
    removed: set[str] = set()
    basis = pages_basis(recipes.fp.indexes, request.base_url)
    if stale or gone:
        affected = None  # every entry's pages are remade …
        if manifest.site.get("pages_basis") == basis and not request.force:  # … unless only some texts changed
            affected = store.entries_of(pending.changed_contributions())
        done, notes = write_site_pages(stage, store, base_url=request.base_url, only=stale,
                                       fingerprint=recipes.fp.indexes, old_pages=pages, affected=affected,
                                       run_shards=lambda shards: pool.map(write_pages_shard, shards),
                                       shards=pool.jobs if pool.running else 1)
        report.notes += notes
        pages, written, removed = done.pages, done.files, set(done.removed)
    keep = {k: v for k, v in old_files.items() if (k in wanted or k in pages) and k not in removed
            and k not in written}
    site = {"recipes": wanted, "pages": pages, "pages_basis": basis,
            "files": {**keep, **record_files(stage, written)}}
    static = manifest.static
    if request.force or static.get("recipe") != recipes.fp.static or not outputs_present(stage, static.get("files", {})):
        from .page_templates import copy_static

        copy_static(stage)
        static = {"recipe": recipes.fp.static,
                  "files": record_files(stage, files_in(stage / "static", stage))}
    return site, static
