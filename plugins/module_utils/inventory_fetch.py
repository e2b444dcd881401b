# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bulk reads through GLPI's search engine for the inventory plugin.

* :class:`FieldIndex` names the search options of an itemtype (``listSearchOptions``) with
  stable snake_case keys (``location``, ``state``, ``ip_addresses``, ``serial``) and accepts
  the usual aliases (option id, uid, foreign key column, display name). Unknown names fail
  with the closest valid ones.
* :func:`fetch_records` reads every page of ``search/Itemtype`` with ``forcedisplay`` limited
  to the requested options, the first page alone (it gives the total), the others in
  parallel over the client's single session, and returns one dict per item keyed by those
  names, HTML-decoded. Requests: ``ceil(total / page_size)`` per itemtype and trash flag.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError, GlpiResponseError
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode

MAX_PAGE_SIZE = 1000   # GLPI's api maximum range (Accept-Range: Itemtype 1000)
SORT_BY_ID = 2         # search option "ID": stable pages while paging in parallel

# Keys named by hand where the generic rule reads badly: these columns are always lists.
_KEY_OVERRIDES = {'IPAddress.name': 'ip_addresses', 'NetworkPort.mac': 'mac_addresses'}
_LIST_KEYS = frozenset(['ip_addresses', 'mac_addresses'])
_EXTRA_ALIASES = {'os': 'operating_system', 'ip': 'ip_addresses', 'ips': 'ip_addresses', 'mac': 'mac_addresses'}
_NAME_FIELDS = ('name', 'completename', 'designation')
_CAMEL_RE = re.compile(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])')


def snake(name):
    """``OperatingSystemVersion`` -> ``operating_system_version``; namespaces dropped."""
    return _CAMEL_RE.sub('_', name.split('\\')[-1]).lower()


def _is_relation(cls):
    return cls.startswith('Item_') or cls.endswith('_Item')


def _class_word(itemtype, cls):
    """The word of one uid class: relations lose Item_, types lose the itemtype prefix
    (ComputerType -> type, NetworkEquipmentModel -> model)."""
    base = cls.split('\\')[-1]
    if base.startswith('Item_'):
        base = base[len('Item_'):]
    elif base.endswith('_Item'):
        base = base[:-len('_Item')]
    if base.startswith(itemtype) and base != itemtype:
        base = base[len(itemtype):]
    elif base == itemtype:
        base = ''
    return snake(base)


def _uid_parts(itemtype, option):
    """(linkfield suffix, classes, field) from the option's uid ``Itemtype[.linkfield].A.B.field``."""
    uid = str(option.get('uid') or '')
    parts = uid.split('.')
    if len(parts) < 2:
        return '', [], str(option.get('field') or '')
    middle, field = parts[1:-1], parts[-1]
    suffix = ''
    if middle and middle[0][:1].islower():
        linkfield, middle = middle[0], middle[1:]
        # users_id_tech -> "tech": the part after the plain foreign key of the linked table
        match = re.match(r'^[a-z0-9]+_id_(.+)$', linkfield)
        suffix = match.group(1) if match else linkfield
    return suffix, middle, field


def _keys_for(itemtype, option):
    """(short key, long key) of a search option; the long one breaks ties."""
    suffix, classes, field = _uid_parts(itemtype, option)
    uid_tail = '.'.join(str(option.get('uid') or '').split('.')[1:])
    if uid_tail in _KEY_OVERRIDES:
        key = _KEY_OVERRIDES[uid_tail]
        return key, key
    if field.startswith('_') or (classes and field == 'id'):
        return None, None  # counts and virtual columns: named after their display name
    words = [_class_word(itemtype, c) for c in classes]
    # a relation followed by its target adds nothing (Item_OperatingSystem.OperatingSystem)
    kept = [w for i, (c, w) in enumerate(zip(classes, words)) if w and not (_is_relation(c) and i < len(classes) - 1)]
    field_word = '' if (kept and field in _NAME_FIELDS) else field
    short = '_'.join(x for x in (kept[-1:] + [field_word, suffix]) if x)
    long_ = '_'.join(x for x in (kept + [field_word, suffix]) if x)
    return short or field, long_ or field


