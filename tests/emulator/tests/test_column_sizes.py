# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values longer than their column: GLPI 10.0.12 cuts strings to 255 characters, MariaDB
refuses the rest; GLPI 11.0.6 refuses them all with the raw SQL error. Every expectation below
was measured on the real servers (see glpi_emulator/column_sizes.py)."""

import re

import pytest

RELIABILITY_CASES = [
    {"area": "Over-long values", "case": "emulator 10.0: name of 300 characters",
     "outcome": "201, stored cut to 255 characters, as real 10.0.12", "test": "test_glpi10_cuts_strings"},
    {"area": "Over-long values", "case": "emulator 10.0: name with & or quotes near 255",
     "outcome": "cut as encoded and escaped (&#38; counts 5, \\' counts 2)", "test": "test_glpi10_cuts_strings"},
    {"area": "Over-long values", "case": "emulator 10.0: text over 65535 bytes, number out of range",
     "outcome": "400 ERROR_GLPI_ADD / ERROR_GLPI_UPDATE with MariaDB's message", "test": "test_glpi10_refuses"},
    {"area": "Over-long values", "case": "emulator 11.0: name of 300 characters, comment of 100000",
     "outcome": "400 with 'MySQL query error: Data too long ... (1406) in SQL query'", "test": "test_glpi11_refuses"},
    {"area": "Over-long values", "case": "emulator 11.0: bulk add with one name too long",
     "outcome": "207 ERROR_GLPI_PARTIAL_ADD, id false for that item", "test": "test_glpi11_bulk_partial"},
]

CUTS = [
    ("a" * 300, 255, "a" * 255),
    ("b" * 255, 255, "b" * 255),
    ("c" * 250 + "&" * 10, 255, "c" * 250 + "&#38;"),
    ("d" * 250 + "<" * 5, 255, "d" * 250 + "&#60;"),
    (u"\u00e9" * 300, 255, u"\u00e9" * 255),
    ("q" * 250 + "'" * 5, 252, "q" * 250 + "''"),
    ("n" * 250 + "\n" * 3, 252, "n" * 250 + "\n\n"),
]


@pytest.mark.parametrize("name, length, stored", CUTS)
def test_glpi10_cuts_strings(api, name, length, stored):
    status, body = api.call("POST", "Computer", {"input": {"name": name}})
    assert status == 201
    row = api.get("Computer/%d" % body["id"])
    assert (len(row["name"]), row["name"]) == (length, stored)


def test_glpi10_cuts_other_string_fields_and_updates(api):
    ident = api.call("POST", "Computer", {"input": {"name": "pc", "uuid": "u" * 300, "contact": "k" * 300}})[1]["id"]
    row = api.get("Computer/%d" % ident)
    assert (len(row["uuid"]), len(row["contact"])) == (255, 255)
    status, body = api.call("PUT", "Computer/%d" % ident, {"input": {"name": "p" * 300}})
    assert (status, body) == (200, [{str(ident): True, "message": ""}])
    assert len(api.get("Computer/%d" % ident)["name"]) == 255


@pytest.mark.parametrize("fields, message", [
    ({"comment": "x" * 100000}, "Data too long for column 'comment' at row 1"),
    ({"comment": "x" * 65536}, "Data too long for column 'comment' at row 1"),
    ({"comment": "x" * 65000 + "<" * 200}, "Data too long for column 'comment' at row 1"),  # 66000 bytes encoded
    ({"comment": u"\u00e9" * 32768}, "Incorrect string value: '\\xC3\\xA9' for column `glpi`.`glpi_computers`.`comment` at row 1"),
    ({"users_id_tech": 5000000000}, "Out of range value for column 'users_id_tech' at row 1"),
    ({"users_id_tech": -1}, "Out of range value for column 'users_id_tech' at row 1"),
    ({"is_dynamic": 300}, "Out of range value for column 'is_dynamic' at row 1"),
])
def test_glpi10_refuses(api, fields, message):
    status, body = api.call("POST", "Computer", {"input": dict(fields, name="refused")})
    assert (status, body) == (400, ["ERROR_GLPI_ADD", message])
    ident = api.call("POST", "Computer", {"input": {"name": "pc"}})[1]["id"]
    assert ident == 1  # nothing stored, no id burnt
    status, body = api.call("PUT", "Computer/%d" % ident, {"input": fields})
    assert (status, body) == (400, ["ERROR_GLPI_UPDATE", message])


@pytest.mark.parametrize("fields", [{"comment": "x" * 65535}, {"comment": "x" * 65000 + "<" * 100},
                                    {"users_id_tech": 4294967295, "is_dynamic": 127}])
def test_glpi10_stores_what_fits(api, fields):
    status, body = api.call("POST", "Computer", {"input": dict(fields, name="fits")})
    assert status == 201
    row = api.get("Computer/%d" % body["id"])
    stored = dict((key, value.replace("<", "&#60;") if isinstance(value, str) else value) for key, value in fields.items())
    assert dict((key, row[key]) for key in fields) == stored


def test_glpi11_refuses(api11):
    status, body = api11.call("POST", "Computer", {"input": {"name": "a" * 300}})
    assert status == 400 and body[0] == "ERROR_GLPI_ADD"
    assert body[1].startswith("MySQL query error: Data too long for column 'name' at row 1 (1406) in SQL query "
                              "\"INSERT INTO `glpi_computers` (")
    assert body[1].endswith("')\".")
    status, body = api11.call("POST", "Computer", {"input": {"name": "c" * 250 + "&" * 10}})  # stored as typed: 260
    assert status == 400 and "Data too long for column 'name'" in body[1]
    assert api11.call("POST", "Computer", {"input": {"name": "b" * 255}})[1]["id"] == 1  # no id burnt
    assert api11.call("POST", "Computer", {"input": {"name": "d" * 250 + "<" * 5}})[0] == 201
    status, body = api11.call("PUT", "Computer/1", {"input": {"comment": "y" * 70000}})
    assert status == 400 and body[0] == "ERROR_GLPI_UPDATE"
    assert body[1].startswith("MySQL query error: Data too long for column 'comment' at row 1 (1406) in SQL query "
                              "\"UPDATE `glpi_computers` SET `comment` = 'yyy")
    # the time of the refused update, not the stored date_mod: a second may have ticked since the create
    assert re.search(r"', `date_mod` = '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d' WHERE `id` = '1'\"\.$", body[1]), body[1][-80:]
    status, body = api11.call("POST", "Computer", {"input": {"name": "big", "users_id_tech": 5000000000}})
    assert status == 400 and "Out of range value for column 'users_id_tech' at row 1 (1264)" in body[1]


def test_glpi11_bulk_partial(api11):
    status, body = api11.call("POST", "Computer", {"input": [{"name": "ok1"}, {"name": "z" * 300}, {"name": "ok3"}]})
    assert status == 207 and body[0] == "ERROR_GLPI_PARTIAL_ADD"
    assert [entry["id"] for entry in body[1]] == [1, False, 2]
    assert body[1][1]["message"].startswith("MySQL query error: Data too long for column 'name' at row 1 (1406)")
