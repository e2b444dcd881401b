# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""get_sha1: sha1(json_encode($fields, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES |
JSON_NUMERIC_CHECK)) as PHP computes it (glpi_emulator/phpjson.py).

``data/sha1-vectors.json`` holds 30 answers of real GLPI 10.0.12 and 11.0.6: the text of a GET
and the get_sha1 GLPI gave for the same item. The scalar cases below were checked with PHP 8.2's
own json_encode (serialize_precision = -1)."""
import json
from pathlib import Path

import pytest

from glpi_emulator import phpjson

VECTORS = json.loads((Path(__file__).parent / "data" / "sha1-vectors.json").read_text(encoding="utf-8"))["cases"]


def _vector_id(case):
    return "%s-%s-%s" % (case["glpi_version"], case["itemtype"], "-".join(case["query"]) or "plain")


@pytest.mark.parametrize("case", VECTORS, ids=_vector_id)
def test_real_glpi_vectors(case):
    assert phpjson.get_sha1(json.loads(case["response_text"])) == case["get_sha1"]


@pytest.mark.parametrize("text, encoded", [
    ("007", "7"), ("1e3", "1000"), ("0.0000", "0"), ("1.", "1"), (".5", "0.5"), ("-.5", "-0.5"),
    (" 12", "12"), ("12 ", "12"), ("\t7\n", "7"), ("+5", "5"), ("-0", "0"), ("-0.0", "-0"), ("00", "0"),
    ("100.10", "100.1"), ("1E+2", "100"), ("+.5e-2", "0.005"), ("1.0E5", "100000"),
    ("9223372036854775807", "9223372036854775807"), ("9223372036854775808", "9.223372036854776e+18"),
    ("-9223372036854775809", "-9.223372036854776e+18"), ("1234567890123456789012", "1.2345678901234568e+21"),
    ("1.5e-7", "1.5e-7"), ("0.0001", "0.0001"), ("0.00001", "1.0e-5"), ("1e17", "1.0e+17"),
    ("123456789012345678", "123456789012345678"), ("1.23456789012345678", "1.2345678901234567"),
    ("5e-324", "5.0e-324"),
    ("1e400", '"1e400"'), ("0x1A", '"0x1A"'), ("1 2", '"1 2"'), ("1e", '"1e"'), ("e1", '"e1"'), ("..", '".."'),
    ("", '""'), (" ", '" "'), ("-", '"-"'), ("1_000", '"1_000"'), ("\u0663", '"\u0663"'), ("12abc", '"12abc"'),
    ("\u2028x\u00e9/\"\\\u0001\u007f", '"\\u2028x\u00e9/\\"\\\\\\u0001\u007f"'),
])
def test_numeric_check_strings(text, encoded):
    assert phpjson.json_encode(text) == encoded


@pytest.mark.parametrize("number, encoded", [
    (1.0, "1"), (0.1 + 0.2, "0.30000000000000004"), (1e25, "1.0e+25"), (-1.5e-5, "-1.5e-5"),
    (1e15, "1000000000000000"), (100.0, "100"), (True, "true"), (None, "null"),
])
def test_scalars(number, encoded):
    assert phpjson.json_encode(number) == encoded


def test_containers_keep_order_and_keys_stay_strings():
    data = {"10": "10", "a": [1, "2", {"b": "x/y"}], "e": [], "o": {}}
    assert phpjson.json_encode(data) == '{"10":10,"a":[1,2,{"b":"x/y"}],"e":[],"o":{}}'


def test_infinite_float_fails_like_json_encode():
    assert phpjson.get_sha1({"x": float("inf")}) == "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1(false)"


def test_get_item_answers_the_sha1_of_its_own_answer(api):
    computer = api.add("Computer", name="sha1 <pc> & 'x'", serial="007", uuid="1e3", comment="a\nb \\ c")
    for query in ({}, {"expand_dropdowns": "true"}, {"with_infocoms": "true"}):
        fields = api.get("Computer/%d" % computer, **query)
        assert api.get("Computer/%d" % computer, get_sha1="true", **query) == phpjson.get_sha1(fields)
