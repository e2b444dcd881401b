# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_search over GLPI 11's v2 API: the simple legacy criteria translated to RSQL.

Translated: criteria joined with ``AND`` on the item's own fields and dropdown links (legacy
column or foreign key names, or v2 property names), with ``contains`` (``=ilike=``, ``^``/``$``
anchors), ``equals``/``notequals`` (``==``/``!=``; a dropdown by id or by name), ``lessthan``/
``morethan`` (``=lt=``/``=gt=``, absolute values); ``sort``/``order``; ``is_deleted``; ``display``;
``max_rows``. Records are keyed like over v1 (``id``, ``name``, the criteria, display and sort
fields), dropdowns by name.

Not translated, each failing naming the criterion and the API: groups, ``OR`` and ``NOT`` links,
criteria on linked itemtypes and ``metacriteria``, ``notcontains``, ``under``/``notunder``,
relative dates (``NOW``, ``-7DAY``), fields named by search option uid, id or display name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import ilike_clause, rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas

COMPARISONS = {'equals': '==', 'notequals': '!=', 'lessthan': '=lt=', 'morethan': '=gt='}
_ABSOLUTE_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$')


def _refuse(where, what):
    return GlpiInputError('%s: %s cannot be expressed over GLPI\'s v2 API (api_version=v2, RSQL filters); '
                          'use api_version: v1' % (where, what), option='criteria', value=what)


class HlSearch:
    """One glpi_search task over v2 (``params`` are the module's)."""

    def __init__(self, client, params, schemas=None):
        self.client = client
        self.params = params
        self.schema = (schemas or HlSchemas(client)).item(params['itemtype'])
        if params.get('metacriteria'):
            raise _refuse('metacriteria', 'metacriteria (criteria on linked itemtypes)')
        self.keys = {}   # record key -> (property, is_link)

    def _field(self, name, where):
        prop, link = self.schema.property_of(str(name), where)
        self.keys.setdefault(str(name), (prop, link))
        return prop, link

    def _clause(self, index, criterion):
        where = 'criteria[%d]' % index
        if not isinstance(criterion, dict):
            raise GlpiInputError('%s must be a dict' % where, option='criteria', value=criterion)
        if 'criteria' in criterion:
            raise _refuse(where, 'a group of criteria')
        if criterion.get('itemtype'):
            raise _refuse(where, 'a criterion on the linked itemtype %s' % criterion['itemtype'])
        link = str(criterion.get('link') or 'AND').upper()
        if index and link != 'AND':
            raise _refuse(where, 'the link %s (only AND is translated)' % link)
        if 'field' not in criterion:
            raise GlpiInputError('%s needs a field' % where, option='criteria', value=criterion)
        prop, is_link = self._field(criterion['field'], where)
        searchtype = criterion.get('searchtype') or 'contains'
        value = criterion.get('value')
        if searchtype == 'contains':
            return ilike_clause(prop + '.name' if is_link else prop, value, where)
        if searchtype not in COMPARISONS:
            raise _refuse(where, 'searchtype %s' % searchtype)
        operator = COMPARISONS[searchtype]
        text = '' if value is None else str(value).strip()
        if is_link:
            return '%s.%s%s%s' % (prop, 'id' if looks_like_id(text) else 'name', operator, rsql_value(text, 'criteria'))
        if operator in ('=lt=', '=gt=') and not (text.lstrip('-').replace('.', '', 1).isdigit() or _ABSOLUTE_DATE.match(text)):
            raise _refuse(where, 'the value %r (relative dates and other forms GLPI\'s legacy search accepts)' % value)
        return '%s%s%s' % (prop, operator, rsql_value(text, 'criteria'))

    def rsql(self):
        clauses = [self._clause(index, criterion) for index, criterion in enumerate(self.params.get('criteria') or [])]
        clauses.append('is_deleted==%d' % (1 if self.params.get('is_deleted') else 0))
        return ';'.join(clauses)

    def sort(self):
        if not self.params.get('sort'):
            return None
        prop, link = self._field(self.params['sort'], 'sort')
        return '%s:%s' % (prop + '.name' if link else prop, (self.params.get('order') or 'ASC').lower())

    def run(self):
        for name in ['name'] + list(self.params.get('display') or []):
            self._field(name, 'display')
        rows = self.client.list(self.schema.endpoint, rsql=self.rsql(), sort=self.sort(), max_rows=self.params.get('max_rows'))
        return [self._record(row) for row in rows]

    def _record(self, row):
        named = self.schema.to_legacy(row, expand_dropdowns=True)
        record = {'id': row.get('id')}
        for key, (prop, link) in self.keys.items():
            record[key] = named.get(self.schema.legacy_name(prop), named.get(prop))
        return record

    def columns(self):
        return dict((key, {'property': prop, 'api': 'v2'}) for key, (prop, link) in self.keys.items())


def run_search_v2(module, client):
    """glpi_search's ``run`` over v2 (same result keys as over v1)."""
    validate.at_least('max_rows', module.params.get('max_rows'), 1)
    search = HlSearch(client, module.params)
    records = search.run()
    return {'changed': False, 'records': records, 'count': len(records), 'columns': search.columns()}
