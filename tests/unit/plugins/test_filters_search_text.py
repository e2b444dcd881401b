"""The filters the HR roles use: glpi.glpi.search_prefix and glpi.glpi.html_decode."""

import pytest

from ansible_collections.glpi.glpi.plugins.filter.html_decode import html_decode
from ansible_collections.glpi.glpi.plugins.filter.search_prefix import search_prefix


@pytest.mark.parametrize("values, expected", [
    ([], ""), (["jdoe"], "^jdoe$"), (["JDoe", "jdupont"], "^jd"), (["alice", "bob"], ""),
    (["a&b"], "^a"), ([" x"], ""), (["x "], "^x"), ([12, 15], "^1"), (["ab", "ab"], "^ab"),
])
def test_search_prefix(values, expected):
    assert search_prefix(values) == expected


def test_html_decode():
    assert html_decode("a &#38; b &#60;c&#62;") == "a & b <c>"
    assert html_decode(None) == ""
    assert html_decode(42) == "42"
