#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_entity
short_description: Manage GLPI entities (the tree of organisations) idempotently
version_added: 0.1.0
description:
  - Creates, updates and deletes GLPI entities, identified by their full path
    (V(Root entity > Europe > Paris), GLPI's C(completename)), by a name under a parent, or
    by id.
  - With O(create_parents), missing ancestors of the path are created first, top down.
  - Compares only the fields you give and writes only what differs; a second run reads the
    entity tree once and writes nothing.
  - Entities have no trash in GLPI; O(state=absent) deletes for good. It refuses an entity
    that still has sub-entities or items unless told otherwise, and never touches the root
    entity (id 0).
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details: The diff shows the parent by its path, not by id.
options:
  path:
    description:
      - Full path of the entity, its C(completename), such as V(Root entity > Europe > Paris).
      - The leading root entity may be left out (V(Europe > Paris)). Segments are separated by
        V( > ) with blanks, as GLPI writes it.
      - Mutually exclusive with O(name), O(parent) and O(id).
    type: str
  name:
    description:
      - Name of the entity, under O(parent).
      - With O(id), the name to give the entity (rename).
    type: str
  parent:
    description:
      - Parent of the entity given by O(name), as an id, a path (V(Root entity > Europe)) or a
        name that only one visible entity has. Defaults to the root entity.
      - A value made of digits only is an id; write an entity named V(2024) as a path
        (V(Root entity > 2024)).
      - With O(id), where to move the entity. Moving an entity under itself or one of its
        descendants is refused (GLPI would corrupt its tree).
    type: str
  id:
    description:
      - Address the entity by id. O(name) and O(parent) then become the desired name and parent.
    type: int
  state:
    description:
      - V(present) creates or updates the entity.
      - V(absent) deletes it for good (GLPI has no trash for entities). See O(remove_children)
        and O(allow_orphaned_items).
    type: str
    choices: [present, absent]
    default: present
  create_parents:
    description:
      - Create the missing ancestors of the entity (from O(path), or from O(parent) given as a
        path or a name), top down. Without it, a missing parent is an error.
    type: bool
    default: false
  remove_children:
    description:
      - With O(state=absent), delete the sub-entities too, deepest first. Without it an entity
        that has sub-entities is refused.
    type: bool
    default: false
  allow_orphaned_items:
    description:
      - With O(state=absent), delete the entity (and, with O(remove_children), its sub-entities)
        even though items still belong to it.
      - The module looks for computers, monitors, network equipment, peripherals, phones,
        printers, software, tickets (trash included), users' authorizations (profiles given in
        the entity), groups and locations. GLPI does not delete such items with the entity; they
        stay in the database attached to an entity that no longer exists.
    type: bool
    default: false
  comment:
    description: Comments.
    type: str
  address:
    description: Postal address.
    type: str
  postcode:
    description: Postal code.
    type: str
  town:
    description: Town.
    type: str
  region:
    description:
      - State, province or region of the address, GLPI's C(state) field, named differently here
        because O(state) is the desired state of the entity.
    type: str
  country:
    description: Country.
    type: str
  website:
    description: Website.
    type: str
  phonenumber:
    description: Phone number.
    type: str
  fax:
    description: Fax number.
    type: str
  email:
    description: Email address.
    type: str
  registration_number:
    description: Registration number (company number).
    type: str
  latitude:
    description: Latitude (GLPI stores it as text).
    type: str
  longitude:
    description: Longitude (GLPI stores it as text).
    type: str
  altitude:
    description: Altitude (GLPI stores it as text).
    type: str
  fields:
    description:
      - Any other field of GLPI's Entity, by GLPI field name (V(tag), V(admin_email),
        V(calendars_id), V(autoclose_delay), ...). Dropdown foreign keys take a name, a path or an id.
      - The identity fields (C(name), C(entities_id), C(completename), C(id)) are set through
        O(name), O(parent) and O(path).
    type: dict
    default: {}
notes:
  - GLPI hides entities created after the session last changed its active entities. The module
    refreshes the active entities after each creation, so O(create_parents) and later tasks see
    the new entities; a session restricted to another entity still cannot see them.
  - Names under one parent are unique in GLPI, compared without case, accents and trailing spaces
    (V(Jose) and V(josé) clash). The module refuses such a clash with a clear message instead of
    GLPI's raw SQL error.
seealso:
  - module: glpi.glpi.glpi_item
"""

EXAMPLES = r"""
- name: An entity and its missing parents
  glpi.glpi.glpi_entity:
    path: Root entity > Europe > Paris
    create_parents: true
    town: Paris
    country: France
    email: it-paris@example.com

- name: Same entity by name under a parent
  glpi.glpi.glpi_entity:
    name: Paris
    parent: Root entity > Europe
    comment: Head office

