# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin's reads over GLPI 11's v2 API (controller only: a thread pool).

The records have the shape of ``inventory_fetch.fetch_records`` (keys are the fields' short
names, dropdowns by name, tree dropdowns by complete name), so the plugin builds the same hosts,
groups and vars from either API:

* one listing per itemtype (``GET <endpoint>?filter=<RSQL>&sort=id:asc``), the first page alone
  (its ``Content-Range`` gives the total), the others in parallel; GLPI 11.0's v2 listings have
  no parameter selecting properties (``filter``, ``start``, ``limit`` and ``sort`` only), so the
  rows hold every property of the schema;
* the complete names of the tree dropdowns in use (Location, State: v2 links carry only the
  name) with one ``id=in=(...)`` listing per hundred distinct ids;
* ``filters`` as RSQL (a dict: ``=ilike=`` per field; a list: glpi_search's translation,
  ``hlapi_search.HlSearch``), ``states`` as the ids of the states of those complete names;
  ``exclude_deleted`` as ``is_deleted==0`` (with false, one listing gives both).

What v2 does not expose: fields GLPI 11.0's schemas lack (network addresses, operating system,
domain) are left out with one warning, so is ``ansible_host`` from addresses and the ``fqdn``
host name; templates cannot be told apart (v2 lists them with the items), so
``exclude_templates: false`` fails; an unknown field fails like over v1.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import ilike_clause, resolve_field, rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_search import HlSearch

# names of the v1 inventory (search options) that GLPI 11.0's v2 schemas have no property for
V2_ABSENT = frozenset(('operating_system', 'operating_system_version', 'ip_addresses', 'mac_addresses', 'domain'))
TREE_ITEMTYPES = ('Location', 'State')   # v2 links carry the name only; Entity links carry completename
SHORT_NAMES = {'status': 'state'}         # v2 property -> the v1 inventory's short name
IDS_PER_REQUEST = 100


class Column:
    """One host var: its short name, the v2 property, and the link's itemtype (None for a scalar)."""

    def __init__(self, short, prop, itemtype):
        self.short, self.prop, self.itemtype = short, prop, itemtype


