# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_export: rows of a search (fields and criteria by name, as glpi_search takes them) streamed
page by page into a JSON Lines or CSV file, optionally only those changed since a timestamp or
since the previous run (a state file holding the previous run's settle point; within a run the (date_mod, id)
keyset of export_rows.py).

Order of events: every input is checked (fields, criteria, format, the directories of ``path`` and
``state_file``) before anything is written; rows go to a temporary file next to ``path``, which is
fsync'ed and renamed over ``path`` only once the last page is in; the state file is replaced the
same way after that. A failure on the way removes the temporary file and leaves the previous
file and state as they were. Only one page is in memory at a time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.endpoints import MAX_PAGE_SIZE
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.export_ids import DropdownIds
from ansible_collections.glpi.glpi.plugins.module_utils.export_rows import Cursor, iso_datetime, make_writer, settle_point, state_start, window_criteria
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import read_private_json, write_atomically
from ansible_collections.glpi.glpi.plugins.module_utils.search_dates import ServerClock, date_value
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
from ansible_collections.glpi.glpi.plugins.module_utils.text import plain_text
from ansible_collections.glpi.glpi.plugins.module_utils import validate

STATE_VERSION = 2   # 1: the cursor held the last row's (date_mod, id); 2: the settle point (date_mod only)


def writable_target(option, path):
    """``path`` as an absolute path whose directory exists and is writable; GlpiInputError naming ``option``."""
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    if os.path.isdir(path):
        raise GlpiInputError('%s: %s is a directory, give a file name' % (option, path), option=option, value=path)
    if not os.path.isdir(directory):
        raise GlpiInputError('%s: directory %s does not exist' % (option, directory), option=option, value=path)
    if not os.access(directory, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise GlpiInputError('%s: %s is not writable' % (option, path), option=option, value=path)
    return path


class Export:
    """One export run, built (and every input checked) before any request for rows."""

    def __init__(self, client, params):
        self.client = client
        self.params = params
        validate.number_between('page_size', params['page_size'], 1, MAX_PAGE_SIZE)
        validate.at_least('settle', params.get('settle', 0), 0)
        self.path = writable_target('path', params['path'])
        self.state_file = writable_target('state_file', params['state_file']) if params.get('state_file') else None
        self.query = SearchQuery(SearchFields(client), params['itemtype'], criteria=params['criteria'],
                                 display=params['fields'], option_names={'display': 'fields'})
        opts = self.query.opts
        self.id_oid = opts.id_option()
        if self.id_oid is None:
            raise GlpiInputError('itemtype: %s has no id search option to page on' % params['itemtype'],
                                 option='itemtype', value=params['itemtype'])
        dates = opts.by_uid('%s.date_mod' % params['itemtype'])
        self.date_oid = dates[0] if dates else None
        self._key_columns(opts)
        self.cursor, self.since = self._start()
        self._converters = {}
        self._oids = {}
        self.ids = DropdownIds(client, opts) if params.get('dropdown_ids', True) else None

    def _key_columns(self, opts):
        if self.date_oid is None and (self.params.get('since') or self.state_file):
            raise GlpiInputError('%s: %s has no date_mod search option to tell changes by'
                                 % ('since' if self.params.get('since') else 'state_file', self.params['itemtype']),
                                 option='since' if self.params.get('since') else 'state_file', value=self.params['itemtype'])
        keys = [oid for oid in (self.date_oid, self.id_oid) if oid is not None]
        params = self.query.params
        params['forcedisplay'] = sorted(set(params.get('forcedisplay', [])) | set(int(oid) for oid in keys))
        params['sort'] = [int(oid) for oid in keys]
        params['order'] = ['ASC'] * len(keys)
        self.date_uid = opts.option(self.date_oid).get('uid') if self.date_oid else None
        self.id_uid = opts.option(self.id_oid).get('uid')

    def _start(self):
        """(cursor, since): the cursor within the run (empty) and ``since`` in server time, unless the
        state file holds the previous run's cursor. With a state file, the run stops at the settle point."""
        self.start, self.after, self.inclusive, self.until = Cursor().to_dict(), None, False, None
        if self.state_file:
            self.until = settle_point(self.client.server_time(), self.params.get('settle', 0))
            state = read_private_json(self.state_file)
            if isinstance(state, dict) and state.get('itemtype') == self.params['itemtype']:
                self.start = Cursor.from_dict(state.get('cursor')).to_dict()
                self.after, self.inclusive = state_start(self.start)
                return Cursor(), None
        since = self.params.get('since')
        if since in (None, ''):
            return Cursor(), None
        value = date_value(since, 'datetime', 'morethan', 'since', 'since', ServerClock(self.client))
        return Cursor(), value

    # ------------------------------------------------------------------ rows

    def _criteria(self):
        base = list(self.query.params.get('criteria') or [])
        extra = self.cursor.criteria(self.date_oid, self.id_oid)
        if self.cursor.empty and self.since is not None:
            extra = [{'link': 'AND', 'field': int(self.date_oid), 'searchtype': 'morethan', 'value': self.since}]
        extra = extra + window_criteria(self.date_oid, self.after if self.cursor.empty else None, self.inclusive, self.until)
        if base and extra:
            return [{'criteria': base}] + extra
        if extra:
            return [_first(extra[0])] + extra[1:]
        return base

    def pages(self):
        """Each page of rows after the cursor (the cursor moves with every page); counts requests."""
        size = self.params['page_size']
        path = 'search/%s' % self.params['itemtype']
        self.requests = 0
        while True:
            params = dict(self.query.params, range='0-%d' % (size - 1))
            criteria = self._criteria()
            if criteria:
                params['criteria'] = criteria
            self.requests += 1
            resp = self.client.request('GET', path, params=params, expected=(200, 206))
            rows = [row for row in self.client._rows(resp, path, 'data') if isinstance(row, dict)]
            for row in rows:
                self.cursor.advance(row.get(self.date_uid) if self.date_uid else None, row.get(self.id_uid))
            if rows:
                yield rows
            if len(rows) < size or _total(resp.body) <= len(rows):
                return

    def record(self, row):
        record = self.query.record(row)
        if not self.params.get('raw_text'):
            record = plain_text(record)
        for key in record:
            if self._converter(key):
                record[key] = iso_datetime(record[key])
        if self.ids is not None:
            record = self.ids.add(record, dict((key, self._oid(key)) for key in record))
        return record

    def _oid(self, key):
        """The search option id behind a record key (None when unknown)."""
        if key not in self._oids:
            column = self.query.columns().get(key)
            oid = column['id'] if column else None
            if oid is None:
                found = self.query.opts.find(key)
                oid = found[0] if len(found) == 1 else None
            self._oids[key] = oid
        return self._oids[key]

    def _converter(self, key):
        known = self._converters.get(key)
        if known is None:
            oid = self._oid(key)
            option = self.query.opts.option(oid) if oid is not None else None
            known = self._converters[key] = bool(option and option.get('datatype') == 'datetime')
        return known

    def run(self, check_mode):
        """Stream every page into the file (or only count them in check mode); the result dict."""
        start = self.start
        fetched = [0]
        written = [0]

        def fill(handle):
            writer = make_writer(self.params['format'], handle) if handle is not None else None
            for page in self.pages():
                fetched[0] += len(page)
                for row in page:
                    if self.query.row_filter and not self.query.row_filter.accepts(row):
                        continue
                    written[0] += 1
                    if writer is not None:
                        writer.write(self.record(row))
            return written[0] > 0

        try:
            if check_mode:
                fill(None)
            else:
                write_atomically(self.path, fill, mode=None)
        except GlpiError as error:
            error.message = ('%s: stopped after %d rows fetched; %s and the state file left as they were: %s'
                             % (self.params['itemtype'], fetched[0], self.path, error.message))
            raise
        except (IOError, OSError) as error:
            raise GlpiInputError('path: cannot write %s (%s) after %d rows fetched; the previous file and the state file '
                                 'left as they were' % (self.path, error, fetched[0]), option='path', value=self.path)
        changed = written[0] > 0 and not check_mode
        cursor = self._next_cursor(written[0] > 0)
        if changed and self.state_file:
            self._save_state(cursor)
        return {'changed': changed, 'path': self.path, 'rows': written[0], 'format': self.params['format'],
                'since': self.since, 'start': start, 'cursor': cursor, 'pages': self.requests,
                'requests': self.requests + (self.ids.requests if self.ids else 0),
                'dropdown_ids': self.ids.report() if self.ids else {}, 'state_file': self.state_file, 'columns': self.query.columns()}

    def _next_cursor(self, exported):
        """With a state file: the settle point once rows were exported (every row up to it is), else
        the state's cursor; without: the last row's (date_mod, id)."""
        if not self.state_file:
            return self.cursor.to_dict()
        return {'date_mod': self.until, 'id': None} if exported else self.start

    def _save_state(self, cursor):
        try:
            write_atomically(self.state_file, _state_filler(self.params['itemtype'], cursor, self.path), mode=0o600)
        except (IOError, OSError) as error:
            raise GlpiInputError('state_file: cannot write %s (%s); %s holds the new rows, the next run exports them again'
                                 % (self.state_file, error, self.path), option='state_file',
                                 value=self.state_file).after_writes([self.path])


def _total(body):
    """GLPI's totalcount (the rows after the cursor, this page included); unknown: more may come."""
    try:
        return int(body.get('totalcount'))
    except (AttributeError, TypeError, ValueError):
        return float('inf')


def _first(criterion):
    first = dict(criterion)
    first.pop('link', None)
    return first


def _state_filler(itemtype, cursor, path):
    def fill(handle):
        data = {'version': STATE_VERSION, 'itemtype': itemtype, 'cursor': cursor, 'path': path}
        handle.write(json.dumps(data, sort_keys=True).encode('utf-8'))
        return True
    return fill


def run_export_v2(module, client):
    """GLPI's v2 API has no search engine with GLPI's columns: glpi_export fails before any request."""
    raise not_over_v2('api_version', 'glpi_export (streamed search pages with (date_mod, id) paging)', 'v2')
