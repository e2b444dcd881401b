# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI search options by name: ``location`` -> option 3, and back.

GLPI's search engine (``/search/Itemtype``) names every column by a numeric search option id
(``1`` name, ``3`` location, ``5`` serial, ...) that differs between itemtypes and plugins.
This module lets playbooks, the search module and the inventory plugin use names instead.

API (small on purpose; modules, lookup and inventory plugins share it)::

    fields = SearchFields(client)                 # one per client; disk cache shared by processes
    opts = fields.options('Computer')             # SearchOptions of an itemtype (cached)
    oid = fields.resolve('Computer', 'serial')    # '5'; GlpiInputError with suggestions if unknown
    opts.key('3')                                 # 'locations_id': the canonical name of an option
    opts.option('3')                              # GLPI's dict: name, table, field, datatype, uid, ...
    opts.id_option()                              # '2': the option holding the item id

Naming rule. A search option can be named by, in this order:

1. its numeric id (``5`` or ``"5"``);
2. its ``uid`` (``Computer.Location.completename``) or the uid without the leading itemtype
   (``Location.completename``; for the itemtype's own columns that is the column name:
   ``name``, ``serial``, ``date_mod``, ``id``);
3. for a dropdown reached through one foreign key of the item, that foreign key, the name
   glpi_item uses (``locations_id`` for ``Computer.Location.completename``, ``users_id_tech``
   for ``Computer.users_id_tech.User.name``, ``entities_id`` for the entity).

4. its short name (``short_name()``): the snake_case name of the linked class plus the field when
   it is not the label (``location``, ``state``, ``type``, ``model``, ``operating_system``,
   ``domain``, ``user_tech``, ``location_town``), the column name for the item's own columns
   (``serial``), ``ip_addresses`` / ``mac_addresses`` for the network columns; aliases ``os``,
   ``ip``, ``ips``, ``mac``. The inventory plugin names its host vars this way;
5. its display name, in any case, when no other option has the same one (``Inventory number``).

