"""GLPI 10.0's ``Glpi\\Toolbox\\Sanitizer::sanitize`` as the stored value shows it (src/Toolbox/Sanitizer.php).

- ``dbEscape`` escapes a string for SQL unless it "is already escaped" (``isDbEscaped``: it holds
  a backslash and every backslash run is even, or odd before ``\\n``, ``\\r``, a quote...; no bare
  quote or control character). Such a string reaches MariaDB unescaped, which then reads its
  backslash sequences: ``a\\\\b`` (two backslashes) is stored ``a\\b`` (one); ``a\\b`` alone is
  kept. Measured on 10.0.12: the JSON string ``"a\\\\\\\\b"`` came back ``"a\\\\b"``,
  ``"a\\\\b"`` unchanged.
- ``encodeHtmlSpecialChars`` turns ``& < >`` into ``&#38; &#60; &#62;`` unless the string
  "is already HTML-encoded" (``isHtmlEncoded``: no ``<``, ``>`` or bare ``&``, and at least
  one of ``&#38; &#60; &#62; &lt; &gt;``), which is kept as it is.
GLPI 11 has no Sanitizer: it stores text as it comes.
"""
import re

_RAW_RE = re.compile(r"<|>|&(?!#?[a-z0-9]+;)", re.IGNORECASE)
_SANITIZED_RE = re.compile(r"&#38;|&#60;|&#62;|&lt;|&gt;")
_HTML = {"&": "&#38;", "<": "&#60;", ">": "&#62;"}
_CONTROL = ("\x00", "\n", "\r", "\x1a")
_ESCAPED_SPECIALS = ("\\x00", "\\n", "\\r", "\\'", '\\"', "\\x1a")
# MariaDB string literal escapes; any other "\c" is "c" (\% and \_ keep their backslash).
_MYSQL = {"0": "\x00", "'": "'", '"': '"', "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "\\": "\\",
          "%": "\\%", "_": "\\_"}


def is_html_encoded(value):
    return not _RAW_RE.search(value) and bool(_SANITIZED_RE.search(value))


def _quotes_protected(value):
    for quote in ("'", '"'):
        index = value.find(quote)
        while index != -1:
            if index == 0 or value[index - 1] != "\\":
                return False
            index = value.find(quote, index + 1)
    return True


def is_db_escaped(value):
    """Sanitizer::isDbEscaped."""
    if any(char in value for char in _CONTROL) or not _quotes_protected(value):
        return False
    found = False
    index = value.find("\\")
    while index != -1:
        found = True
        count = 1
        while index + 1 < len(value) and value[index + 1] == "\\":
            count += 1
            index += 1
        if any(value.startswith(special, index) for special in _ESCAPED_SPECIALS):
            count -= 1
        if count % 2 == 1:
            return False
        index = value.find("\\", index + 1)
    return found


def mysql_unescape(value):
    return re.sub(r"\\(.)", lambda m: _MYSQL.get(m.group(1), m.group(1)), value, flags=re.DOTALL)


def sanitize(value):
    """What GLPI 10 stores for the text ``value`` sent through the API."""
    if "\\" in value and is_db_escaped(value):
        value = mysql_unescape(value)
    if is_html_encoded(value):
        return value
    return re.sub(r"[&<>]", lambda m: _HTML[m.group(0)], value)
