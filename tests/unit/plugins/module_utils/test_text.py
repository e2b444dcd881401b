"""Normalisation rules that decide whether a field 'changed'."""

import hashlib

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.text import (
    comparable, glpi_sha1, html_decode, same_value, search_text_for)


@pytest.mark.parametrize("desired, stored", [
    ("a & b <c>", "a &#38; b &#60;c&#62;"),
    (1234.5, "1234.5000"),
    (True, 1),
    (False, "0"),
    (3, "3"),
    ("2024-01-01 10:00", "2024-01-01 10:00:00"),
    (100, "100.0000"),
])
def test_equal_after_normalising(desired, stored):
    assert same_value(desired, stored)


@pytest.mark.parametrize("desired, stored", [
    ("web01", "WEB01"),
    ("", None),
    ("trail ", "trail"),
    (1, "10"),
])
def test_still_different(desired, stored):
    assert not same_value(desired, stored)


def test_html_decode_numeric_and_named():
    assert html_decode("Root entity &#62; Child &amp; co &#x3C;") == "Root entity > Child & co <"
    assert html_decode(5) == 5


@pytest.mark.parametrize("value, expected", [
    ("web-01", "^web-01$"),
    ("Beta_1", "^Beta_1$"),
    (7, "^7$"),
    ("trail ", "trail"),
    ("a & longer part", "longer part"),
    ("", None),
    ("<>", None),
    ("C:\\temp full", "temp full"),
    ("a\\b & longer part", "longer part"),
    ("\\\\srv\\share", "share"),
    ("\\", None),
])
def test_search_text_for(value, expected):
    assert search_text_for(value) == expected


def test_backslash_is_never_sent_to_like():
    """LIKE reads a backslash as its escape character (GLPI passes it through): a pattern
    holding one would miss the very value it was made from."""
    for value in ("C:\\temp", "x\\_y", "ends with \\", "\\starts", "a\\\\b"):
        pattern = search_text_for(value)
        assert pattern and "\\" not in pattern and pattern.strip("^$") in value, (value, pattern)
        assert not pattern.startswith("^") and not pattern.endswith("$"), "unanchored: the run is a part of the value"


def test_sha1_follows_php_json_encode_numeric_check():
    fields = {"id": 32, "name": "gi-pc", "ticket_tco": "0.0000", "serial": "007", "comment": None,
              "path": "a/b", "uni": "é", "links": [{"rel": "Entity", "href": "http://h/apirest.php/Entity/0"}]}
    expected = ('{"id":32,"name":"gi-pc","ticket_tco":0,"serial":7,"comment":null,"path":"a/b",'
                '"uni":"é","links":[{"rel":"Entity","href":"http://h/apirest.php/Entity/0"}]}')
    assert glpi_sha1(fields) == hashlib.sha1(expected.encode("utf-8")).hexdigest()


def test_comparable_keeps_none_apart_from_empty():
    assert comparable(None) is None
    assert comparable("") == ""


def test_plain_text_decodes_every_string_but_not_keys():
    from ansible_collections.glpi.glpi.plugins.module_utils.text import plain_text
    row = {"name": "a &#38; &#60;b&#62;", "&#38;": ["x &#62; y", 3, None, {"c": "&#60;"}], "id": 7}
    assert plain_text(row) == {"name": "a & <b>", "&#38;": ["x > y", 3, None, {"c": "<"}], "id": 7}
    assert plain_text("plain 'q' \"d\"") == "plain 'q' \"d\""


@pytest.mark.parametrize("typed", ["<b>x</b> & &amp; &lt;", "a & &#38;", "&amp;&", "1 > 0 &amp;"])
def test_text_that_is_not_encoded_is_kept(typed):
    """GLPI's own rule (Sanitizer::isHtmlEncoded): a raw < or > or a bare & means plain text,
    which GLPI 10 stores encoded and GLPI 11 as typed; both must compare equal to what was typed."""
    assert html_decode(typed) == typed
    stored_by_glpi10 = typed.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    assert same_value(typed, stored_by_glpi10)
    assert same_value(typed, typed)
