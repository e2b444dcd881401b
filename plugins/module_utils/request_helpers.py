# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure helpers of the HTTP client: URL normalisation, PHP-style query parameters, Content-Range."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

_CONTENT_RANGE_RE = re.compile(r'^\s*(?:items\s+)?(-?\d+)-(-?\d+)/(\d+)\s*$')


def normalize_url(url):
    """The legacy API's endpoint (``<site root>/apirest.php``) for any ``url`` :func:`site_root` accepts."""
    return site_root(url) + '/apirest.php'


def site_root(url):
    """The GLPI site root for a site root or any URL of either API below it.

    ``https://h/glpi``, ``https://h/glpi/``, ``https://h/glpi/apirest.php``,
    ``https://h/glpi/apirest.php/initSession``, ``https://h/glpi/api.php`` and
    ``https://h/glpi/api.php/v2/Assets`` all give ``https://h/glpi``. Query strings and fragments
    are refused (they could hold credentials and would end up in every request).
    """
    if not url or not isinstance(url, str):
        raise GlpiInputError('url is required (e.g. https://glpi.example.com or https://glpi.example.com/apirest.php)',
                             option='url')
    text = url.strip()
    match = re.match(r'^(https?)://([^/?#]+)(/[^?#]*)?([?#].*)?$', text, re.IGNORECASE)
    if not match:
        raise GlpiInputError('url must start with http:// or https:// and name a host, got %r' % _safe(text), option='url',
                             value=_safe(text))
    scheme, host, path, rest = match.groups()
    if rest:
        raise GlpiInputError('url must not contain a query string or fragment', option='url', value=_safe(text.split('?')[0]))
    if '@' in host:
        raise GlpiInputError('url must not contain credentials; use username/password or user_token', option='url')
    path = re.sub(r'/{2,}', '/', path or '')
    idx = path.find('/apirest.php')
    if idx >= 0 and (len(path) == idx + len('/apirest.php') or path[idx + len('/apirest.php')] == '/'):
        path = path[:idx]
    elif re.search(r'/api\.php(/|$)', path):
        path = path[:path.index('/api.php')]
    elif re.search(r'/(index|front/[^/]*)\.php$', path) or path.endswith('/front'):
        path = re.sub(r'/(index\.php|front/[^/]*\.php|front)$', '', path)
    path = path.rstrip('/')
    return '%s://%s%s' % (scheme.lower(), host.lower(), path)


def _safe(text):
    return re.sub(r'//[^/@]*@', '//***@', text)


def _php_value(value, top_level):
    if isinstance(value, bool):
        # GLPI turns the strings "true"/"false" into booleans for top-level parameters only.
        if top_level:
            return 'true' if value else 'false'
        return '1' if value else '0'
    return str(value)


def flatten_params(params):
    """Encode ``params`` as a list of (key, value) pairs in PHP array syntax.

    ``{'criteria': [{'field': 1, 'value': 'x'}], 'forcedisplay': [2, 5], 'expand_dropdowns': True}``
    becomes ``criteria[0][field]=1``, ``criteria[0][value]=x``, ``forcedisplay[0]=2``,
    ``forcedisplay[1]=5``, ``expand_dropdowns=true``. None values are left out.
    """
    if not params:
        return None
    pairs = []

    def walk(prefix, value, top_level):
        if value is None:
            return
        if isinstance(value, dict):
            for key, sub in value.items():
                walk('%s[%s]' % (prefix, key), sub, False)
        elif isinstance(value, (list, tuple)):
            for index, sub in enumerate(value):
                walk('%s[%d]' % (prefix, index), sub, False)
        else:
            pairs.append((prefix, _php_value(value, top_level)))

    items = params.items() if isinstance(params, dict) else params
    for key, value in items:
        if key.endswith('[]') and isinstance(value, (list, tuple)):
            key = key[:-2]
        walk(key, value, True)
    return pairs


def parse_content_range(value):
    """``'0-19/36'`` -> (0, 19, 36); also ``'29-28/29'`` (start == total) and ``'0--1/0'``. None if absent/garbled."""
    if not value:
        return None
    match = _CONTENT_RANGE_RE.match(str(value))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))
