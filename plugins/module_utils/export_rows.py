# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure parts of glpi_export (export.py): the (date_mod, id) cursor and its search criteria,
dates as ISO 8601, and the JSON Lines / CSV writers::

    cursor = Cursor('2026-12-05 10:00:00', 42)      # the last row exported (GLPI's local time)
    cursor.criteria(date_oid=19, id_oid=2)          # rows after it: keyset paging, same second safe
    cursor.advance('2026-12-05 10:00:00', 43)       # the largest (date_mod, id) seen so far
    iso_datetime('2026-12-05 10:00:00')             # '2026-12-05T10:00:00' (no offset: server time)
    writer = make_writer('csv', handle)             # writer.write(record); rows in a binary handle

Every page asks for the rows after the last row of the previous page, sorted by (date_mod, id):
rows changed while the export runs move behind the cursor instead of shifting the pages (the
offset paging of ``range`` would then skip or repeat rows), and rows changed in the same second
as the cursor are told apart by their id.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import datetime
import io
import json
import re

_DATETIME_RE = re.compile(r'^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2})?)$')
FORMATS = ('jsonl', 'csv')


def iso_datetime(value):
    """GLPI's ``YYYY-MM-DD HH:MM[:SS]`` as ISO 8601 ``YYYY-MM-DDTHH:MM:SS`` (still the server's local
    time: GLPI sends no offset); anything else unchanged."""
    if not isinstance(value, str):
        return value
    match = _DATETIME_RE.match(value)
    if not match:
        return value
    return '%sT%s%s' % (match.group(1), match.group(2), '' if match.group(3) else ':00')


def _crit(oid, value, link=None):
    out = {'field': int(oid), 'searchtype': 'contains', 'value': value}
    if link:
        out['link'] = link
    return out


class Cursor:
    """The (date_mod, id) of the last row exported; ``date`` None for rows without date_mod
    (GLPI sorts them first) or for itemtypes without date_mod (then ``id`` alone orders)."""

    def __init__(self, date=None, ident=None):
        self.date = date or None
        self.ident = int(ident) if ident not in (None, '') else None

    @property
    def empty(self):
        return self.ident is None

    def key(self):
        return (self.date or '', self.ident if self.ident is not None else -1)

    def advance(self, date, ident):
        """Move to (date, ident) when it comes after the cursor; returns self."""
        other = Cursor(date, ident)
        if not other.empty and (self.empty or other.key() > self.key()):
            self.date, self.ident = other.date, other.ident
        return self

    def criteria(self, date_oid, id_oid):
        """GLPI criteria (option ids) for the rows after the cursor; [] when it is empty.
        GLPI reads ``>``, ``>=`` and ``<=`` in a ``contains`` value on dates and numbers as comparisons."""
        if self.empty:
            return []
        after_id = _crit(id_oid, '>%d' % self.ident, 'AND')
        if date_oid is None:
            return [dict(after_id, link='AND')]
        if self.date is None:
            same = [_crit(date_oid, 'NULL'), after_id]
            later = _crit(date_oid, '>0000-00-00 00:00:00', 'OR')
        else:
            same = [_crit(date_oid, '>=%s' % self.date), _crit(date_oid, '<=%s' % self.date, 'AND'), after_id]
            later = _crit(date_oid, '>%s' % self.date, 'OR')
        return [{'link': 'AND', 'criteria': [{'criteria': same}, later]}]

    def to_dict(self):
        return {'date_mod': self.date, 'id': self.ident}

    @classmethod
    def from_dict(cls, data):
        data = data if isinstance(data, dict) else {}
        return cls(data.get('date_mod'), data.get('id'))


def settle_point(now, settle):
    """GLPI's ``now`` (``YYYY-MM-DD HH:MM:SS``, server time) less ``settle`` seconds: the last second a
    run with a state file exports (GLPI stamps date_mod with the time its request started, so rows of
    the last seconds may still be committed behind it)."""
    moment = datetime.datetime.strptime(now, '%Y-%m-%d %H:%M:%S') - datetime.timedelta(seconds=settle)
    return moment.strftime('%Y-%m-%d %H:%M:%S')


def window_criteria(date_oid, after=None, inclusive=False, until=None):
    """GLPI criteria (AND-linked) for rows modified after ``after`` (from ``after`` on when ``inclusive``)
    and up to ``until`` (rows without date_mod included); [] for neither."""
    out = []
    if after is not None:
        out.append(_crit(date_oid, '%s%s' % ('>=' if inclusive else '>', after), 'AND'))
    if until is not None:
        out.append({'link': 'AND', 'criteria': [_crit(date_oid, 'NULL'), _crit(date_oid, '<=%s' % until, 'OR')]})
    return out


def state_start(cursor):
    """(after, inclusive) from a state file's cursor: its date; a cursor that still holds an id (written
    before the settle point, the last row's (date_mod, id)) exports its second again (at least once)."""
    cursor = cursor if isinstance(cursor, dict) else {}
    return cursor.get('date_mod') or None, cursor.get('id') not in (None, '')


def csv_cell(value):
    """A CSV cell: empty for None, 1/0 for booleans, JSON for lists and dicts (several values)."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return '1' if value else '0'
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(',', ':'))
    return '%s' % (value,)


class JsonLinesWriter:
    """One JSON object a line, UTF-8."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, record):
        self.handle.write(json.dumps(record, ensure_ascii=False, separators=(',', ':')).encode('utf-8') + b'\n')


class CsvWriter:
    """RFC 4180 (CRLF, quotes doubled) in UTF-8; the header is the first row's keys, a later row's
    missing key an empty cell and its extra keys dropped (GLPI sends the same columns in every row)."""

    def __init__(self, handle):
        self.handle = handle
        self.header = None
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator='\r\n')

    def write(self, record):
        if self.header is None:
            self.header = list(record)
            self._line(self.header)
        self._line([csv_cell(record.get(key)) for key in self.header])

    def _line(self, cells):
        self._csv.writerow(cells)
        self.handle.write(self._buffer.getvalue().encode('utf-8'))
        self._buffer.seek(0)
        self._buffer.truncate()


def make_writer(fmt, handle):
    return CsvWriter(handle) if fmt == 'csv' else JsonLinesWriter(handle)
