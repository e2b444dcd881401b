# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource layer: find GLPI objects by their match keys, compare them with
the desired state and decide what to write. Every module goes through here, so
check mode and diffs behave the same everywhere."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import SAFE_ON_DYNAMIC
from ansible_collections.glpi.glpi.plugins.module_utils.narrow_read import narrowed_rows
from ansible_collections.glpi.glpi.plugins.module_utils.row_index import RowIndex
from ansible_collections.glpi.glpi.plugins.module_utils.text import comparable, glpi_sha1, search_text_for

# Fields GLPI accepts but never returns: they are sent on create and never compared.
# secret, clientsecret: a GLPI 11 Webhook's (Webhook::$undisclosedFields).
WRITE_ONLY_FIELDS = frozenset(["password", "password2", "api_token", "personal_token", "cookie_token", "secret", "clientsecret"])

# Keys of a read that are GLPI's own bookkeeping, never a user's desired state.
READ_ONLY_FIELDS = frozenset(["id", "links", "date_mod", "date_creation"])


# A batch whose narrowed read would take at least this many requests first counts the rows: listing
# them all in pages of LISTING_PAGE (GLPI's largest range) may take fewer.
LISTING_CHECK = 6
LISTING_PAGE = 1000


class Match:
    """How to recognise the one object a task is about."""

    def __init__(self, keys, values):
        self.keys = list(keys)
        self.values = dict(values)

    @classmethod
    def from_fields(cls, keys, fields, option="match"):
        missing = [key for key in keys if key not in fields]
        if missing:
            raise GlpiInputError(
                "%s names %s, but fields has no value for %s" % (option, keys, ", ".join(missing)),
                option=option, value=keys)
        return cls(keys, dict((key, fields[key]) for key in keys))

    def search_text(self):
        search = {}
        for key in self.keys:
            pattern = search_text_for(self.values[key])
            if pattern is not None:
                search[key] = pattern
        return search

    def accepts(self, row):
        return all(comparable(self.values[key]) == comparable(row.get(key)) for key in self.keys)

    def describe(self):
        return ", ".join("%s=%r" % (key, self.values[key]) for key in self.keys)


