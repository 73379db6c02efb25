"""Where every DTS response lives: the URI templates of the export and, for each response, its address and
its file in the site. One place decides both, so a template expanded by a client (RFC 6570) names exactly
the file the build wrote.

The templates use path-style expansions only, which a plain file host answers (DTS 1.0, "URI Templates
examples for static website"):

    collection  {api}collection{/id}{;nav}.jsonld
    navigation  {api}navigation{/resource,ref,start,end}{;tree,down}.jsonld
    document    {api}document{/resource,ref,start,end}.tei

`{api}` is `<base URL>api/dts/`. DTS asks for absolute addresses (a Navigation's `@id` is "the absolute URL of
the current request"), so without a base URL the export is written for the local server's address,
`http://127.0.0.1:8000/` (`python build.py serve` on its default port), and the build says so. The suffixes give every file
a media type any host knows: `.jsonld` application/ld+json, `.tei` application/tei+xml. Identifiers are
document IDs and xml:ids (NCNames): path segments that need no escaping beyond percent-encoding, and never
contain `;`, `=` or `/`. Level 0: `start` and `end` (ranges) and other trees than the default are not
written, so such a request finds no file (404). The document template has no `tree`: the one tree is the
default, and DTS asks that `tree` without `ref` change nothing (a variable a template lacks is ignored).
"""

from __future__ import annotations

from urllib.parse import quote

API_DIR = "api/dts"
LOCAL_SERVER = "http://127.0.0.1:8000/"  # `python build.py serve` on its default port
ROOT_COLLECTION = "edition"  # the root collection's identifier (not a document ID: see check_doc_id)
ENTRY_FILE = f"{API_DIR}/index.jsonld"


def segment(identifier: str) -> str:
    """An identifier as one path segment, percent-encoded as RFC 6570 simple expansion encodes it."""
    return quote(identifier, safe="")


class Addresses:
    """The export's addresses under the edition's base URL (the local server's without one)."""

    def __init__(self, base_url: str) -> None:
        self.configured = bool(base_url)
        self.base_url = base_url or LOCAL_SERVER
        self.api = f"{self.base_url}{API_DIR}/"

    # --- templates ------------------------------------------------------------------------------------

    @property
    def collection_template(self) -> str:
        return f"{self.api}collection{{/id}}{{;nav}}.jsonld"

    @property
    def navigation_template(self) -> str:
        return f"{self.api}navigation{{/resource,ref,start,end}}{{;tree,down}}.jsonld"

    @property
    def document_template(self) -> str:
        return f"{self.api}document{{/resource,ref,start,end}}.tei"

    def collection_of(self, identifier: str) -> str:
        return f"{self.api}collection/{segment(identifier)}{{;nav}}.jsonld"

    def navigation_of(self, doc_id: str) -> str:
        return f"{self.api}navigation/{segment(doc_id)}{{/ref,start,end}}{{;tree,down}}.jsonld"

    def document_of(self, doc_id: str) -> str:
        return f"{self.api}document/{segment(doc_id)}{{/ref,start,end}}.tei"

    # --- responses: (site-relative file, address) -------------------------------------------------------

    def url(self, relative: str) -> str:
        """The address of a site-relative file (its path percent-encoded)."""
        return self.base_url + quote(relative, safe="/;=-._~")

    @staticmethod
    def entry_file() -> str:
        return ENTRY_FILE

    @staticmethod
    def collection_file(identifier: str | None, nav: str | None = None) -> str:
        name = "collection" if identifier is None else f"collection/{identifier}"
        return f"{API_DIR}/{name}{f';nav={nav}' if nav else ''}.jsonld"

    @staticmethod
    def navigation_file(doc_id: str, ref: str | None = None, down: int | None = None) -> str:
        name = doc_id if ref is None else f"{doc_id}/{ref}"
        return f"{API_DIR}/navigation/{name}{'' if down is None else f';down={down}'}.jsonld"

    @staticmethod
    def document_file(doc_id: str, ref: str | None = None) -> str:
        return f"{API_DIR}/document/{doc_id if ref is None else f'{doc_id}/{ref}'}.tei"

    def site_file(self, doc_id: str, name: str) -> str:
        """The address of a file of a text's folder (its TEI source, its PDF)."""
        return self.url(f"{doc_id}/{name}")


def text_files(doc_id: str) -> list[str]:
    """The site-relative files and folders (ending in "/") that hold one text's own responses, to clear before
    it is written again; its `;nav=parents` collection response belongs to the finish step."""
    return [f"{API_DIR}/collection/{doc_id}.jsonld", f"{API_DIR}/collection/{doc_id};nav=children.jsonld",
            f"{API_DIR}/navigation/{doc_id}/", f"{API_DIR}/document/{doc_id}/", f"{API_DIR}/document/{doc_id}.tei"]


def link_headers(relative: str) -> dict[str, str]:
    """The HTTP headers a server that can add them gives a DTS document (DTS 1.0 recommends a `Link` to the
    Resource's collection response): a relative reference, right under any base URL. `relative`: the served
    file, relative to the site. edition.commands.serve hands this to edition.server."""
    prefix = f"{API_DIR}/document/"
    if not (relative.startswith(prefix) and relative.endswith(".tei")):
        return {}
    path = relative[len(prefix):-len(".tei")]
    doc_id, _, ref = path.partition("/")
    up = "../" * (2 if ref else 1)
    return {"Link": f'<{up}collection/{segment(doc_id)}.jsonld>; rel="collection"'}
