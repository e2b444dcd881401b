#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_massive_action
short_description: Apply a GLPI massive action to many items, idempotently, with a report per id
version_added: 0.1.0
description:
  - Runs one of the massive actions GLPI offers for an itemtype (V(MassiveAction:update),
    V(MassiveAction:delete), V(MassiveAction:restore), V(MassiveAction:purge), and any other
    key GLPI lists, such as V(MassiveAction:amend_comment) or V(Infocom:activate)) on items
    given by id or selected with search criteria.
  - Idempotent where GLPI's state tells, because it reads the items first and sends only those that
    differ. An update skips items that already have the value, a delete skips items already in
    the trash, a restore skips items not in the trash, a purge skips ids that no longer exist.
    Other actions are applied to every item each time.
  - Reports every id with GLPI's statuses (V(ok), V(noaction), V(ko), V(noright)) and a
    message. Any V(ko) or V(noright) fails the task, with the failed ids and messages and the
    whole report in the result, so C(failed_when) can relax it.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
attributes:
  check_mode:
    support: full
    details: Reports in RV(changed_ids) the ids the action would be applied to.
  diff_mode:
    support: full
    details: For the actions whose effect can be read (update, delete, restore, purge).
options:
  itemtype:
    description:
      - The GLPI itemtype of the items (V(Computer), V(Monitor), V(Ticket), ...).
    type: str
    required: true
  action:
    description:
      - The massive action key, as C(getMassiveActions) lists it for the itemtype
        (V(MassiveAction:update)). A key without processor means C(MassiveAction)
        (V(update) is V(MassiveAction:update)).
      - An action GLPI does not offer for the itemtype (or to this profile) is an error that
        lists the valid ones.
    type: str
    required: true
  ids:
    description:
      - The ids of the items. Ids that do not exist are reported (status V(noright), as GLPI
        counts them) and never sent; for a purge they are V(noaction).
      - One of O(ids) and O(criteria) is required.
    type: list
    elements: int
  criteria:
    description:
      - Select the items with GLPI's search instead of O(ids), with the criteria of
        M(glpi.glpi.glpi_search). Each criterion is a dict with C(field), C(searchtype)
        (default V(contains)), C(value) and C(link) (V(AND), V(OR), V(AND NOT), V(OR NOT)), or
        C(link) and C(criteria) for a nested group, or C(itemtype) for a criterion on a linked
        itemtype.
      - C(field) takes a column name (V(comment), V(serial)), a foreign key (V(locations_id),
        V(users_id_tech)), a search option uid without the itemtype (V(Location.completename)),
        a short name (V(location), V(state)) or a search option id, resolved through
        C(listSearchOptions) with the naming rules of M(glpi.glpi.glpi_search).
      - GLPI's V(equals) on the name field compares ids; use V(contains) with V(^name$) for an
        exact name.
      - A restore searches the trash, a purge the trash and the active items, the other actions
        the active items.
    type: list
    elements: dict
  field:
    description:
      - For V(MassiveAction:update), the field to set, by GLPI field name (V(comment),
        V(states_id), V(locations_id)). The module builds GLPI's input (C(search_options),
        C(field), value) itself.
    type: str
  value:
    description:
      - For V(MassiveAction:update), the value of O(field). Dropdown foreign keys take a name,
        a path or an id.
    type: raw
  input:
    description:
      - Parameters of the action, passed to GLPI as C(input) (for instance C(amendment) for
        V(MassiveAction:amend_comment)).
      - For V(MassiveAction:update), GLPI's own form is accepted too
        (C(field) naming the field and the value under that field's name); C(search_options) is filled in when missing.
    type: dict
    default: {}
  allow_move_out_of_scope:
    description:
      - A V(MassiveAction:update) of C(entities_id) that moves items to an entity outside the
        session's active entities fails before anything is written (GLPI accepts the move, then
        refuses this account any access to the items). V(true) lets it through with a warning, as
        in M(glpi.glpi.glpi_item).
      - The value of an update is also checked against its column before anything is written (length,
        range, and on GLPI 10.0 paired backslashes it would store otherwise), as in M(glpi.glpi.glpi_item).
    type: bool
    default: false
  chunk_size:
    description:
      - How many ids one C(applyMassiveAction) request carries. GLPI processes a request in one
        PHP run; smaller chunks stay below its C(max_execution_time).
    type: int
    default: 200
