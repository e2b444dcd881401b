"""Value conversion between JSON input, SQLite storage and GLPI/MariaDB output.

- ``encode_html``: GLPI's Sanitizer stores ``& < >`` as ``&#38; &#60; &#62;`` (quotes kept).
- ``to_storage``: coerces an input value to what MariaDB would store for the column.
- ``render_row``: renders a stored row the way GLPI returns it (ints as ints, decimals as
  "1234.5000", datetimes "YYYY-MM-DD HH:MM:SS", NULL as null).
- ``ci_key`` / ``glpi_like``: utf8mb4_unicode_ci-like comparison (case and accent
  insensitive, trailing spaces ignored for equality, no ß->ss expansion).
"""
import datetime
import json
import re
import threading
import unicodedata

_HTML = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}
_HTML_RE = re.compile(r"[&<>]")
_DECODE_RE = re.compile(r"&#(38|60|62);")
_DECODE = {"38": "&", "60": "<", "62": ">"}


def encode_html(value):
    if not isinstance(value, str):
        return value
    return _HTML_RE.sub(lambda m: _HTML[m.group(0)], value)


def escape_html(value):
    """PHP's htmlspecialchars(ENT_QUOTES): what GLPI 11 does to names in its messages."""
    if not isinstance(value, str):
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#039;"))


def decode_html(value):
    if not isinstance(value, str):
        return value
    return _DECODE_RE.sub(lambda m: _DECODE[m.group(1)], value)


_REQUEST = threading.local()


def now():
    """$_SESSION["glpi_currenttime"]: one time for a whole request (see request_time)."""
    frozen = getattr(_REQUEST, "now", None)
    return frozen or datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class request_time:
    """Context manager: every now() of the request answers the time it started, as GLPI
    stamps date, date_mod and the actors' updates of one request with the same time."""

    def __enter__(self):
        _REQUEST.now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")

    def __exit__(self, *exc):
        _REQUEST.now = None


def php_int(value, default=0):
    """PHP-ish intval for input values."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        m = re.match(r"\s*([+-]?\d+)", value)
        return int(m.group(1)) if m else 0
    return default


def to_storage(col, value, store_text=encode_html):
    """Coerce an API input value to the stored value of ``col`` (a schema.Column);
    ``store_text`` is what the GLPI version does to text (10.0: ``encode_html``)."""
    if value is None:
        return None if col.nullable else col.default
    if isinstance(value, (dict, list)):
        value = ""
    kind = col.kind
    if kind == "int":
        if isinstance(value, str) and value.strip().upper() == "NULL" and col.nullable:
            return None
        return php_int(value)
    if kind in ("decimal", "float"):
        try:
            return float(value)
        except (TypeError, ValueError):
            return 0.0
    if kind in ("datetime", "date"):
        if value == "" or (isinstance(value, str) and value.upper() == "NULL"):
            return None
        return str(value)
    if isinstance(value, bool):
        value = "1" if value else "0"
    elif not isinstance(value, str):
        value = str(value)
    return store_text(value)


def render_value(col, value):
    if value is None or col is None:
        return value
    kind = col.kind
    if kind == "int":
        if isinstance(value, str) and value.startswith("["):
            return json.loads(value)  # a list of ids kept in an int column (GLPI 11's groups_id)
        return int(value)
    if kind == "decimal":
        return "%.*f" % (col.scale, float(value))
    if kind == "float":
        f = float(value)
        return int(f) if f == int(f) else f
    if kind == "datetime":
        s = str(value)
        return s if len(s) != 16 else s + ":00"
    return value


def make_renderer(itemtype, names=None):
    """Return a fast function tuple-row -> dict for the given column names."""
    cols = [itemtype.col.get(n) for n in (names or itemtype.colnames)]
    keys = [c.name for c in cols]
    plan = []
    for i, c in enumerate(cols):
        plan.append((keys[i], i, None if c.kind in ("text", "date", "datetime") else c))

    def render(row):
        out = {}
        for key, i, col in plan:
            v = row[i]
            out[key] = v if (col is None or v is None) else render_value(col, v)
        return out
    return render


_PUNCT_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"


def _char_key(ch):
    if ch.isalpha():
        return (3, ch)
    if ch.isdigit():
        return (2, ch)
    pos = _PUNCT_ORDER.find(ch)
    return (1, "%03d" % (pos if pos >= 0 else 90) + ch)


def fold(s):
    """Case and accent folding approximating utf8mb4_unicode_ci (no ß->ss)."""
    nfd = unicodedata.normalize("NFD", s)
    return "".join(ch for ch in nfd if not unicodedata.combining(ch)).lower()


def ci_key(s):
    return tuple(_char_key(ch) for ch in fold(s).rstrip(" "))


def collate_ci(a, b):
    ka, kb = ci_key(a), ci_key(b)
    return (ka > kb) - (ka < kb)


def _like_to_regex(pattern):
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("^" + "".join(out) + "$", re.S)


_LIKE_CACHE = {}


def glpi_like(value, pattern):
    """SQL LIKE with MariaDB's unicode_ci semantics; registered as an SQLite function."""
    if value is None or pattern is None:
        return None
    rx = _LIKE_CACHE.get(pattern)
    if rx is None:
        rx = _like_to_regex(fold(pattern))
        if len(_LIKE_CACHE) > 2000:
            _LIKE_CACHE.clear()
        _LIKE_CACHE[pattern] = rx
    if not isinstance(value, str):
        value = render_number(value)
    return 1 if rx.match(fold(value)) else 0


def render_number(v):
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def text_search_pattern(val):
    """GLPI Search::makeTextSearchValue(): returns a LIKE pattern or None for IS NULL."""
    val = val.replace("_", "\\_")
    if val in ("NULL", "null"):
        return None
    val = val.strip()
    if val in ("^", "$"):
        return "%"
    begin = val.startswith("^")
    end = len(val) > 0 and val.endswith("$")
    if begin or end:
        val = val[int(begin):len(val) - int(end)]
    return ("" if begin else "%") + val.strip() + ("" if end else "%")
