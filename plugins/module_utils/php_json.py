# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PHP's ``json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_NUMERIC_CHECK)``
(PHP 8, serialize_precision -1) applied to a value decoded from GLPI's JSON answer, which is how
GLPI computes ``get_sha1``. Checked against PHP 8.2 and against get_sha1 answers of real GLPI 10.0
and 11.0 (tests/unit/fixtures/sha1-vectors.json).

- A string that PHP's is_numeric accepts becomes a number: optional leading and trailing
  whitespace (space, tab, LF, CR, VT, FF), a sign, decimal digits with an optional fraction and
  exponent; never hex, binary, underscores or non-ASCII digits. An integer that fits in 64 bits
  stays an integer ("007" -> 7), anything else becomes a float; an infinite one stays a string.
- A float prints the shortest digits that read back the same, with no ``.0`` for a whole number
  ("0.0000" -> 0, "1e3" -> 1000, -0.0 -> -0), and in exponent form (``1.0e+17``, ``1.0e-5``) below
  1e-4 or from 1e17 on.
- Strings keep unicode and ``/`` unescaped but escape U+2028 and U+2029.
- An object with keys "0".."n-1" in that order, or with no key at all, is a PHP list: ``[...]``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import decimal
import json
import math
import re

_WS = "[ \\t\\n\\r\\x0b\\x0c]*"
_NUMERIC_RE = re.compile(_WS + r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?" + _WS)
_INTEGER_RE = re.compile(r"[+-]?[0-9]+")
_INDEX_KEY_RE = re.compile(r"0|-?[1-9][0-9]*")
_INT64 = 2 ** 63


class PhpJsonError(ValueError):
    """json_encode fails (PHP then returns false): an infinite or NaN float."""


def numeric(text):
    """The int or float PHP's JSON_NUMERIC_CHECK makes of ``text``, or None when it stays a string."""
    if _NUMERIC_RE.fullmatch(text) is None:
        return None
    stripped = text.strip(" \t\n\r\x0b\x0c")
    if _INTEGER_RE.fullmatch(stripped):
        number = int(stripped)
        if -_INT64 <= number < _INT64:
            return number
    number = float(stripped)
    return number if math.isfinite(number) else None


def encode_float(value):
    """PHP's json_encode of a float (serialize_precision -1, no JSON_PRESERVE_ZERO_FRACTION)."""
    if not math.isfinite(value):
        raise PhpJsonError("Inf and NaN cannot be JSON encoded")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign, digits, exponent = decimal.Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(str(digit) for digit in digits)
    point = len(digits) + exponent  # the value is 0.<digits> * 10 ** point
    prefix = "-" if sign else ""
    if point < -3 or point > 17:
        power = point - 1
        return "%s%s.%se%s%d" % (prefix, digits[0], digits[1:] or "0", "+" if power >= 0 else "-", abs(power))
    if point <= 0:
        return "%s0.%s%s" % (prefix, "0" * -point, digits)
    if point >= len(digits):
        return prefix + digits + "0" * (point - len(digits))
    return "%s%s.%s" % (prefix, digits[:point], digits[point:])


def encode_string(text):
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _is_list(mapping):
    """PHP turns keys such as "3" into integers: a dict is a list when they run 0..n-1."""
    keys = list(mapping)
    if not all(_INDEX_KEY_RE.fullmatch(str(key)) for key in keys):
        return False
    return [int(key) for key in keys] == list(range(len(keys)))


def encode(value):
    """``json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_NUMERIC_CHECK)``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -_INT64 <= value < _INT64 else encode_float(float(value))
    if isinstance(value, float):
        return encode_float(value)
    if isinstance(value, str):
        number = numeric(value)
        return encode_string(value) if number is None else encode(number)
    if isinstance(value, dict):
        if _is_list(value):
            return encode(list(value.values()))
        return "{%s}" % ",".join("%s:%s" % (encode_string(str(key)), encode(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "[%s]" % ",".join(encode(item) for item in value)
    return encode_string(str(value))
