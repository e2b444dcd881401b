# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI's text search (``contains`` criteria, ``searchText``) done on the client for values
GLPI 10.0 cannot search.

GLPI 10.0 stores ``& < >`` HTML-encoded but compares the searched value as typed: a value with
one of them matches nothing, whatever its spelling (``<b>``, ``&#60;b&#62;``, ``&lt;b&gt;``),
and ``notcontains`` matches everything. GLPI 11.0 stores and compares the text as typed. So,
on both versions, such a value is searched by its longest part without these characters
(text.longest_safe_part, the rule glpi_item's match keys use) and compared here, exactly as
GLPI 11.0 does, on the plain text::

    pattern = TextPattern('^R&D <lab>')
    pattern.server          # 'lab': what GLPI is asked for (None: nothing searchable)
    pattern.matches('r&d <LAB> 1')     # True: case- and accent-insensitive, ^ and $ anchor
    split_search_text({'name': '^R&D', 'serial': 'x'})
    # ({'name': 'R', 'serial': 'x'}, [('name', TextPattern)]): searchText + client tests
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import unicodedata

from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode, longest_safe_part

_UNSAFE_RE = re.compile(r'[<>&]')


def needs_client_match(value):
    """True when a text search for ``value`` must be finished on the client."""
    return isinstance(value, str) and bool(_UNSAFE_RE.search(value))


def fold(text):
    """MariaDB's utf8mb4_unicode_ci comparison form: case and accents ignored (not ß = ss)."""
    if text.isascii():
        return text.lower()
    return ''.join(ch for ch in unicodedata.normalize('NFKD', text) if not unicodedata.combining(ch)).lower()


class TextPattern:
    """A ``contains`` value read as GLPI's makeTextSearchValue reads it: trimmed, ``^`` anchors the
    start and ``$`` the end, anything else is a case- and accent-insensitive substring."""

    def __init__(self, value):
        text = str(value).strip()
        self.start = text.startswith('^')
        if self.start:
            text = text[1:].lstrip()
        self.end = text.endswith('$')
        if self.end:
            text = text[:-1].rstrip()
        self.text = text
        self.core = fold(text)
        self.server = longest_safe_part(text)

    def matches(self, value):
        """Whether GLPI's ``contains`` accepts ``value`` (a stored or displayed text; None never)."""
        if value is None:
            return False
        folded = fold(html_decode(value) if isinstance(value, str) else str(value))
        if self.start and self.end:
            return folded == self.core
        if self.start:
            return folded.startswith(self.core)
        if self.end:
            return folded.endswith(self.core)
        return self.core in folded


def split_search_text(filters):
    """(searchText GLPI can run, [(field, TextPattern)] to check on each row) for searchText filters."""
    server = {}
    tests = []
    for field, value in (filters or {}).items():
        if needs_client_match(value):
            pattern = TextPattern(value)
            tests.append((field, pattern))
            if pattern.server is not None:
                server[field] = pattern.server
        else:
            server[field] = value
    return server, tests


def accepts_all(row, tests):
    """True when every (field, TextPattern) of ``tests`` matches ``row``."""
    return all(pattern.matches(row.get(field)) for field, pattern in tests)
