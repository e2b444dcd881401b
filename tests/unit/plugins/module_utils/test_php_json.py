# -*- coding: utf-8 -*-
"""php_json against PHP 8.2 (the pairs below are PHP's own output) and glpi_sha1 against the
get_sha1 answers of real GLPI 10.0.12 and 11.0.6 (fixtures/sha1-vectors.json)."""

import json
import os

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import php_json
from ansible_collections.glpi.glpi.plugins.module_utils.text import glpi_sha1

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "sha1-vectors.json")
with open(VECTORS, encoding="utf-8") as handle:
    CASES = json.load(handle)["cases"]

# json_encode("<string>", JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_NUMERIC_CHECK), PHP 8.2.
PHP_STRINGS = [
    ("0.0000", "0"), ("1e3", "1000"), (" 12", "12"), ("12 ", "12"), ("\t12\n", "12"), ("\x0b12", "12"),
    ("\x0c12", "12"), ("12\x0b", "12"), ("0x1A", '"0x1A"'), ("1.", "1"), (".", '"."'), (" .5", "0.5"),
    ("+1", "1"), ("-0", "0"), ("-0.0", "-0"), ("007", "7"), ("9223372036854775807", "9223372036854775807"),
    ("9223372036854775808", "9.223372036854776e+18"), ("-9223372036854775808", "-9223372036854775808"),
    ("-9223372036854775809", "-9.223372036854776e+18"), ("1e15", "1000000000000000"),
    ("1e16", "10000000000000000"), ("1e17", "1.0e+17"), ("1e20", "1.0e+20"), ("1.5e-7", "1.5e-7"),
    ("0.0001", "0.0001"), ("0.00001", "1.0e-5"), ("123456789012345678901", "1.2345678901234568e+20"),
    ("0.1", "0.1"), ("1/3", '"1/3"'), ("1e999", '"1e999"'), ("-1e999", '"-1e999"'), ("1E5", "100000"),
    ("1e+5", "100000"), ("1e-5", "1.0e-5"), ("  ", '"  "'), ("", '""'), ("1 2", '"1 2"'),
    ("\u0661\u0662", '"\u0661\u0662"'), ("12abc", '"12abc"'), ("1_000", '"1_000"'), ("0b11", '"0b11"'),
    ("00.5", "0.5"), ("+.5e-3", "0.0005"), ("1.23456789012345678", "1.2345678901234567"),
    ("3.14159265358979", "3.14159265358979"), ("100", "100"), ("1.0E+25", "1.0e+25"), ("4.5e-324", "5.0e-324"),
    ("\u2028", '"\\u2028"'), ("a/b", '"a/b"'), ("\x7f", '"\x7f"'), ("\x01", '"\\u0001"'), ("é", '"é"'),
    ("12\n\n", "12"), ("\u00a012", '"\u00a012"'), ("1e", '"1e"'),
]


@pytest.mark.parametrize("text, expected", PHP_STRINGS)
def test_strings_as_php_encodes_them(text, expected):
    assert php_json.encode(text) == expected


def test_arrays_as_php_decodes_and_encodes_them():
    assert php_json.encode({"0": 1, "1": 2}) == "[1,2]"
    assert php_json.encode({"1": 1, "0": 2}) == '{"1":1,"0":2}'
    assert php_json.encode({}) == "[]"
    assert php_json.encode({"a": {}}) == '{"a":[]}'
    assert php_json.encode({"x\u2028": "\x00a"}) == '{"x\\u2028":"\\u0000a"}'
    assert php_json.encode([1.0, -0.0, 1.5, 2 ** 64, True, None]) == "[1,-0,1.5,1.8446744073709552e+19,true,null]"


def test_infinite_float_makes_json_encode_fail():
    with pytest.raises(php_json.PhpJsonError):
        php_json.encode([float("inf")])


@pytest.mark.parametrize("case", CASES, ids=["%d-%s-%s-%s" % (n, c["glpi_version"], c["itemtype"], "-".join(c["query"]) or "plain")
                                             for n, c in enumerate(CASES)])
def test_sha1_of_every_real_glpi_vector(case):
    assert glpi_sha1(json.loads(case["response_text"])) == case["get_sha1"]


def test_vectors_cover_both_versions():
    assert len(CASES) == 30
    assert set(c["glpi_version"] for c in CASES) == {"10.0.12", "11.0.6"}
