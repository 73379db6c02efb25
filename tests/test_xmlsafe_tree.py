"""edition.xmlsafe.remove_keeping_tail: a node goes, the text after it stays where it stood."""

from __future__ import annotations

from lxml import etree

from edition.xmlsafe import remove_keeping_tail


def _after(xml: str, xpath: str) -> str:
    root = etree.fromstring(xml)
    for node in root.xpath(xpath):
        remove_keeping_tail(node)
    return etree.tostring(root, encoding="unicode")


def test_the_tail_joins_the_text_before_a_first_child() -> None:
    assert _after("<p>one <n>x</n> two</p>", "//n") == "<p>one  two</p>"


def test_the_tail_joins_the_tail_of_the_previous_sibling() -> None:
    assert _after("<p>a<b>b</b>, <n>x</n>c</p>", "//n") == "<p>a<b>b</b>, c</p>"


def test_nested_and_tail_less_nodes_and_the_root_itself() -> None:
    assert _after("<p><n>x<n>y</n>z</n>end</p>", "//n") == "<p>end</p>"
    assert _after("<p>a<n/></p>", "//n") == "<p>a</p>"
    root = etree.fromstring("<p>a</p>")
    remove_keeping_tail(root)  # no parent: nothing to do
    assert etree.tostring(root) == b"<p>a</p>"
