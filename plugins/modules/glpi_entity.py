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
  - Over GLPI 11's v2 API (O(api_version=v2)) the same plan and checks run over the v2 entity
    listing. Its Entity holds only the name, the comment and the parent, so the address options
    (O(address), O(town), O(email), ...) and other O(fields) fail naming the option. Users'
    authorizations cannot be read over v2, so O(allow_orphaned_items) does not count them (a
    warning says so).
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

from ansible_collections.glpi.glpi.plugins.module_utils.entity_tasks import FIELD_OPTIONS, ensure_entity
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_entities import run_entity_v2
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module


def run(module, client):
    return ensure_entity(client, module.params, check_mode=module.check_mode, diff_names=module.diff_mode_wanted,
                         warn=module.warn)


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
    run_module(argument_spec(), run, run_v2=run_entity_v2, mutually_exclusive=[("path", "name"), ("path", "parent"), ("path", "id")],
               required_one_of=[("path", "name", "id")])


if __name__ == "__main__":
    main()
