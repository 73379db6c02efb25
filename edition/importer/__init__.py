"""From an archive page (MIA HTML/XHTML, Pandoc Markdown, plain text) to a TEI draft.

One job per module:

- reading: `decoding` (bytes to text: size, binary, encoding), `html_reader`, `markdown_reader` (Markdown
  rendered and read as HTML) and `text_reader` turn a page into the neutral blocks of `blocks`;
- laying out: `structure` finds the page's parts with `layout` (page furniture via `furniture`, datelines),
  `front` (the title page) and `notes` (footnotes and endnotes);
- the facts: `provenance` (the labels of the provenance block), `dates`, `sources` (the printed source),
  `facts` (all that the header states);
- writing: `names` (names the edition's lists know), `people` (the draft's list entries), `id_keeping`
  (identifiers, kept on re-import), `tei_header`, `tei_source_desc`, `tei_profile`, `tei_text`;
- `pipeline` ties them together and `report` says what the editor must check.
"""
