# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What glpi_entity does, over the entity tree of entities.py: plan the task (create an entity
and its missing parents, update, move or rename it, delete it with its descendants), refuse
what GLPI would get wrong before any write, apply the plan, check that GLPI kept what it
accepted, and report it (result and diff). The module keeps its docs and options and hands
its task to :func:`ensure_entity`."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver
from ansible_collections.glpi.glpi.plugins.module_utils.entities import (
    RESERVED_FIELDS, ROOT_ID, SEPARATOR, EntityTree, count_items, duplicate_message, refuse_clash, split_path)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiConflictError, GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.resource import changed_fields, check_fields
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode
from ansible_collections.glpi.glpi.plugins.module_utils import validate

# Module option -> GLPI field.
FIELD_OPTIONS = {
    "comment": "comment", "address": "address", "postcode": "postcode", "town": "town", "region": "state",
    "country": "country", "website": "website", "phonenumber": "phonenumber", "fax": "fax", "email": "email",
    "registration_number": "registration_number", "latitude": "latitude", "longitude": "longitude",
    "altitude": "altitude",
}


def desired_fields(params, resolver):
    """The managed fields (GLPI names) with dropdown names resolved, refused before any read of the tree."""
    extra = dict(params["fields"] or {})
    reserved = sorted(key for key in extra if key in RESERVED_FIELDS)
    if reserved:
        raise GlpiInputError("fields: %s cannot be set through fields; use the name, parent or path options"
                             % ", ".join(reserved), option="fields", value=reserved)
    desired = {}
    for option, field in FIELD_OPTIONS.items():
        if params.get(option) is not None:
            if field in extra:
                raise GlpiInputError("fields.%s repeats option %s" % (field, option), option="fields", value=field)
            desired[field] = params[option]
    desired.update(resolver.resolve_fields(extra))
    return desired


class Plan:
    def __init__(self):
        self.action = "unchanged"
        self.current = None
        self.segments = None  # full path of the entity
        self.parent_id = None  # desired parent (None: unknown yet, it is created first)
        self.missing = []  # full paths (segment lists) to create, top down; the entity last
        self.changes = {}
        self.deletions = []
        self.written = []  # what GLPI accepted so far, added by apply()


def identify(params, tree):
    """(current row or None, full path segments) of the entity the task is about."""
    if params["id"] is not None:
        current = tree.by_id(params["id"])
        return current, tree.path_of(int(current["id"])).split(SEPARATOR)
    if params["path"] is not None:
        segments = tree.full_segments(split_path(params["path"]))
    else:
        name = params["name"]
        if not name or not name.strip() or name != name.strip():
            raise GlpiInputError("name: '%s' is empty or has leading/trailing blanks (GLPI trims names)" % name,
                                 option="name", value=name)
        parent = params["parent"] if params["parent"] not in (None, "") else ROOT_ID
        segments = tree.parent_segments(parent) + [name]
    return tree.find(segments), segments


def plan_present(params, tree, desired, plan):
    current = plan.current
    if current is not None:
        plan.changes = changed_fields(current, desired)
        if params["id"] is not None:
            plan_move_rename(params, tree, plan)
        plan.action = "update" if plan.changes else "unchanged"
        return
    # Create: every missing prefix of the path, top down.
    for depth in range(2, len(plan.segments) + 1):
        prefix = plan.segments[:depth]
        if tree.find(prefix) is None:
            plan.missing.append(prefix)
    if not plan.missing:
        raise GlpiInputError("the root entity '%s' is not visible to this session" % plan.segments[0],
                             option="path" if params["path"] else "parent", value=params["path"] or params["parent"])
    ancestors = [SEPARATOR.join(p) for p in plan.missing[:-1]]
    if ancestors and not params["create_parents"]:
        raise GlpiInputError("parent '%s' does not exist (or is not visible to this session); set create_parents: true "
                             "to create %s" % (SEPARATOR.join(plan.segments[:-1]), ", ".join(ancestors)),
                             option="create_parents", value=False)
    first = plan.missing[0]
    parent = tree.find(first[:-1])
    if parent is None:
        raise GlpiInputError("'%s' is not visible to this session: it cannot create entities under it"
                             % SEPARATOR.join(first[:-1]), option="path" if params["path"] else "parent",
                             value=params["path"] or params["parent"])
    refuse_clash(tree, int(parent["id"]), first[-1], option="path" if params["path"] else "name")
    plan.parent_id = int(parent["id"])
    plan.changes = dict(desired)
    plan.action = "create"


