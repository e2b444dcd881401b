# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading items the way glpi_item finds them: by id, by exact field values (resource.Match and
Finder, dropdown names resolved), or all items of an itemtype with searchText filters; with
expanded dropdowns, GLPI's ``with_*`` related data and sub items (``/Itemtype/id/SubItemtype``).

API (glpi_item_info and the glpi_lookup plugin)::

    reader = ItemReader(client, 'Computer', expand_dropdowns=False, related=['networkports'],
                        sub_itemtypes=['Item_OperatingSystem'])
    reader.by_id(7)                           # dict or None
    reader.by_fields({'name': 'web-01'})      # dict or None; GlpiInputError when several match
    reader.all(filters={'name': '^web'}, is_deleted=False)   # list of dicts, every page
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Finder, Match
from ansible_collections.glpi.glpi.plugins.module_utils.text_match import accepts_all, split_search_text

UNKNOWN_ITEMTYPE = 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM'

# GLPI's getItem flags (with_<name>=true): related data added under ``_<name>`` keys.
RELATED = ('devices', 'disks', 'softwares', 'connections', 'networkports', 'infocoms', 'contracts',
           'documents', 'tickets', 'problems', 'changes', 'notes', 'logs')
SUB_ITEMS_KEY = '_sub_items'


class ItemReader:
    """Reads one or many items of ``itemtype``; ``option`` names the user's option in errors."""

    def __init__(self, client, itemtype, expand_dropdowns=False, related=None, sub_itemtypes=None, option='fields'):
        self.client = client
        self.itemtype = itemtype
        self.expand_dropdowns = bool(expand_dropdowns)
        self.related = list(related or [])
        unknown = [name for name in self.related if name not in RELATED]
        if unknown:
            raise GlpiInputError('related: %s not among %s' % (', '.join(unknown), ', '.join(RELATED)),
                                 option='related', value=unknown)
        self.sub_itemtypes = list(sub_itemtypes or [])
        self.option = option

    @property
    def plain(self):
        """True when a read gives the item exactly as a default GET Itemtype/id does."""
        return not (self.expand_dropdowns or self.related or self.sub_itemtypes)

    def _item_params(self):
        params = dict(('with_%s' % name, True) for name in self.related)
        if self.expand_dropdowns:
            params['expand_dropdowns'] = True
        return params

    def _complete(self, row, reread):
        """Re-read a listed row when the listing did not carry what was asked, then add sub items."""
        if row is None:
            return None
        if reread and (self.related or self.expand_dropdowns):
            row = self.client.get_item(self.itemtype, row['id'], **self._item_params()) or row
        if self.sub_itemtypes:
            row = dict(row)
            row[SUB_ITEMS_KEY] = dict((sub, self._sub_items(row['id'], index, sub))
                                      for index, sub in enumerate(self.sub_itemtypes))
        return row

    def _sub_items(self, ident, index, sub):
        try:
            return self.client.get_sub_items(self.itemtype, ident, sub)
        except GlpiNotFoundError as exc:
            if exc.code != UNKNOWN_ITEMTYPE:
                raise
            raise GlpiInputError('sub_itemtypes[%d]: GLPI has no itemtype %r under %s (%s)' % (index, sub, self.itemtype, exc),
                                 option='sub_itemtypes[%d]' % index, value=sub)

    def by_id(self, ident):
        row = self.client.get_item(self.itemtype, ident, **self._item_params())
        return self._complete(row, reread=False)

    def by_fields(self, fields):
        """The one item whose fields equal ``fields`` (glpi_item's rules: dropdown names resolved,
        exact comparison after GLPI's normalisation; an active item before a trashed one)."""
        if not isinstance(fields, dict) or not fields:
            raise GlpiInputError('%s must be a non-empty dict of field values' % self.option, option=self.option, value=fields)
        resolved = DropdownResolver(self.client, option_name=self.option).resolve_fields(fields)
        match = Match(sorted(resolved), resolved)
        try:
            active, trashed = Finder(self.client, self.itemtype).one(match)
        except GlpiInputError as exc:
            raise GlpiInputError('%s: %s' % (self.option, exc.message.replace('make the match keys more specific', 'add fields')),
                                 option=self.option, value=sorted(fields))
        return self._complete(active or trashed, reread=True)

    def all(self, filters=None, is_deleted=False, max_rows=None):
        """Every item (every page) whose fields contain the ``filters`` patterns (GLPI searchText:
        case-insensitive substring, ``^``/``$`` anchors; patterns with ``& < >`` finished on the
        client); the trash instead with ``is_deleted``."""
        params = {'expand_dropdowns': True} if self.expand_dropdowns else None
        search, tests = split_search_text(filters)
        try:
            rows = self.client.list_items(self.itemtype, search_text=search or None, is_deleted=True if is_deleted else None,
                                          params=params, max_rows=None if tests else max_rows)
        except GlpiInputError as exc:
            if exc.option != 'search_text':
                raise
            raise GlpiInputError('filters: %s' % exc.message, option='filters', value=exc.value)
        if is_deleted:
            rows = [row for row in rows if row.get('is_deleted')]
        if tests:
            # values with & < >: GLPI 10.0 matches nothing, so GLPI was asked for a part (text_match.py)
            rows = [row for row in rows if accepts_all(row, tests)][:max_rows]
        if self.related or self.sub_itemtypes:
            # with_* exists only on single reads: one GET per item then.
            rows = [self._complete(row, reread=bool(self.related)) for row in rows]
        return rows
