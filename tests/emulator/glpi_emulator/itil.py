"""Tickets and what hangs on them, as GLPI 10.0.12 writes them through the API.

- Ticket add (CommonITILObject / Ticket::prepareInputForAdd, computeDefaultValuesForAdd):
  status 1, urgency / impact 3 unless allowed by ``urgency_mask`` / ``impact_mask``, priority
  from ``priority_matrix`` unless given by a profile with the "change priority" right, name
  from the content, ``requesttypes_id`` the helpdesk default, ``type`` the entity's
  ``tickettype``; post_addItem (updateActors + handleItemsIdInput + ``_followup``): actors from
  ``_users_id_requester`` / ``_groups_id_assign`` / ... (one id or a list; no default
  requester), items from ``items_id`` ``{itemtype: [ids]}``, and an assignment takes a new
  ticket to "assigned".
- Ticket update (Ticket / CommonITILObject::prepareInputForUpdate, pre_updateInDB): priority
  recomputed when the urgency changes (always, PHP's ``A || B && C``) or the impact changes
  without a priority, solve / close dates and delay stats, waiting time, the last solution
  refused when a solved or closed ticket is reopened.
- Ticket_User / Group_Ticket (CommonITILActor): no duplicate actor of one type, ticket's
  date_mod, "assigned" status for an assignment to a new ticket.
- Item_Ticket: no duplicate link, no link to a closed ticket, ticket's date_mod.
- ITILFollowup: canCreateItem (Ticket::canReopen on a closed ticket, then canAddFollowups),
  content required (PHP's empty(): not "" nor "0"), author and date, timeline position, ticket's
  date_mod, and the reopening GLPI does when a requester (not assigned) answers a pending, solved
  or closed ticket (ParentStatus::updateParentStatus + needReopen), unless the input says
  ``_no_reopen``.
- ITILSolution: refused on a solved ticket (prepareInputForAdd) or a closed one (canSolve);
  the solution waits for approval and the ticket becomes "solved", unless the entity's
  ``autoclose_delay`` is 0 (immediately): then it is accepted and the ticket closed.

- Taking into account (Ticket::updateDateMod + pre_updateInDB): an assignment, a followup or
  an update by someone who may take the ticket into account (assigned, else not a requester
  and allowed to add tasks or followups) sets ``takeintoaccountdate`` and
  ``takeintoaccount_delay_stat`` (seconds since opening, at least 1) once.
- Fields an update may touch (CommonITILObject::handleTemplateFields): on a closed ticket, or
  without the ticket UPDATE right, only a few; an update left with its id alone fails with an
  empty message.

Not emulated: business rules, SLA / OLA, notifications, ticket templates' mandatory fields.
"""
import datetime
import json
import re
import uuid

from . import rights, values, writes

INCOMING, ASSIGNED, PLANNED, WAITING, SOLVED, CLOSED = 1, 2, 3, 4, 5, 6
SOLVED_STATUSES = (SOLVED,)
CLOSED_STATUSES = (CLOSED,)
REOPENABLE = (CLOSED, SOLVED, WAITING)
REQUESTER, ASSIGN, OBSERVER = 1, 2, 3
ACTOR_TYPES = (("requester", REQUESTER), ("assign", ASSIGN), ("observer", OBSERVER))
ACTOR_LINKS = (("users_id", "Ticket_User"), ("groups_id", "Group_Ticket"), ("suppliers_id", "Supplier_Ticket"))
CHANGEPRIORITY = 65536
TICKET_READMY, TICKET_READALL, TICKET_READGROUP, TICKET_READASSIGN = 1, 1024, 2048, 4096
TICKET_ASSIGN, TICKET_STEAL, TICKET_OWN, TICKET_SURVEY = 8192, 16384, 32768, 131072
TASK_ADDALLITEM = 4096
# ITILFollowup rights (the "followup" right of a profile)
FOLLOWUP_ADDMYTICKET, FOLLOWUP_ADDGROUPTICKET, FOLLOWUP_ADDALLTICKET, FOLLOWUP_ADD_AS_OBSERVER = 4, 2048, 4096, 16384
FOLLOWUP_SEEPUBLIC, FOLLOWUP_SEEPRIVATE = 1, 8192
SOLUTION_WAITING, SOLUTION_ACCEPTED, SOLUTION_REFUSED = 2, 3, 4
CONFIG_PARENT, CONFIG_NEVER = -2, -10
ALREADY_SOLVED = "The item is already solved, did anyone pushed a solution before you?"
NO_FOLLOWUP_CONTENT = "You can't add a followup without description"
CHILDREN = ("Ticket_User", "Group_Ticket", "Item_Ticket", "ITILFollowup", "ITILSolution", "TicketTask")
_TAG_RE = re.compile(r"<[^>]*>")


