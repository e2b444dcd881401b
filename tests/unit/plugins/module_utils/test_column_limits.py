# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""column_limits: values checked against their GLPI column before any write, and the generated
table against the schema dumps (the copy under tests/emulator, read as data)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.column_types import COLUMNS
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "column_limits_table.py")
SCHEMA = os.path.join(ROOT, "tests", "emulator", "glpi_emulator", "schema")

RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "checker: name of 300 characters",
     "outcome": "GlpiInputError naming itemtype, field, length 300 and limit 255", "test": "test_refused"},
    {"area": "Over-long values", "case": "checker: 255 characters with quotes or & < > (GLPI 10.0 counts them escaped)",
     "outcome": "refused with both lengths, as GLPI 10.0 would cut it", "test": "test_refused"},
    {"area": "Over-long values", "case": "checker: comment over 65535 bytes (UTF-8, HTML-encoded)",
     "outcome": "refused naming bytes and limit", "test": "test_refused"},
    {"area": "Over-long values", "case": "checker: number out of an int/tinyint column's range",
     "outcome": "refused naming the range", "test": "test_refused"},
    {"area": "Over-long values", "case": "checker: batch with two bad elements",
     "outcome": "one error naming both elements by index, raised before any write", "test": "test_batch_names_every_element"},
    {"area": "Over-long values", "case": "column table vs the GLPI 10.0.12 schema dumps",
     "outcome": "the generated table matches the dumps", "test": "test_table_matches_schema_dumps"},
]

REFUSED = [
    ("Computer", {"name": "a" * 300}, "Computer name: 300 characters, the column holds at most 255"),
    ("Computer", {"serial": "s" * 256}, "Computer serial: 256 characters, the column holds at most 255"),
    ("Computer", {"name": "q" * 250 + "'" * 5}, "name: 255 characters, 260 as GLPI 10.0 counts them"),
    ("Computer", {"name": "c" * 251 + "<"}, "name: 252 characters, 256 as GLPI 10.0 counts them"),
    ("Computer", {"name": "n" * 250 + "\n" * 3}, "name: 253 characters, 256 as GLPI 10.0"),
    ("Computer", {"comment": "x" * 100000}, "Computer comment: 100000 characters, the column holds at most 65535 bytes"),
    ("Computer", {"comment": "x" * 65000 + "<" * 200}, "comment: 65200 characters, 66000 bytes as GLPI 10.0 stores them"),
    ("Computer", {"comment": u"\u00e9" * 32768}, "comment: 32768 characters, 65536 bytes"),
    ("Computer", {"users_id_tech": 5000000000}, "users_id_tech: 5000000000 is out of range, the column holds 0 to 4294967295"),
    ("Computer", {"users_id_tech": -1}, "users_id_tech: -1 is out of range"),
    ("Computer", {"is_dynamic": "300"}, "is_dynamic: 300 is out of range, the column holds -128 to 127"),
    ("Document", {"sha1sum": "f" * 41}, "sha1sum: 41 characters, the column holds at most 40"),
    ("Location", {"address": "a" * 256}, "address: 256 characters, the column holds at most 255"),  # text GLPI 10.0 cuts
    ("PluginFooBar", {"name": "p" * 256}, "PluginFooBar name: 256 characters"),
    ("PluginFooBar", {"comment": "p" * 65536}, "PluginFooBar comment: 65536 characters"),
]

ACCEPTED = [
    ("Computer", {"name": "b" * 255}),
    ("Computer", {"name": "c" * 250 + "&"}),  # 255 once encoded
    ("Computer", {"name": u"\u00e9" * 255}),  # varchar counts characters (utf8mb4)
    ("Computer", {"comment": "x" * 65535, "users_id_tech": 4294967295, "is_dynamic": 1}),
    ("Computer", {"comment": "x" * 65000 + "<" * 100}),  # 65500 bytes encoded
    ("Computer", {"name": None, "comment": None, "is_dynamic": True, "locations_id": "Paris"}),
    ("Computer", {"not_a_column": "z" * 1000, "_private": "z" * 1000}),  # unknown fields: check_fields' job
    ("Ticket", {"content": "x" * 100000}),  # longtext
    ("PluginFooBar", {"serial": "s" * 1000}),  # type unknown outside the table
    ("User", {"password": "p" * 300, "password2": "p" * 300}),  # GLPI stores their hash
]


def _message(itemtype, fields):
    with pytest.raises(GlpiInputError) as caught:
        column_limits.check(itemtype, [(None, fields)])
    return str(caught.value)


@pytest.mark.parametrize("itemtype, fields, expected", REFUSED)
def test_refused(itemtype, fields, expected):
    message = _message(itemtype, fields)
    assert expected in message
    assert "nothing was written" in message


@pytest.mark.parametrize("itemtype, fields", ACCEPTED)
def test_accepted(itemtype, fields):
    column_limits.check(itemtype, [(None, fields)])


def test_batch_names_every_element():
    entries = [("items[%d]" % index, {"name": "n%d" % index}) for index in range(5)]
    entries[2] = ("items[2] (name='long')", {"name": "l" * 300})
    entries[4] = ("items[4]", {"serial": "s" * 256, "name": "ok"})
    with pytest.raises(GlpiInputError) as caught:
        column_limits.check("Computer", entries, option="items")
    text = str(caught.value)
    assert "items[2] (name='long'): Computer name: 300 characters" in text
    assert "items[4]: Computer serial: 256 characters" in text
    assert "items[0]" not in text and caught.value.option == "items" and caught.value.value == ["name", "serial"]


def test_client_input_check_names_the_element():
    with pytest.raises(GlpiInputError) as caught:
        column_limits.check_input("Computer", [{"name": "ok"}, {"name": "z" * 300}])
    assert "input[1]: Computer name: 300 characters" in str(caught.value)
    assert "not sent" in str(caught.value)
    column_limits.check_input("Computer", {"id": 3, "name": "ok"})


@pytest.mark.parametrize("code, lowest, highest", [
    ("u", 0, 4294967295), ("i", -2147483648, 2147483647), ("ti", -128, 127), ("tu", 0, 255),
    ("bi", -2 ** 63, 2 ** 63 - 1), ("su", 0, 65535)])
def test_int_ranges(code, lowest, highest):
    assert column_limits.int_range(code) == (lowest, highest)


def test_table_knows_the_columns_measured():
    types = column_limits.column_types("Computer")
    assert (types["name"], types["comment"], types["users_id_tech"], types["is_dynamic"]) == ("v255", "t", "u", "ti")
    assert column_limits.column_types("Ticket")["content"] == "l"
    assert column_limits.column_types("UserEmail")["email"] == "v255"


def test_table_matches_schema_dumps():
    """The committed table is what the generator makes of the schema dumps (never skipped:
    the dumps are the emulator's data, always in the repository)."""
    assert os.path.isdir(SCHEMA)
    result = subprocess.run([sys.executable, SCRIPT, SCHEMA, "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(COLUMNS) == len([name for name in os.listdir(SCHEMA) if name.endswith(".json")])
