"""The edition pipeline: load TEI, validate it, and build the reading and print editions."""

from pathlib import Path

__version__ = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = PROJECT_ROOT / "tei"
SCHEMA_DIR = PROJECT_ROOT / "schema"
XSLT_DIR = PROJECT_ROOT / "xslt"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
OUTPUT_DIR = PROJECT_ROOT / "output"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}
