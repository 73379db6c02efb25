"""A Pandoc Markdown page (as archive mirrors hold them) as the importer's blocks.

markdown-it-py parses it, with the plugins for Pandoc's attributes (`[label]{.info}`, `[]{#001}`,
`{#n1}` on links), fenced divs (`::: border`), footnotes (`[^1]`) and Jekyll front matter; the HTML it renders is read by the
same reader as an archive's own HTML pages, so both formats share one set of rules. A `* * *` rule is
rendered as a rule of asterisks, so it can become a milestone.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .html_reader import HtmlPage, read_html


def _parser() -> MarkdownIt:
    md = (MarkdownIt("commonmark", {"html": False})
          .use(front_matter_plugin)
          .use(attrs_plugin, spans=True)
          .use(attrs_block_plugin)
          .use(footnote_plugin)
          .use(container_plugin, name="div", validate=lambda params, *args: True))

    def hr(renderer, tokens, idx, options, env):
        return '<hr class="asterisks">\n' if "*" in tokens[idx].markup else "<hr>\n"

    md.add_render_rule("hr", hr)
    return md


def front_matter(tokens) -> dict[str, str]:
    """Jekyll front matter's `key: value` lines (only flat keys are used: title, author, date)."""
    found: dict[str, str] = {}
    for token in tokens:
        if token.type == "front_matter":
            for line in token.content.splitlines():
                key, sep, value = line.partition(":")
                if sep and key.strip() and not key.startswith((" ", "\t")):
                    found[key.strip().lower()] = value.strip().strip("\"'")
    return found


def read_markdown(text: str) -> HtmlPage:
    md = _parser()
    tokens = md.parse(text)
    page = read_html(md.renderer.render(tokens, md.options, {}))
    for key, value in front_matter(tokens).items():
        if value and key in ("title", "author", "date"):
            page.meta[f"front-matter {key}"] = value
    return page
