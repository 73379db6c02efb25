"""A static DTS 1.0 export of the edition (Distributed Text Services, Level 0): the entry point, the collection,
each text's citation tree (navigation) and the TEI of each citable passage (document), as files under
`output/html/api/dts/` that any static host can serve.

- `citation_tree`: a text's citable units, as its header's refsDecl/citeStructure declares them (identifiers are
  the published xml:ids), in document order with level, parent and citeType;
- `addresses`: the URI templates and, for every response, its address and its file in the site;
- `responses`: the JSON-LD objects (EntryPoint, Collection, Resource, Navigation, CitableUnit);
- `passages`: the TEI documents of the document endpoint (a passage's fragment inside `dts:wrapper`);
- `export`: the builder (`DtsExport`, name "dts"): per text in `write`, the collection and entry point in `finish`.
"""
