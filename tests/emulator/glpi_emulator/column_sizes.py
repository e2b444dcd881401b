"""Values longer than their column, or numbers out of its range, as real GLPI treats them.

Measured on real 10.0.12 and 11.0.6 (MariaDB 10.11, strict mode, utf8mb4), POST/PUT Computer:

GLPI 10.0.12
- CommonDBTM::filterValues cuts a string input longer than 255 characters (mb_strlen) to 255
  when the first search option of that field has datatype string, email or itemlink, and logs a
  PHP warning; the answer is the usual 201 / 200. It cuts the sanitized input: HTML-encoded
  (``&`` is ``&#38;``) and SQL-escaped (``'`` is ``\\'``, a line break ``\\n``), dropping a
  trailing unescaped backslash. Measured: name of 300 "a" stored as 255; 250 "c" + 10 "&"
  stored as 250 "c" + "&#38;"; 250 "q" + 5 quotes stored as 252 characters (250 + 2 quotes);
  uuid and contact (string options) cut to 255 too.
- Anything else too long or out of range reaches MariaDB, which refuses it: 400
  ``["ERROR_GLPI_ADD", "Data too long for column 'comment' at row 1"]`` (ERROR_GLPI_UPDATE on PUT),
  for text over 65535 bytes of the stored (HTML-encoded) text: 65000 "x" + 200 "<" refused,
  65000 + 100 "<" (65500 bytes) stored; "Out of range value for column 'users_id_tech' at row 1"
  for 5000000000 or -1, and for is_dynamic 300. A text whose 65535-byte cut splits a character
  (32768 "é") is refused with "Incorrect string value: '\\xC3\\xA9' for column
  `glpi`.`glpi_computers`.`comment` at row 1".
- In a bulk POST the long name is cut like the others: 201 for all.

GLPI 11.0.6 (no cut, no encoding): the same MariaDB errors, as ``"MySQL query error: <error>
(<errno>) in SQL query \\"<query>\\"."`` (1406 too long, 1264 out of range, 1366 bad string);
a bulk POST with one such item answers 207 ERROR_GLPI_PARTIAL_ADD with ``"id": false`` for it.
"""
import re

CUT_DATATYPES = ("string", "email", "itemlink")
CUT_LENGTH = 255
TEXT_BYTES = {"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295}
INT_BITS = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "bigint": 64}
_SQL_ESCAPES = {"\x00": "\\0", "\n": "\\n", "\r": "\\r", "\\": "\\\\", "'": "\\'", '"': '\\"', "\x1a": "\\Z"}
_UNESCAPE_RE = re.compile(r"\\(.)", re.S)
_UNESCAPES = {"0": "\x00", "n": "\n", "r": "\r", "Z": "\x1a"}


def sql_escape(value):
    """mysqli::real_escape_string (GLPI 10's Sanitizer::dbEscape)."""
    return "".join(_SQL_ESCAPES.get(char, char) for char in value)


def sql_unescape(value):
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(1)), value)


def _trailing_unescaped_backslash(value):
    run = len(value) - len(value.rstrip("\\"))
    return run % 2 == 1


def cut_field(it, key):
    """Whether filterValues cuts ``key``: its first search option (by field) is a string one."""
    for option in it.search_options.values():
        if isinstance(option, dict) and option.get("field") == key:
            return option.get("datatype") in CUT_DATATYPES
    return False


def glpi10_cut(it, row):
    """Cut, in place, the string values filterValues cuts (``row`` holds stored, HTML-encoded text)."""
    for key, value in row.items():
        if not isinstance(value, str) or key not in it.col or not cut_field(it, key):
            continue
        escaped = sql_escape(value)
        if len(escaped) <= CUT_LENGTH:
            continue
        length = CUT_LENGTH
        cut = escaped[:length]
        while cut.endswith("\\") and _trailing_unescaped_backslash(cut):
            length -= 1
            cut = escaped[:length]
        row[key] = sql_unescape(cut)
    return row


def _int_range(mtype):
    match = re.match(r"(tinyint|smallint|mediumint|bigint|int)\b", mtype)
    if not match:
        return None
    bits = INT_BITS[match.group(1)]
    if "unsigned" in mtype:
        return 0, 2 ** bits - 1
    return -2 ** (bits - 1), 2 ** (bits - 1) - 1


def _text_error(it, key, value, limit):
    data = value.encode("utf-8")
    if len(data) <= limit:
        return None
    kept = data[:limit].decode("utf-8", "ignore")
    if len(kept.encode("utf-8")) < limit:  # the cut splits a character: MariaDB names its bytes
        shown = "".join("\\x%02X" % byte for byte in value[len(kept)].encode("utf-8"))
        return "Incorrect string value: '%s' for column `glpi`.`%s`.`%s` at row 1" % (shown, it.table, key), 1366
    return "Data too long for column '%s' at row 1" % key, 1406


def mysql_error(it, row):
    """(MariaDB's message, errno) for the first value of ``row`` its column refuses, else None."""
    for key, value in row.items():
        col = it.col.get(key)
        if col is None or value is None:
            continue
        mtype = col.type.lower()
        match = re.match(r"(?:var)?char\((\d+)\)", mtype)
        if match and isinstance(value, str) and len(value) > int(match.group(1)):
            return "Data too long for column '%s' at row 1" % key, 1406
        if mtype in TEXT_BYTES and isinstance(value, str):
            error = _text_error(it, key, value, TEXT_BYTES[mtype])
            if error:
                return error
        bounds = _int_range(mtype)
        if bounds and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
            return "Out of range value for column '%s' at row 1" % key, 1264
    return None
