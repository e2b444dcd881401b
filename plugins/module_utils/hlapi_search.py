# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_search over GLPI 11's v2 API: the legacy criteria translated to RSQL.

Translated: criteria on the item's own fields and dropdown links (legacy column or foreign key
names, a link's short name such as ``state``, or v2 property names, ``location.name``), linked with
``AND``/``OR`` (RSQL ``;`` and ``,``, the same precedence as GLPI's SQL: AND binds first), groups
(``criteria``: parentheses) and ``NOT`` (``AND NOT``/``OR NOT``: the operator negated, a group by De
Morgan); searchtypes ``contains`` (``=ilike=``, ``^``/``$`` anchors), ``equals``/``notequals``
(``==``/``!=``; a dropdown by id or by name), ``lessthan``/``morethan`` (``=lt=``/``=gt=``, absolute
values); ``notcontains`` (and a negated ``contains``), which RSQL has no operator for, when it is
ANDed at the top level: it is checked on the client, like GLPI (an empty value passes); ``sort``/
``order``; ``is_deleted``; ``display``; ``max_rows``. Records are keyed like over v1 (``id``,
``name``, the criteria, display and sort fields), dropdowns by name.

Not translated, each failing naming the criterion and the API: criteria on linked itemtypes and
``metacriteria``, a negated ``contains`` inside an ``OR`` or a group, ``under``/``notunder``,
relative dates (``NOW``, ``-7DAY``), fields named by search option uid, id or display name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import ilike_clause, link_clause, resolve_field, rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas

COMPARISONS = {'equals': '==', 'notequals': '!=', 'lessthan': '=lt=', 'morethan': '=gt='}
NEGATED = {'==': '!=', '!=': '==', '=lt=': '=ge=', '=gt=': '=le='}
LINKS = ('AND', 'OR', 'AND NOT', 'OR NOT')
_ABSOLUTE_DATE = re.compile(r'^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$')


def _refuse(where, what):
    return GlpiInputError('%s: %s cannot be expressed over GLPI\'s v2 API (api_version=v2, RSQL filters); '
                          'use api_version: v1' % (where, what), option='criteria', value=what)


def _pattern_matches(pattern, value):
    """GLPI's ``contains`` on the client: case-insensitive substring, ``^``/``$`` anchors."""
    text = '' if pattern is None else str(pattern)
    start = text.startswith('^')
    end = text.endswith('$') and len(text) > int(start)
    core = text[1 if start else 0:len(text) - 1 if end else len(text)].lower()
    have = str(value).lower()
    if start and end:
        return have == core
    if start:
        return have.startswith(core)
    return have.endswith(core) if end else core in have


class NotContains:
    """A negated ``contains`` checked on the client: passes when the value is empty or does not match."""

    def __init__(self, prop, is_link, pattern):
        self.prop, self.is_link, self.pattern = prop, is_link, pattern

    def accepts(self, row):
        value = row.get(self.prop)
        if self.is_link:
            value = value.get('name') if isinstance(value, dict) else None
        return value in (None, '') or not _pattern_matches(self.pattern, value)


class Leaf:
    """One RSQL comparison, negatable when its operator has an opposite (``=ilike=`` has none)."""

    def __init__(self, text, negated=None, client=None):
        self.text, self.negated, self.client = text, negated, client

    def render(self, negate, where):
        """(rsql, kind): kind is 'leaf', 'and' or 'or' (for the parentheses of the caller)."""
        if not negate:
            return self.text, 'leaf'
        if self.negated is None:
            raise _refuse(where, 'a negated contains (NOT, notcontains) inside an OR or a group')
        return self.negated, 'leaf'


def _join(parts, operator):
    """RSQL of ``parts`` joined by ``;`` (AND) or ``,`` (OR); an OR inside an AND gets parentheses."""
    if len(parts) == 1:
        return parts[0]
    kind = 'and' if operator == ';' else 'or'
    texts = ['(%s)' % text if kind == 'and' and sub == 'or' else text for text, sub in parts]
    return operator.join(texts), kind


class Group:
    """Criteria joined by AND/OR links: an OR of AND chains, like GLPI's SQL (AND binds first)."""

    def __init__(self, chains):
        self.chains = chains   # [[(node, negate, where), ...], ...]

    def render(self, negate, where):
        """Negated by De Morgan: NOT (a AND b OR c) is (NOT a OR NOT b) AND NOT c."""
        inner, outer = (',', ';') if negate else (';', ',')
        chains = [_join([node.render(neg != negate, w) for node, neg, w in chain], inner) for chain in self.chains]
        return _join(chains, outer)


class HlSearch:
    """One glpi_search task over v2 (``params`` are the module's)."""

    def __init__(self, client, params, schemas=None):
        self.client = client
        self.params = params
        self.schema = (schemas or HlSchemas(client)).item(params['itemtype'])
        if params.get('metacriteria'):
            raise _refuse('metacriteria', 'metacriteria (criteria on linked itemtypes)')
        self.keys = {}   # record key -> (property, is_link)
        self.client_checks = []

    def _field(self, name, where):
        prop, link = resolve_field(self.schema, str(name), where)
        self.keys.setdefault(str(name), (prop, link))
        return prop, link

    def _leaf(self, where, criterion):
        if criterion.get('itemtype'):
            raise _refuse(where, 'a criterion on the linked itemtype %s' % criterion['itemtype'])
        if 'field' not in criterion:
            raise GlpiInputError('%s needs a field' % where, option='criteria', value=criterion)
        prop, is_link = self._field(criterion['field'], where)
        searchtype = criterion.get('searchtype') or 'contains'
        value = criterion.get('value')
        if searchtype in ('contains', 'notcontains'):
            leaf = Leaf(ilike_clause(prop + '.name' if is_link else prop, value, where), client=NotContains(prop, is_link, value))
            return leaf, searchtype == 'notcontains'
        if searchtype not in COMPARISONS:
            raise _refuse(where, 'searchtype %s' % searchtype)
        return Leaf(*[self._comparison(where, prop, is_link, op, value) for op in
                      (COMPARISONS[searchtype], NEGATED[COMPARISONS[searchtype]])]), False

    @staticmethod
    def _comparison(where, prop, is_link, operator, value):
        text = '' if value is None else str(value).strip()
        if is_link:
            return link_clause(prop, operator, text, where, 'criteria')
        if operator in ('=lt=', '=gt=', '=ge=', '=le=') and not (text.lstrip('-').replace('.', '', 1).isdigit() or _ABSOLUTE_DATE.match(text)):
            raise _refuse(where, 'the value %r (relative dates and other forms GLPI\'s legacy search accepts)' % value)
        return '%s%s%s' % (prop, operator, rsql_value(text, 'criteria'))

    def _group(self, criteria, where):
        """The Group of a criteria list (GLPI's links: the first criterion's AND/OR is ignored, its NOT is not)."""
        chains = [[]]
        for index, criterion in enumerate(criteria):
            here = '%s[%d]' % (where, index)
            if not isinstance(criterion, dict):
                raise GlpiInputError('%s must be a dict' % here, option='criteria', value=criterion)
            link = str(criterion.get('link') or 'AND').upper()
            if link not in LINKS:
                raise GlpiInputError('%s: link must be one of %s, got %r' % (here, ', '.join(LINKS), link), option='criteria', value=link)
            if 'criteria' in criterion:
                node, negate = self._group(criterion.get('criteria') or [], here + '.criteria'), False
            else:
                node, negate = self._leaf(here, criterion)
            if link.startswith('OR') and chains[-1]:
                chains.append([])
            chains[-1].append((node, negate != link.endswith('NOT'), here))
        return Group([chain for chain in chains if chain])

    def _top_level(self):
        """(RSQL clauses, client checks): a negated contains ANDed at the top level is checked on the client."""
        group = self._group(self.params.get('criteria') or [], 'criteria')
        checks = []
        if len(group.chains) == 1:
            kept = []
            for node, negate, where in group.chains[0]:
                if negate and isinstance(node, Leaf) and node.negated is None:
                    checks.append(node.client)
                else:
                    kept.append((node, negate, where))
            group = Group([kept] if kept else [])
        return (group.render(False, 'criteria') if group.chains else None), checks

    def filter_rsql(self):
        """(RSQL of the criteria or None, client checks); an OR at the top comes in parentheses."""
        rendered, checks = self._top_level()
        if rendered is None:
            return None, checks
        return ('(%s)' % rendered[0] if rendered[1] == 'or' else rendered[0]), checks

    def rsql(self):
        text, self.client_checks = self.filter_rsql()
        return ';'.join(([text] if text else []) + ['is_deleted==%d' % (1 if self.params.get('is_deleted') else 0)])

    def sort(self):
        if not self.params.get('sort'):
            return None
        prop, link = self._field(self.params['sort'], 'sort')
        return '%s:%s' % (prop + '.name' if link else prop, (self.params.get('order') or 'ASC').lower())

    def run(self):
        for name in ['name'] + list(self.params.get('display') or []):
            self._field(name, 'display')
        rsql = self.rsql()
        max_rows = self.params.get('max_rows')
        rows = self.client.list(self.schema.endpoint, rsql=rsql, sort=self.sort(), max_rows=None if self.client_checks else max_rows)
        rows = [row for row in rows if all(check.accepts(row) for check in self.client_checks)][:max_rows]
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
