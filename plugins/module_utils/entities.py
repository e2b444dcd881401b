# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI entities as a tree: find one by path (its completename), by name under a
parent or by id; know its children; count what still lives in it; and the rules
GLPI enforces badly or not at all (unique names under a parent compared like
MariaDB's utf8mb4_unicode_ci, no move under a descendant, the root is forever)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import unicodedata

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiConflictError, GlpiError, GlpiInputError, GlpiPermissionError)
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode

ROOT_ID = 0
DEFAULT_ROOT_NAME = "Root entity"
SEPARATOR = " > "

# What may still live in an entity that is about to be deleted: the common
# assets, tickets, users' authorizations (Profile_User) and the entity-bound
# dropdowns. (itemtype, has a trash): trashed rows still belong to the entity.
ITEM_CHECKS = (
    ("Computer", True), ("Monitor", True), ("NetworkEquipment", True), ("Peripheral", True),
    ("Phone", True), ("Printer", True), ("Software", True), ("Ticket", True),
    ("Profile_User", False), ("Group", False), ("Location", False),
)

# Columns GLPI computes or that the module manages through its own options.
RESERVED_FIELDS = frozenset(["id", "name", "entities_id", "completename", "level", "sons_cache",
                             "ancestors_cache", "date_mod", "date_creation", "links"])


def split_path(path, option="path"):
    """'Root entity > Europe > Paris' -> ['Root entity', 'Europe', 'Paris'].

    Only ' > ' with blanks around separates, as in GLPI's completename, so a name
    such as 'R>D' stays whole."""
    text = "%s" % (path,)
    segments = [segment.strip() for segment in re.split(r"\s+>\s+", text.strip())]
    if not text.strip() or any(not segment or segment.startswith(">") or segment.endswith(">") for segment in segments):
        raise GlpiInputError("%s: '%s' is not a path such as 'Root entity > Europe > Paris'" % (option, path),
                             option=option, value=path)
    return segments


def collation_key(name):
    """How GLPI's unique key (entities_id, name) compares names: utf8mb4_unicode_ci
    ignores case, accents and trailing spaces (FINDINGS.md)."""
    text = unicodedata.normalize("NFD", "%s" % (name,))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.lower().rstrip(" ")


class EntityTree:
    """The entities visible to the session, read once (one paged listing)."""

    def __init__(self, client):
        self.client = client
        self.rows = {}
        self.loaded = False

    def load(self):
        # A reused session does not see entities created since its last
        # changeActiveEntities (by the UI, another session): refresh first.
        self.client.refresh_entities()
        self.rows = dict((int(row["id"]), row) for row in self.client.list_items("Entity"))
        self.loaded = True
        return self

    def add(self, row):
        self.rows[int(row["id"])] = row

    # -- naming -----------------------------------------------------------
    @staticmethod
    def name_of(row):
        return html_decode(row.get("name"))

    def path_of(self, ident):
        row = self.rows.get(ident)
        if row is None:
            return None
        if row.get("completename"):
            return html_decode(row["completename"])
        return self.name_of(row)

    def root_name(self):
        if ROOT_ID in self.rows:
            return self.name_of(self.rows[ROOT_ID])
        for ident in sorted(self.rows):
            path = self.path_of(ident)
            if path:
                return path.split(SEPARATOR)[0]
        return DEFAULT_ROOT_NAME

    def full_segments(self, segments):
        """A path with its leading root entity, whether the user wrote it or not."""
        root = self.root_name()
        if segments[0] == root:
            return list(segments)
        return [root] + list(segments)

    # -- lookups ----------------------------------------------------------
    def find(self, segments):
        """The row whose completename is exactly this full path, or None."""
        if segments == [self.root_name()] and ROOT_ID in self.rows:
            return self.rows[ROOT_ID]
        wanted = SEPARATOR.join(segments)
        for ident in sorted(self.rows):
            if self.path_of(ident) == wanted:
                return self.rows[ident]
        return None

    def by_id(self, ident, option="id"):
        row = self.rows.get(int(ident))
        if row is None:
            raise GlpiInputError("%s: no entity with id %s is visible to this session" % (option, ident),
                                 option=option, value=ident)
        return row

    def parent_segments(self, value, option="parent"):
        """Full path segments of the parent given as an id, a path or a name.

        A plain name must name exactly one visible entity; when it names none it
        is read as a child of the root entity (create_parents may then create it)."""
        if looks_like_id(value) or looks_like_id(("%s" % (value,)).strip()):
            row = self.by_id(int("%s" % (value,)), option=option)
            return self.path_of(int(row["id"])).split(SEPARATOR)
        text = ("%s" % (value,)).strip()
        segments = split_path(text, option=option)
        if len(segments) > 1 or text == self.root_name():
            return self.full_segments(segments)
        named = [ident for ident, row in sorted(self.rows.items()) if self.name_of(row) == text]
        if len(named) > 1:
            raise GlpiInputError(
                "%s: %d entities are named '%s' (%s); give the full path or the id"
                % (option, len(named), text, "; ".join("'%s' (id %d)" % (self.path_of(i), i) for i in named)),
                option=option, value=value)
        if named:
            return self.path_of(named[0]).split(SEPARATOR)
        return self.full_segments([text])

    def parent_id_of(self, row):
        value = row.get("entities_id")
        return None if value in (None, "") or int(row["id"]) == ROOT_ID else int(value)

    def children(self, ident):
        return sorted(i for i, row in self.rows.items() if i != ident and self.parent_id_of(row) == ident)

    def descendants(self, ident):
        """Every descendant id, deepest first (the order GLPI can delete them in)."""
        found, frontier, depth = [], [ident], {ident: 0}
        while frontier:
            current = frontier.pop(0)
            for child in self.children(current):
                if child not in depth:
                    depth[child] = depth[current] + 1
                    found.append(child)
                    frontier.append(child)
        return sorted(found, key=lambda i: (-depth[i], i))

    def is_same_or_descendant(self, candidate, ancestor):
        """True when ``candidate`` is ``ancestor`` or lies below it (walks the parent chain)."""
        seen = set()
        current = candidate
        while current is not None and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            row = self.rows.get(current)
            current = self.parent_id_of(row) if row else None
        return False

    def sibling_clash(self, parent_id, name, exclude=None):
        """A sibling whose name GLPI's unique key considers equal to ``name``."""
        key = collation_key(name)
        for ident in self.children(parent_id):
            if ident != exclude and collation_key(self.name_of(self.rows[ident])) == key:
                return self.rows[ident]
        return None