- name: Other fields of the entity
  glpi.glpi.glpi_entity:
    path: Europe > Paris
    fields:
      tag: PARIS
      admin_email: admin@example.com

- name: Move and rename an entity given by id
  glpi.glpi.glpi_entity:
    id: 12
    name: Paris Nord
    parent: Root entity > France

- name: Delete an empty entity
  glpi.glpi.glpi_entity:
    path: Europe > Paris
    state: absent

- name: Delete a whole subtree, leaving its items without entity
  glpi.glpi.glpi_entity:
    path: Root entity > Lab
    state: absent
    remove_children: true
    allow_orphaned_items: true
"""

RETURN = r"""
id:
  description: Id of the entity (None when it does not exist, or in check mode for a creation).
  returned: always
  type: int
  sample: 12
completename:
  description: Full path of the entity.
  returned: always
  type: str
  sample: Root entity > Europe > Paris
action:
  description: What was done (V(create), V(update), V(delete), V(unchanged)).
  returned: always
  type: str
  sample: create
changed_fields:
  description: Fields that were (or in check mode would be) written, V(parent) for a move.
  returned: always
  type: list
  elements: str
  sample: [town, country]
created_parents:
  description: Paths of the ancestors created (or in check mode to create) by O(create_parents).
  returned: always
  type: list
  elements: str
  sample: [Root entity > Europe]
deleted:
  description: Paths of the entities deleted (or in check mode to delete), sub-entities first.
  returned: always
  type: list
  elements: str
  sample: [Root entity > Lab > Bench, Root entity > Lab]
entity:
  description: The entity as GLPI returns it after the change (the current one when unchanged).
  returned: when the entity exists after the task
  type: dict
"""

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver
from ansible_collections.glpi.glpi.plugins.module_utils.entities import (
    RESERVED_FIELDS, ROOT_ID, SEPARATOR, EntityTree, count_items, duplicate_message, refuse_clash, split_path)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiConflictError, GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module
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


def run(module, client):
    params = module.params
    check_options(params)
    resolver = DropdownResolver(client, option_name="fields")
    desired = desired_fields(params, resolver)
    tree = EntityTree(client).load()
    plan = Plan()
    plan.current, plan.segments = identify(params, tree)
    if params["state"] == "present":
        column_limits.check("Entity", [(None, dict(desired, name=plan.segments[-1]))] +
                            [("parent %r" % segment[:40], {"name": segment}) for segment in plan.segments[:-1]],
                            option="fields")
    if desired and tree.rows:
        check_fields("Entity", desired, set(next(iter(tree.rows.values()))), "fields")
    if params["state"] == "present":
        plan_present(params, tree, desired, plan)
    else:
        plan_absent(params, tree, plan, module.warn)
    names = module.diff_mode_wanted
    before = view(plan.current, desired, tree, resolver, names)
    deleted = [tree.path_of(i) for i in plan.deletions]
    ident = int(plan.current["id"]) if plan.current is not None else None
    item = plan.current
    if not module.check_mode and plan.action != "unchanged":
        try:
            ident = apply(client, tree, plan, params)
            item = client.get_item("Entity", ident) if plan.action != "delete" else None
            verify(item, plan, tree)
        except GlpiError as error:
            # Parents may already exist, or GLPI took part of an update: the failed task
            # must still say that GLPI changed, and what.
            raise error.after_writes(plan.written)
    parent_path = SEPARATOR.join(plan.segments[:-1]) if len(plan.segments) > 1 else None
    if plan.action == "delete":
        item, after = None, {}
    elif plan.action == "create" and module.check_mode:
        after = view(dict(desired, name=plan.segments[-1]), desired, tree, resolver, names, parent_path=parent_path)
    elif module.check_mode:
        merged = dict(plan.current)
        merged.update(plan.changes)
        after = view(merged, desired, tree, resolver, names, parent_path=parent_path)
    else:
        after = view(item, desired, tree, resolver, names, parent_path=parent_path)
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


def argument_spec():
    spec = dict(
        path=dict(type="str"),
        name=dict(type="str"),
        parent=dict(type="str"),
        id=dict(type="int"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        create_parents=dict(type="bool", default=False),
        remove_children=dict(type="bool", default=False),
        allow_orphaned_items=dict(type="bool", default=False),
        fields=dict(type="dict", default={}),
    )
    for option in FIELD_OPTIONS:
        spec[option] = dict(type="str")
    return spec


def main():
    run_module(argument_spec(), run, mutually_exclusive=[("path", "name"), ("path", "parent"), ("path", "id")],
               required_one_of=[("path", "name", "id")])


if __name__ == "__main__":
    main()
