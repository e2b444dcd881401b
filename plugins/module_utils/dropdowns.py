# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dropdown values by name: ``locations_id: "Paris > Floor 2"`` -> an id, and
back to a name for diffs. Names follow the same exact-match rules as items."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import field_for, foreign_itemtype, is_foreign_key, is_tree
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode, search_text_for

TREE_SEPARATOR = " > "


def looks_like_id(value):
    """The one test of whether a value names an object by id rather than by name: an int (not a
    bool) or a string of digits. Callers that accept blanks around an id strip the text first."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.isdigit()


class PendingDropdown(str):
    """A dropdown value that does not exist yet and will be created before the first
    write (``create_missing``). It reads as "(new Location 'Paris')" in diffs and check
    mode; ``id`` is set once it exists."""

    def __new__(cls, itemtype, name, parent_field=None, parent=None):
        text = str.__new__(cls, "(new %s '%s')" % (itemtype, name))
        text.itemtype, text.name, text.parent_field, text.parent, text.id = itemtype, name, parent_field, parent, None
        text.label = name  # the full path as the task gave it
        return text


def settle(value):
    """The id of a created PendingDropdown; anything else unchanged."""
    return value.id if isinstance(value, PendingDropdown) and value.id is not None else value


class DropdownResolver:
    """Resolves names to ids with a per-run cache, so a batch of items that all
    say ``manufacturers_id: Dell`` costs one request. With ``create_missing``, a
    name that does not exist becomes a PendingDropdown, created by
    ``create_pending()`` only after every item was validated."""

    def __init__(self, client, option_name="fields", create_missing=False):
        self.client = client
        self.option_name = option_name
        self.create_missing = create_missing
        self.pending = []
        self._entities_refreshed = False
        self._ids = {}
        self._names = {}

    def resolve_fields(self, fields):
        """A copy of ``fields`` with every dropdown name replaced by its id."""
        resolved = {}
        for field, value in fields.items():
            if value is None or looks_like_id(value) or not isinstance(value, str):
                # Digits are an id only in a foreign key: a phone "0102" stays text.
                resolved[field] = int(value) if looks_like_id(value) and is_foreign_key(field) else value
                continue
            target = foreign_itemtype(field)
            if target is None:
                resolved[field] = value
                continue
            resolved[field] = self.resolve(field, target, value)
        return resolved

    def resolve(self, field, itemtype, name):
        key = (itemtype, name)
        if key not in self._ids:
            self._ids[key] = self._lookup(field, itemtype, name)
            self._names[(itemtype, self._ids[key])] = name
        return self._ids[key]

    def _lookup(self, field, itemtype, name):
        by_path = TREE_SEPARATOR in name and is_tree(itemtype)
        key = "completename" if by_path else "name"
        needle = name.split(TREE_SEPARATOR)[-1] if by_path else name
        pattern = search_text_for(needle)
        search = {"name": pattern} if pattern else None
        rows = self.client.list_items(itemtype, search_text=search)
        found = [row for row in rows if html_decode(row.get(key)) == name]
        if not found and itemtype == "Entity" and not self._entities_refreshed:
            # The session may predate the entity (GLPI shows a session only the entities
            # that existed at its last changeActiveEntities): refresh once and look again.
            self._entities_refreshed = True
            self.client.refresh_entities()
            rows = self.client.list_items(itemtype, search_text=search)
            found = [row for row in rows if html_decode(row.get(key)) == name]
        if by_path and not found:
            # Accept a path without its leading ancestors ("Europe > Paris" for
            # "Root entity > Europe > Paris"); ambiguity is still refused below.
            found = [row for row in rows
                     if html_decode(row.get(key, "")).split(TREE_SEPARATOR)[-len(name.split(TREE_SEPARATOR)):]
                     == name.split(TREE_SEPARATOR)]
        if not found and self.create_missing and itemtype != "Entity":
            return self._pending(field, itemtype, name, by_path)
        if not found:
            raise GlpiInputError(
                "%s.%s: no %s named '%s' is visible to this session" % (self.option_name, field, itemtype, name),
                option="%s.%s" % (self.option_name, field), value=name)
        if len(found) > 1:
            raise GlpiInputError(
                "%s.%s: '%s' names %d %s objects (ids %s); give the id or the full path"
                % (self.option_name, field, name, len(found), itemtype,
                   ", ".join(str(row["id"]) for row in found)),
                option="%s.%s" % (self.option_name, field), value=name)
        return int(found[0]["id"])

    def _pending(self, field, itemtype, name, by_path):
        parts = name.split(TREE_SEPARATOR) if by_path else [name]
        parent_field = parent = None
        if len(parts) > 1:
            # Parents first: resolving the parent path queues it before this one.
            parent_field = field_for(itemtype)
            parent = self.resolve(parent_field, itemtype, TREE_SEPARATOR.join(parts[:-1]))
        value = PendingDropdown(itemtype, parts[-1], parent_field, parent)
        value.label = name
        self.pending.append(value)
        return value

    def create_pending(self):
        """Create the queued dropdowns (parents before children); returns their labels."""
        created = []
        for value in self.pending:
            if value.id is not None:
                continue
            body = {"name": value.name}
            if value.parent_field:
                body[value.parent_field] = settle(value.parent)
            value.id = int(self.client.add(value.itemtype, body)["id"])
            self._names[(value.itemtype, value.id)] = value.label
            created.append("%s '%s' (id %d)" % (value.itemtype, value.name, value.id))
        return created

    def name_of(self, field, value):
        """The display name of a dropdown id (for diffs); the id when unknown."""
        itemtype = foreign_itemtype(field)
        if itemtype is None or not looks_like_id(value):
            return value
        ident = int(value)
        if ident == 0 and itemtype != "Entity":
            return None
        key = (itemtype, ident)
        if key not in self._names:
            row = self.client.get_item(itemtype, ident)
            label = None
            if row:
                label = html_decode(row.get("completename") or row.get("name"))
            self._names[key] = label if label is not None else ident
        return self._names[key]