notes:
  - GLPI answers a massive action with counts only, and its messages may name the wrong item
    for a missing id. The module reads the items first, sends only existing ones and ties the
    messages back to ids; when that is not enough it reads the items again to tell which were
    applied (status V(unknown) for actions whose effect cannot be read).
  - GLPI 11's v2 API (O(api_version=v2)) has no massive actions. Over v2 the module applies
    V(MassiveAction:update) (C(PATCH) of O(field), a dropdown by id or exact name),
    V(MassiveAction:delete) (C(DELETE), to the trash), V(MassiveAction:restore) (C(PATCH) C(is_deleted))
    and V(MassiveAction:purge) (C(DELETE) with C(force)) item by item, with the same reading first and
    the same report per id (RV(glpi_answers) then holds one answer per item). Every other action, O(input),
    an update of C(entities_id) and O(criteria) that GLPI's v2 filters cannot express fail before anything
    is written, naming them and the API.
seealso:
  - module: glpi.glpi.glpi_item
"""

EXAMPLES = r"""
- name: Put 100 computers in production (only those that are not yet)
  glpi.glpi.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:update
    ids: "{{ computer_ids }}"
    field: states_id
    value: Production

- name: Comment every computer whose name starts with web-
  glpi.glpi.glpi_massive_action:
    itemtype: Computer
    action: update
    criteria:
      - field: name
        searchtype: contains
        value: ^web-
    field: comment
    value: managed by ansible

- name: Trash computers, keeping the report even when some ids fail
  glpi.glpi.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:delete
    ids: [12, 13, 999999]
  register: trashed
  failed_when: trashed.summary.ko > 0

- name: An action with parameters
  glpi.glpi.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:amend_comment
    ids: [12]
    input:
      amendment: checked on site
"""

RETURN = r"""
action:
  description: The action key that was applied.
  returned: always
  type: str
  sample: MassiveAction:update
ids:
  description: The ids the task was about (from O(ids) or O(criteria)).
  returned: always
  type: list
  elements: int
changed_ids:
  description: The ids the action was applied to (in check mode, would be applied to).
  returned: always
  type: list
  elements: int
  sample: [12, 14]
skipped_ids:
  description: The ids left alone because they were already in the desired state (V(noaction)).
  returned: always
  type: list
  elements: int
failed_ids:
  description: The ids reported V(ko), V(noright) or V(unknown).
  returned: always
  type: list
  elements: int