class FieldIndex:
    """The search options of one itemtype under readable names.

    ``keys``: canonical key -> option id (str). ``aliases``: any accepted spelling -> key.
    Rules (documented in the plugin): main-table columns keep their column name (``serial``);
    linked values take the snake_case name of the linked class (``location``, ``state``,
    ``type``, ``model``, ``manufacturer``, ``operating_system``, ``domain``) plus the field
    when it is not the name (``location_address``); when two options would share a key the
    one with the shortest path keeps it and the others get their full path
    (``contract_location``), then their display name, then ``_<id>``.
    """

    def __init__(self, itemtype, options):
        self.itemtype = itemtype
        self.options = dict((str(k), v) for k, v in (options or {}).items() if isinstance(v, dict) and str(k).isdigit())
        self.keys = {}
        self.key_of = {}
        candidates = []
        for oid, option in self.options.items():
            short, long_ = _keys_for(itemtype, option)
            depth = len(_uid_parts(itemtype, option)[1])
            display = snake(re.sub(r'[^A-Za-z0-9]+', ' ', str(option.get('name', ''))).title().replace(' ', ''))
            candidates.append((depth, int(oid), oid, short, long_, display))
        candidates.sort()
        for depth, num, oid, short, long_, display in candidates:
            for key in (short, long_, display, '%s_%s' % (short or display, oid)):
                if key and key not in self.keys:
                    self.keys[key] = oid
                    self.key_of[oid] = key
                    break
        self.aliases = {}
        self._fks = {}
        for key, oid in self.keys.items():
            self.aliases[key] = key
        names = {}
        for oid, option in self.options.items():
            key = self.key_of[oid]
            self._alias(oid, key)
            uid = str(option.get('uid') or '')
            self._alias(uid.lower(), key)
            self._alias('.'.join(uid.split('.')[1:]).lower(), key)
            names.setdefault(str(option.get('name', '')).strip().lower(), []).append(key)
            fk = self._foreign_key(option)
            self._fks[key] = fk
            if fk:
                self._alias(fk, key)
        for name, keys in names.items():
            if len(keys) == 1:
                self._alias(name, keys[0])
        for alias, key in _EXTRA_ALIASES.items():
            if key in self.keys:
                self._alias(alias, key)

    def _alias(self, alias, key):
        if alias and alias not in self.aliases:
            self.aliases[alias] = key

    def _foreign_key(self, option):
        """``locations_id`` for Itemtype.Location.completename, ``users_id_tech`` for Itemtype.users_id_tech.User.name."""
        uid = str(option.get('uid') or '').split('.')
        table = str(option.get('table') or '')
        if len(uid) == 3 and uid[2] in _NAME_FIELDS and table.startswith('glpi_'):
            return '%s_id' % table[len('glpi_'):]
        if len(uid) == 4 and uid[1][:1].islower() and uid[3] in _NAME_FIELDS:
            return uid[1]
        return None

    def foreign_key(self, key):
        """The item's column holding ``key`` when it is a dropdown of the item (``locations_id``), else None."""
        return self._fks.get(key)

    def find(self, name):
        """The canonical key for ``name``, or None."""
        text = str(name).strip()
        return self.aliases.get(text) or self.aliases.get(text.lower())

    def option_id(self, key):
        return self.keys[key]

    def option(self, key):
        return self.options[self.keys[key]]

    def closest(self, name, count=5):
        return difflib.get_close_matches(str(name).lower(), sorted(self.keys), n=count, cutoff=0.5)

    def resolve(self, name, option='fields'):
        """The canonical key for ``name``; GlpiInputError naming it and the closest keys otherwise."""
        key = self.find(name)
        if key is None:
            close = self.closest(name)
            raise GlpiInputError('%s: %r is not a search field of %s' % (option, name, self.itemtype), option=option, value=name,
                                 hint=('closest valid names: %s' % ', '.join(close)) if close
                                 else 'see listSearchOptions/%s for the valid fields' % self.itemtype)
        return key

    def displayable(self, key):
        return not self.option(key).get('nodisplay')