# -- configuration -----------------------------------------------------------------------
def _config(ctx, name, default=None):
    rows = ctx.store.find(ctx.reg.get("Config"), "context = 'core' AND name = ?", (name,))
    return rows[0]["value"] if rows else default


def compute_priority(ctx, urgency, impact):
    """CommonITILObject::computePriority(): the matrix, else round((u + i) / 2)."""
    try:
        matrix = json.loads(_config(ctx, "priority_matrix", "{}") or "{}")
    except ValueError:
        matrix = {}
    value = (matrix.get(str(urgency)) or {}).get(str(impact))
    if value is not None:
        return int(value)
    return int((urgency + impact) / 2.0 + 0.5)


def _allowed_by_mask(ctx, name, value):
    mask = values.php_int(_config(ctx, name, "62"))
    return 0 < value < 31 and bool(mask & (1 << value))


def entity_config(ctx, field, entities_id, default):
    """Entity::getUsedConfig(): the entity's value, its parents' while it says "parent"."""
    entity_it = ctx.reg.get("Entity")
    seen = set()
    current = entities_id
    while current is not None and current not in seen:
        seen.add(current)
        row = ctx.store.get(entity_it, current)
        if row is None:
            return default
        value = row.get(field)
        if value is not None and value != CONFIG_PARENT:
            return value
        current = row.get("entities_id")
    return default


def _now_after(date):
    """glpi_currenttime, or the ticket's date when that is later ("if invalid date: set open date")."""
    now = values.now()
    return date if date and now < str(date) else now


