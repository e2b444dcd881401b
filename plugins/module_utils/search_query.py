# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI searches written with field names; results keyed by field names.

API (shared by glpi_search, glpi_massive_action and the inventory plugin's filters)::

    fields = SearchFields(client)                            # search_options.py
    query = SearchQuery(fields, 'Computer',
                        criteria=[{'field': 'name', 'searchtype': 'contains', 'value': 'web'},
                                  {'link': 'OR', 'criteria': [...]},                     # group
                                  {'link': 'AND', 'itemtype': 'NetworkPort',             # meta
                                   'field': 'mac', 'value': '00:50'}],
                        metacriteria=None, display=['serial', 'locations_id'],
                        sort='name', order='ASC', is_deleted=False)
    query.params                         # GLPI's params: criteria[0][field]=1, forcedisplay, uid_cols...
    records = query.run(client)          # every page: [{'id': 7, 'name': 'web-01', 'serial': ..}]
    query.columns()                      # {'serial': {'id': '5', 'uid': 'Computer.serial', 'label': ..}}

A criterion is a dict with ``field`` (any name of search_options.py's naming rule), ``searchtype``
(default ``contains``; checked against the option's ``available_searchtypes``), ``value`` and
``link`` (``AND`` default, ``OR``, ``AND NOT``, ``OR NOT``); or ``link`` + ``criteria`` (a nested
group); with ``itemtype`` it is a meta criterion on a linked itemtype whose ``field`` is resolved
against that itemtype's options. For ``equals``/``notequals``/``under``/``notunder`` on a
dropdown field the value may be a name or path (resolved with glpi_item's exact rules).

Values GLPI gets wrong without a word are handled here: a ``contains`` / ``notcontains`` text with
``& < >`` (GLPI 10.0 matches nothing) is narrowed and compared on the client by ``run`` (search_escape.py;
``query.row_filter``; ``rows_by_uid=False`` for rows keyed by option id, as the inventory reads them), and a
value on a date option is checked and written as GLPI reads it (search_dates.py), both before any search.

Records: GLPI always adds the name column (and the entity in multi-entity mode), every criterion's
field and the sort field; this layer adds the id. Keys are the names the caller wrote (display,
criteria, sort), else the canonical names of search_options.py; columns of meta criteria keep
GLPI's uid (``NetworkPort.mac``). Values are GLPI's: dropdowns as names, several values as lists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver, looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import TABLE_ITEMTYPES
from ansible_collections.glpi.glpi.plugins.module_utils.search_dates import DATE_DATATYPES, ServerClock, date_value
from ansible_collections.glpi.glpi.plugins.module_utils.search_escape import MARK, Mark, RowFilter, plan, server_version, unmark
from ansible_collections.glpi.glpi.plugins.module_utils.text_match import needs_client_match

LINKS = ('AND', 'OR', 'AND NOT', 'OR NOT')
ORDERS = ('ASC', 'DESC')
DEFAULT_SEARCHTYPE = 'contains'
BY_ID_SEARCHTYPES = ('equals', 'notequals', 'under', 'notunder')
_CRITERION_KEYS = frozenset(['field', 'searchtype', 'value', 'link', 'criteria', 'itemtype'])


class SearchQuery:
    """One search of ``itemtype``, validated and translated when built (before any search request)."""

    def __init__(self, fields, itemtype, criteria=None, metacriteria=None, display=None, sort=None,
                 order='ASC', is_deleted=False, option_names=None, rows_by_uid=True):
        self.fields = fields
        self.itemtype = itemtype
        self._names = option_names or {}
        self._wanted = {}        # option id -> key the caller wrote
        self._dropdowns = None
        self._clock = None       # the server's UTC offset, for ISO 8601 dates with one (search_dates.py)
        self._keys = {}          # uid -> record key, memoised: thousands of rows share a few columns
        params = {'uid_cols': True}
        self.row_filter = RowFilter()   # criteria with & < > compared on the client (search_escape.py)
        built = self._criteria(criteria or [], self._names.get('criteria', 'criteria'), top=True)
        built = plan(built, self.row_filter, rows_by_uid, self._version)
        if built:
            params['criteria'] = built
        metas = self._metacriteria(metacriteria or [], self._names.get('metacriteria', 'metacriteria'))
        if metas:
            params['metacriteria'] = metas
        display_option = self._names.get('display', 'display')
        force = []
        id_option = self.opts.id_option()
        if id_option:
            force.append(id_option)
            self._wanted.setdefault(id_option, 'id')
        for index, name in enumerate(display or []):
            oid = fields.resolve(itemtype, name, '%s[%d]' % (display_option, index))
            option = self.opts.option(oid)
            if option.get('nodisplay'):
                raise GlpiInputError("%s[%d]: %s cannot be displayed (GLPI marks it nodisplay)"
                                     % (display_option, index, self.opts.describe(oid)),
                                     option=display_option, value=name)
            self._want(oid, name, display_option)
            if oid not in force:
                force.append(oid)
        force += [oid for oid in self.row_filter.option_ids if oid not in force]
        if force:
            params['forcedisplay'] = [int(oid) for oid in force]
        if sort not in (None, ''):
            sort_option = self._names.get('sort', 'sort')
            oid = fields.resolve(itemtype, sort, sort_option)
            self._want(oid, sort, sort_option)
            params['sort'] = int(oid)
        order = (order or 'ASC').upper()
        if order not in ORDERS:
            raise GlpiInputError("order: '%s' is not ASC or DESC" % order, option='order', value=order)
        params['order'] = order
        if is_deleted:
            params['is_deleted'] = True
        self.params = params

    @property
    def opts(self):
        # Asked each time: resolving a name may reload a stale cached copy (fields.resolve).
        return self.fields.options(self.itemtype)

    # ------------------------------------------------------------------ building

    def _want(self, oid, name, option):
        key = self.opts.key(oid) if looks_like_id(name) else str(name).strip()
        previous = self._wanted.get(oid)
        if previous is None:
            self._wanted[oid] = key
        uid = self.opts.option(oid).get('uid')
        others = [o for o in self.opts.by_uid(uid) if o != oid and o in self._wanted]
        if others:
            # With uid_cols GLPI keys both columns by the same uid: one would hide the other.
            raise GlpiInputError("%s: %s and %s share GLPI's uid %s and cannot be shown together"
                                 % (option, self.opts.describe(oid), self.opts.describe(others[0]), uid),
                                 option=option, value=name)

    def _criteria(self, items, option, top=False, meta_only=False):
        if not isinstance(items, list):
            raise GlpiInputError('%s must be a list of criteria' % option, option=option, value=items)
        built = []
        for index, item in enumerate(items):
            where = '%s[%d]' % (option, index)
            if not isinstance(item, dict):
                raise GlpiInputError('%s must be a dict (field, searchtype, value, link)' % where, option=option, value=item)
            unknown = sorted(set(item) - _CRITERION_KEYS)
            if unknown:
                raise GlpiInputError('%s: unknown keys %s (allowed: %s)' % (where, ', '.join(unknown), ', '.join(sorted(_CRITERION_KEYS))),
                                     option=option, value=unknown)
            out = {}
            link = item.get('link')
            if link is not None:
                link = str(link).upper()
                if link not in LINKS:
                    raise GlpiInputError("%s: link '%s' is not one of %s" % (where, item.get('link'), ', '.join(LINKS)),
                                         option=option, value=item.get('link'))
                out['link'] = link
            elif index > 0 or not top:
                out['link'] = 'AND'
            if 'criteria' in item:
                if any(k in item for k in ('field', 'value', 'searchtype', 'itemtype')):
                    raise GlpiInputError('%s: a group has only link and criteria' % where, option=option)
                out['criteria'] = self._criteria(item['criteria'], '%s.criteria' % where)
                if not out['criteria']:
                    raise GlpiInputError('%s: empty group' % where, option=option)
                built.append(out)
                continue
            meta = item.get('itemtype')
            if meta_only and not meta:
                raise GlpiInputError('%s: a meta criterion needs itemtype' % where, option=option)
            out.update(self._one(item, where, meta))
            built.append(out)
        return built

    def _one(self, item, where, meta):
        if item.get('field') in (None, ''):
            raise GlpiInputError('%s: field is required' % where, option=where)
        if 'value' not in item or item['value'] is None:
            raise GlpiInputError('%s: value is required' % where, option=where)
        itemtype = meta or self.itemtype
        oid = self.fields.resolve(itemtype, item['field'], '%s.field' % where)
        opts = self.fields.options(itemtype)
        option = opts.option(oid)
        if option.get('nosearch'):
            raise GlpiInputError('%s: %s cannot be searched (GLPI marks it nosearch)' % (where, opts.describe(oid)),
                                 option=where, value=item['field'])
        searchtype = str(item.get('searchtype') or DEFAULT_SEARCHTYPE)
        allowed = option.get('available_searchtypes')
        if allowed and searchtype not in allowed:
            raise GlpiInputError("%s: searchtype '%s' is not available for %s (available: %s)"
                                 % (where, searchtype, opts.describe(oid), ', '.join(allowed)),
                                 option=where, value=searchtype)
        value = self._value(item['value'], option, searchtype, where, item['field'], opts.describe(oid))
        out = {'field': int(oid), 'searchtype': searchtype, 'value': value}
        if searchtype in ('contains', 'notcontains') and needs_client_match(value):
            out[MARK] = Mark(where, option, oid, value, searchtype == 'notcontains', bool(meta))
        if meta:
            out.update({'meta': 1, 'itemtype': meta})
        else:
            self._want(oid, item['field'], where)
        return out

    def _value(self, value, option, searchtype, where, field, label):
        if isinstance(value, bool):
            return 1 if value else 0
        if isinstance(value, (dict, list)):
            raise GlpiInputError('%s: value must be a string or a number' % where, option=where, value=value)
        if option.get('datatype') in DATE_DATATYPES:
            if self._clock is None:
                self._clock = ServerClock(self.fields.client)
            return date_value(value, option['datatype'], searchtype, where, label, self._clock)
        if searchtype not in BY_ID_SEARCHTYPES or looks_like_id(value):
            return value
        datatype = option.get('datatype')
        table = option.get('table') or ''
        if datatype == 'itemlink':
            # GLPI compares the item id for equals on a name column ("web-01" finds nothing).
            raise GlpiInputError("%s: %s on %s compares the item id in GLPI, not its name; use searchtype "
                                 "contains with value '^%s$' (exact up to case and accents)" % (where, searchtype, label, value),
                                 option=where, value=value)
        target = TABLE_ITEMTYPES.get(table[5:]) if datatype == 'dropdown' and table.startswith('glpi_') else None
        if target is None:
            return value
        if self._dropdowns is None:
            self._dropdowns = DropdownResolver(self.fields.client, option_name=where.split('[')[0])
        return self._dropdowns.resolve(str(field), target, str(value))

    def _version(self):
        return server_version(self.fields.client)

    def _metacriteria(self, items, option):
        built = unmark(self._criteria(items, option, top=True, meta_only=True), self._version, 'in metacriteria')
        for entry in built:
            if 'criteria' in entry:
                raise GlpiInputError('%s: metacriteria cannot hold groups; put them in criteria with itemtype' % option,
                                     option=option)
            entry.pop('meta', None)
            entry.setdefault('link', 'AND')
        return built

    # ------------------------------------------------------------------ running

    def columns(self):
        """{result key: {'id', 'uid', 'label'}} of the columns this layer names itself."""
        out = {}
        for oid, key in self._wanted.items():
            option = self.opts.option(oid) or {}
            out[key] = {'id': int(oid), 'uid': option.get('uid'), 'label': option.get('name')}
        return out

    def key_for(self, uid):
        """The record key of a column GLPI returned under ``uid``."""
        key = self._keys.get(uid)
        if key is None:
            key = self._keys[uid] = self._key_for(uid)
        return key

    def _key_for(self, uid):
        ids = self.opts.by_uid(uid)
        wanted = [oid for oid in ids if oid in self._wanted]
        if len(wanted) == 1:
            return self._wanted[wanted[0]]
        if len(ids) == 1:
            return self.opts.key(ids[0])
        return uid

    def record(self, row):
        """A GLPI search row (keys are uids) as a dict keyed by field names."""
        record = {}
        for uid, value in row.items():
            key = self.key_for(uid)
            if key == 'id' and value is not None and looks_like_id(value):
                value = int(value)
            record[key] = value
        return record

    def run(self, client, max_rows=None, page_size=None):
        """Every page of the search, as records (those the client compares filtered: every page is
        read before ``max_rows`` applies)."""
        if not self.row_filter:
            rows = client.search(self.itemtype, self.params, max_rows=max_rows, page_size=page_size)
            return [self.record(row) for row in rows if isinstance(row, dict)]
        rows = client.search(self.itemtype, self.params, page_size=page_size)
        records = [self.record(row) for row in rows if isinstance(row, dict) and self.row_filter.accepts(row)]
        return records if max_rows is None else records[:max_rows]
