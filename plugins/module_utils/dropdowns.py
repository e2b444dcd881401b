# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dropdown values by name: ``locations_id: "Paris > Floor 2"`` -> an id, and
back to a name for diffs. Names follow the same exact-match rules as items."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import foreign_itemtype, is_foreign_key, is_tree
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode, search_text_for

TREE_SEPARATOR = " > "


def looks_like_id(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.isdigit()


class DropdownResolver:
    """Resolves names to ids with a per-run cache, so a batch of items that all
    say ``manufacturers_id: Dell`` costs one request."""

    def __init__(self, client, option_name="fields"):
        self.client = client
        self.option_name = option_name
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
        if by_path and not found:
            # Accept a path without its leading ancestors ("Europe > Paris" for
            # "Root entity > Europe > Paris"); ambiguity is still refused below.
            found = [row for row in rows
                     if html_decode(row.get(key, "")).split(TREE_SEPARATOR)[-len(name.split(TREE_SEPARATOR)):]
                     == name.split(TREE_SEPARATOR)]
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
