"""The tests' HTML reader (`tests/htmltree.py`) reads markup as a browser tokenizes it, on hand-written fragments.

The injection checks rest on it: a reader that took an escaped tag for an element, or missed one
hidden in a title, would let them pass or fail for the wrong reason.
"""

from __future__ import annotations

from tests.htmltree import fold, nesting_problems, parse, scan, visible_text


def test_elements_attributes_and_text_are_a_tree() -> None:
    tree = parse('<div class="a b" id="x"><p>One <b>two</b></p><br><p>three &amp; four</p></div>')
    div = tree.one("div", "a", id="x")
    assert div.classes == ["a", "b"]
    assert [child.tag for child in div.children if not isinstance(child, str)] == ["p", "br", "p"]
    assert div.text() == "One twothree & four"
    assert div.text(skip=lambda node: node.tag == "b") == "One three & four"
    bold = tree.one("b")
    assert [node.tag for node in bold.ancestors()] == ["p", "div", "#document"]
    assert tree.find("p") is div.children[0]
    assert tree.find("span") is None


def test_attribute_keywords_stand_for_hyphenated_names() -> None:
    tree = parse('<mark data-claim="c1" id="claim-c1">x</mark><mark data-claim="c2">y</mark>')
    assert [m.get("id") for m in tree.find_all("mark", data_claim="c1")] == ["claim-c1"]
    assert tree.one(data_claim="c2").text() == "y"


def test_a_duplicated_attribute_keeps_its_first_value_and_both_are_listed() -> None:
    (link,) = parse('<a href="https://example.org/" href="javascript:x()">x</a>').find_all("a")
    assert link.get("href") == "https://example.org/"
    assert link.attributes == (("href", "https://example.org/"), ("href", "javascript:x()"))


def test_a_title_holds_text_only_outside_svg() -> None:
    tree = parse("<title>A &amp; <script>x()</script></title><svg><title>B <tspan>C</tspan></title></svg>")
    assert tree.find_all("script") == []
    assert tree.find("title").text() == "A & <script>x()</script>"
    assert tree.one("tspan").text() == "C"
    assert visible_text(parse("<p>shown</p><script>hidden()</script><style>p {}</style>")) == "shown"


def test_escaped_markup_is_text() -> None:
    tree = parse("<p>&lt;script&gt;alert(1)&lt;/script&gt; &#91;x&#93;&#40;javascript:y&#41;</p>")
    assert tree.find_all("script") == []
    assert fold(tree.one("p").text()) == "<script>alert(1)</script> [x](javascript:y)"


def test_scripts_keep_their_text_as_written() -> None:
    (script,) = parse('<script type="application/ld+json">{"a": "&amp; <b>"}</script>').find_all("script")
    assert script.text() == '{"a": "&amp; <b>"}'


def test_nesting_problems_are_each_end_tag_that_closes_the_wrong_element() -> None:
    assert nesting_problems("<p>a<br>b <img src=x></p>") == []
    assert nesting_problems("<b><i>x</b></i>") == ["line 1: </b> closes <i> (line 1)", "line 1: </i> closes nothing"]
    assert nesting_problems("<div>\n<span>open") == [
        "<div> (line 1) is never closed",
        "<span> (line 2) is never closed",
    ]
    # The tree recovers as the old test parsers did: a stray end tag closes the nearest element of its name.
    assert parse("<div><span>a</div>b").one("div").text() == "a"


def test_scan_lists_the_elements_parse_finds() -> None:
    markup = '<p id="a">x<style>@import url(//x.org/a.css);</style><img src="i.png"><svg><path d="M0"/></svg></p>'
    scanned = scan(markup)
    assert [(e.tag, e.attributes) for e in scanned] == [
        (n.tag, n.attributes) for n in parse(markup).iter() if n.tag != "#document"
    ]
    assert [e.text for e in scanned if e.tag == "style"] == ["@import url(//x.org/a.css);"]
