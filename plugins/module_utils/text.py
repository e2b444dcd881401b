# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Value normalisation: how GLPI stores and returns values, so that a desired
value and a current value can be compared without false changes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import decimal
import hashlib
import json
import re

from ansible_collections.glpi.glpi.plugins.module_utils import php_json

# GLPI 10 stores strings HTML-encoded (Sanitizer): & < > become &#38; &#60; &#62;.
# Quotes are left alone. Older data may also hold named entities.
_ENTITY_RE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# GLPI's own test (Sanitizer::isHtmlEncoded): text holding a raw < or >, or an & that starts no
# entity, is not encoded; GLPI 10 stores it encoded, GLPI 11 as typed, and neither decodes it.
_RAW_RE = re.compile(r"<|>|&(?!#?[a-zA-Z0-9]+;)")

_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


def html_decode(value):
    """Undo GLPI's storage encoding of a string; other values pass through, and so does text
    that is not encoded (a name typed as ``<b> &amp;`` keeps its ``&amp;``)."""
    if not isinstance(value, str) or "&" not in value or _RAW_RE.search(value):
        return value

    def _sub(match):
        code = match.group(1)
        if code.startswith("#x"):
            return chr(int(code[2:], 16))
        if code.startswith("#"):
            return chr(int(code[1:]))
        return _NAMED[code]

    return _ENTITY_RE.sub(_sub, value)


def plain_text(value):
    """``value`` with every string in it html_decode'd (dict keys left alone): GLPI 10 returns
    stored text HTML-encoded, GLPI 11 as typed; the collection returns plain text from both."""
    if isinstance(value, str):
        return html_decode(value)
    if isinstance(value, dict):
        return dict((key, plain_text(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain_text(item) for item in value]
    return value


def comparable(value):
    """A canonical string for comparing a desired value with a stored one.

    GLPI returns ints for integer columns, strings such as "1234.5000" for
    decimals, "YYYY-MM-DD HH:MM:SS" for datetimes and HTML-encoded text, while a
    playbook may say 1234.5, true or "2024-01-01 10:00". None and "" are kept
    apart because GLPI keeps NULL and empty strings apart too.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number_text(decimal.Decimal(str(value)))
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    text = html_decode(str(value))
    if _NUMBER_RE.match(text):
        return _number_text(decimal.Decimal(text))
    match = _DATETIME_RE.match(text)
    if match:
        return "%s %s%s" % (match.group(1), match.group(2), match.group(3) or ":00")
    return text


def _number_text(number):
    normalised = number.normalize()
    # normalize() turns 100 into 1E+2: quantize back to a plain integer text.
    if normalised == normalised.to_integral_value():
        return str(normalised.quantize(decimal.Decimal(1)))
    return str(normalised)


def same_value(desired, current):
    return comparable(desired) == comparable(current)


# Characters a searchText pattern cannot hold as themselves (see search_text_for).
_UNSEARCHABLE = r"[&<>\\]"


def search_text_for(value):
    """The searchText expression that finds ``value`` as exactly as GLPI allows.

    searchText is a case- and accent-insensitive LIKE: ``^v$`` narrows the
    candidates and the caller compares exactly afterwards. GLPI cannot anchor
    on leading or trailing spaces, HTML-encoded characters may be stored
    encoded or not, and a backslash is LIKE's escape character (GLPI passes it
    through, so ``C:\\temp`` would look for ``C:temp``), so for such values the
    longest run without them is searched without anchors instead. Returns None
    when nothing safe can be searched (the caller then lists and compares
    client-side).
    """
    text = "%s" % (value,)
    if text == "":
        return None
    if not re.search(_UNSEARCHABLE, text) and text == text.strip():
        return "^%s$" % text
    return longest_safe_part(text)


def longest_safe_part(text):
    """The longest run of ``text`` without ``& < >`` or a backslash (spaces around it dropped),
    which GLPI 10.0 and 11.0 both find in the stored text; None when there is none."""
    runs = [run.strip() for run in re.split(_UNSEARCHABLE, text)]
    runs = [run for run in runs if run]
    if not runs:
        return None
    return max(runs, key=len)


# ---------------------------------------------------------------------------
# get_sha1: GLPI answers sha1(json_encode($fields, JSON_UNESCAPED_UNICODE |
# JSON_UNESCAPED_SLASHES | JSON_NUMERIC_CHECK)) of the item it would return
# (links included). Computing it locally from a read saves a request.
# ---------------------------------------------------------------------------


def glpi_sha1(fields):
    """The sha1 GLPI's API returns for ``get_sha1=true`` on these fields, as decoded from
    GLPI's answer (the raw text, never html_decode'd: GLPI hashes what it stores)."""
    try:
        text = php_json.encode(fields)
    except php_json.PhpJsonError:
        text = ""  # PHP's json_encode returns false, and sha1(false) is sha1("")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