def _seconds(later, earlier):
    try:
        end = datetime.datetime.strptime(str(later)[:19], "%Y-%m-%d %H:%M:%S")
        begin = datetime.datetime.strptime(str(earlier)[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return 0
    return int((end - begin).total_seconds())


def _can_change_priority(ctx):
    return rights.have_right(ctx.session, "ticket", CHANGEPRIORITY)


# -- ticket add --------------------------------------------------------------------------
def prepare_ticket_add(ctx, obj, row):
    """CommonITILObject + Ticket::prepareInputForAdd() and computeDefaultValuesForAdd()."""
    now = values.now()
    row.setdefault("status", INCOMING)
    for field in ("urgency", "impact"):
        value = values.php_int(obj.get(field)) if obj.get(field) is not None else None
        row[field] = value if value is not None and _allowed_by_mask(ctx, field + "_mask", value) else 3
    if obj.get("priority") is None or not _can_change_priority(ctx):
        row["priority"] = compute_priority(ctx, row["urgency"], row["impact"])
    row["users_id_lastupdater"] = ctx.session.user_id
    row["users_id_recipient"] = ctx.session.user_id
    content = (row.get("content") or "").replace("\r\n", "\n").lstrip()
    row["content"] = content
    row["name"] = (row.get("name") or "").lstrip()
    if not row["name"]:
        text = _TAG_RE.sub(" ", values.decode_html(content))
        row["name"] = ctx.dialect.store_text(re.sub(r"\s{2,}", " ", text).strip()[:70])
    row.setdefault("itilcategories_id", 0)
    if not row.get("requesttypes_id"):
        defaults = ctx.store.find(ctx.reg.get("RequestType"), "is_helpdesk_default = 1")
        row["requesttypes_id"] = defaults[0]["id"] if defaults else 0
    if obj.get("global_validation") is None:
        row["global_validation"] = 1
    if obj.get("type") is None:
        row["type"] = entity_config(ctx, "tickettype", row.get("entities_id") or 0, 1)
    if not row.get("date"):
        row["date"] = now
    if row["status"] in SOLVED_STATUSES:
        row["solvedate"] = row["date"]
    if row["status"] in CLOSED_STATUSES:
        row["closedate"] = row["date"]
        row["solvedate"] = row["date"]
    if row["status"] == WAITING:
        row["begin_waiting_date"] = row["date"]


def _ids(value):
    """An actor input value (one id or a list of ids) as a list of ints, zeros dropped."""
    items = value if isinstance(value, list) else ([] if value in (None, "") else [value])
    return [values.php_int(v) for v in items if values.php_int(v) > 0]


def post_ticket_add(ctx, ticket_id, obj):
    """Ticket::post_addItem(): ``_followup``, items (handleItemsIdInput), then
    CommonITILObject::post_addItem()'s actors (updateActors)."""
    followup = obj.get("_followup")
    if isinstance(followup, dict) and str(followup.get("content") or ""):
        writes.add_child_internal(ctx, ctx.reg.get("ITILFollowup"), {
            "itemtype": "Ticket", "items_id": ticket_id, "content": followup["content"],
            "is_private": followup.get("is_private", 0)})
    items = obj.get("items_id")
    if isinstance(items, dict):
        link_it = ctx.reg.get("Item_Ticket")
        for itemtype, ids in items.items():
            for item_id in _ids(ids):
                try:
                    writes.add_child_internal(ctx, link_it, {"tickets_id": ticket_id, "itemtype": itemtype,
                                                             "items_id": item_id})
                except writes.WriteRefused:
                    pass
    for suffix, kind in ACTOR_TYPES:
        for field, link in ACTOR_LINKS:
            link_it = ctx.reg.get(link)
            if link_it is None:
                continue
            key = "_%s_%s" % (field, suffix)
            extra = "_additional_%ss" % suffix if field == "users_id" else "_additional_%ss_%ss" % (field[:-4], suffix)
            wanted = _ids(obj.get(key))
            for value in obj.get(extra) or []:
                wanted += _ids(value.get(field) if isinstance(value, dict) else value)
            for actor_id in dict.fromkeys(wanted):
                added = add_actor(ctx, link_it, {"tickets_id": ticket_id, field: actor_id, "type": kind},
                                  from_object=True)
                if added and kind == ASSIGN:
                    _assigned(ctx, ticket_id)


def add_actor(ctx, link_it, link, from_object=False):
    """CommonITILActor::add() without the rights check; False for a duplicate."""
    try:
        new_id = writes.add_child_internal(ctx, link_it, dict(link, _from_object=from_object))
    except writes.WriteRefused:
        return False
    return bool(new_id)


def _assigned(ctx, ticket_id):
    ticket_it = ctx.reg.get("Ticket")
    ticket = ctx.store.get(ticket_it, ticket_id)
    if ticket is not None and ticket["status"] == INCOMING:
        writes.apply_update(ctx, ticket_it, ticket, {"id": ticket_id, "status": ASSIGNED})


def touch_ticket(ctx, ticket_id, stat=False):
    """Ticket::updateDateMod(): taken into account when ``stat`` allows it and the user may
    (an update, rights on the fields included), else date_mod and last updater only."""
    ticket_it = ctx.reg.get("Ticket")
    ticket = ctx.store.get(ticket_it, ticket_id)
    if ticket is None:
        return
    if stat and not ticket.get("takeintoaccount_delay_stat") and can_take_into_account(ctx, ticket_id):
        obj = dict(_take_into_account(ticket), id=ticket_id)
        if allowed_update_input(ctx, ticket, obj) is not None:
            writes.apply_update(ctx, ticket_it, ticket, obj)
        return
    ctx.store.update(ticket_it, ticket_id, {"date_mod": values.now(), "users_id_lastupdater": ctx.session.user_id})


def can_take_into_account(ctx, ticket_id):
    """Ticket::canTakeIntoAccount()."""
    if _is_actor(ctx, ticket_id, ASSIGN):
        return True
    if _is_actor(ctx, ticket_id, REQUESTER):
        return False
    return (rights.have_right(ctx.session, "task", TASK_ADDALLITEM) or rights.have_right(
        ctx.session, "followup", FOLLOWUP_ADDALLTICKET | FOLLOWUP_ADDMYTICKET | FOLLOWUP_ADDGROUPTICKET))


def _take_into_account(ticket):
    """Ticket::computeTakeIntoAccountDelayStat() (no calendar): seconds since opening, at least 1."""
    now = values.now()
    return {"takeintoaccountdate": now, "takeintoaccount_delay_stat": max(1, _seconds(now, ticket.get("date")))}


# -- ticket update -------------------------------------------------------------------------
_CLOSED_FIELDS = ("id", "status", "entities_id", "itilcategories_id")
_REQUESTER_FIELDS = ("content", "urgency", "priority", "itilcategories_id", "name", "items_id",
                     "takeintoaccount_delay_stat", "takeintoaccountdate")
_ASSIGN_INPUTS = ("_itil_assign", "_users_id_assign", "_groups_id_assign", "_suppliers_id_assign")


def _update_fields(ctx, current):
    """CommonITILObject::handleTemplateFields(): the input keys an update keeps, None for all."""
    if current.get("status") in CLOSED_STATUSES:
        return _CLOSED_FIELDS
    if rights.have_right(ctx.session, "ticket", rights.UPDATE):
        return None
    allowed = ["id"]
    me = ctx.session.user_id
    open_ticket = not current.get("is_deleted")
    if ((current.get("users_id_recipient") == me and rights.have_right(ctx.session, "ticket", TICKET_SURVEY))
            or _is_actor(ctx, current["id"], REQUESTER)
            or (open_ticket and rights.have_right(ctx.session, "ticket", TICKET_ASSIGN | TICKET_STEAL))
            or (open_ticket and rights.have_right(ctx.session, "ticket", TICKET_OWN)
                and not _actor_ids(ctx, current["id"], ASSIGN)[0])):
        allowed += ["status", "_accepted"]
    if rights.have_right(ctx.session, "ticket", TICKET_ASSIGN | TICKET_STEAL):
        allowed += list(_ASSIGN_INPUTS)
    return tuple(allowed) + _REQUESTER_FIELDS  # the API checked canUpdateItem() already


def allowed_update_input(ctx, current, obj):
    """The update input handleTemplateFields() leaves (isset keys only), None when nothing but
    the id is left: the update then fails with an empty message."""
    fields = _update_fields(ctx, current)
    if fields is None:
        return obj
    kept = {key: value for key, value in obj.items() if key in fields and value is not None}
    kept["id"] = obj.get("id", current["id"])
    return kept if len(kept) > 1 else None


def ticket_update_input(ctx, current, obj, row):
    """Ticket + CommonITILObject::prepareInputForUpdate() on the coerced row."""
    urgency_changed = "urgency" in row and row["urgency"] != current.get("urgency")
    impact_changed = "impact" in row and row["impact"] != current.get("impact")
    can_priority = _can_change_priority(ctx)
    # PHP: A || B && C, so a new urgency always recomputes the priority.
    if urgency_changed or (impact_changed and ((can_priority and obj.get("priority") is None) or not can_priority)):
        urgency = row.get("urgency", current.get("urgency"))
        impact = row.get("impact", current.get("impact"))
        row["urgency"], row["impact"] = urgency, impact
        row["priority"] = compute_priority(ctx, urgency, impact)
    if "content" in row and isinstance(row["content"], str):
        row["content"] = row["content"].replace("\r\n", "\n")
    row["users_id_lastupdater"] = ctx.session.user_id
    if "status" in row:
        if row["status"] not in SOLVED_STATUSES + CLOSED_STATUSES:
            row["solvedate"] = None
        if row["status"] not in CLOSED_STATUSES:
            row["closedate"] = None


def ticket_pre_update(ctx, current, changes, obj=None):
    """Ticket + CommonITILObject::pre_updateInDB(): taken into account, then the dates and
    stats that follow a status change."""
    merged = dict(current, **changes)
    if (not (obj or {}).get("_do_not_compute_takeintoaccount") and not merged.get("takeintoaccount_delay_stat")
            and merged.get("status") != INCOMING and can_take_into_account(ctx, current["id"])):
        changes.update(_take_into_account(merged))
    if "takeintoaccount_delay_stat" in changes and not changes["takeintoaccount_delay_stat"]:
        changes["takeintoaccountdate"] = None
    if "status" not in changes:
        return
    now = values.now()
    old, new = current.get("status"), changes["status"]
    merged = dict(current, **changes)
    if new in SOLVED_STATUSES:
        changes["solvedate"] = _now_after(merged.get("date"))
    if new in CLOSED_STATUSES:
        changes["closedate"] = _now_after(merged.get("date"))
        if not merged.get("solvedate"):
            changes["solvedate"] = changes["closedate"]
    merged.update(changes)
    leaves_waiting = (old == WAITING or (old in SOLVED_STATUSES and new not in CLOSED_STATUSES)
                      or (old in CLOSED_STATUSES and new not in SOLVED_STATUSES + CLOSED_STATUSES))
    if merged.get("begin_waiting_date") and leaves_waiting:
        changes["waiting_duration"] = (merged.get("waiting_duration") or 0) + max(
            0, _seconds(now, merged["begin_waiting_date"]))
        changes["begin_waiting_date"] = None
        merged.update(changes)
    if new == WAITING or new in SOLVED_STATUSES:
        changes["begin_waiting_date"] = now
    waited = merged.get("waiting_duration") or 0
    for stat, field in (("solve_delay_stat", "solvedate"), ("close_delay_stat", "closedate")):
        if field in changes:  # computeSolveDelayStat(): 0 once the date is gone
            changes[stat] = max(0, _seconds(merged[field], merged.get("date")) - waited) if merged.get(field) else 0


def ticket_post_update(ctx, current, changes):
    """pre_updateInDB's reopening: the last solution of a reopened ticket is refused."""
    done = SOLVED_STATUSES + CLOSED_STATUSES
    if "status" in changes and current.get("status") in done and changes["status"] not in done:
        solution_it = ctx.reg.get("ITILSolution")
        last = ctx.store.find(solution_it, "itemtype = 'Ticket' AND items_id = ?", (current["id"],),
                              order="date_creation DESC, id DESC")
        if last:
            ctx.store.update(solution_it, last[0]["id"], {
                "status": SOLUTION_REFUSED, "users_id_approval": ctx.session.user_id,
                "date_approval": values.now()})


# -- children: rights, input rules, effects -------------------------------------------------
def _ticket_of(ctx, it, obj):
    if it.name in ("ITILFollowup", "ITILSolution"):
        if obj.get("itemtype") != "Ticket":
            return None
        return ctx.store.get(ctx.reg.get("Ticket"), values.php_int(obj.get("items_id")))
    return ctx.store.get(ctx.reg.get("Ticket"), values.php_int(obj.get("tickets_id")))


def _actor_ids(ctx, ticket_id, kind):
    users = [row["users_id"] for row in ctx.store.find(
        ctx.reg.get("Ticket_User"), "tickets_id = ? AND type = ?", (ticket_id, kind))]
    groups = [row["groups_id"] for row in ctx.store.find(
        ctx.reg.get("Group_Ticket"), "tickets_id = ? AND type = ?", (ticket_id, kind))]
    return users, groups


def _my_groups(ctx):
    return set(row["groups_id"] for row in ctx.store.find(
        ctx.reg.get("Group_User"), "users_id = ?", (ctx.session.user_id,)))


def _is_actor(ctx, ticket_id, kind):
    users, groups = _actor_ids(ctx, ticket_id, kind)
    return ctx.session.user_id in users or bool(_my_groups(ctx) & set(groups))


def can_add_followups(ctx, ticket):
    """Ticket::canAddFollowups() (validators aside: ticket validations are not emulated)."""
    def have(bits):
        return rights.have_right(ctx.session, "followup", bits)

    me = ctx.session.user_id
    requesters, requester_groups = _actor_ids(ctx, ticket["id"], REQUESTER)
    observers = _actor_ids(ctx, ticket["id"], OBSERVER)[0]
    assignees, assigned_groups = _actor_ids(ctx, ticket["id"], ASSIGN)
    mine = _my_groups(ctx)
    return ((have(FOLLOWUP_ADDMYTICKET) and (me in requesters or ticket.get("users_id_recipient") == me))
            or (have(FOLLOWUP_ADD_AS_OBSERVER) and me in observers)
            or have(FOLLOWUP_ADDALLTICKET)
            or (have(FOLLOWUP_ADDGROUPTICKET) and bool(mine & set(requester_groups)))
            or me in assignees or bool(mine & set(assigned_groups)))


def can_create_child(ctx, it, obj):
    """canCreateItem() of the ticket's children (the profile right is checked before)."""
    ticket = _ticket_of(ctx, it, obj)
    if ticket is None or not rights.can_item(ctx.session, ctx.store, ctx.reg.get("Ticket"), ticket, rights.READ):
        return False
    if it.name == "Item_Ticket":
        return ticket["status"] not in CLOSED_STATUSES
    if it.name == "ITILSolution":  # canSolve(): update right or assigned, never on a closed ticket
        can = rights.have_right(ctx.session, "ticket", rights.UPDATE) or _is_actor(ctx, ticket["id"], ASSIGN)
        return can and ticket["status"] not in CLOSED_STATUSES
    if it.name == "ITILFollowup":
        # ITILFollowup::canCreateItem(): on a closed ticket Ticket::canReopen() first (the followup
        # CREATE right; every status change is allowed, as with the default ticket lifecycle), then
        # Ticket::canAddFollowups() whatever the status.
        if ticket["status"] in CLOSED_STATUSES and not rights.have_right(ctx.session, "followup", rights.CREATE):
            return False
        return can_add_followups(ctx, ticket)
    return True


def prepare_child_add(ctx, it, obj, row):
    """prepareInputForAdd() of the ticket's children; raises writes.WriteRefused."""
    name = it.name
    if name in ("Ticket_User", "Group_Ticket"):
        field = "users_id" if name == "Ticket_User" else "groups_id"
        if ctx.store.find(it, "tickets_id = ? AND type = ? AND %s = ?" % field,
                          (row.get("tickets_id"), row.get("type", 1), row.get(field))):
            raise writes.WriteRefused("")
        if "alternative_email" in it.col and not row.get("alternative_email"):
            row["alternative_email"] = ""
    elif name == "Item_Ticket":
        if ctx.store.find(it, "tickets_id = ? AND itemtype = ? AND items_id = ?",
                          (row.get("tickets_id"), row.get("itemtype"), row.get("items_id"))):
            raise writes.WriteRefused("")
    elif name == "ITILFollowup":
        ticket = _ticket_of(ctx, it, obj)
        if values.decode_html(row.get("content") or "") in ("", "0") or ticket is None:  # PHP's empty()
            raise writes.WriteRefused(NO_FOLLOWUP_CONTENT if ticket is not None else "")
        row.setdefault("users_id", ctx.session.user_id)
        row.setdefault("is_private", 0)
        if obj.get("timeline_position") is None:
            requester = _is_actor(ctx, ticket["id"], REQUESTER)
            row["timeline_position"] = 4 if _is_actor(ctx, ticket["id"], ASSIGN) and not requester else 1
        row.setdefault("date", values.now())
    elif name == "TicketTask":
        _prepare_task(ctx, it, obj, row)
    elif name == "ITILSolution":
        ticket = _ticket_of(ctx, it, obj)
        if ticket["status"] in SOLVED_STATUSES + CLOSED_STATUSES:
            raise writes.WriteRefused(ALREADY_SOLVED)
        row.setdefault("users_id", ctx.session.user_id)
        if entity_config(ctx, "autoclose_delay", ticket["entities_id"], CONFIG_NEVER) == 0:
            row["status"] = SOLUTION_ACCEPTED
            row["users_id_approval"] = ctx.session.user_id
            row["date_approval"] = values.now()
        else:
            row["status"] = SOLUTION_WAITING


def _prepare_task(ctx, it, obj, row):
    """CommonITILTask::prepareInputForAdd(): author, date, uuid, the default state, the timeline
    position of its author (as a followup's)."""
    ticket = _ticket_of(ctx, it, obj)
    if ticket is None:
        raise writes.WriteRefused("")
    row.setdefault("users_id", ctx.session.user_id)
    row.setdefault("date", values.now())
    row.setdefault("uuid", str(uuid.uuid4()))
    if obj.get("timeline_position") is None:
        requester = _is_actor(ctx, ticket["id"], REQUESTER)
        row["timeline_position"] = 4 if _is_actor(ctx, ticket["id"], ASSIGN) and not requester else 1


def update_action_time(ctx, ticket_id):
    """CommonITILObject::updateActionTime(): the ticket's actiontime is the sum of its tasks'."""
    task_it = ctx.reg.get("TicketTask")
    total = sum(values.php_int(t.get("actiontime")) for t in ctx.store.find(task_it, "tickets_id = ?", (ticket_id,)))
    ctx.store.update(ctx.reg.get("Ticket"), ticket_id, {"actiontime": total})


def followup_pre_update(ctx, changes):
    """ITILFollowup::prepareInputForUpdate(): a changed content records the last editor."""
    if ctx.session is not None and ctx.session.user_id:
        changes["users_id_editor"] = ctx.session.user_id


def post_child_add(ctx, it, new_id, row, obj):
    """post_addItem() of the ticket's children."""
    ticket_it = ctx.reg.get("Ticket")
    ticket = _ticket_of(ctx, it, dict(obj, **row))
    if ticket is None:
        return
    blocked = bool(obj.get("_do_not_compute_takeintoaccount"))
    if it.name in ("Ticket_User", "Group_Ticket", "Item_Ticket"):
        touch_ticket(ctx, ticket["id"], stat=row.get("type") == ASSIGN and not blocked and it.name != "Item_Ticket")
        if it.name != "Item_Ticket" and row.get("type") == ASSIGN and not obj.get("_from_object"):
            _assigned(ctx, ticket["id"])
    elif it.name == "ITILFollowup":
        touch_ticket(ctx, ticket["id"], stat="_do_not_compute_takeintoaccount" not in obj)
        ticket = ctx.store.get(ticket_it, ticket["id"])
        requester = _is_actor(ctx, ticket["id"], REQUESTER)
        if (ticket["status"] in REOPENABLE and requester and not _is_actor(ctx, ticket["id"], ASSIGN)
                and obj.get("_no_reopen") is None):  # isset()
            users, groups = _actor_ids(ctx, ticket["id"], ASSIGN)
            writes.apply_update(ctx, ticket_it, ticket, {"id": ticket["id"],
                                                         "status": ASSIGNED if users or groups else INCOMING})
    elif it.name == "TicketTask":
        update_action_time(ctx, ticket["id"])
        touch_ticket(ctx, ticket["id"], stat=True)
    elif it.name == "ITILSolution":
        closed = entity_config(ctx, "autoclose_delay", ticket["entities_id"], CONFIG_NEVER) == 0
        writes.apply_update(ctx, ticket_it, ticket, {"id": ticket["id"], "status": CLOSED if closed else SOLVED})
