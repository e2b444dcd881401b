"""GLPI 10's Sanitizer on text written through the API (measured on 10.0.12), and GLPI 11's
absence of it: text that looks escaped already is left alone, for SQL (MariaDB then reads its
backslash sequences) as for HTML."""
import pytest

from emulator_api import Api

from glpi_emulator import sanitizer

# typed -> stored by GLPI 10.0.12 (each pair measured on the real server)
MEASURED_10 = [
    ("a &amp; b", "a &#38;amp; b"),
    ("x &lt; y", "x &lt; y"),
    ("p &#38; q", "p &#38; q"),
    ("<b> & c", "&#60;b&#62; &#38; c"),
    ("q \\' r", "q ' r"),
    ("n \\n m", "n \n m"),
    ("t \\t u", "t \\t u"),
    ("pct \\% v", "pct \\% v"),
    ("\\\\ and \\d", "\\\\ and \\d"),
    ("a\\\\b", "a\\b"),
    ("a\\b", "a\\b"),
]


@pytest.mark.parametrize("typed, stored", MEASURED_10)
def test_glpi10_stores_what_the_sanitizer_makes(api, typed, stored):
    ident = api.add("Computer", name=typed)
    assert api.get("Computer/%d" % ident)["name"] == stored
    assert sanitizer.sanitize(typed) == stored


@pytest.mark.parametrize("typed", [typed for typed, _stored in MEASURED_10])
def test_glpi11_stores_text_as_it_comes(store11, typed):
    api = Api(store11)
    ident = api.add("Computer", name=typed)
    assert api.get("Computer/%d" % ident)["name"] == typed
