# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bulk reads through GLPI's search engine for the inventory plugin (controller only: a thread pool).

* :func:`fetch_records` reads every page of ``search/Itemtype`` with ``forcedisplay`` limited
  to the requested options, the first page alone (it gives the total), the others in
  parallel over the client's single session, and returns one dict per item keyed by the
  options' short names (``location``, ``ip_addresses``: see search_options.py), HTML-decoded.
  Requests: ``ceil(total / page_size)`` per itemtype and trash flag.
* :func:`fetch_templates` reads templates, which the search engine never returns.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiResponseError
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode

MAX_PAGE_SIZE = 1000   # GLPI's api maximum range (Accept-Range: Itemtype 1000)
SORT_BY_ID = 2         # search option "ID": stable pages while paging in parallel


class FetchStats:
    """Requests made by :func:`fetch_records` (also reported at -vvv); thread-safe."""

    def __init__(self):
        self.requests = 0
        self.rows = 0
        self._lock = threading.Lock()

    def count_request(self):
        with self._lock:
            self.requests += 1


def _page_params(base, start, size):
    params = dict(base)
    params['range'] = '%d-%d' % (start, start + size - 1)
    return params


def _page(client, path, params, stats):
    try:
        resp = client.request('GET', path, params=params, expected=(200, 206))
    except GlpiError as exc:
        if exc.code == 'ERROR_RANGE_EXCEED_TOTAL':
            stats.count_request()
            return 0, []  # the list shrank while paging
        raise
    stats.count_request()
    body = resp.body
    if body in (None, ''):
        raise GlpiResponseError('GLPI answered %s with an empty body' % path, method='GET', path=path, status=resp.status,
                                hint='GLPI answers an empty body when a search criterion is malformed (check filters)')
    if not isinstance(body, dict):
        raise GlpiResponseError('GLPI answered %s with %s instead of a search result' % (path, type(body).__name__),
                                method='GET', path=path, status=resp.status)
    return int(body.get('totalcount') or 0), body.get('data') or []


def fetch_rows(client, itemtype, option_ids, criteria=None, is_deleted=False, page_size=MAX_PAGE_SIZE, max_concurrency=4,
               stats=None, row_filter=None):
    """Every data row of search/Itemtype (dicts keyed by option id), in id order, no duplicates; only
    those ``row_filter`` (search_escape.RowFilter) accepts when given."""
    stats = stats if stats is not None else FetchStats()
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    path = 'search/%s' % itemtype
    extra = list(row_filter.option_ids) if row_filter else []
    base = {'forcedisplay': [int(o) for o in list(option_ids) + extra], 'sort': SORT_BY_ID, 'order': 'ASC'}
    if criteria:
        base['criteria'] = criteria
    if is_deleted:
        base['is_deleted'] = 1
    total, first = _page(client, path, _page_params(base, 0, size), stats)
    pages = [first]
    starts = list(range(size, total, size))
    if starts:
        workers = max(1, min(int(max_concurrency or 1), len(starts)))
        if workers == 1:
            pages += [_page(client, path, _page_params(base, s, size), stats)[1] for s in starts]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                pages += [answer[1] for answer in pool.map(lambda s: _page(client, path, _page_params(base, s, size), stats), starts)]
    seen = set()
    rows = []
    for page in pages:
        for row in page:
            rid = row.get(str(SORT_BY_ID))
            if rid in seen:
                continue  # an item inserted while paging shifts the next page by one
            seen.add(rid)
            if not row_filter or row_filter.accepts(row):
                rows.append(row)
    stats.rows += len(rows)
    return rows


def _clean(value, as_list):
    if isinstance(value, list):
        value = [html_decode(v) for v in value if v not in (None, '')]
        return value if as_list else (value[0] if len(value) == 1 else (value or None))
    value = html_decode(value)
    if as_list:
        return [] if value in (None, '') else [value]
    return value


def _with_id_and_name(opts, option_ids):
    """``option_ids`` after the id and name options, which every record has."""
    first = [opts.id_option() or str(SORT_BY_ID), opts.resolve('name')]
    return first + [str(o) for o in option_ids if str(o) not in first]


def fetch_records(client, opts, option_ids, criteria=None, is_deleted=False, page_size=MAX_PAGE_SIZE, max_concurrency=4,
                  stats=None, row_filter=None):
    """Rows of :func:`fetch_rows` as dicts keyed by short names (``opts``: SearchOptions of the itemtype).

    ``id`` and ``name`` are always present. Network columns are lists; HTML entities decoded."""
    ids = _with_id_and_name(opts, option_ids)
    rows = fetch_rows(client, opts.itemtype, ids, criteria=criteria, is_deleted=is_deleted, page_size=page_size,
                      max_concurrency=max_concurrency, stats=stats, row_filter=row_filter)
    columns = [(opts.short_name(oid), oid, opts.is_list_valued(oid)) for oid in ids]
    records = []
    for row in rows:
        record = dict((key, _clean(row.get(oid), as_list)) for key, oid, as_list in columns)
        if record['id'] is not None:
            record['id'] = int(record['id'])
        records.append(record)
    return records


def fetch_templates(client, opts, option_ids, page_size=MAX_PAGE_SIZE, stats=None):
    """Templates of ``opts.itemtype`` (GLPI's search engine never returns them) from
    ``GET Itemtype?searchText[is_template]=^1$&expand_dropdowns=true``: only columns of the
    item and dropdown names can be filled, the other keys are None (lists: [])."""
    stats = stats if stats is not None else FetchStats()
    rows = client.list_items(opts.itemtype, search_text={'is_template': '^1$'}, params={'expand_dropdowns': True},
                             page_size=page_size)
    stats.count_request()  # at least one; the client pages on
    columns = []
    for oid in _with_id_and_name(opts, option_ids):
        option = opts.option(oid)
        own_column = len(str(option.get('uid') or '').split('.')) == 2
        columns.append((opts.short_name(oid), option.get('field') if own_column else opts.foreign_key(oid), opts.is_list_valued(oid)))
    records = []
    for row in rows:
        record = dict((key, _clean(row.get(col) if col else None, as_list)) for key, col, as_list in columns)
        record['id'] = int(row['id'])
        record['is_template'] = True
        records.append(record)
    stats.rows += len(records)
    return records
