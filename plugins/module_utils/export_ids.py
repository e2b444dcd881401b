# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ids of glpi_export's dropdown columns (``locations_id: "Paris > Floor 2"`` gets
``locations_id_id: 12``).

GLPI's search gives a dropdown column as its name only (completename for trees): ``rawdata=true``
does not help, its raw rows select no id for a single-valued dropdown (only for the name column,
users and multi-valued columns) and weigh about twelve times the page (with the SQL). So each
dropdown itemtype is listed once per run (GET Itemtype, every page, only when a row names one of
its items) and the names are matched back to ids, in plain text on both sides. A name held by
several items (the same name in two entities) or by none the user can list gives a null id and is
reported, never guessed; a user without the right to list the dropdown gets null ids, and the
report says so (``denied``) instead of failing the export::

    ids = DropdownIds(client, opts)                # opts: the exported itemtype's SearchFields
    record = ids.add(record, keys)                 # keys: {record key: search option id}
    ids.report()                                   # {'locations_id': {'itemtype': 'Location', ...}}
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiPermissionError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import TABLE_ITEMTYPES
from ansible_collections.glpi.glpi.plugins.module_utils.text import plain_text

ID_SUFFIX = '_id'
REPORTED_NAMES = 20


def id_key(key):
    """The record key of a dropdown column's id: ``locations_id`` -> ``locations_id_id``."""
    return key + ID_SUFFIX


class _Listing:
    """One dropdown itemtype's names (plain text) -> ids, listed on first use."""

    def __init__(self, client, itemtype, field):
        self.client, self.itemtype, self.field = client, itemtype, field
        self.ids = None
        self.requests = 0
        self.ambiguous = set()
        self.missing = set()
        self.denied = None

    def load(self):
        self.ids = {}
        try:
            for page in self.client.iter_pages(self.itemtype):
                self.requests += 1
                self._index(page)
        except GlpiPermissionError as error:
            self.requests += 1
            self.ids, self.denied = {}, error.message

    def _index(self, page):
        for row in page:
            if isinstance(row, dict) and row.get('id') is not None:
                name = plain_text(row.get(self.field))
                self.ids.setdefault(name, set()).add(int(row['id']))

    def id_of(self, name):
        name = plain_text(name)
        if name in (None, ''):
            return None
        if self.ids is None:
            self.load()
        found = self.ids.get(name, ())
        if len(found) == 1:
            return next(iter(found))
        if self.denied:
            return None
        (self.ambiguous if found else self.missing).add(name)
        return None

    def report(self):
        return {'itemtype': self.itemtype, 'listed': sum(len(ids) for ids in (self.ids or {}).values()),
                'requests': self.requests, 'ambiguous': sorted(self.ambiguous)[:REPORTED_NAMES],
                'missing': sorted(self.missing)[:REPORTED_NAMES], 'denied': self.denied}


class DropdownIds:
    """Adds ``<key>_id`` next to each dropdown column of the exported item (its own foreign keys)."""

    def __init__(self, client, opts):
        self.client, self.opts = client, opts
        self._listings = {}   # dropdown itemtype -> _Listing
        self._by_key = {}     # record key -> _Listing or None (not a dropdown of the item)

    def listing(self, key, oid):
        if key not in self._by_key:
            self._by_key[key] = self._listing_for(oid)
        return self._by_key[key]

    def _listing_for(self, oid):
        if oid is None or not self.opts.foreign_key(oid):
            return None
        option = self.opts.option(oid) or {}
        itemtype = TABLE_ITEMTYPES.get((option.get('table') or '')[5:])
        if not itemtype:
            return None
        if itemtype not in self._listings:
            self._listings[itemtype] = _Listing(self.client, itemtype, option.get('field'))
        return self._listings[itemtype]

    def add(self, record, keys):
        """``record`` (plain text values) with ``<key>_id`` after each dropdown column; ``keys`` maps
        each record key to its search option id (or None)."""
        out = {}
        for key, value in record.items():
            out[key] = value
            listing = self.listing(key, keys.get(key))
            if listing is not None and id_key(key) not in record:
                names = value if isinstance(value, list) else None
                out[id_key(key)] = [listing.id_of(name) for name in names] if names is not None else listing.id_of(value)
        return out

    @property
    def requests(self):
        return sum(listing.requests for listing in self._listings.values())

    def report(self):
        """{key: {'itemtype', 'listed', 'requests', 'ambiguous', 'missing'}} of the dropdown columns met."""
        return dict((key, listing.report()) for key, listing in sorted(self._by_key.items()) if listing is not None)