def plan_move_rename(params, tree, plan):
    current = plan.current
    ident = int(current["id"])
    name = params["name"] if params["name"] is not None else tree.name_of(current)
    parent_id = tree.parent_id_of(current)
    if params["parent"] not in (None, ""):
        if ident == ROOT_ID:
            raise GlpiInputError("parent: the root entity has no parent", option="parent", value=params["parent"])
        segments = tree.parent_segments(params["parent"])
        row = tree.find(segments)
        if row is None:
            raise GlpiInputError("parent: '%s' does not exist (or is not visible to this session)" % SEPARATOR.join(segments),
                                 option="parent", value=params["parent"])
        parent_id = int(row["id"])
        if tree.is_same_or_descendant(parent_id, ident):
            raise GlpiInputError("parent: cannot move '%s' under '%s', which is itself or one of its descendants "
                                 "(GLPI would corrupt its entity tree)" % (tree.path_of(ident), tree.path_of(parent_id)),
                                 option="parent", value=params["parent"])
    if parent_id != tree.parent_id_of(current):
        plan.changes["entities_id"] = parent_id
    if name != tree.name_of(current):
        plan.changes["name"] = name
    if "entities_id" in plan.changes or "name" in plan.changes:
        refuse_clash(tree, parent_id, name, exclude=ident)
        plan.segments = tree.path_of(parent_id).split(SEPARATOR) + [name]


def plan_absent(params, tree, plan, warn):
    current = plan.current
    if current is None:
        return
    ident = int(current["id"])
    if ident == ROOT_ID:
        raise GlpiInputError("the root entity (id 0) cannot be deleted", option="state", value="absent")
    children = tree.children(ident)
    if children and not params["remove_children"]:
        raise GlpiInputError("entity '%s' has %d sub-entities (%s); delete them first or set remove_children: true"
                             % (tree.path_of(ident), len(children), ", ".join("'%s'" % tree.path_of(c) for c in children[:10])),
                             option="remove_children", value=False)
    doomed = tree.descendants(ident) + [ident]
    if not params["allow_orphaned_items"]:
        found = []
        for entity_id in doomed:
            counts = count_items(tree.client, entity_id, warn=warn)
            if counts:
                found.append("'%s': %s" % (tree.path_of(entity_id), ", ".join(
                    "%d %s" % (n, itemtype) for itemtype, n in sorted(counts.items()))))
        if found:
            raise GlpiInputError("items still belong to %s; move or delete them first, or set allow_orphaned_items: true "
                                 "(GLPI keeps them, attached to a deleted entity)" % "; ".join(found),
                                 option="allow_orphaned_items", value=False)
    plan.deletions = doomed
    plan.action = "delete"


def apply(client, tree, plan, params):
    if plan.action == "create":
        created = None
        for index, segments in enumerate(plan.missing):
            parent = tree.find(segments[:-1])
            body = {"name": segments[-1], "entities_id": int(parent["id"])}
            if index == len(plan.missing) - 1:
                body.update(plan.changes)
            try:
                answer = client.add("Entity", body)
            except GlpiConflictError as error:
                raise duplicate_message(error, segments[-1], SEPARATOR.join(segments[:-1])) or error
            except GlpiError as error:
                raise duplicate_message(error, segments[-1], SEPARATOR.join(segments[:-1])) or error
            created = int(answer["id"])
            plan.written.append("entity '%s' (id %d) created" % (SEPARATOR.join(segments), created))
            # GLPI hides entities created after the last changeActiveEntities.
            client.refresh_entities()
            tree.add({"id": created, "name": segments[-1], "entities_id": int(parent["id"]),
                      "completename": SEPARATOR.join(segments)})
        return created
    ident = int(plan.current["id"])
    if plan.action == "update":
        body = dict(plan.changes)
        body["id"] = ident
        try:
            client.update("Entity", body)
        except GlpiError as error:
            raise duplicate_message(error, body.get("name", tree.name_of(plan.current)),
                                    SEPARATOR.join(plan.segments[:-1])) or error
        plan.written.append("entity %d updated" % ident)
        if "entities_id" in plan.changes:
            client.refresh_entities()
        return ident
    if plan.action == "delete":
        try:
            client.delete("Entity", plan.deletions if len(plan.deletions) > 1 else plan.deletions[0], force_purge=True)
        except GlpiError as error:
            if "sub-entities" in "%s" % (error.glpi_message or error.body or ""):
                raise GlpiConflictError("GLPI refused to delete '%s': it has sub-entities this session cannot see"
                                        % tree.path_of(ident), method=error.method, path=error.path, status=error.status,
                                        code=error.code, glpi_message=error.glpi_message)
            raise
    return ident


