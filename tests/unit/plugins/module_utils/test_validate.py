# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks made before any request: each names the option and the value."""
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError


@pytest.mark.parametrize("call, option, value", [
    (lambda: validate.at_least("chunk_size", 0, 1), "chunk_size", "0"),
    (lambda: validate.at_least("retries", -1, 0), "retries", "-1"),
    (lambda: validate.sha1("expected_sha1", "xyz"), "expected_sha1", "xyz"),
    (lambda: validate.sha1("expected_sha1", "a" * 41), "expected_sha1", "a" * 41),
    (lambda: validate.parse_datetime("begin_date", "2026-02-30"), "begin_date", "2026-02-30"),
    (lambda: validate.parse_datetime("begin_date", "tomorrow"), "begin_date", "tomorrow"),
    (lambda: validate.date_range("begin_date", "2026-05-01", "end_date", "2026-01-01 10:00"), "end_date", "2026-01-01 10:00"),
    (lambda: validate.email("email", "no-at-sign"), "email", "no-at-sign"),
    (lambda: validate.email("email", "a b@example.com"), "email", "a b@example.com"),
    (lambda: validate.email("email", "@example.com"), "email", "@example.com"),
    (lambda: validate.number_between("latitude", "north", -90, 90), "latitude", "north"),
    (lambda: validate.number_between("longitude", "200", -180, 180), "longitude", "200"),
    (lambda: validate.no_duplicates("items", [(0, (("name", "a"),)), (1, None), (2, (("name", "a"),))]), "items[2]", "'a'"),
])
def test_bad_values_name_option_and_value(call, option, value):
    with pytest.raises(GlpiInputError) as err:
        call()
    assert err.value.option == option
    assert option.split("[")[0] in str(err.value) and value in str(err.value)


@pytest.mark.parametrize("call", [
    lambda: validate.at_least("chunk_size", None, 1),
    lambda: validate.at_least("chunk_size", 1, 1),
    lambda: validate.sha1("expected_sha1", None),
    lambda: validate.sha1("expected_sha1", "0123456789abcdefABCDEF0123456789abcdef01"),
    lambda: validate.date_range("begin_date", "2026-01-01", "end_date", "2026-01-01 00:00:00"),
    lambda: validate.date_range("begin_date", None, "end_date", ""),
    lambda: validate.email("email", ""),
    lambda: validate.email("email", "it@example.com"),
    lambda: validate.number_between("latitude", "48.8566", -90, 90),
    lambda: validate.number_between("latitude", "", -90, 90),
    lambda: validate.no_duplicates("items", [(0, (("name", "a"),)), (1, (("name", "b"),)), (2, None), (3, None)]),
])
def test_good_values_pass(call):
    call()
