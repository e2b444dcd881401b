# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refuse, before any write, a value its GLPI column cannot hold.

Measured on real servers (docs/column-limits.md): GLPI 10.0.12 cuts a string longer than 255
characters to 255 without a word (CommonDBTM::filterValues, for fields with a string search
option; answer 201), so an item matched by name is never found again and every run creates
another; it refuses text over 65535 bytes and numbers out of range (MariaDB strict mode, 400).
GLPI 11.0.6 refuses all of them with the raw SQL error.

The column types come from column_types.py (generated from the schema dumps). Codes:
v<N> varchar/char(N), N characters; t/m/l text/mediumtext/longtext in bytes; i/u, ti/tu, si/su,
mi/mu, bi/bu signed/unsigned int/tinyint/smallint/mediumint/bigint. Itemtypes outside the
table: only name (varchar(255)) and comment (text), whose types every GLPI itemtype shares.

Length as GLPI 10.0 stores it: its Sanitizer HTML-encodes ``& < >`` (``&#38;`` is five
characters) and escapes ``' " \\`` and line breaks for SQL before filterValues cuts at 255, so
a 255-character name with quotes is cut too (measured: 255 with 5 quotes stored as 252). GLPI
11.0 stores the value as typed. The collection does not know the server's version before its
first write (resource.listed_as_read tells them apart only from rows already read), so the
check uses the stricter 10.0 length everywhere: it refuses on 11.0 only values within a few
characters of the limit that hold such characters, and the message says why.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.column_types import COLUMNS
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

TEXT_BYTES = {"t": 65535, "m": 16777215, "l": 4294967295}
INT_BITS = {"": 32, "t": 8, "s": 16, "m": 24, "b": 64}
FALLBACK = {"name": "v255", "comment": "t"}  # the same in every GLPI itemtype
HASHED = frozenset(["password", "password2"])  # GLPI stores a hash: a 300-character password works (10.0.12, 11.0.6)

_ENCODED = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}
_SQL_ESCAPED = re.compile(r"['\"\\\n\r\x00\x1a]")  # mysqli::real_escape_string adds a backslash
_INTEGER = re.compile(r"^-?[0-9]+$")

_parsed = {}


def column_types(itemtype):
    """{field: code} of ``itemtype``; the shared name/comment types when it is not in the table."""
    if itemtype not in _parsed:
        text = COLUMNS.get(itemtype)
        _parsed[itemtype] = dict(pair.split(":") for pair in text.split()) if text else dict(FALLBACK)
    return _parsed[itemtype]


def stored_text(value):
    """``value`` as GLPI 10.0 stores it (HTML-encoded)."""
    return "".join(_ENCODED.get(char, char) for char in value)


def int_range(code):
    """(lowest, highest) of an integer column code such as ``u`` or ``ti``."""
    bits = INT_BITS[code[:-1]]
    if code.endswith("u"):
        return 0, 2 ** bits - 1
    return -2 ** (bits - 1), 2 ** (bits - 1) - 1


def problem(field, code, value):
    """Why ``value`` does not fit column ``field`` of type ``code``, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if code[0] == "v" and isinstance(value, (str, int, float)):
        return _varchar_problem(field, int(code[1:]), "%s" % (value,))
    if code in TEXT_BYTES and isinstance(value, str):
        return _text_problem(field, code, value)
    if code[-1] in "iu" and code[:-1] in INT_BITS and (isinstance(value, int) or (isinstance(value, str) and _INTEGER.match(value))):
        lowest, highest = int_range(code)
        if not lowest <= int(value) <= highest:
            return "%s: %s is out of range, the column holds %d to %d" % (field, value, lowest, highest)
    return None


def _varchar_problem(field, limit, value):
    stored = stored_text(value)
    length = len(stored) + len(_SQL_ESCAPED.findall(value))
    if length <= limit:
        return None
    if length == len(value):
        return "%s: %d characters, the column holds at most %d" % (field, length, limit)
    return ("%s: %d characters, %d as GLPI 10.0 counts them (& < > HTML-encoded, quotes, backslashes and line breaks "
            "escaped), the column holds at most %d" % (field, len(value), length, limit))


def _text_problem(field, code, value):
    limit = TEXT_BYTES[code]
    size = len(stored_text(value).encode("utf-8"))
    if size <= limit:
        return None
    if size == len(value):
        return "%s: %d characters, the column holds at most %d bytes" % (field, size, limit)
    return ("%s: %d characters, %d bytes as GLPI 10.0 stores them (UTF-8, & < > HTML-encoded), the column holds at most "
            "%d bytes" % (field, len(value), size, limit))


def problems(itemtype, fields):
    """Every value of ``fields`` its column cannot hold, as (field, "field: why") pairs."""
    types = column_types(itemtype)
    found = []
    for field in sorted(fields):
        code = types.get(field) if field not in HASHED else None
        text = problem(field, code, fields[field]) if code else None
        if text:
            found.append((field, text))
    return found


def check(itemtype, entries, option="fields", outcome="nothing was written"):
    """Raise GlpiInputError naming every value too long (or out of range) for its column.

    ``entries`` is a list of (label, fields): label None for a single object, else what names
    the element in a batch (such as ``items[2] (name='web-01')``). Every entry is checked
    before the error is raised, so nothing is written when any of them fails."""
    messages, culprits = [], set()
    for label, fields in entries:
        for field, text in problems(itemtype, fields or {}):
            messages.append("%s%s %s" % ("%s: " % label if label else "", itemtype, text))
            culprits.add(field)
    if messages:
        shown = "; ".join(messages[:10]) + ("; and %d more" % (len(messages) - 10) if len(messages) > 10 else "")
        raise GlpiInputError("%s; %s" % (shown, outcome), option=option, value=sorted(culprits))


def check_input(itemtype, data):
    """The client's last check of a POST/PUT body (a dict or a list of dicts), before sending it."""
    items = data if isinstance(data, list) else [data]
    check(itemtype, [(("input[%d]" % index) if len(items) > 1 else None, item)
                     for index, item in enumerate(items) if isinstance(item, dict)],
          option="input", outcome="this request was not sent")
