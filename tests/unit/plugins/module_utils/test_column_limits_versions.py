# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""column_limits per GLPI version: 11.0 counts raw characters and UTF-8 bytes, 10.0 the
sanitized form; GLPI 10.0 rewrites paired backslashes, which is refused there only. The numbers
are those measured on real 10.0.12 and 11.0.6 (docs/column-limits.md)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits, glpi10_store
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "checker on GLPI 11.0: 255 & or quotes, 65535 & in a comment, 255 emoji",
     "outcome": "accepted (11.0 stores the raw text; measured on 11.0.6); refused on 10.0, which would cut or refuse them",
     "test": "test_glpi11_counts_raw_text"},
    {"area": "Over-long values", "case": "checker on GLPI 11.0: 256 characters, comment of 21846 euro signs (65538 bytes)",
     "outcome": "refused naming characters or bytes in UTF-8 and the limit", "test": "test_glpi11_still_refuses_what_it_cannot_hold"},
    {"area": "Bad input", "case": "checker: paired backslashes (a\\\\b, a\\nb, it\\'s) on GLPI 10.0",
     "outcome": "refused naming the field, the value and what GLPI 10.0 would store; accepted on 11.0",
     "test": "test_backslashes_glpi10_rewrites"},
    {"area": "Bad input", "case": "checker: backslashes GLPI 10.0 keeps (a\\b, three backslashes, a\\tb, pair with a bare quote)",
     "outcome": "accepted on both versions", "test": "test_backslashes_glpi10_keeps"},
    {"area": "Over-long values", "case": "checker: value refused alike by both versions",
     "outcome": "refused without asking the server's version", "test": "test_version_asked_only_when_it_matters"},
]

B = "\\"
REWRITTEN = [  # asked, stored by 10.0.12 (measured)
    ("a" + B * 2 + "b", "a" + B + "b"), ("a" + B * 4 + "b", "a" + B * 2 + "b"), ("a" + B + "nb", "a\nb"),
    ("it" + B + "'s", "it's"), ("say " + B + '"hi' + B + '"', 'say "hi"'), ("a" + B * 2, "a" + B), (B * 2, B),
    ("a" + B * 2 + "b & c", "a" + B + "b & c"), ("a" + B * 2 + "%b", "a" + B + "%b"), ("C:" + B * 2 + "d" + B * 2 + "f", "C:" + B + "d" + B + "f"),
]
KEPT = ["a" + B + "b", "a" + B * 3 + "b", "a" + B * 2 + "nb", "a" + B, "a" + B * 2 + 'b "q"', "a" + B + "tb",
        "a" + B * 2 + "'b", "a" + B + "%b", "a" + B + "_b", "x" + B + "0y"]


def check(fields, version, itemtype="Computer"):
    column_limits.check(itemtype, [(None, fields)], version=lambda: version)


@pytest.mark.parametrize("fields", [{"name": "&" * 255}, {"name": "'" * 255}, {"name": "a" * 254 + B},
                                    {"comment": "&" * 65535}, {"name": u"\U0001F680" * 255}, {"comment": u"\u20ac" * 21845}])
def test_glpi11_counts_raw_text(fields):
    check(fields, "11.0.6")
    if not any(u"\U0001F680" in value or u"\u20ac" in value for value in fields.values()):
        with pytest.raises(GlpiInputError):
            check(fields, "10.0.12")
    else:
        check(fields, "10.0.12")


@pytest.mark.parametrize("fields, expected", [
    ({"name": u"\u00e9" * 256}, "name: 256 characters, the column holds at most 255"),
    ({"comment": u"\u20ac" * 21846}, "comment: 21846 characters, 65538 bytes in UTF-8, the column holds at most 65535 bytes"),
    ({"comment": "x" * 65536}, "comment: 65536 characters, the column holds at most 65535 bytes")])
def test_glpi11_still_refuses_what_it_cannot_hold(fields, expected):
    with pytest.raises(GlpiInputError) as caught:
        check(fields, "11.0.6")
    assert expected in str(caught.value)


@pytest.mark.parametrize("asked, stored", REWRITTEN)
def test_backslashes_glpi10_rewrites(asked, stored):
    assert glpi10_store.stored(asked) == stored
    for field, itemtype in (("name", "Computer"), ("comment", "Computer"), ("content", "Ticket"), ("realname", "User")):
        with pytest.raises(GlpiInputError) as caught:
            check({field: asked}, "10.0.12", itemtype)
        assert "%s: %r would be stored by GLPI 10.0 as %r" % (field, asked, stored) in str(caught.value)
        assert "nothing was written" in str(caught.value) and caught.value.value == [field]
        check({field: asked}, "11.0.6", itemtype)


@pytest.mark.parametrize("asked", KEPT)
def test_backslashes_glpi10_keeps(asked):
    assert glpi10_store.stored(asked) == asked
    check({"name": asked, "comment": asked}, "10.0.12")
    check({"name": asked}, "11.0.6")


def test_version_asked_only_when_it_matters():
    asked = []

    def version():
        asked.append(1)
        return "11.0.6"

    for fields in ({"name": "a" * 300}, {"is_dynamic": 300}, {"name": "plain"}):
        try:
            column_limits.check("Computer", [(None, fields)], version=version)
        except GlpiInputError:
            pass
    assert not asked
    column_limits.check("Computer", [(None, {"name": "a" + B * 2 + "b"})], version=version)
    assert asked == [1]


def test_option_none_names_the_field():
    with pytest.raises(GlpiInputError) as caught:
        column_limits.check("User", [(None, {"name": "n" * 300})], option=None)
    assert str(caught.value).startswith("User name: 300 characters, the column holds at most 255; nothing was written")
    assert caught.value.option == "name"
