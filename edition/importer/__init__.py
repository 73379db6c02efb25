"""From an archive page (MIA HTML/XHTML, Pandoc Markdown, plain text) to a TEI draft.

One job per module: `decoding` reads bytes into text, the readers (`html_reader`, `markdown_reader`,
`text_reader`) turn a page into a flat list of blocks (`blocks`), `layout` finds the page's parts in them
(title page, provenance block, text, notes, furniture), `provenance` reads the header facts from the
labels, `names` tags the names the edition's lists know, `ids` gives identifiers (keeping those of a
re-imported text), and `tei_header` / `tei_text` write the TEI. `pipeline` ties them together.
"""
