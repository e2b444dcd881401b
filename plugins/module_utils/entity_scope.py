# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refuse to move objects out of the session's reach.

GLPI (10.0.12 and 11.0.6 alike) lets an account update an object's ``entities_id`` to an
entity outside its active entities: the PUT answers 200, the object moves, and the same
account then gets 403 on it and can neither read it nor move it back. Creating an object
there is refused (400), so only updates are checked. ``check_entity_moves`` looks at the
planned updates before anything is written and, when one changes ``entities_id``, asks
GLPI once for the session's active entities (``getActiveEntities``; over GLPI 11's v2 API
``GET /Session``, hlapi_write.session_entity_ids, whose PATCH answers 404 once the object moved)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

FIELD = "entities_id"
OPTION = "allow_move_out_of_scope"
# For a User, entities_id is the default entity; which entities an account sees follows
# its authorizations (Profile_User), so the field moves nothing out of reach.
UNSCOPED_ITEMTYPES = ("User",)


def planned_moves(itemtype, tasks):
    """(task, target entity id) of the planned updates that change entities_id."""
    if itemtype in UNSCOPED_ITEMTYPES:
        return []
    moves = []
    for task in tasks:
        if task.action in ("update", "restore") and FIELD in task.changes:
            target = task.changes[FIELD]
            if looks_like_id(target):
                moves.append((task, int(target)))
    return moves


def active_entity_ids(client):
    """The ids of the session's active entities (sub-entities included when recursive)."""
    active = client.get_active_entities()
    return sorted(int(row["id"]) for row in active.get("active_entities") or [] if str(row.get("id", "")).isdigit())


def target_text(task, target):
    """``4``, or ``4 ('Root entity > B')`` when the task named the entity."""
    given = task.fields.get(FIELD)
    if given is None or str(given).strip() == str(target):
        return str(target)
    return "%s (%r)" % (target, given)


def check_entity_moves(client, itemtype, tasks, allowed=False, option="fields", warn=None, active_ids=active_entity_ids):
    """Raise before any write when a planned update moves an object to an entity outside the
    session's active entities; at most one request (``active_ids(client)``), and none when no
    entity changes. When ``allowed``, warn instead and mark those tasks ``out_of_reach`` (not
    read back: 403)."""
    moves = planned_moves(itemtype, tasks)
    if not moves:
        return []
    active = active_ids(client)
    outside = [(task, target) for task, target in moves if target not in active]
    if outside and not allowed:
        raise out_of_scope_error(itemtype, outside, active, option)
    for task, target in outside:
        task.out_of_reach = True
        if warn:
            warn("%s %s: entity %s is outside this session's active entities (%s); once moved there, this account "
                 "can no longer read or change it" % (itemtype, task.current.get("id"), target_text(task, target), listed(active)))
    return outside


def listed(ids):
    return ", ".join(str(e) for e in ids) or "none"


def out_of_scope_error(itemtype, outside, active, option):
    described = "; ".join("%s %s%s to entity %s" % (itemtype, task.current.get("id"),
                                                    "" if task.ident is not None else " (%s)" % task.label, target_text(task, target))
                          for task, target in outside[:10])
    more = " and %d more" % (len(outside) - 10) if len(outside) > 10 else ""
    return GlpiInputError(
        "%s: moving %s%s would put it outside this session's active entities (%s): GLPI accepts the move, "
        "then refuses this account any access to the object (403); nothing was written"
        % (FIELD, described, more, listed(active)),
        option=option, value=[target for _task, target in outside],
        hint="set %s=true to move it anyway, or work in a session whose entities include the target "
             "(options entity and entity_recursive)" % OPTION)
