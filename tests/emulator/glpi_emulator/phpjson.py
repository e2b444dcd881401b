"""PHP's json_encode() as GLPI's get_sha1 calls it (API::getItem):

    sha1(json_encode($fields, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_NUMERIC_CHECK))

- JSON_NUMERIC_CHECK: a string PHP's is_numeric_string() accepts becomes a number: an int when
  it is an integer literal that fits in 64 bits, else a float (``"007"`` -> 7, ``"1e3"`` -> 1000,
  ``"0.0000"`` -> 0, ``" 12"`` -> 12; ``"0x1A"``, ``"1e400"`` stay strings). Keys are never
  converted.
- Floats are written as PHP does with serialize_precision = -1 (php_gcvt, shortest round-trip
  digits, no ``.0`` for a zero fraction, exponent ``1.0e+25`` beyond 17 digits or below 1e-4).
  INF / NAN make json_encode() fail: the result is then ``false``, and sha1(false) hashes "".
- Strings: only ``"``, ``\\`` and control characters are escaped (``\\n``, ``\\u001f``), plus
  U+2028 / U+2029 (JSON_UNESCAPED_LINE_TERMINATORS is not given); slashes and other
  non-ASCII characters stay as they are.
"""
import decimal
import hashlib
import json
import math
import re

# zend_operators.c _is_numeric_string_ex: leading (and, since PHP 8, trailing) whitespace,
# a sign, then digits with an optional fraction, or a fraction alone, and an optional exponent.
_WS = " \t\n\r\v\f"
_NUMERIC = re.compile(r"[%s]*([+-]?)([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[%s]*\Z" % (_WS, _WS))
_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1


class EncodeError(ValueError):
    """json_encode() would return false (INF or NAN)."""


def numeric_value(text):
    """is_numeric_string(): the int or float PHP reads in ``text``, or None."""
    match = _NUMERIC.match(text)
    if match is None:
        return None
    if "." not in match.group(2) and match.group(4) is None:
        value = int(match.group(1) + match.group(2))
        if _LONG_MIN <= value <= _LONG_MAX:
            return value
    value = float(text.strip(_WS))
    return None if math.isinf(value) else value  # an infinite double stays a string


def encode_float(value):
    """php_gcvt(value, 17, '.', 'e') in mode 0 (serialize_precision = -1)."""
    if math.isinf(value) or math.isnan(value):
        raise EncodeError("Inf and NaN cannot be JSON encoded")
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0"
    digits_tuple = decimal.Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits)
    decpt = len(digits) + digits_tuple.exponent
    if decpt < -3 or decpt > 17:
        exponent = decpt - 1
        mantissa = digits[0] + "." + (digits[1:] or "0")
        return "%s%se%s%d" % (sign, mantissa, "-" if exponent < 0 else "+", abs(exponent))
    if decpt <= 0:
        return "%s0.%s%s" % (sign, "0" * -decpt, digits)
    if len(digits) <= decpt:
        return sign + digits + "0" * (decpt - len(digits))
    return "%s%s.%s" % (sign, digits[:decpt], digits[decpt:])


def _encode_string(text):
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _encode_scalar(value, numeric_check):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return encode_float(value)
    text = str(value)
    number = numeric_value(text) if numeric_check else None
    if number is None:
        return _encode_string(text)
    return _encode_scalar(number, False)


def json_encode(data, numeric_check=True):
    """json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES [| JSON_NUMERIC_CHECK])."""
    if isinstance(data, dict):
        return "{%s}" % ",".join("%s:%s" % (_encode_string(str(key)), json_encode(value, numeric_check))
                                 for key, value in data.items())
    if isinstance(data, (list, tuple)):
        return "[%s]" % ",".join(json_encode(value, numeric_check) for value in data)
    return _encode_scalar(data, numeric_check)


def get_sha1(fields):
    """What GLPI answers for get_sha1=true over ``fields``."""
    try:
        text = json_encode(fields)
    except EncodeError:
        text = ""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
