# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed in GLPI since a cursor: the engine of the ``glpi.glpi.poll`` event source (controller only).

::

    poller = Poller(client, ['Ticket', 'Computer'], criteria={'Ticket': [...]}, deleted=True,
                    state_file='/var/lib/eda/glpi.json', start='now')
    events = poller.cycle()      # one search per stream when nothing changed; the cursor saved after
    poller.commit()              # ... the caller queued the events

A *stream* is one itemtype, live items or (``deleted``) the items in GLPI's trash. GLPI stamps ``date_mod``
with the time its request *started* (``$_SESSION["glpi_currenttime"]``), so a slow request commits rows
dated behind rows a faster request already committed. The cursor is therefore a window: the latest
``date_mod`` read, and the (id, date_mod) pairs read in the ``overlap`` seconds before it. A cycle searches
``date_mod`` at or after (cursor - overlap) (``morethan`` one second earlier: GLPI's ``morethan`` is ``>``),
never before the stream's ``floor`` (its start), sorted by ``date_mod`` then ``id``, and drops the pairs
already read; anything else is an event at once. Pages follow by keyset ((date_mod, id) after the last
row read), which a change between two pages cannot shift. When nothing changed a cycle is one request
(the rows of the window, dropped) as long as fewer than ``page_size`` rows changed in the window.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import re

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import read_private_json, write_private_json
from ansible_collections.glpi.glpi.plugins.module_utils.search_dates import ServerClock, date_value
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery

STATE_VERSION = 2
DEFAULT_OVERLAP = 60
DEFAULT_PAGE_SIZE = 200
BEGINNING = '1970-01-01 00:00:00'
_FORMAT = '%Y-%m-%d %H:%M:%S'
_ABSOLUTE = re.compile(r'^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$')


def second_before(text):
    """``YYYY-MM-DD HH:MM:SS`` one second earlier (GLPI's ``morethan`` compares with ``>``)."""
    moment = datetime.datetime.strptime(text[:19], _FORMAT)
    return (moment - datetime.timedelta(seconds=1)).strftime(_FORMAT)


def seconds(value, option):
    """A whole number of seconds, 0 or more (GlpiInputError naming ``option`` otherwise)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or isinstance(value, bool):
        raise GlpiInputError('%s: %r is not a number of seconds (0 or more)' % (option, value), option=option, value=value)
    return number


def event_kind(record, deleted):
    """``deleted`` (the trash stream), ``new`` (date_creation equals date_mod), else ``changed``."""
    if deleted:
        return 'deleted'
    created = record.get('date_creation')
    if created and created == record.get('date_mod'):
        return 'new'
    return 'changed'


class Stream:
    """The changes of one itemtype (live items, or those in the trash when ``deleted``)."""

    def __init__(self, fields, itemtype, criteria=None, deleted=False, page_size=DEFAULT_PAGE_SIZE):
        self.itemtype = itemtype
        self.deleted = deleted
        self.page_size = int(page_size)
        self.key = '%s%s' % (itemtype, ':deleted' if deleted else '')
        display = ['date_mod']
        try:
            fields.resolve(itemtype, 'date_creation')
            display.append('date_creation')
        except GlpiInputError:
            pass   # an itemtype without date_creation: every event is "changed"
        where = [{'field': 'date_mod', 'searchtype': 'morethan', 'value': BEGINNING}]
        if criteria:
            where.append({'link': 'AND', 'criteria': list(criteria)})
        self.query = SearchQuery(fields, itemtype, criteria=where, display=display, sort='date_mod', is_deleted=deleted)
        opts = self.query.opts
        self._sort = [int(opts.resolve('date_mod')), int(opts.id_option())]

    def _params(self, lower, after):
        params = dict(self.query.params)
        criteria = list(params['criteria'])
        criteria[0] = dict(criteria[0], value=second_before(lower))
        if after:
            # keyset: (date_mod, id) after the last row read; GLPI reads ``>N`` in a contains on a number as id > N
            criteria.append({'link': 'AND', 'criteria': [
                {'field': self._sort[0], 'searchtype': 'morethan', 'value': after[0]},
                {'link': 'OR', 'field': self._sort[1], 'searchtype': 'contains', 'value': '>%d' % int(after[1])}]})
        params.update(criteria=criteria, sort=self._sort, order=['ASC', 'ASC'],
                      range='0-%d' % (self.page_size - 1))
        return params

    def changes(self, client, cursor, overlap=DEFAULT_OVERLAP):
        """(events, new cursor) since ``cursor`` (see :func:`window_cursor`); every page read."""
        cursor = window_cursor(cursor)
        lower, after, events = window_start(cursor, overlap), None, []
        path = 'search/%s' % self.itemtype
        while True:
            try:
                resp = client.request('GET', path, params=self._params(lower, after), expected=(200, 206))
            except GlpiError as exc:
                if exc.code == 'ERROR_RANGE_EXCEED_TOTAL':
                    break
                raise
            rows = client._rows(resp, path, 'data')  # pylint: disable=protected-access
            records = [(row, self.query.record(row)) for row in rows]
            for row, record in records:
                self._take(row, record, cursor, events)
            crange = resp.content_range
            if not records or len(rows) < self.page_size or crange is None or crange[1] + 1 >= crange[2]:
                break
            last = records[-1][1]
            if not last.get('date_mod') or last.get('id') is None:
                break
            lower, after = last['date_mod'], (last['date_mod'], last['id'])
        return events, prune(cursor, overlap)

    def _take(self, row, record, cursor, events):
        date_mod, item_id = record.get('date_mod'), record.get('id')
        if not date_mod or item_id is None:
            return
        key = (int(item_id), date_mod)
        if key in cursor['seen']:
            return
        cursor['seen'].add(key)
        cursor['date_mod'] = max(cursor['date_mod'], date_mod)
        if self.query.row_filter.accepts(row):
            events.append({'itemtype': self.itemtype, 'id': item_id, 'event': event_kind(record, self.deleted),
                           'date_mod': date_mod, 'item': record})


def window_cursor(state):
    """A stream's cursor from the state file: ``date_mod`` (the latest row read), ``floor`` (where the stream
    started: the window never reaches below it) and ``seen`` (the (id, date_mod) pairs read in the window).
    A version 1 cursor ({date_mod, ids}) becomes one whose window starts at its date_mod."""
    state = state or {}
    date_mod = state.get('date_mod') or BEGINNING
    if 'seen' in state:
        seen = set((int(pair[0]), pair[1]) for pair in state.get('seen') or ())
        return {'date_mod': date_mod, 'floor': state.get('floor') or BEGINNING, 'seen': seen}
    return {'date_mod': date_mod, 'floor': date_mod, 'seen': set((int(i), date_mod) for i in state.get('ids') or ())}


def window_start(cursor, overlap):
    """The first second searched: ``overlap`` seconds before the cursor, not before its floor."""
    moment = datetime.datetime.strptime(cursor['date_mod'][:19], _FORMAT) - datetime.timedelta(seconds=int(overlap))
    return max(moment.strftime(_FORMAT), cursor['floor'])


def prune(cursor, overlap):
    """The cursor as saved: the pairs still inside the window only (sorted, JSON lists)."""
    lower = window_start(cursor, overlap)
    seen = sorted(pair for pair in cursor['seen'] if pair[1] >= lower)
    return {'date_mod': cursor['date_mod'], 'floor': cursor['floor'], 'seen': [list(pair) for pair in seen]}


class PollState:
    """The cursors, in a private JSON file replaced atomically (or in memory without a path)."""

    def __init__(self, path=None):
        self.path = os.path.expanduser(path) if path else None
        data = read_private_json(self.path) if self.path else None
        if isinstance(data, dict) and data.get('version') == 1 and isinstance(data.get('cursors'), dict):
            # version 1 (one cursor second and its ids): each cursor becomes a window starting there
            data = {'version': STATE_VERSION, 'cursors': dict((key, prune(window_cursor(cursor), 0))
                                                              for key, cursor in data['cursors'].items())}
        if not isinstance(data, dict) or data.get('version') != STATE_VERSION:
            data = {'version': STATE_VERSION, 'cursors': {}}
        self.data = data

    @property
    def cursors(self):
        return self.data['cursors']

    def save(self):
        if self.path:
            write_private_json(self.path, self.data)


def start_cursor(client, start):
    """The cursor of a stream seen for the first time: ``now`` (the server's clock), ``beginning``
    or a date (server time, or ISO 8601 with an offset converted to it)."""
    text = str(start or 'now').strip()
    if text.lower() == 'beginning':
        return _first(BEGINNING)
    if text.lower() == 'now':
        return _first(client.server_time())
    value = date_value(text, 'datetime', 'morethan', 'start', 'start', ServerClock(client))
    if not _ABSOLUTE.match(value):
        raise GlpiInputError("start: '%s' is not now, beginning or a date (YYYY-MM-DD[ HH:MM[:SS]], ISO 8601)" % text,
                             option='start', value=text)
    if len(value) == 10:
        value += ' 00:00:00'
    elif len(value) == 16:
        value += ':00'
    return _first(value)


def _first(date_mod):
    return {'date_mod': date_mod, 'floor': date_mod, 'seen': []}


class Poller:
    """Every stream of a source; ``cycle()`` returns the events, ``commit()`` saves the cursors."""

    def __init__(self, client, itemtypes, criteria=None, deleted=False, state_file=None, start='now',
                 page_size=DEFAULT_PAGE_SIZE, fields=None, overlap=DEFAULT_OVERLAP):
        self.client = client
        self.overlap = seconds(overlap, 'overlap')
        self.fields = fields or SearchFields(client)
        self.state = PollState(state_file)
        self.start = start
        self.streams = []
        for itemtype in itemtypes:
            where = (criteria or {}).get(itemtype) if isinstance(criteria, dict) else criteria
            self.streams.append(Stream(self.fields, itemtype, where, False, page_size))
            if deleted:
                self.streams.append(Stream(self.fields, itemtype, where, True, page_size))
        self._pending = {}

    def cycle(self):
        """The events of every stream since its cursor (raises GlpiError: cursors unchanged)."""
        cursors = self.state.cursors
        new_streams = [s for s in self.streams if s.key not in cursors]
        if new_streams:
            first = start_cursor(self.client, self.start)
            for stream in new_streams:
                cursors[stream.key] = dict(first, seen=[])
            self.state.save()
        events, pending = [], {}
        for stream in self.streams:
            found, pending[stream.key] = stream.changes(self.client, cursors[stream.key], self.overlap)
            events.extend(found)
        self._pending = pending
        events.sort(key=lambda event: (event['date_mod'], event['itemtype'], event['id']))
        return events

    def commit(self):
        """Move the cursors past the events of the last cycle and write the state file."""
        if self._pending:
            self.state.cursors.update(self._pending)
            self._pending = {}
            self.state.save()