def criteria_for(index, filters, states=None):
    """GLPI search criteria from ``filters`` (field names) and ``states`` (state names).

    ``filters``: a dict ``{field: value}`` (``contains`` with GLPI's pattern syntax: ``^``/``$``
    anchor, case-insensitive) or a list of ``{field, value, searchtype, link}``.
    ``states``: state names (complete names), matched exactly, ORed.
    """
    criteria = []
    if isinstance(filters, dict):
        filters = [{'field': k, 'value': v} for k, v in filters.items()]
    for position, entry in enumerate(filters or []):
        if not isinstance(entry, dict) or 'field' not in entry:
            raise GlpiInputError('filters[%d] must be a dict with field and value' % position, option='filters', value=entry)
        key = index.resolve(entry['field'], option='filters')
        value = entry.get('value')
        if isinstance(value, bool):
            value = int(value)
        criterion = {'field': int(index.option_id(key)), 'searchtype': entry.get('searchtype') or 'contains',
                     'value': '' if value is None else str(value)}
        if criteria or entry.get('link'):
            criterion['link'] = str(entry.get('link') or 'AND').upper()
        criteria.append(criterion)
    if states:
        key = index.resolve('state', option='states')
        group = []
        for state in states:
            item = {'field': int(index.option_id(key)), 'searchtype': 'contains', 'value': '^%s$' % state}
            if group:
                item['link'] = 'OR'
            group.append(item)
        entry = {'criteria': group}
        if criteria:
            entry['link'] = 'AND'
        criteria.append(entry)
    return criteria


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
               stats=None):
    """Every data row of search/Itemtype (dicts keyed by option id), in id order, no duplicates."""
    stats = stats if stats is not None else FetchStats()
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    path = 'search/%s' % itemtype
    base = {'forcedisplay': [int(o) for o in option_ids], 'sort': SORT_BY_ID, 'order': 'ASC'}
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


def fetch_records(client, index, keys, criteria=None, is_deleted=False, page_size=MAX_PAGE_SIZE, max_concurrency=4, stats=None):
    """Rows of :func:`fetch_rows` as dicts keyed by ``keys`` (canonical keys of ``index``).

    ``id`` and ``name`` are always present. Network columns are lists; HTML entities decoded."""
    wanted = ['id', 'name'] + [k for k in keys if k not in ('id', 'name')]
    ids = [index.option_id(k) for k in wanted]
    rows = fetch_rows(client, index.itemtype, ids, criteria=criteria, is_deleted=is_deleted, page_size=page_size,
                      max_concurrency=max_concurrency, stats=stats)
    pairs = list(zip(wanted, ids))
    records = []
    for row in rows:
        record = dict((key, _clean(row.get(oid), key in _LIST_KEYS)) for key, oid in pairs)
        if record['id'] is not None:
            record['id'] = int(record['id'])
        records.append(record)
    return records


def fetch_templates(client, index, keys, page_size=MAX_PAGE_SIZE, stats=None):
    """Templates of ``index.itemtype`` (GLPI's search engine never returns them) from
    ``GET Itemtype?searchText[is_template]=^1$&expand_dropdowns=true``: only columns of the
    item and dropdown names can be filled, the other keys are None (lists: [])."""
    stats = stats if stats is not None else FetchStats()
    wanted = ['id', 'name'] + [k for k in keys if k not in ('id', 'name')]
    rows = client.list_items(index.itemtype, search_text={'is_template': '^1$'}, params={'expand_dropdowns': True},
                             page_size=page_size)
    stats.count_request()  # at least one; the client pages on
    columns = {}
    for key in wanted:
        option = index.option(key)
        uid = str(option.get('uid') or '').split('.')
        columns[key] = option.get('field') if len(uid) == 2 else index.foreign_key(key)
    records = []
    for row in rows:
        record = dict((key, _clean(row.get(col) if col else None, key in _LIST_KEYS)) for key, col in columns.items())
        record['id'] = int(row['id'])
        record['is_template'] = True
        records.append(record)
    stats.rows += len(records)
    return records