def refuse_clash(tree, parent_id, name, exclude=None, option="name"):
    clash = tree.sibling_clash(parent_id, name, exclude=exclude)
    if clash is None:
        return
    existing = tree.name_of(clash)
    if existing == name:
        raise GlpiConflictError("an entity named '%s' already exists under '%s' (id %s)"
                                % (name, tree.path_of(parent_id), clash["id"]))
    raise GlpiInputError(
        "%s: GLPI considers '%s' and the existing entity '%s' (id %s) under '%s' the same name: its unique key "
        "ignores case, accents and trailing spaces. Use the existing name."
        % (option, name, existing, clash["id"], tree.path_of(parent_id)), option=option, value=name)


def duplicate_message(error, name, parent_path):
    """GLPI leaks a raw SQL 'Duplicate entry' (HTTP 400) for a name taken under the parent."""
    text = "%s %s" % (error.message, error.glpi_message or "")
    if "duplicate" not in text.lower():
        return None
    return GlpiConflictError(
        "GLPI already has an entity named '%s' (or one that differs only by case, accents or trailing spaces) "
        "under '%s', but this session cannot see it" % (name, parent_path),
        method=error.method, path=error.path, status=error.status, code=error.code, glpi_message=error.glpi_message,
        hint="the session sees only the entities of its profile and those that existed at its last "
             "changeActiveEntities; check the entity and entity_recursive options and the profile's entities")


def count_items(client, entity_id, warn=None):
    """{itemtype: count} of what still belongs to the entity (active and trashed).

    One request per itemtype (plus one for the trash when nothing active was found);
    Content-Range gives the total without reading the rows."""
    counts = {}
    v2_count = getattr(client, "count_in_entity", None)  # hlapi_entities.HlEntityClient: one request, trash included
    for itemtype, has_trash in ITEM_CHECKS:
        try:
            if v2_count is not None:
                total = v2_count(itemtype, entity_id)
            else:
                total = _count(client, itemtype, entity_id, None)
            if not total and has_trash and v2_count is None:
                total = _count(client, itemtype, entity_id, True)
        except GlpiPermissionError:
            if warn:
                warn("could not check for %s objects in entity %s: this profile may not read them" % (itemtype, entity_id))
            continue
        if total:
            counts[itemtype] = total
    return counts


def _count(client, itemtype, entity_id, is_deleted):
    params = {"searchText[entities_id]": "^%d$" % entity_id, "range": "0-0"}
    if is_deleted:
        params["is_deleted"] = True
    try:
        resp = client.request("GET", itemtype, params=params, expected=(200, 206))
    except GlpiError as error:
        if error.code == "ERROR_RANGE_EXCEED_TOTAL":
            return 0
        raise
    rows = resp.body if isinstance(resp.body, list) else []
    # searchText is a LIKE: keep only exact matches before trusting the total.
    rows = [row for row in rows if isinstance(row, dict) and "%s" % row.get("entities_id") == "%d" % entity_id]
    if not rows:
        return 0
    crange = resp.content_range
    return crange[2] if crange else len(rows)
