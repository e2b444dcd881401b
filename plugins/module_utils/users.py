# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_user's domain logic: a user, its emails (UserEmail), authorizations (Profile_User) and
group memberships (Group_User) brought to the state the task gives, as the module documents.
``run(module, client)`` is the module's whole work; plugins/modules/glpi_user.py only declares
the options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import Ensurer
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.subitems import SubItemWriter
from ansible_collections.glpi.glpi.plugins.module_utils.user_state import (
    PROFILES, SubItems, add_password, check_defaults, first_profile_on_create, reported_fields, user_task)
from ansible_collections.glpi.glpi.plugins.module_utils.users_bulk import run_bulk


def ensure_present(module, client, ensurer, task):
    params = module.params
    subitems = SubItems(client, ensurer.dropdowns, params, module.diff_mode_wanted)
    user_id = (task.current or {}).get("id")
    subitems.plan(user_id)
    check_defaults(client, task, subitems, user_id)
    add_password(task, params)
    creating = task.action == "create"
    first_profile = first_profile_on_create(task, subitems)
    writer = SubItemWriter(client, module.check_mode)
    views_before, views_after = subitems.views()
    summary = None
    try:
        if not creating:
            for plan in subitems.plans.values():
                writer.add(plan, user_id)
        ensurer.apply([task])
        if task.error:
            raise GlpiError("GLPI refused to %s user %s: %s" % (task.action, params["name"], task.error))
        if creating and not module.check_mode:
            user_id = task.outcome_id
            if first_profile:
                # Plan the rest against what GLPI actually created.
                subitems.plan(user_id, [PROFILES])
            for plan in subitems.plans.values():
                writer.add(plan, user_id)
        summary = subitems.summary()
        for plan in subitems.plans.values():
            writer.update(plan)
        for plan in subitems.plans.values():
            writer.delete(plan)
    except GlpiError as error:
        written = (["user %s id %s" % (params["name"], task.outcome_id)] if task.outcome_id is not None else []) + \
            (["%d of its emails, authorizations or groups" % writer.written] if writer.written else [])
        raise error.after_writes(written)
    result = ensurer.results([task], fetch_items=True, diff_names=module.diff_mode_wanted)[0]
    if creating and first_profile and not module.check_mode:
        summary["profiles"]["added"].insert(0, subitems.label("profiles", first_profile))
    result["before"].update(views_before)
    result["after"].update(views_after)
    return result, subitems.changed, summary


def ensure_absent(module, ensurer, task):
    """Trash (absent) or purge (purged) the user; its links stay with a trashed user."""
    ensurer.apply([task])
    if task.error:
        raise GlpiError("GLPI refused to %s user %s: %s" % (task.action, module.params["name"], task.error))
    return ensurer.results([task])[0]


def run(module, client):
    params = module.params
    if params.get("users") is not None:
        return run_bulk(module, client)
    task = user_task(0, params)
    ensurer = Ensurer(client, "User", check_mode=module.check_mode, warn=module.warn, option="glpi_user")
    with ensurer.write_lock([task]):  # parallel forks on one login take turns (no duplicate user)
        return ensure_user(module, client, ensurer, task)


def ensure_user(module, client, ensurer, task):
    params = module.params
    present = params["state"] in ("present", "disabled")
    task = ensurer.plan([task])[0]
    summary = None
    if present:
        result, links_changed, summary = ensure_present(module, client, ensurer, task)
    else:
        result, links_changed = ensure_absent(module, ensurer, task), False
    outcome = {
        "changed": bool(result["changed"] or links_changed),
        "id": result["id"],
        "action": result["action"],
        "changed_fields": reported_fields(result["changed_fields"]),
        "user": result["item"],
        "diff": item_diff(result["before"], result["after"]),
    }
    if summary is not None:
        outcome["changes"] = summary
    if result["item"] is None or params["state"] == "purged":
        outcome.pop("user")
    return outcome
