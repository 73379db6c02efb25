"""PDF/A-3b, checked by the rules of ISO 19005-3 that can be read off the file (veraPDF is not available):
the essay's PDF, built by the pipeline, read back with pikepdf, and `qpdf --check`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from edition.pdf import TEI_MEDIA_TYPE, PrintBuilder
from edition.site import load_documents
from tests.support import require, require_tool

ROOT = Path(__file__).resolve().parent.parent
TEI = ROOT / "tei" / "sedova-1941-davies.xml"


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    doc = load_documents([TEI], validate=False)[0]
    path = tmp_path_factory.mktemp("pdfa") / f"{doc.doc_id}.pdf"
    path.write_bytes(PrintBuilder("a4", base_url="").render(doc))
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path):
    try:
        import pikepdf
    except ImportError:
        require(False, "pikepdf is not installed (`pip install -e \".[test]\"`)")
    with pikepdf.open(pdf_path) as opened:
        yield opened


def test_xmp_declares_pdfa_3b(pdf):
    """6.6.4: the PDF/A version and conformance level in the XMP metadata (pdfaid:part, pdfaid:conformance)."""
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfaid:part") == "3"
        assert xmp.get("pdfaid:conformance") == "B"
        assert xmp.get("dc:title") == str(pdf.docinfo["/Title"])  # 6.6.2.3: Info and XMP agree


def test_an_output_intent_with_an_embedded_icc_profile(pdf):
    """6.2.3: a PDF/A output intent whose DestOutputProfile is an ICC profile, embedded."""
    (intent,) = [i for i in pdf.Root.OutputIntents if i.S == "/GTS_PDFA1"]
    profile = intent.DestOutputProfile
    data = profile.read_bytes()
    assert data[36:40] == b"acsp", "not an ICC profile"  # the ICC header's signature
    assert int(profile.N) == 3 and data[16:20] == b"RGB "


def test_every_font_is_embedded(pdf):
    """6.2.11.4.1: the font program of every font used for rendering is embedded."""
    seen = 0
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
            if described.get("/Subtype") == "/CIDFontType2":
                assert "/CIDToGIDMap" in described, font.BaseFont  # 6.2.11.3.2
            seen += 1
    assert seen


def test_no_encryption_and_a_document_id(pdf):
    """6.1.3: no Encrypt key, and the trailer's file identifier (ID) is there."""
    assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
    ids = pdf.trailer.ID
    assert len(ids) == 2 and all(len(bytes(part)) >= 16 for part in ids)


def test_the_tei_source_is_an_associated_file_with_its_relationship_and_mime_type(pdf):
    """6.8: an embedded file is an associated file (/AF) with /AFRelationship, and its stream names its MIME
    type in /Subtype; its /Params give its modification date."""
    (spec,) = pdf.Root.AF
    assert spec.AFRelationship == "/Source" and str(spec.UF) == TEI.name
    stream = spec.EF.F
    assert str(stream.Subtype) == "/" + TEI_MEDIA_TYPE
    assert stream.read_bytes() == TEI.read_bytes() and "/ModDate" in stream.Params
    names = pdf.Root.Names.EmbeddedFiles.Names
    assert [str(names[i]) for i in range(0, len(names), 2)] == [TEI.name]


def test_qpdf_finds_no_structural_error(pdf_path):
    qpdf = require_tool("qpdf", "checking the PDF's structure")
    result = subprocess.run([qpdf, "--check", str(pdf_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