def list_all(client, endpoint, rsql, page_size, max_concurrency, stats):
    """Every row of a v2 listing sorted by id: the first page, then the rest in parallel."""
    def page(start):
        params = {'start': start, 'limit': page_size, 'sort': 'id:asc'}
        if rsql:
            params['filter'] = rsql
        resp = client.request('GET', endpoint, params=params)
        stats.count_request()
        total = (resp.content_range or (None, None, None))[2]
        return (resp.body if isinstance(resp.body, list) else []), total
    rows, total = page(0)
    if total is None:   # no Content-Range: one page after another
        while len(rows) and len(rows) % page_size == 0:
            more = page(len(rows))[0]
            if not more:
                break
            rows += more
        return rows
    starts = list(range(page_size, total, page_size))
    workers = max(1, min(int(max_concurrency or 1), len(starts) or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for more, _total in pool.map(page, starts):
            rows += more
    seen = set()
    return [row for row in rows if not (row.get('id') in seen or seen.add(row.get('id')))]


def _linked(value, itemtype):
    """True when the link ``value`` points at an item (the root entity has id 0)."""
    return isinstance(value, dict) and value.get('id') is not None and (value['id'] != 0 or itemtype == 'Entity')


def columns_by_name(columns, schema):
    """{name the user may give: short name} for ansible_host given as a field."""
    names = {}
    for column in columns:
        names[column.short] = column.short
        names[column.prop] = column.short
        names[schema.legacy_name(column.prop)] = column.short
    return names


class InventoryV2:
    """Reads of one inventory run over an HlClient (``settings``: the plugin's)."""

    def __init__(self, client, settings, stats, warn, schemas=None):
        self.client = client
        self.settings = settings
        self.stats = stats
        self.warn = warn
        self.schemas = schemas or HlSchemas(client)
        self._complete = {}   # (itemtype, id) -> completename
        if not settings['exclude_templates']:
            raise not_over_v2('exclude_templates', 'false (GLPI 11\'s v2 listings hold templates with the items and '
                              'do not tell them apart)')

    def columns(self, schema, names, skipped, known):
        """The Columns of ``names`` that ``schema`` exposes; names v2 lacks go to ``skipped``."""
        columns = []
        for name in names:
            if name in V2_ABSENT:
                skipped.add(name)
                continue
            try:
                prop, is_link = resolve_field(schema, name, 'fields')
            except GlpiInputError:
                continue
            known.add(name)
            short = SHORT_NAMES.get(prop, prop) if is_link or name == prop else name
            spec = schema.properties.get(prop) or {}
            if short not in [c.short for c in columns] and short not in ('id', 'name'):
                columns.append(Column(short, prop, spec.get('itemtype') if is_link else None))
        return columns

    def filter_rsql(self, schema, itemtype):
        """(RSQL, client checks) of filters, states and exclude_deleted for ``itemtype``."""
        filters = self.settings['filters']
        clauses, checks = [], []
        if isinstance(filters, dict):
            for field in sorted(filters):
                prop, is_link = resolve_field(schema, field, 'filters')
                clauses.append(ilike_clause(prop + '.name' if is_link else prop, filters[field], 'filters.%s' % field))
        elif filters:
            search = HlSearch(self.client, {'itemtype': itemtype, 'criteria': filters}, schemas=self.schemas)
            text, checks = search.filter_rsql()
            clauses += [text] if text else []
        if self.settings['states']:
            clauses.append(self._states_clause(schema))
        if self.settings['exclude_deleted']:
            clauses.append('is_deleted==0')
        return ';'.join(clauses) or None, checks

    def _states_clause(self, schema):
        """``status.id=in=(...)`` of the states whose complete name is one of ``states`` (any case)."""
        prop = resolve_field(schema, 'states_id', 'states')[0]
        endpoint = self.schemas.item('State', 'states').endpoint
        wanted = ','.join('completename=ilike=%s' % rsql_value(name, 'states') for name in self.settings['states'])
        rows = list_all(self.client, endpoint, wanted, self.settings['page_size'], 1, self.stats)
        for row in rows:
            self._complete[('State', row['id'])] = row.get('completename')
        return '%s.id=in=(%s)' % (prop, ','.join(str(r['id']) for r in rows) or '0')

    def plan(self, names, fields):
        """(itemtype, ItemSchema, Columns, RSQL, client checks) per itemtype, before any listing: an
        unknown field (for every itemtype) fails with the fields v2 offers; names v2 lacks are warned about."""
        plans, skipped, known = [], set(), set()
        for itemtype in self.settings['itemtypes']:
            schema = self.schemas.item(itemtype, 'itemtypes')
            columns = self.columns(schema, names, skipped, known)
            plans.append((itemtype, schema, columns) + self.filter_rsql(schema, itemtype))
        unknown = [f for f in fields if f not in known and f not in V2_ABSENT]
        if unknown:
            raise GlpiInputError('fields: not exposed by GLPI\'s v2 API (api_version=v2) for %s: %s; it offers: %s'
                                 % (', '.join(self.settings['itemtypes']), ', '.join(unknown), ', '.join(plans[0][1].known_fields())),
                                 option='fields', value=unknown)
        if skipped:
            self.warn('glpi.glpi.glpi_inventory: GLPI\'s v2 API (api_version=v2) does not expose %s: those host vars and '
                      'their groups, ansible_host from network addresses and fqdn host names are left out; use api_version: v1 '
                      'for them' % ', '.join(sorted(skipped)))
        return plans

    def fetch(self, names, fields, address_rule):
        """The plugin's ``itemtypes`` blocks: ``{'itemtype', 'address_key', 'records'}``."""
        blocks = []
        for itemtype, schema, columns, rsql, checks in self.plan(names, fields):
            rows = list_all(self.client, schema.endpoint, rsql, self.settings['page_size'], self.settings['max_concurrency'],
                            self.stats)
            rows = [row for row in rows if all(check.accepts(row) for check in checks)]
            self._complete_names(rows, columns)
            records = [self._record(schema, row, columns) for row in rows]
            self.stats.rows += len(records)
            address_key = columns_by_name(columns, schema).get(address_rule, address_rule)
            blocks.append({'itemtype': itemtype, 'address_key': address_key, 'records': records})
        return blocks

    def _complete_names(self, rows, columns):
        for column in columns:
            if column.itemtype not in TREE_ITEMTYPES:
                continue
            known = set(i for t, i in self._complete if t == column.itemtype)
            ids = sorted(set(row[column.prop]['id'] for row in rows if _linked(row.get(column.prop), column.itemtype)) - known)
            endpoint = self.schemas.item(column.itemtype, 'fields').endpoint
            for at in range(0, len(ids), IDS_PER_REQUEST):
                chunk = ','.join(str(i) for i in ids[at:at + IDS_PER_REQUEST])
                for row in list_all(self.client, endpoint, 'id=in=(%s)' % chunk, self.settings['page_size'], 1, self.stats):
                    self._complete[(column.itemtype, row['id'])] = row.get('completename')

    def _record(self, schema, row, columns):
        legacy = schema.to_legacy(row)
        record = {'id': int(row['id']), 'name': row.get('name')}
        for column in columns:
            value = row.get(column.prop)
            if column.itemtype is None:
                record[column.short] = legacy.get(column.prop)
            elif not _linked(value, column.itemtype):
                record[column.short] = None
            else:
                record[column.short] = (self._complete.get((column.itemtype, value['id'])) or value.get('completename')
                                        or value.get('name'))
        if not self.settings['exclude_deleted']:
            record['is_deleted'] = bool(row.get('is_deleted'))
        return record