results:
  description: One entry per id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The id.
      type: int
    status:
      description:
        - V(ok) (applied; in check mode, would be applied), V(noaction) (already done),
          V(ko) (GLPI failed), V(noright) (missing, not visible or not allowed), V(unknown)
          (GLPI's answer does not say).
      type: str
    message:
      description: What GLPI or the module said about this id, HTML removed.
      type: str
summary:
  description: Counts by status.
  returned: always
  type: dict
  sample: {ok: 50, noaction: 50, ko: 0, noright: 0}
glpi_answers:
  description: GLPI's raw answers, one per request (HTTP status, counts, messages).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.glpi.glpi.plugins.module_utils.diffs import keyed_diff, object_key
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import DropdownResolver, looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiBatchError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_massive import HlMassive
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import foreign_itemtype
from ansible_collections.glpi.glpi.plugins.module_utils.massive import (
    FAILED_STATUSES, action_key, apply, check_action, core_verb, plan, read_items, select_ids, summary, update_option, vet_update)
from ansible_collections.glpi.glpi.plugins.module_utils.module import run_module
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields


def update_input(params, client, fields, itemtype):
    """(field, value, GLPI input) of an update given as field/value or in GLPI's own form."""
    given = dict(params["input"] or {})
    field = params["field"] if params["field"] is not None else given.get("field")
    if not field:
        raise GlpiInputError("MassiveAction:update needs field and value (or input with field and the value under "
                             "that field's name)", option="field", value=None)
    if params["field"] is not None:
        if params["value"] is None and field not in given:
            raise GlpiInputError("value: MassiveAction:update of %s needs a value" % field, option="value", value=None)
        value = params["value"] if params["value"] is not None else given[field]
    elif field in given:
        value = given[field]
    else:
        raise GlpiInputError("input: has field %s but no value under '%s'" % (field, field), option="input", value=sorted(given))
    if field in ("id", "is_deleted") or field.startswith("_"):
        raise GlpiInputError("field: %s cannot be set by MassiveAction:update; use the delete, restore or purge actions"
                             % field, option="field", value=field)
    if isinstance(value, str) and not looks_like_id(value) and foreign_itemtype(field):
        value = DropdownResolver(client, option_name="value").resolve(field, foreign_itemtype(field), value)
    payload = dict(given)
    payload.update({"field": field, field: value})
    if "search_options" not in payload:
        payload["search_options"] = {itemtype: update_option(fields, itemtype, field)}
    return field, value, payload


def run(module, client):
    params = module.params
    itemtype = params["itemtype"]
    key = action_key(params["action"])
    verb = core_verb(key)
    if params["chunk_size"] < 1:
        raise GlpiInputError("chunk_size must be at least 1", option="chunk_size", value=params["chunk_size"])
    if (params["field"] is not None or params["value"] is not None) and verb != "update":
        raise GlpiInputError("field and value are for MassiveAction:update; give the parameters of %s in input" % key,
                             option="field", value=params["field"])
    check_action(client, itemtype, key)
    fields = SearchFields(client)
    field = value = None
    payload = dict(params["input"] or {})
    if verb == "update":
        field, value, payload = update_input(params, client, fields, itemtype)
    if params["ids"] is not None:
        ids = []
        for ident in params["ids"]:
            if ident not in ids:
                ids.append(ident)
    else:
        ids = select_ids(fields, client, itemtype, params["criteria"], verb)
    rows = read_items(client, itemtype, ids) if ids else {}
    if verb == "update" and rows:
        sample = next(iter(rows.values()))
        if field not in sample:
            raise GlpiInputError("field: %s has no field '%s'" % (itemtype, field), option="field", value=field)
    entries = plan(itemtype, verb, ids, rows, field, value)
    if verb == "update":
        vet_update(client, itemtype, entries, params["value"], params["allow_move_out_of_scope"], module.warn)
    answers = []
    if module.check_mode:
        for entry in entries:
            if entry.send:
                entry.done("ok", "would be applied (check mode)")
    else:
        answers = apply(client, itemtype, key, entries, payload, params["chunk_size"], verb)
    return report(itemtype, key, ids, entries, answers)


def report(itemtype, key, ids, entries, answers):
    """The result of the task from its entries (over v1 and v2); a GlpiBatchError when some failed."""
    changed_ids = [entry.id for entry in entries if entry.send and entry.status == "ok"]
    failed = [entry for entry in entries if entry.status in FAILED_STATUSES]
    diff_entries = [entry for entry in entries if entry.send and entry.before is not None]
    result = {
        "changed": bool(changed_ids),
        "action": key,
        "ids": ids,
        "changed_ids": changed_ids,
        "skipped_ids": [entry.id for entry in entries if entry.status == "noaction"],
        "failed_ids": [entry.id for entry in failed],
        "results": [entry.report() for entry in entries],
        "summary": summary(entries),
        "glpi_answers": answers,
        "diff": keyed_diff((object_key(itemtype, e.id), e.before, e.after) for e in diff_entries),
    }
    if failed:
        raise GlpiBatchError("%s on %s: %d of %d ids failed: %s" % (
            key, itemtype, len(failed), len(entries),
            "; ".join("%s (%s: %s)" % (entry.id, entry.status, entry.message) for entry in failed[:20])),
            result=result, written=["%s %s" % (itemtype, ident) for ident in changed_ids])
    return result


def run_v2(module, client):
    """The same task over GLPI 11's v2 API, item by item (hlapi_massive.py)."""
    if module.params["chunk_size"] < 1:
        raise GlpiInputError("chunk_size must be at least 1", option="chunk_size", value=module.params["chunk_size"])
    return report(module.params["itemtype"], *HlMassive(client, module.params, module.check_mode).run())


def argument_spec():
    return dict(
        itemtype=dict(type="str", required=True),
        action=dict(type="str", required=True),
        ids=dict(type="list", elements="int"),
        criteria=dict(type="list", elements="dict"),
        field=dict(type="str"),
        value=dict(type="raw"),
        input=dict(type="dict", default={}),
        chunk_size=dict(type="int", default=200),
        allow_move_out_of_scope=dict(type="bool", default=False),
    )


def main():
    run_module(argument_spec(), run, run_v2=run_v2, mutually_exclusive=[("ids", "criteria")], required_one_of=[("ids", "criteria")])


if __name__ == "__main__":
    main()