Rules 1-4 are looked up as written, then in any case; rule 5 comes last, so a display name never
hides a column or short name (on a Printer, ``State`` is the status, not the location's state).
Names of rules 1-3 win over short names, except that a name rules 1-3 leave ambiguous goes to the
one candidate whose short name it is. A name that still fits several options (GLPI repeats some
uids) is refused with the candidates; use the id then. An unknown name fails with the closest
valid names.

The canonical name of an option (``key()``, used for search result keys) is its foreign-key name
when it has one, else its uid without the itemtype, else (uid shared by several options) its id.

Cache. ``listSearchOptions`` is about 40 kB per itemtype and almost never changes, so it is kept
on disk for ``ttl`` seconds (default 1 hour) in ``~/.ansible/tmp/glpi_search_options/``
(directory 0700, files 0600; the file name is a sha256 of the server URL and the itemtype, no
secret involved). The options differ a little by profile (Self-Service sees fewer) and by
installed plugins: a name missing from a cached copy makes one fresh request before failing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import hashlib
import os
import re
import time

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import TABLE_ITEMTYPES
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import read_private_json, write_private_json

DEFAULT_CACHE_DIR = os.path.join('~', '.ansible', 'tmp', 'glpi_search_options')
DEFAULT_TTL = 3600
_FORMAT = 'glpi-search-options-v1'
_FK_RE = re.compile(r'^(?P<table>[a-z]+)_id(_[a-z_]+)?$')
# What we keep of each option (the rest of GLPI's dict is not needed to build a search).
_KEPT = ('name', 'table', 'field', 'datatype', 'uid', 'available_searchtypes', 'nosearch', 'nodisplay')


def _foreign_key(itemtype, option):
    """``locations_id`` for ``Computer.Location.completename``; None when the option is not a
    dropdown reached through one foreign key of the item."""
    parts = (option.get('uid') or '').split('.')
    table = option.get('table') or ''
    short = table[5:] if table.startswith('glpi_') else ''
    target = TABLE_ITEMTYPES.get(short)
    if not target or len(parts) < 3 or parts[0] != itemtype or option.get('field') not in ('name', 'completename'):
        return None
    if len(parts) == 3 and parts[1] == target:
        return '%s_id' % short
    if len(parts) == 4 and parts[2] == target:
        match = _FK_RE.match(parts[1])
        if match and match.group('table') == short:
            return parts[1]
    return None


# Short names (rule 4). Named by hand where the generic rule reads badly; these columns hold lists.
_SHORT_OVERRIDES = {'IPAddress.name': 'ip_addresses', 'NetworkPort.mac': 'mac_addresses'}
LIST_VALUED = frozenset(['ip_addresses', 'mac_addresses'])
_SHORT_ALIASES = {'os': 'operating_system', 'ip': 'ip_addresses', 'ips': 'ip_addresses', 'mac': 'mac_addresses'}
_LABEL_FIELDS = ('name', 'completename', 'designation')
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


def _uid_parts(option):
    """(linkfield suffix, classes, field) from the option's uid ``Itemtype[.linkfield].A.B.field``."""
    parts = str(option.get('uid') or '').split('.')
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


def _short_candidates(itemtype, option):
    """(short, long) short-name candidates of an option; the long one breaks ties. (None, None)
    for counts and virtual columns, which are named after their display name."""
    suffix, classes, field = _uid_parts(option)
    uid_tail = '.'.join(str(option.get('uid') or '').split('.')[1:])
    if uid_tail in _SHORT_OVERRIDES:
        return _SHORT_OVERRIDES[uid_tail], _SHORT_OVERRIDES[uid_tail]
    if field.startswith('_') or (classes and field == 'id'):
        return None, None
    words = [_class_word(itemtype, c) for c in classes]
    # a relation followed by its target adds nothing (Item_OperatingSystem.OperatingSystem)
    kept = [w for i, (c, w) in enumerate(zip(classes, words)) if w and not (_is_relation(c) and i < len(classes) - 1)]
    field_word = '' if (kept and field in _LABEL_FIELDS) else field
    short = '_'.join(x for x in (kept[-1:] + [field_word, suffix]) if x)
    long_ = '_'.join(x for x in (kept + [field_word, suffix]) if x)
    return short or field, long_ or field


def _display_word(option):
    return snake(re.sub(r'[^A-Za-z0-9]+', ' ', str(option.get('name', ''))).title().replace(' ', ''))


class SearchOptions:
    """The search options of one itemtype with the naming rule of this module."""

    def __init__(self, itemtype, raw):
        self.itemtype = itemtype
        self._options = {}
        for oid, option in (raw or {}).items():
            if str(oid).isdigit() and isinstance(option, dict) and option.get('table'):
                self._options[str(oid)] = dict((k, option[k]) for k in _KEPT if k in option)
        self._names = {}   # accepted name -> [option ids]
        self._keys = {}    # option id -> canonical name
        self._ids = sorted(self._options, key=int)
        self._by_uid = {}
        for oid in self._ids:
            self._by_uid.setdefault(self._options[oid].get('uid') or '', []).append(oid)
        uid_count = dict((uid, len(ids)) for uid, ids in self._by_uid.items())
        prefix = itemtype + '.'
        for oid in self._ids:
            option = self._options[oid]
            uid = option.get('uid') or ''
            short = uid[len(prefix):] if uid.startswith(prefix) else ''
            fkey = _foreign_key(itemtype, option)
            for name in (uid, short, fkey):
                if name:
                    ids = self._names.setdefault(name, [])
                    if oid not in ids:
                        ids.append(oid)
            if fkey:
                self._keys[oid] = fkey
            elif short and uid_count[uid] == 1:
                self._keys[oid] = short
            elif uid and uid_count[uid] == 1:
                self._keys[oid] = uid
            else:
                self._keys[oid] = oid
        # GLPI repeats some uids (Location: the name column and the parent both say
        # Location.completename): the item's own column wins; otherwise the name stays ambiguous.
        own = [o.get('table') for o in self._options.values() if o.get('uid') == itemtype + '.id']
        for name, ids in self._names.items():
            if len(ids) > 1:
                mine = [oid for oid in ids if own and self._options[oid].get('table') == own[0]
                        and self._options[oid].get('datatype') != 'dropdown']
                if len(mine) == 1:
                    self._names[name] = mine
        for oid, option in self._options.items():
            if self._keys[oid] == oid:
                uid = option.get('uid') or ''
                short = uid[len(prefix):] if uid.startswith(prefix) else uid
                if short and self._names.get(short) == [oid]:
                    self._keys[oid] = short
            elif self._names.get(self._keys[oid]) != [oid]:
                self._keys[oid] = oid
        self._short = self._short_names()
        self._add_loose_names()

    def _short_names(self):
        """oid -> short name, unique: when two options would share one, the shorter uid path
        keeps it and the others get their long form, then their display name, then ``<name>_<id>``."""
        candidates = sorted((len(_uid_parts(option)[1]), int(oid), oid) for oid, option in self._options.items())
        short = {}
        taken = set()
        for depth, num, oid in candidates:
            option = self._options[oid]
            first, long_ = _short_candidates(self.itemtype, option)
            display = _display_word(option)
            for name in (first, long_, display, '%s_%s' % (first or display, oid)):
                if name and name not in taken:
                    taken.add(name)
                    short[oid] = name
                    break
        return short

    def _add_loose_names(self):
        """Rule 4 where rules 1-3 did not take the name (or left it ambiguous between options of
        which exactly one has it as short name), the case-insensitive index, and rule 5."""
        by_short = dict((name, oid) for oid, name in self._short.items())
        for name, oid in by_short.items():
            ids = self._names.get(name)
            if ids is None or (len(ids) > 1 and oid in ids):
                self._names[name] = [oid]
        for alias, name in _SHORT_ALIASES.items():
            if name in by_short and alias not in self._names:
                self._names[alias] = [by_short[name]]
        self._folded = {}
        for name, ids in self._names.items():
            folded = self._folded.setdefault(name.lower(), [])
            folded.extend(oid for oid in ids if oid not in folded)
        # Display names last and in any case: "State" on a Printer is the location's state
        # (option 104) by display name but the status (31) by short name, and must stay 31.
        displays = {}
        for oid in self._ids:
            displays.setdefault(str(self._options[oid].get('name', '')).strip().lower(), []).append(oid)
        self._displays = dict((name, ids[0]) for name, ids in displays.items() if len(ids) == 1 and name)

    def __len__(self):
        return len(self._options)

    def ids(self):
        return list(self._ids)

    def option(self, oid):
        return self._options.get(str(oid))

    def key(self, oid):
        """The canonical name of an option (its result key)."""
        return self._keys.get(str(oid), str(oid))

    def short_name(self, oid):
        """The option's short name (``location``, ``ip_addresses``): the inventory's host var names."""
        return self._short.get(str(oid), str(oid))

    def is_list_valued(self, oid):
        """Network columns (IP and MAC addresses) are always lists, even with one value."""
        return self.short_name(oid) in LIST_VALUED

    def foreign_key(self, oid):
        """The item's column that holds this dropdown (``locations_id``), or None."""
        option = self._options.get(str(oid))
        return _foreign_key(self.itemtype, option) if option else None

    def names(self):
        """Every accepted name, sorted."""
        return sorted(self._names)

    def id_option(self):
        """The option that displays the item id (``2`` for most itemtypes), or None."""
        ids = self._by_uid.get('%s.id' % self.itemtype)
        return ids[0] if ids else None

    def by_uid(self, uid):
        """Option ids whose uid is ``uid`` (GLPI keys search rows by uid with uid_cols)."""
        return list(self._by_uid.get(uid, []))

    def find(self, name):
        """Option ids a name designates ([] unknown, several when ambiguous)."""
        if isinstance(name, bool):
            return []
        if looks_like_id(name.strip() if isinstance(name, str) else name):
            oid = str(int(name))
            return [oid] if oid in self._options else []
        if not isinstance(name, str):
            return []
        text = name.strip()
        found = self._names.get(text) or self._folded.get(text.lower())
        if found:
            return list(found)
        display = self._displays.get(text.lower())
        return [display] if display else []

    def resolve(self, name, option='field'):
        """The one option id ``name`` designates; GlpiInputError naming ``option`` otherwise."""
        found = self.find(name)
        if len(found) == 1:
            return found[0]
        if found:
            raise GlpiInputError(
                "%s: '%s' names %d search options of %s: %s; give the id instead"
                % (option, name, len(found), self.itemtype, ', '.join(
                    '%s (uid %s, "%s")' % (oid, self._options[oid].get('uid'), self._options[oid].get('name'))
                    for oid in found)),
                option=option, value=name)
        close = self.suggestions(name)
        raise GlpiInputError(
            "%s: %s has no search field '%s'%s" % (
                option, self.itemtype, name,
                '; closest valid names: %s' % ', '.join(close) if close else ''),
            option=option, value=name,
            hint='field names are short names (location, serial, ip_addresses), foreign keys (locations_id), '
                 'search option uids without the itemtype (Location.completename) or numeric ids; '
                 'see listSearchOptions/%s' % self.itemtype)

    def suggestions(self, name, count=5):
        """The closest valid names (difflib), for an error message."""
        text = str(name)
        names = self.names()
        close = difflib.get_close_matches(text, names, n=count, cutoff=0.5)
        lower = text.lower()
        for candidate in names:
            if len(close) >= count:
                break
            if candidate not in close and lower and (candidate.lower() == lower or lower in candidate.lower()):
                close.append(candidate)
        return close

    def describe(self, oid):
        option = self._options.get(str(oid)) or {}
        return '%s (id %s, "%s")' % (self.key(oid), oid, option.get('name', ''))


class SearchOptionsCache:
    """On-disk copy of listSearchOptions per (server, itemtype). Errors are swallowed: it is only
    an optimisation. ``directory=False`` disables it."""

    def __init__(self, directory=None, ttl=DEFAULT_TTL, now=time.time, debug=None):
        self.directory = None if directory is False else os.path.expanduser(directory or DEFAULT_CACHE_DIR)
        self.ttl = ttl
        self._now = now
        self._debug = debug or (lambda msg: None)

    @staticmethod
    def key(url, itemtype):
        return hashlib.sha256('\0'.join([_FORMAT, url or '', itemtype]).encode('utf-8')).hexdigest()

    def _path(self, url, itemtype):
        return os.path.join(self.directory, self.key(url, itemtype) + '.json')

    def load(self, url, itemtype):
        if not self.directory or not self.ttl:
            return None
        entry = read_private_json(self._path(url, itemtype))
        if not isinstance(entry, dict) or not isinstance(entry.get('options'), dict):
            return None
        if self._now() - float(entry.get('created') or 0) > self.ttl:
            return None
        return entry['options']

    def store(self, url, itemtype, options):
        if not self.directory or not self.ttl:
            return
        try:
            write_private_json(self._path(url, itemtype),
                               {'created': self._now(), 'itemtype': itemtype, 'options': options})
        except (OSError, IOError) as exc:
            self._debug('GLPI search options cache: cannot write in %s (%s)' % (self.directory, exc))


class SearchFields:
    """Search options of every itemtype a client touches, resolved by name."""

    def __init__(self, client, cache=None):
        self.client = client
        if cache is None:
            cache = SearchOptionsCache(debug=getattr(getattr(client, 'log', None), 'debug', None))
        self.cache = cache
        self._loaded = {}   # itemtype -> (SearchOptions, fresh from the server?)

    def _url(self):
        return getattr(self.client, 'base_url', '') or ''

    def options(self, itemtype, fresh=False):
        """SearchOptions of ``itemtype`` (disk cache unless ``fresh``)."""
        loaded = self._loaded.get(itemtype)
        if loaded and (loaded[1] or not fresh):
            return loaded[0]
        raw = None if fresh else self.cache.load(self._url(), itemtype)
        from_server = raw is None
        if raw is None:
            body = self.client.list_search_options(itemtype)
            raw = dict((str(k), dict((f, v[f]) for f in _KEPT if f in v))
                       for k, v in (body or {}).items() if str(k).isdigit() and isinstance(v, dict))
            self.cache.store(self._url(), itemtype, raw)
        opts = SearchOptions(itemtype, raw)
        self._loaded[itemtype] = (opts, from_server)
        return opts

    def is_fresh(self, itemtype):
        """Whether the options of ``itemtype`` held now came from the server in this run (not the disk cache)."""
        loaded = self._loaded.get(itemtype)
        return bool(loaded and loaded[1])

    def resolve(self, itemtype, name, option='field'):
        """The option id (a str) that ``name`` designates; GlpiInputError naming ``option`` otherwise."""
        opts = self.options(itemtype)
        if not opts.find(name) and not self._loaded[itemtype][1]:
            opts = self.options(itemtype, fresh=True)   # stale cache, other profile, new plugin
        return opts.resolve(name, option)
