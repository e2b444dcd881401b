# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import (
    flatten_params,
    normalize_url,
    parse_content_range,
)


@pytest.mark.parametrize('url, expected', [
    ('https://glpi.example.com', 'https://glpi.example.com/apirest.php'),
    ('https://glpi.example.com/', 'https://glpi.example.com/apirest.php'),
    ('https://glpi.example.com/glpi', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://glpi.example.com/glpi///', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://glpi.example.com/glpi/apirest.php', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://glpi.example.com/glpi/apirest.php/', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://glpi.example.com/glpi/apirest.php/initSession', 'https://glpi.example.com/glpi/apirest.php'),
    ('  HTTPS://GLPI.Example.com:8443/Glpi/  ', 'https://glpi.example.com:8443/Glpi/apirest.php'),
    ('http://127.0.0.1:8080/apirest.php', 'http://127.0.0.1:8080/apirest.php'),
    ('https://glpi.example.com/glpi/index.php', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://glpi.example.com/glpi/front/central.php', 'https://glpi.example.com/glpi/apirest.php'),
    ('https://h//glpi//apirest.php//', 'https://h/glpi/apirest.php'),
    # GLPI 11's v2 API lives beside it: its URLs name the same site (the client picks the API).
    ('https://h/glpi/api.php', 'https://h/glpi/apirest.php'),
    ('https://h/glpi/api.php/v2/Assets/Computer', 'https://h/glpi/apirest.php'),
])
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize('url', [None, '', 'glpi.example.com', 'ftp://glpi.example.com', 'https://',
                                 'https://h/glpi/apirest.php?user_token=abc', 'https://user:pw@h/glpi'])
def test_normalize_url_refuses(url):
    with pytest.raises(GlpiInputError) as err:
        normalize_url(url)
    assert err.value.option == 'url'
    text = str(err.value)
    assert 'abc' not in text and ':pw@' not in text


def test_flatten_params_php_arrays_and_booleans():
    pairs = flatten_params({
        'criteria': [{'field': 1, 'searchtype': 'contains', 'value': 'ws'}, {'link': 'OR', 'field': 5, 'value': 'x'}],
        'forcedisplay': [2, 5],
        'expand_dropdowns': True,
        'get_hateoas': False,
        'is_deleted': None,
        'add_keys_names[]': ['manufacturers_id'],
        'range': '0-9',
    })
    assert pairs == [
        ('criteria[0][field]', '1'), ('criteria[0][searchtype]', 'contains'), ('criteria[0][value]', 'ws'),
        ('criteria[1][link]', 'OR'), ('criteria[1][field]', '5'), ('criteria[1][value]', 'x'),
        ('forcedisplay[0]', '2'), ('forcedisplay[1]', '5'),
        ('expand_dropdowns', 'true'), ('get_hateoas', 'false'),
        ('add_keys_names[0]', 'manufacturers_id'),
        ('range', '0-9'),
    ]


def test_flatten_params_nested_bool_is_numeric():
    # GLPI converts "true"/"false" only for top-level parameters; nested ones must be 1/0.
    assert flatten_params({'criteria': [{'meta': True}]}) == [('criteria[0][meta]', '1')]
    assert flatten_params(None) is None
    assert flatten_params({}) is None


@pytest.mark.parametrize('value, expected', [
    ('0-19/36', (0, 19, 36)),
    ('0-20/29', (0, 20, 29)),      # off by one without a range parameter
    ('29-28/29', (29, 28, 29)),    # range start == total
    ('5-2/29', (5, 2, 29)),        # inverted range
    ('0--1/0', (0, -1, 0)),        # /search body on an empty result
    (None, None), ('', None), ('bytes */100', None), ('garbage', None),
])
def test_parse_content_range(value, expected):
    assert parse_content_range(value) == expected
