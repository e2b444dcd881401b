# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What GLPI 10.0 stores for a text holding backslashes (its Sanitizer, src/Toolbox/Sanitizer.php).

GLPI 10.0 escapes input for SQL unless it "is already escaped" (Sanitizer::isDbEscaped: it holds
a backslash, every run of backslashes is even (one less before ``n r ' "`` or the text ``x00``/``x1a``), no bare quote or
line break). Such a text reaches MariaDB as is, which reads its backslash sequences. Measured on
10.0.12 (name and comment, POST and PUT alike): ``a\\\\b`` (two backslashes) is stored ``a\\b``,
four are stored two, ``a\\nb`` (backslash, n) a line break, ``it\\'s`` ``it's``, ``a\\\\%b``
``a\\%b``; ``a\\b``, three backslashes, ``a\\tb``, ``a\\\\b "q"`` are kept. GLPI 11.0.6 keeps
every one of them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_SPECIALS = ("\\x00", "\\n", "\\r", "\\'", '\\"', "\\x1a")  # as GLPI spells them: \x00 is four characters
# MariaDB string literal escapes; any other "\c" is "c" (\% and \_ keep their backslash).
_MARIADB = {"0": "\x00", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%", "_": "\\_"}
_SEQUENCE = re.compile(r"\\(.)", re.S)


def _quotes_protected(value):
    return all(value[index - 1:index] == "\\" for index, char in enumerate(value) if char in "'\"")


def looks_escaped(value):
    """Sanitizer::isDbEscaped."""
    if "\\" not in value or any(char in value for char in "\x00\n\r\x1a") or not _quotes_protected(value):
        return False
    for match in re.finditer(r"\\+", value):
        count = len(match.group(0))
        if value.startswith(_SPECIALS, match.end() - 1):
            count -= 1
        if count % 2:
            return False
    return True


def stored(value):
    """``value`` as GLPI 10.0 stores it, leaving out its HTML encoding of ``& < >``."""
    if not looks_escaped(value):
        return value
    return _SEQUENCE.sub(lambda match: _MARIADB.get(match.group(1), match.group(1)), value)
