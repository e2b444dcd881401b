# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed in GLPI since a cursor: the engine of the ``glpi.glpi.poll`` event source (controller only).

::

    poller = Poller(client, ['Ticket', 'Computer'], criteria={'Ticket': [...]}, deleted=True,
                    state_file='/var/lib/eda/glpi.json', start='now')
    events = poller.cycle()      # one search per stream when nothing changed; the cursor saved after
    poller.commit()              # ... the caller queued the events

A *stream* is one itemtype, live items or (``deleted``) the items in GLPI's trash. Its cursor is the
``date_mod`` of the last row seen (GLPI's text, in the session's time) and the ids seen at that very
second. A cycle searches ``date_mod`` after cursor - 1 s (GLPI's ``morethan`` is ``>``, so: at or after
the cursor's second), sorted by ``date_mod`` then ``id``, drops the ids already seen at the cursor's
second, and pages by moving the cursor (keyset), or by ``range`` while a whole page shares one second.
So changes in the same second are neither lost nor repeated, and a search answers one page (the rows of
the cursor's second) when nothing changed.
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

STATE_VERSION = 1
DEFAULT_PAGE_SIZE = 200
BEGINNING = '1970-01-01 00:00:00'
_FORMAT = '%Y-%m-%d %H:%M:%S'
_ABSOLUTE = re.compile(r'^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$')


def second_before(text):
    """``YYYY-MM-DD HH:MM:SS`` one second earlier (GLPI's ``morethan`` compares with ``>``)."""
    moment = datetime.datetime.strptime(text[:19], _FORMAT)
    return (moment - datetime.timedelta(seconds=1)).strftime(_FORMAT)


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

    def _params(self, since, start):
        params = dict(self.query.params)
        criteria = list(params['criteria'])
        criteria[0] = dict(criteria[0], value=second_before(since))
        params.update(criteria=criteria, sort=self._sort, order=['ASC', 'ASC'],
                      range='%d-%d' % (start, start + self.page_size - 1))
        return params

    def changes(self, client, cursor):
        """(events, new cursor) since ``cursor`` ({'date_mod', 'ids'}); every page read."""
        since, seen = cursor['date_mod'], set(cursor.get('ids') or ())
        events, start = [], 0
        path = 'search/%s' % self.itemtype
        while True:
            queried = since
            try:
                resp = client.request('GET', path, params=self._params(since, start), expected=(200, 206))
            except GlpiError as exc:
                if exc.code == 'ERROR_RANGE_EXCEED_TOTAL':
                    break
                raise
            rows = client._rows(resp, path, 'data')  # pylint: disable=protected-access
            for row in rows:
                since, seen = self._take(row, since, seen, events)
            crange = resp.content_range
            if len(rows) < self.page_size or crange is None or crange[1] + 1 >= crange[2]:
                break
            start = 0 if since != queried else start + len(rows)
        return events, {'date_mod': since, 'ids': sorted(seen)}

    def _take(self, row, since, seen, events):
        record = self.query.record(row)
        date_mod, item_id = record.get('date_mod'), record.get('id')
        if not date_mod or date_mod < since:
            return since, seen
        if date_mod == since:
            if item_id in seen:
                return since, seen
            seen.add(item_id)
        else:
            since, seen = date_mod, set([item_id])
        if self.query.row_filter.accepts(row):
            events.append({'itemtype': self.itemtype, 'id': item_id, 'event': event_kind(record, self.deleted),
                           'date_mod': date_mod, 'item': record})
        return since, seen


class PollState:
    """The cursors, in a private JSON file replaced atomically (or in memory without a path)."""

    def __init__(self, path=None):
        self.path = os.path.expanduser(path) if path else None
        data = read_private_json(self.path) if self.path else None
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
        return {'date_mod': BEGINNING, 'ids': []}
    if text.lower() == 'now':
        return {'date_mod': server_now(client), 'ids': []}
    value = date_value(text, 'datetime', 'morethan', 'start', 'start', ServerClock(client))
    if not _ABSOLUTE.match(value):
        raise GlpiInputError("start: '%s' is not now, beginning or a date (YYYY-MM-DD[ HH:MM[:SS]], ISO 8601)" % text,
                             option='start', value=text)
    if len(value) == 10:
        value += ' 00:00:00'
    elif len(value) == 16:
        value += ':00'
    return {'date_mod': value, 'ids': []}


def server_now(client):
    """GLPI's current time (getFullSession's ``glpi_currenttime``: what it writes to date_mod)."""
    resp = client.request('GET', 'getFullSession', expected=(200,))
    session = resp.body.get('session') if isinstance(resp.body, dict) else None
    now = (session or {}).get('glpi_currenttime')
    if not now:
        raise GlpiError('GLPI did not tell its current time (getFullSession: glpi_currenttime)', method='GET',
                        path='getFullSession', status=resp.status)
    return now


class Poller:
    """Every stream of a source; ``cycle()`` returns the events, ``commit()`` saves the cursors."""

    def __init__(self, client, itemtypes, criteria=None, deleted=False, state_file=None, start='now',
                 page_size=DEFAULT_PAGE_SIZE, fields=None):
        self.client = client
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
                cursors[stream.key] = dict(first)
            self.state.save()
        events, pending = [], {}
        for stream in self.streams:
            found, pending[stream.key] = stream.changes(self.client, cursors[stream.key])
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
