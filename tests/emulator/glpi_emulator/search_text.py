# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text matching and ordering as GLPI's MariaDB (utf8mb4_unicode_ci) does them.

GLPI compares and sorts strings with a case- and accent-insensitive collation in which
punctuation sorts before digits and letters ("Beta_1" < "Beta%2" < "BetaX1").  SQLite
knows none of that, so two deterministic SQL functions are registered on the connection:

* ``glpi_fold(text)``: the comparison form (case folded, accents removed); both sides of
  a LIKE go through it.
* ``glpi_sortkey(text)``: a string whose binary order is the collation order, used in
  ORDER BY (one call per row instead of one Python comparison per pair of rows).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata

# Punctuation in the order of the Unicode collation table (DUCET) MariaDB uses; anything
# not listed (other symbols) sorts after these and before digits.
_PUNCTUATION = "\t\n\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_PUNCT_WEIGHT = {ch: 0x100 + i for i, ch in enumerate(_PUNCTUATION)}
_OTHER_WEIGHT = 0x200
_DIGIT_BASE = 0x300
_LETTER_BASE = 0x400


@functools.lru_cache(maxsize=65536)
def fold(value):
    """Comparison form: case-insensitive and accent-insensitive (None stays None)."""
    if value is None:
        return None
    text = str(value)
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


@functools.lru_cache(maxsize=65536)
def sortkey(value):
    """A string whose code point order is the collation order of ``value``."""
    if value is None:
        return None
    out = []
    for ch in fold(value):
        if ch in _PUNCT_WEIGHT:
            out.append(chr(_PUNCT_WEIGHT[ch]))
        elif ch.isdigit() and ch.isascii():
            out.append(chr(_DIGIT_BASE + ord(ch) - 48))
        elif ch.isalnum():
            out.append(chr(_LETTER_BASE + ord(ch)))
        else:
            out.append(chr(_OTHER_WEIGHT))
    return "".join(out)


def register(conn: sqlite3.Connection) -> None:
    """Registers glpi_fold / glpi_sortkey on ``conn`` (cheap; safe to repeat)."""
    conn.create_function("glpi_fold", 1, fold, deterministic=True)
    conn.create_function("glpi_sortkey", 1, sortkey, deterministic=True)


def like_pattern(value: str):
    """GLPI's makeTextSearch for 'contains': returns the LIKE pattern (escape char '\\').

    ``^`` anchors the start and ``$`` the end; ``%`` and ``_`` are literal; no anchor
    means a substring match.  The pattern is already folded.
    """
    begin = value.startswith("^")
    end = value.endswith("$") and len(value) > (1 if begin else 0)
    core = value[1 if begin else 0: len(value) - (1 if end else 0)]
    core = core.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("" if begin else "%") + fold(core) + ("" if end else "%")


# GLPI 10.0's Sanitizer (src/Toolbox/Sanitizer.php): the API sanitizes every input, and
# Search::makeTextSearchValue unsanitizes the value before LIKE. Stored text keeps its encoding,
# so a value with a raw & < > (in any spelling: <b>, &#60;b&#62;, &lt;b&gt;) never matches.
_SPECIAL_RE = re.compile(r"(<|>|(&(?!#?[a-z0-9]+;)))", re.I)
_SANITIZED_RE = re.compile(r"(&#38;|&#60;|&#62;|&lt;|&gt;)")
_CHARS = (("&", "&#38;"), ("<", "&#60;"), (">", "&#62;"))
_LEGACY = (("<", "&lt;"), (">", "&gt;"))


def _html_encoded(value: str) -> bool:
    return not _SPECIAL_RE.search(value) and bool(_SANITIZED_RE.search(value))


def glpi10_search_value(value: str) -> str:
    """Sanitizer::unsanitize(Sanitizer::sanitize(value)): the text GLPI 10.0 looks for."""
    if not _html_encoded(value):
        for raw, entity in _CHARS:
            value = value.replace(raw, entity)
    if not _html_encoded(value):
        return value
    mapping = _CHARS if any(entity in value for _raw, entity in _CHARS) else _LEGACY
    for raw, entity in reversed(mapping):
        value = value.replace(entity, raw)
    return value