class Finder:
    """Reads the current state of objects of one itemtype."""

    def __init__(self, client, itemtype):
        self.client = client
        self.itemtype = itemtype
        self._all = None
        self._index = None  # RowIndex of _all
        self._columns = None  # False once learnt that there is no row to learn them from
        self._by_id = frozenset()  # ids whose row in _all is a GET Itemtype/id answer

    def by_id(self, ident):
        return self.client.get_item(self.itemtype, ident)

    def matches(self, match, trash=None):
        """(active rows, trashed rows) that ``match`` accepts. The trash is read too when
        ``trash`` is true, never when it is false, and by default only when no active row
        matches."""
        if self._all is not None:
            rows = [row for row in self._index.accepted(match) if trash is not False or not row.get("is_deleted")]
        else:
            search = match.search_text()
            rows = [row for row in self.client.list_items(self.itemtype, search_text=search or None)
                    if match.accepts(row)]
            if trash or (trash is None and not any(not row.get("is_deleted") for row in rows)):
                rows += [row for row in self.client.list_items(self.itemtype, search_text=search or None,
                                                               is_deleted=True)
                         if match.accepts(row) and row.get("is_deleted")]
        return ([row for row in rows if not row.get("is_deleted")], [row for row in rows if row.get("is_deleted")])

    def one(self, match):
        """(active row or None, trashed row or None); fails on ambiguity."""
        active, trashed = self.matches(match)
        for group in (active, trashed):
            if len(group) > 1:
                raise GlpiInputError(
                    "%d %s objects match %s (ids %s): make the match keys more specific or give an id"
                    % (len(group), self.itemtype, match.describe(), ", ".join(str(r["id"]) for r in group)),
                    option="match", value=match.keys)
        return (active[0] if active else None, trashed[0] if trashed else None)

    def preload(self):
        """Read every object once (two paged listings) so that a batch of N
        items costs a few requests instead of N."""
        rows = list(self.client.list_items(self.itemtype, page_size=LISTING_PAGE))
        trashed = [row for row in self.client.list_items(self.itemtype, is_deleted=True, page_size=LISTING_PAGE)
                   if row.get("is_deleted")]
        self._all = rows + trashed
        self._index = RowIndex(self._all)
        return self._all

    def narrow(self, matches):
        """Read only what ``matches`` may accept (narrow_read.py): a batch of N items costs a few
        requests whatever the size of the table. Lists everything (preload) when a match has no
        key GLPI can search, or when the table is small enough for its listing to cost fewer
        requests than the narrowed read (a large batch: 1,000 names take about 30)."""
        found = narrowed_rows(self.client, self.itemtype, matches, listing_cheaper=self._listing_cheaper)
        if found is None:
            return self.preload()
        self._all, self._by_id = found
        self._index = RowIndex(self._all)
        return self._all

    def _listing_cheaper(self, narrowed_reads):
        """Whether listing every object (active and trash) takes fewer requests than
        ``narrowed_reads``; asked only above LISTING_CHECK, at the cost of two one-row listings
        that count the rows (Content-Range)."""
        if narrowed_reads < LISTING_CHECK:
            return False
        pages = sum(max(1, -(-self._count(trash) // LISTING_PAGE)) for trash in (False, True))
        return pages < narrowed_reads

    def _count(self, trash):
        params = {"range": "0-0", "is_deleted": True} if trash else {"range": "0-0"}
        answer = self.client.request("GET", self.itemtype, params=params, expected=(200, 206))
        if answer.content_range is not None:
            return answer.content_range[2]
        return len(answer.body) if isinstance(answer.body, list) else 0

    def read_by_id(self, row):
        """Whether ``row`` came from a read by id (getMultipleItems), not from a listing."""
        return row is not None and row.get("id") in self._by_id

    def known_fields(self, sample=None):
        """Column names of the itemtype, to refuse unknown fields before writing.
        None when they cannot be learnt cheaply (then GLPI has the last word).
        Learnt once per Finder: a batch of creations costs one read, not one per item."""
        if sample is not None:
            return set(sample)
        if self._columns is None:
            rows = self._all or self.client.list_items(self.itemtype, params={"range": "0-0"}, max_rows=1)
            self._columns = set(rows[0]) if rows else False
        return self._columns or None


# What GLPI's CommonDBTM::update takes for "no change" between NULL and "": it compares text
# columns as strings ((string) NULL is "") and others with PHP's loose !=, so it never turns one
# into the other (real GLPI 11.0.6: PUT comment "" on a NULL comment leaves NULL).
_EMPTY = (None, "")


def changed_fields(current, desired):
    """The desired fields whose stored value differs (write-only fields excluded), after
    normalising both sides (``text.comparable``); NULL and "" are the same, as for GLPI's update."""
    changes = {}
    for field, value in desired.items():
        if field in WRITE_ONLY_FIELDS or field.startswith("_"):
            continue
        wanted, stored = comparable(value), comparable(current.get(field))
        if wanted != stored and not (wanted in _EMPTY and stored in _EMPTY):
            changes[field] = value
    return changes


def check_fields(itemtype, fields, known, option="fields"):
    """Refuse fields the itemtype does not have, naming them, before any write."""
    if known is None:
        return
    unknown = sorted(field for field in fields
                     if field not in known and field not in WRITE_ONLY_FIELDS and not field.startswith("_"))
    if unknown:
        raise GlpiInputError(
            "%s: %s has no field %s" % (option, itemtype, ", ".join("'%s'" % name for name in unknown)),
            option=option, value=unknown)


def check_dynamic(itemtype, current, changes, allowed):
    """Refuse to change inventoried fields of an agent-fed asset."""
    if allowed or not current or not current.get("is_dynamic"):
        return
    risky = sorted(field for field in changes if field not in SAFE_ON_DYNAMIC)
    if risky:
        raise GlpiInputError(
            "%s %s is fed by an inventory agent (is_dynamic=1). Changing %s through the API makes GLPI "
            "lock these fields, and the agent's next run may then create a duplicate %s. Change them at "
            "the source, or set allow_dynamic_changes=true if you really mean it."
            % (itemtype, current.get("id"), ", ".join(risky), itemtype),
            option="allow_dynamic_changes", value=False)


def item_sha1(row):
    """GLPI's get_sha1 value for a row read with the default options."""
    return glpi_sha1(row) if row else None


# GLPI 10.0 itemtypes whose post_getFromDB changes the fields a read by id returns.
_CHANGED_ON_READ = frozenset(["Entity", "IPNetwork", "PlanningExternalEvent", "Profile"])


# GLPI 11.0 itemtypes implementing AssignableItemInterface (11.0.6's source): a read by id loads
# their groups_id and groups_id_tech from glpi_groups_items, a list row has neither.
_GROUPS_LOADED_ON_READ = frozenset([
    "Appliance", "Cable", "CartridgeItem", "Certificate", "Cluster", "Computer", "ConsumableItem",
    "DatabaseInstance", "Domain", "DomainRecord", "Enclosure", "Item_DeviceSimcard", "Line", "Monitor",
    "NetworkEquipment", "PDU", "PassiveDCEquipment", "Peripheral", "Phone", "Printer", "Rack", "Software",
    "SoftwareLicense", "Unmanaged"])
_CUSTOM_ASSET_PREFIX = "Glpi\\CustomAsset\\"  # GLPI 11 custom assets are assignable too


def listed_as_read(itemtype, row):
    """Whether a row of GET Itemtype (default options) is exactly what GET Itemtype/id answers, so
    that its sha1 is GLPI's get_sha1. GLPI 10.0 (links to apirest.php) and 11.0 (links to
    api.php/v1) build both the same way except for a few itemtypes: on both, those whose
    post_getFromDB changes fields; on 11.0 also the assignable assets, whose list rows lack their
    groups. Without links nothing tells: False."""
    links = row.get("links") if row else None
    if itemtype in _CHANGED_ON_READ or not links:
        return False
    if all("/apirest.php/" in str(link.get("href", "")) for link in links if isinstance(link, dict)):
        return True
    return itemtype not in _GROUPS_LOADED_ON_READ and not itemtype.startswith(_CUSTOM_ASSET_PREFIX)


def managed_view(row, fields, names=None):
    """The part of ``row`` a task manages, with dropdown ids shown by name."""
    if row is None:
        return {}
    view = {}
    for field in fields:
        if field in WRITE_ONLY_FIELDS:
            continue
        value = row.get(field)
        view[field] = names(field, value) if names else value
    return view
