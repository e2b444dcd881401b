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

Length as each version counts it (measured on 10.0.12 and 11.0.6, name and comment, POST and
PUT alike). GLPI 10.0's Sanitizer HTML-encodes ``& < >`` (``&#38;`` is five characters) and
escapes ``' " \\`` and line breaks for SQL before filterValues cuts at 255 characters (mb_strlen:
255 emoji or CJK letters fit, 256 are cut), so 255 characters with 5 quotes are stored as 252; a
text column holds 65535 bytes of the HTML-encoded UTF-8 (13107 ``&`` fit, 13108 are refused).
GLPI 11.0 stores the value as typed: 255 characters of anything fit a varchar(255), 65535 bytes
of UTF-8 a text (21845 ``€`` fit, 21846 are refused; 65535 ``&`` fit). The check asks the
server's version (search_escape.server_version, one getGlpiConfig per client) only when the 10.0
rule refuses a value, and then applies the 11.0 rule on GLPI 11 or later.

GLPI 10.0 also rewrites text with paired backslashes (glpi10_store): ``a\\\\b`` is stored
``a\\b`` and a task writing it would never find its item again. Such a value is refused on 10.0
with what GLPI would store; GLPI 11 stores it as typed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils import glpi10_store, search_escape
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


def problem(field, code, value, glpi11=False):
    """Why ``value`` does not fit column ``field`` of type ``code`` (GLPI 11's rule when
    ``glpi11``, else GLPI 10.0's), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if code[0] == "v" and isinstance(value, (str, int, float)):
        return _varchar_problem(field, int(code[1:]), "%s" % (value,), glpi11)
    if code in TEXT_BYTES and isinstance(value, str):
        return _text_problem(field, code, value, glpi11)
    if code[-1] in "iu" and code[:-1] in INT_BITS and (isinstance(value, int) or (isinstance(value, str) and _INTEGER.match(value))):
        lowest, highest = int_range(code)
        if not lowest <= int(value) <= highest:
            return "%s: %s is out of range, the column holds %d to %d" % (field, value, lowest, highest)
    return None


def backslash_problem(field, value):
    """Why GLPI 10.0 would store ``value`` differently (paired backslashes), or None."""
    if not isinstance(value, str) or "\\" not in value:
        return None
    kept = glpi10_store.stored(value)
    if kept == value:
        return None
    return ("%s: %r would be stored by GLPI 10.0 as %r (it reads paired backslashes as escapes), so the value written "
            "would never match again" % (field, value, kept))


def _varchar_problem(field, limit, value, glpi11):
    if glpi11:
        return None if len(value) <= limit else "%s: %d characters, the column holds at most %d" % (field, len(value), limit)
    stored = stored_text(value)
    length = len(stored) + len(_SQL_ESCAPED.findall(value))
    if length <= limit:
        return None
    if length == len(value):
        return "%s: %d characters, the column holds at most %d" % (field, length, limit)
    return ("%s: %d characters, %d as GLPI 10.0 counts them (& < > HTML-encoded, quotes, backslashes and line breaks "
            "escaped), the column holds at most %d" % (field, len(value), length, limit))


def _text_problem(field, code, value, glpi11):
    limit = TEXT_BYTES[code]
    size = len((value if glpi11 else stored_text(value)).encode("utf-8"))
    if size <= limit:
        return None
    if size == len(value):
        return "%s: %d characters, the column holds at most %d bytes" % (field, size, limit)
    if glpi11:
        return "%s: %d characters, %d bytes in UTF-8, the column holds at most %d bytes" % (field, len(value), size, limit)
    return ("%s: %d characters, %d bytes as GLPI 10.0 stores them (UTF-8, & < > HTML-encoded), the column holds at most "
            "%d bytes" % (field, len(value), size, limit))


def problems(itemtype, fields, version=None):
    """Every value of ``fields`` its server would not store as given, as (field, "field: why")
    pairs. ``version``: a callable giving the server's GLPI version, asked only when the rules of
    GLPI 10.0 and 11.0 tell a value apart; None keeps GLPI 10.0's rules (the stricter)."""
    types = column_types(itemtype)
    found = []
    for field in sorted(fields):
        if field in HASHED:
            continue
        code = types.get(field)
        text = (problem(field, code, fields[field]) if code else None) or backslash_problem(field, fields[field])
        if text and version is not None:
            text11 = problem(field, code, fields[field], glpi11=True) if code else None
            text = text if text11 == text or not is_glpi11(version()) else text11
        if text:
            found.append((field, text))
    return found


def version_of(client):
    """The ``version`` callable of :func:`check` for ``client`` (one getGlpiConfig, when needed)."""
    return lambda: search_escape.server_version(client)


def is_glpi11(text):
    """Whether the version text (``cfg_glpi.version``) is GLPI 11 or later."""
    major = (text or "").split(".")[0]
    return major.isdigit() and int(major) >= 11


def check(itemtype, entries, option="fields", outcome="nothing was written", version=None):
    """Raise GlpiInputError naming every value its column cannot hold (or GLPI 10.0 would rewrite).

    ``entries`` is a list of (label, fields): label None for a single object, else what names
    the element in a batch (such as ``items[2] (name='web-01')``). Every entry is checked
    before the error is raised, so nothing is written when any of them fails. ``option`` None:
    the error names the fields at fault. ``version``: see :func:`problems`."""
    messages, culprits = [], set()
    for label, fields in entries:
        for field, text in problems(itemtype, fields or {}, version):
            messages.append("%s%s %s" % ("%s: " % label if label else "", itemtype, text))
            culprits.add(field)
    if messages:
        shown = "; ".join(messages[:10]) + ("; and %d more" % (len(messages) - 10) if len(messages) > 10 else "")
        raise GlpiInputError("%s; %s" % (shown, outcome), option=option or ", ".join(sorted(culprits)), value=sorted(culprits))


def check_input(itemtype, data, version=None):
    """The client's last check of a POST/PUT body (a dict or a list of dicts), before sending it."""
    items = data if isinstance(data, list) else [data]
    check(itemtype, [(("input[%d]" % index) if len(items) > 1 else None, item)
                     for index, item in enumerate(items) if isinstance(item, dict)],
          option="input", outcome="this request was not sent", version=version)