def verify(after, plan, tree):
    """GLPI answers an update with success even when it dropped a field (missing
    right, a rename to a taken name): compare what was asked with what is stored."""
    if after is None or plan.action != "update":
        return
    ignored = sorted(field for field, value in plan.changes.items()
                     if field not in ("entities_id",) and changed_fields(after, {field: value}))
    if "entities_id" in plan.changes and "%s" % after.get("entities_id") != "%s" % plan.changes["entities_id"]:
        ignored.append("entities_id")
    if ignored:
        raise GlpiConflictError("GLPI accepted the update of entity %s but did not change %s"
                                % (after.get("id"), ", ".join(ignored)),
                                hint="the profile may lack the right for these fields (GLPI drops them silently), "
                                     "or another entity under the same parent has that name")


def view(row, fields, tree, resolver, names, parent_path=None):
    if row is None:
        return {}
    data = {"name": html_decode(row.get("name"))}
    if parent_path is not None:
        data["parent"] = parent_path
    else:
        parent = tree.parent_id_of(row)
        data["parent"] = tree.path_of(parent) if parent is not None else None
    for field in sorted(fields):
        value = html_decode(row.get(field))
        data[field] = resolver.name_of(field, value) if names else value
    return data


def check_options(params):
    """What GLPI would store as given although it cannot be right."""
    validate.email("email", params["email"])
    validate.number_between("latitude", params["latitude"], -90, 90)
    validate.number_between("longitude", params["longitude"], -180, 180)


def ensure_entity(client, params, check_mode=False, diff_names=False, warn=None):
    """glpi_entity's task (``params`` are the module's): its result dict; a GlpiError after a
    write says what was written."""
    check_options(params)
    resolver = DropdownResolver(client, option_name="fields")
    desired = desired_fields(params, resolver)
    tree = EntityTree(client).load()
    plan = make_plan(params, tree, desired, warn, version=column_limits.version_of(client))
    before = view(plan.current, desired, tree, resolver, diff_names)
    deleted = [tree.path_of(i) for i in plan.deletions]
    ident = int(plan.current["id"]) if plan.current is not None else None
    item = plan.current
    if not check_mode and plan.action != "unchanged":
        try:
            ident = apply(client, tree, plan, params)
            item = client.get_item("Entity", ident) if plan.action != "delete" else None
            verify(item, plan, tree)
        except GlpiError as error:
            # Parents may already exist, or GLPI took part of an update: the failed task
            # must still say that GLPI changed, and what.
            raise error.after_writes(plan.written)
    after = after_view(plan, item, desired, tree, resolver, diff_names, check_mode)
    if plan.action == "delete":
        item = None
    changed_list = sorted("parent" if field == "entities_id" else field for field in plan.changes) \
        if plan.action in ("create", "update") else []
    return {
        "changed": plan.action != "unchanged",
        "action": plan.action,
        "id": ident,
        "completename": SEPARATOR.join(plan.segments) if plan.segments else None,
        "changed_fields": changed_list,
        "created_parents": [SEPARATOR.join(p) for p in plan.missing[:-1]],
        "deleted": deleted,
        "entity": item,
        "diff": item_diff(before, after),
    }


def make_plan(params, tree, desired, warn, version=None):
    """The Plan of the task, every rule checked before any write (``version``: column_limits.check's)."""
    plan = Plan()
    plan.current, plan.segments = identify(params, tree)
    if params["state"] == "present":
        column_limits.check("Entity", [(None, dict(desired, name=plan.segments[-1]))] +
                            [("parent %r" % segment[:40], {"name": segment}) for segment in plan.segments[:-1]],
                            option="fields", version=version)
    if desired and tree.rows:
        check_fields("Entity", desired, set(next(iter(tree.rows.values()))), "fields")
    if params["state"] == "present":
        plan_present(params, tree, desired, plan)
    else:
        plan_absent(params, tree, plan, warn)
    return plan


def after_view(plan, item, desired, tree, resolver, names, check_mode):
    """The diff's after: what GLPI holds now, or (check mode) what it would hold."""
    parent_path = SEPARATOR.join(plan.segments[:-1]) if len(plan.segments) > 1 else None
    if plan.action == "delete":
        return {}
    if plan.action == "create" and check_mode:
        return view(dict(desired, name=plan.segments[-1]), desired, tree, resolver, names, parent_path=parent_path)
    if check_mode:
        merged = dict(plan.current)
        merged.update(plan.changes)
        return view(merged, desired, tree, resolver, names, parent_path=parent_path)
    return view(item, desired, tree, resolver, names, parent_path=parent_path)
