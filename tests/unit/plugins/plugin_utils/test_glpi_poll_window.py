# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The poll engine's window and keyset pages, on a fake search that can change rows between two pages.

The fake answers ``search`` as GLPI does for the criteria the engine sends: ``date_mod`` (option 19) ``morethan``
(SQL ``>``), the keyset group (date_mod > D OR id > N, a ``contains`` of ``>N`` on option 2), ORDER BY date_mod, id,
and a ``range``."""

from __future__ import absolute_import, division, print_function

import json

from ansible_collections.glpi.glpi.plugins.plugin_utils import glpi_poll
from ansible_collections.glpi.glpi.plugins.plugin_utils.glpi_poll import PollState, Stream


class _Resp:
    def __init__(self, rows, start, total):
        self.body = {'data': rows}
        self.content_range = (start, start + len(rows) - 1, total) if rows else None


class FakeSearch:
    """Computers as {id: date_mod}; ``between_pages`` runs before every page after the first of a cycle."""

    def __init__(self, rows):
        self.rows = dict(rows)
        self.requests = 0
        self.between_pages = None

    @staticmethod
    def _match(row, crit):
        if 'criteria' in crit:
            result = None
            for sub in crit['criteria']:
                value = FakeSearch._match(row, sub)
                result = value if result is None else (result or value if sub.get('link') == 'OR' else result and value)
            return result
        if crit['field'] == 19:
            return row['19'] > crit['value']
        return int(row['2']) > int(crit['value'].lstrip('>'))

    def request(self, method, path, params=None, expected=None):
        assert (method, path) == ('GET', 'search/Computer')
        self.requests += 1
        if self.between_pages and any('criteria' in c for c in params['criteria']):
            self.between_pages(self)
        rows = sorted(({'2': i, '19': d} for i, d in self.rows.items()), key=lambda r: (r['19'], r['2']))
        rows = [r for r in rows if all(self._match(r, c) for c in params['criteria'])]
        start, end = (int(x) for x in params['range'].split('-'))
        return _Resp(rows[start:end + 1], start, len(rows))

    @staticmethod
    def _rows(resp, path, key):
        return resp.body[key]


class _Filter:
    @staticmethod
    def accepts(row):
        return True


class _Query:
    params = {'criteria': [{'field': 19, 'searchtype': 'morethan', 'value': ''}]}
    row_filter = _Filter()

    @staticmethod
    def record(row):
        return {'id': row['2'], 'date_mod': row['19']}


def _stream(page_size=200):
    stream = Stream.__new__(Stream)
    stream.itemtype, stream.deleted, stream.page_size, stream.key = 'Computer', False, page_size, 'Computer'
    stream.query, stream._sort = _Query(), [19, 2]
    return stream


T = '2026-12-05 10:00:10'


def test_a_row_committed_behind_the_cursor_is_reported_once_and_idle_stays_one_request():
    glpi = FakeSearch({1: '2026-12-05 10:00:09', 2: T})
    stream = _stream()
    events, cursor = stream.changes(glpi, glpi_poll.window_cursor({'date_mod': '1970-01-01 00:00:00', 'seen': []}))
    assert [e['id'] for e in events] == [1, 2] and cursor['date_mod'] == T
    glpi.rows[3] = '2026-12-05 10:00:05'          # a slow request started at :05 commits after :10 was read
    events, cursor = stream.changes(glpi, cursor)
    assert [(e['id'], e['date_mod']) for e in events] == [(3, '2026-12-05 10:00:05')] and cursor['date_mod'] == T
    glpi.requests = 0
    events, cursor = stream.changes(glpi, cursor)
    assert events == [] and glpi.requests == 1
    glpi.rows[4] = '2026-12-05 10:00:05'
    assert stream.changes(glpi, cursor, overlap=0)[0] == []       # without the window: lost


def test_the_window_forgets_what_is_older_than_overlap():
    glpi = FakeSearch({1: '2026-12-05 09:58:00', 2: T})
    cursor = _stream().changes(glpi, glpi_poll.window_cursor({'date_mod': '1970-01-01 00:00:00', 'seen': []}))[1]
    assert cursor['seen'] == [[2, T]]
    assert json.loads(json.dumps(cursor)) == cursor


def test_a_row_changed_between_two_pages_of_one_second_shifts_nothing():
    glpi = FakeSearch(dict((i, T) for i in range(1, 6)))

    def touch_first(fake):
        fake.between_pages = None
        fake.rows[1] = '2026-12-05 10:00:11'       # row 1 leaves the second being paged

    glpi.between_pages = touch_first
    events = _stream(page_size=2).changes(glpi, glpi_poll.window_cursor({'date_mod': T, 'floor': T, 'seen': []}))[0]
    assert [(e['id'], e['date_mod']) for e in events] == [(i, T) for i in range(1, 6)] + [(1, '2026-12-05 10:00:11')]


def test_a_version_1_state_file_is_migrated(tmp_path):
    path = tmp_path / 'state.json'
    path.write_text(json.dumps({'version': 1, 'cursors': {'Computer': {'date_mod': T, 'ids': [4, 2]}}}))
    path.chmod(0o600)
    state = PollState(str(path))
    assert state.data == {'version': 2, 'cursors': {'Computer': {'date_mod': T, 'floor': T, 'seen': [[2, T], [4, T]]}}}
    glpi = FakeSearch({1: '2026-12-05 10:00:09', 2: T, 4: T, 5: T})
    events = _stream().changes(glpi, state.cursors['Computer'])[0]
    assert [e['id'] for e in events] == [5]         # 1 is before the old cursor: not reported again
