#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_item
short_description: Manage any GLPI item idempotently
version_added: 0.1.0
description:
  - Creates, updates, trashes, purges or restores objects of any GLPI itemtype (Computer,
    Location, Manufacturer, Ticket, ...) through GLPI's legacy REST API.
  - Reads the current state first, compares only the fields you give (after normalising
    both sides the way GLPI stores them) and writes only what differs. A second run of
    the same task reads once and writes nothing.
  - Dropdown fields (C(locations_id), C(manufacturers_id), C(states_id), ...) accept a
    name or a full path such as V(Paris > Floor 2) instead of an id.
  - O(items) manages many objects in one task with one bulk request per verb and chunk.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
    details: Reads, plans and reports what it would write; writes nothing.
  diff_mode:
    support: full
    details:
      - Managed fields only, dropdowns by name; never passwords or tokens.
      - "With O(items), the diff holds only the objects that change, keyed by object
        (C(Computer 12); C(Computer #3) for the element at index 3 of O(items) while it has no id)."
options:
  itemtype:
    description:
      - The GLPI itemtype, as GLPI spells it (V(Computer), V(NetworkEquipment), V(Location)).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates; an object found in the trash is restored.
      - V(absent) moves the object to the trash, or purges it when the itemtype has no trash.
      - V(purged) deletes the object for good, from the trash or not.
      - V(restored) takes the object out of the trash (and applies O(fields)).
    type: str
    choices: [present, absent, purged, restored]
    default: present
  fields:
    description:
      - The fields of the object, by GLPI field name.
      - Only these fields are compared and written. Dropdown foreign keys take a name, a
        completename path or an id.
      - Fields that GLPI never returns (V(password)) are sent on creation only.
    type: dict
    default: {}
  match:
    description:
      - The fields that identify the object when O(id) is not given.
      - Each is searched with an anchored C(searchText) and then compared exactly, so
        V(web_01) never matches V(web-01) or V(WEB_01). More than one match is an error
        that lists the ids.
      - When O(fields) holds C(entities_id), it is added to the match keys.
    type: list
    elements: str
    default: [name]
  id:
    description:
      - Address the object by id instead of O(match).
    type: int
  items:
    description:
      - Manage many objects at once; each element is a O(fields) dictionary (it may hold
        C(id)). O(state), O(match) and O(itemtype) apply to every element.
      - All elements are validated before anything is written. Results are reported per
        element; a failure of some elements fails the task after the others were written,
        and RV(results) says which were done.
    type: list
    elements: dict
  expected_sha1:
    description:
      - Optimistic concurrency. The sha1 GLPI reports for the object (as returned in
        RV(sha1) by an earlier run or read). When the object changed since, the task fails
        without writing.
    type: str
  allow_dynamic_changes:
    description:
      - Objects with C(is_dynamic=1) are fed by an inventory agent. Changing their
        inventoried fields (name, serial, uuid, model, ...) through the API makes GLPI lock
        those fields, and the agent's next run can then create a duplicate object. The
        module refuses such changes unless this is V(true).
    type: bool
    default: false
  create_missing_dropdowns:
    description:
      - Create dropdown values named in O(fields) or O(items) that do not exist yet (for
        example a new V(Manufacturer) or a location path V(Paris > Floor 3), parents included)
        instead of failing. Entities are never created this way; use M(glpi.glpi.glpi_entity).
      - They are created only after every item was validated, right before the first write;
        in check mode they are reported in RV(created_dropdowns) and nothing is created.
    type: bool
    default: false
  allow_move_out_of_scope:
    description:
      - GLPI lets an account move an object (change its C(entities_id)) to an entity outside
        the session's active entities; the update succeeds and the same account then gets 403
        on the object, so it can neither read it nor move it back.
      - Before writing, the module checks the target entity of every such move against the
        session's active entities (one C(getActiveEntities) request, only when some
        C(entities_id) changes) and fails, naming the field, the object, the target entity
        and the active entities, with nothing written. V(true) lets such moves through with a
        warning; the moved object is then not read back (GLPI would answer 403), so RV(item) and RV(sha1) are null.
      - The active entities are those of the session, as set by the O(entity) and
        O(entity_recursive) options (by default the user's default entity and profile).
      - Not checked for O(itemtype=User), whose C(entities_id) is only the default entity.
      - Over GLPI 11's v2 API the same check, the active entities read from C(GET /Session) (which follows
        O(entity) and O(entity_recursive)); GLPI 11.0.6 answers such a move 404 although it wrote it, which
        an allowed move takes as done.
    type: bool
    default: false
  chunk_size:
    description:
      - How many objects one bulk request carries. GLPI behind nginx with default buffers
        answers 502 to bulk creates of about 85 objects or more although it created them;
        the module then looks the objects up instead of sending the request again, and reports
        those not visible yet as failed (a re-run converges; nothing is created twice).
      - Over GLPI 11's v2 API, which has no bulk request, each object is one request and O(chunk_size) is how many
        of those writes are in flight at once, at most 16 (V(1) writes one object after the other).
    type: int
    default: 50
notes:
  - A trashed object that matches is restored by O(state=present) rather than created again.
  - Over GLPI 11's v2 API (O(api_version=v2)) the same tasks decide the same way (the same decision code) - create,
    update, restore, trash, purge, check mode, diff of the fields set, dropdowns by id or exact name,
    O(create_missing_dropdowns), the column checks, and O(items) with the same per-element results and summary.
    v2 has no bulk request, so the elements of O(items) are written one request each, O(chunk_size) at a time
    (at most 16), and their current state is read with a few RSQL C(=in=) listings.
    Dropdown paths (V(Paris > Floor 2)) are found, and with O(create_missing_dropdowns) their missing levels created, as over v1.
    O(allow_move_out_of_scope) checks the same moves with the same messages (the active entities from C(GET /Session)).
    The diff shows dropdowns as over v1 (the name the task gave, else the complete name).
    GLPI 11.0's v2 schemas of the assets have no C(is_dynamic), so O(allow_dynamic_changes) cannot be checked there;
    an update of an inventoried field warns, naming the fields and C(api_version=v2), instead of refusing.
    O(expected_sha1) fails over v2 (v2 has no get_sha1), and RV(sha1) is null.
    See C(docs/api-v2.md).
  - Every value is checked against its GLPI column before the first write (with O(items), every element).
    A value too long (C(varchar(N)) in characters as GLPI 10.0 stores them, HTML-encoded, C(text) 65535 bytes)
    or a number out of the column's range fails the task naming the field, the length and the limit, and
    nothing is written. GLPI 10.0 would silently cut it to 255 characters. Itemtypes unknown to the
    collection get only C(name) and C(comment) checked.
  - Tasks that run at the same time on one host (forks, parallel playbooks) and write the same O(itemtype) to the
    same GLPI take turns, through lock files in C(~/.ansible/tmp/glpi_locks/) picked by the objects' match
    values (tasks on different objects seldom wait). The second reads what the first wrote, so it neither
    creates the objects again nor writes over a change that O(expected_sha1) should catch. Tasks on different hosts do not see each other's lock.
seealso:
  - name: GLPI REST API
    description: GLPI's legacy REST API documentation, served by GLPI itself at C(apirest.php).
    link: https://github.com/glpi-project/glpi/blob/10.0/bugfixes/apirest.md
"""

EXAMPLES = r"""
- name: A computer with dropdowns given by name
  glpi.glpi.glpi_item:
    itemtype: Computer
    fields:
      name: web-01
      serial: SN-0001
      locations_id: Paris > Floor 2
      manufacturers_id: Dell
      states_id: Production

- name: A new model and a new location path, created on the way
  glpi.glpi.glpi_item:
    itemtype: Computer
    fields:
      name: web-02
      computermodels_id: Latitude 7450
      locations_id: Paris > Floor 3 > Room 301
    create_missing_dropdowns: true

- name: Many locations in one task (bulk requests)
  glpi.glpi.glpi_item:
    itemtype: Location
    items:
      - name: Paris
      - name: Lyon
      - name: Nantes

- name: Trash a computer (it stays restorable)
  glpi.glpi.glpi_item:
    itemtype: Computer
    fields:
      name: web-01
    state: absent

- name: Update only if nobody changed the object since it was read
  glpi.glpi.glpi_item:
    itemtype: Computer
    id: "{{ read.id }}"
    expected_sha1: "{{ read.sha1 }}"
    fields:
      comment: checked by ansible

- name: Connection options for every glpi task of a play
  hosts: localhost
  module_defaults:
    group/glpi.glpi.glpi:
      url: https://glpi.example.com
      app_token: "{{ vault_glpi_app_token }}"
      user_token: "{{ vault_glpi_user_token }}"
  tasks:
    - glpi.glpi.glpi_item:
        itemtype: Manufacturer
        fields:
          name: Dell
"""

RETURN = r"""
id:
  description: The id of the object (None when it does not exist, or in check mode for a creation).
  returned: when O(items) is not used
  type: int
  sample: 42
action:
  description: What was done (V(create), V(update), V(restore), V(trash), V(purge), V(unchanged)).
  returned: when O(items) is not used
  type: str
  sample: update
changed_fields:
  description: The fields that were (or in check mode would be) written.
  returned: when O(items) is not used
  type: list
  elements: str
  sample: [serial, locations_id]
item:
  description: The object as GLPI returns it after the change (the current object when unchanged), with plain text (C(a & b) on GLPI 10.0 too).
  returned: when O(items) is not used and the object exists
  type: dict
sha1:
  description: GLPI's C(get_sha1) value of RV(item), usable as O(expected_sha1) later.
  returned: when RV(item) is returned
  type: str
  sample: 3f786850e387550fdab836ed7e6dc881de23001b
results:
  description: One entry per element of O(items), in order.
  returned: when O(items) is used
  type: list
  elements: dict
  contains:
    index:
      description: Position of the element in O(items).
      type: int
    id:
      description: Id of the object.
      type: int
    action:
      description: As RV(action), or V(failed).
      type: str
    changed:
      description: Whether this element was written.
      type: bool
    changed_fields:
      description: As RV(changed_fields).
      type: list
    error:
      description: Why this element failed, when it did.
      type: str
created_dropdowns:
  description: Dropdown values created because of O(create_missing_dropdowns) (in check mode, those that would be).
  returned: always
  type: list
  elements: str
  sample: ["Manufacturer 'Framework' (id 12)"]
summary:
  description: Counts of elements by action, for roles that report what a run did.
  returned: always
  type: dict
  sample: {create: 2, unchanged: 10, failed: 0}
"""

from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Ensurer, Task, outcome
from ansible_collections.glpi.glpi.plugins.module_utils.entity_scope import check_entity_moves
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_write import run_item_v2
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module
from ansible_collections.glpi.glpi.plugins.module_utils import validate


def build_tasks(params):
    validate.at_least("chunk_size", params["chunk_size"], 1)
    validate.sha1("expected_sha1", params["expected_sha1"])
    tasks = _tasks(params)
    if params["items"] is not None:
        validate.no_duplicates("items", [(task.index, _identity(task)) for task in tasks])
    return tasks


def _identity(task):
    """What names the object of a bulk element: its id, else its match keys (None when one is missing)."""
    if task.ident is not None:
        return (("id", str(task.ident)),)
    if any(task.fields.get(key) in (None, "") for key in task.match_keys):
        return None
    return tuple((key, str(task.fields[key])) for key in task.match_keys)


def _tasks(params):
    match = list(params["match"])
    fields = params["fields"] or {}
    if params["items"] is None:
        keys = match + (["entities_id"] if "entities_id" in fields and "entities_id" not in match else [])
        return [Task(0, fields, keys, params["state"], params["id"], params["expected_sha1"])]
    if params["fields"] or params["id"] is not None or params["expected_sha1"]:
        raise GlpiInputError("items cannot be combined with fields, id or expected_sha1", option="items")
    tasks = []
    for index, element in enumerate(params["items"]):
        element = dict(element)
        ident = element.pop("id", None)
        keys = match + (["entities_id"] if "entities_id" in element and "entities_id" not in match else [])
        tasks.append(Task(index, element, keys, params["state"], ident))
    return tasks


def run(module, client):
    params = module.params
    ensurer = Ensurer(client, params["itemtype"], check_mode=module.check_mode,
                      allow_dynamic_changes=params["allow_dynamic_changes"],
                      chunk_size=params["chunk_size"], warn=module.warn,
                      option="fields" if params["items"] is None else "items",
                      create_missing_dropdowns=params["create_missing_dropdowns"])

    def vet(planned):
        check_entity_moves(client, params["itemtype"], planned, params["allow_move_out_of_scope"], option=ensurer.option,
                           warn=module.warn)
    tasks = ensurer.run(build_tasks(params), vet=vet)
    single = params["items"] is None
    results = ensurer.results(tasks, fetch_items=single, diff_names=module.diff_mode_wanted, with_items=single)
    return outcome(params["itemtype"], results, ensurer.created_dropdowns, single)


def run_v2(module, client):
    """``run`` over GLPI 11's v2 API: the same tasks and decisions, v2 requests (hlapi_write.py)."""
    return run_item_v2(module, client, build_tasks(module.params))


def argument_spec():
    return dict(
        itemtype=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent", "purged", "restored"]),
        fields=dict(type="dict", default={}),
        match=dict(type="list", elements="str", default=["name"]),
        id=dict(type="int"),
        items=dict(type="list", elements="dict"),
        expected_sha1=dict(type="str"),
        allow_dynamic_changes=dict(type="bool", default=False),
        chunk_size=dict(type="int", default=50),
        create_missing_dropdowns=dict(type="bool", default=False),
        allow_move_out_of_scope=dict(type="bool", default=False),
    )


def main():
    run_module(argument_spec(), run, run_v2=run_v2, mutually_exclusive=[("items", "id")])


if __name__ == "__main__":
    main()
