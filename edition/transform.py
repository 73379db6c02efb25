"""XSLT 3.0 with saxonche: each stylesheet compiled once per process and reused.

    sheet = stylesheet("html.xsl")
    doc = sheet.load(tree)                         # an lxml tree, parsed safely by edition.xmlsafe
    parts = sheet.call_templates(doc, ["part-body", "part-notes"], {"index-base": "../"})
    strings = sheet.call_template_strings(doc, "page-data", {"index-base": "../"})   # a raw xs:string* result

Results are strings (the stylesheet's own serialisation, or the strings a template returns). Failures raise
EditionError with a message that names the stylesheet and what went wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from copy import deepcopy
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXdmNode, PyXsltExecutable

from . import XSLT_DIR
from .decisions import XSLT_STATIC_PARAMETERS
from .errors import EditionError, Problem, display_path
from .xmlsafe import remove_keeping_tail

ParamValue = str | int | bool

_lock = threading.Lock()
_processor: PySaxonProcessor | None = None
_compiled: dict[Path, Stylesheet] = {}


def processor() -> PySaxonProcessor:
    """The one Saxon processor of this process."""
    global _processor
    if _processor is None:
        _processor = PySaxonProcessor(license=False)
    return _processor


def _fail(what: str, exc: BaseException, path: Path | None = None) -> EditionError:
    shown = display_path(path) if path else "xslt"
    message = " ".join(str(exc).split()) or type(exc).__name__
    text = f"{what}: {message} — this is a fault in the stylesheets, not in your TEI; report it"
    return EditionError(text, [Problem(shown, 0, 0, "error", "xslt", text)])


def fault(what: str, detail: str, path: Path | None = None) -> EditionError:
    """The error for a stylesheet that did not give what its caller expects (a fault of ours, not the TEI's)."""
    return _fail(what, RuntimeError(detail), path)


class Stylesheet:
    """One compiled stylesheet. Use `stylesheet(name)` to get the shared instance."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._params: dict[str, tuple] | None = None  # the parameters set on the executable: {name: (type, value)}
        proc = processor()
        compiler = proc.new_xslt30_processor()
        for name, value in XSLT_STATIC_PARAMETERS.items():  # the answers of edition.decisions, compiled in
            compiler.set_parameter(name, proc.make_string_value(value))
        try:
            self._executable: PyXsltExecutable = compiler.compile_stylesheet(stylesheet_file=str(path))
        except PySaxonApiError as exc:
            raise _fail(f"cannot compile {path.name}", exc, path) from None
        if self._executable is None:
            raise _fail(f"cannot compile {path.name}", RuntimeError("Saxon returned no executable"), path)

    @staticmethod
    def load(tree: etree._ElementTree | etree._Element | str | bytes) -> PyXdmNode:
        """Hand a (safely parsed) document to Saxon; any compiled stylesheet can transform the node.
        Unresolved entity references are dropped (looked for only when Saxon refuses the text: a walk of
        the whole tree, 0.06–0.15 ms an essay-sized text, for what the safe parser almost never leaves)."""
        root = None
        if isinstance(tree, (str, bytes)):
            text = tree.decode("utf-8") if isinstance(tree, bytes) else tree
        else:
            root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
            text = etree.tostring(root, encoding="unicode")
        try:
            return processor().parse_xml(xml_text=text)
        except PySaxonApiError as exc:
            if root is not None and any(True for _ in root.iter(etree.Entity)):
                return Stylesheet.load(_without_entities(root))
            raise _fail("cannot hand the document to the XSLT processor", exc) from None

    def _set_params(self, params: Mapping[str, ParamValue]) -> None:
        """Set the stylesheet's parameters, unless the same ones are set already (each value handed to
        Saxon costs memory that saxonche does not give back; a text's calls share their parameters)."""
        wanted = {name: (type(value), value) for name, value in params.items()}  # True is not 1 for Saxon
        if wanted == self._params:
            return
        self._params = None
        proc = processor()
        self._executable.clear_parameters()
        for name, value in params.items():
            if isinstance(value, bool):
                xdm = proc.make_boolean_value(value)
            elif isinstance(value, int):
                xdm = proc.make_integer_value(value)
            else:
                xdm = proc.make_string_value(str(value))
            self._executable.set_parameter(name, xdm)
        self._params = wanted

    def call_templates(self, doc: PyXdmNode, names: Iterable[str],
                       params: Mapping[str, ParamValue] | None = None) -> dict[str, str]:
        """Call each named template with `doc` as the global context item; the serialised results by name."""
        results: dict[str, str] = {}
        with _lock:
            self._set_params(params or {})
            try:
                self._executable.set_global_context_item(xdm_item=doc)
                for name in names:
                    results[name] = self._executable.call_template_returning_string(template_name=name) or ""
            except PySaxonApiError as exc:
                raise _fail(f"{self.path.name} failed", exc, self.path) from None
        return results

    def call_template_strings(self, doc: PyXdmNode, name: str,
                              params: Mapping[str, ParamValue] | None = None) -> list[str]:
        """Call a named template that returns a sequence of strings (its raw result, not serialised)."""
        with _lock:
            self._set_params(params or {})
            try:
                self._executable.set_global_context_item(xdm_item=doc)
                self._executable.set_result_as_raw_value(True)
                try:
                    value = self._executable.call_template_returning_value(template_name=name)
                finally:
                    self._executable.set_result_as_raw_value(False)
            except PySaxonApiError as exc:
                raise _fail(f"{self.path.name} failed", exc, self.path) from None
        if value is None:
            return []
        # PyXdmItem.string_value copies the string out of Saxon and never frees the copy (about 23 KiB lost
        # per essay-sized text); the processor's get_string_value gives the same string and frees it.
        text = processor().get_string_value
        return [text(item) for item in value]


def stylesheet(name_or_path: str | Path) -> Stylesheet:
    """The compiled stylesheet `xslt/<name>` (or a path), compiled on first use and reused."""
    path = Path(name_or_path)
    if not path.is_absolute() and not path.exists():
        path = XSLT_DIR / path
    path = path.resolve()
    with _lock:
        sheet = _compiled.get(path)
    if sheet is None:
        sheet = Stylesheet(path)
        with _lock:
            sheet = _compiled.setdefault(path, sheet)
    return sheet


def _without_entities(root: etree._Element) -> etree._Element:
    """A copy of the tree without unresolved entity references (the safe parser never expands them)."""
    copy = deepcopy(root)  # (not through text: an entity reference without its declaration would not parse)
    for ent in list(copy.iter(etree.Entity)):
        remove_keeping_tail(ent)
    return copy
