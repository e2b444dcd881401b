"""Changes and problems over the High-level API (``/Assistance/Change``, ``/Assistance/Problem``):
what the legacy emulator (itil.py, tickets only) does not do for them. Their creation defaults
(CommonITILObject::prepareInputForAdd: status New, urgency and impact 3, the priority of the
matrix, the author as recipient and last updater), and their followups and solutions (written
directly: a solution, accepted at once, solves the item; "already solved" otherwise).
"""
from . import hlapi, itil, rights, values

ITIL_TYPES = ("Change", "Problem")
SOLVED, CLOSED = 5, 6


def prepare_add(ctx, data):
    """The defaults of a new change or problem (before writes.add_item)."""
    data.setdefault("status", 1)
    for key in ("urgency", "impact"):
        if data.get(key) in (None, ""):
            data[key] = 3
    data["priority"] = itil.compute_priority(ctx, values.php_int(data["urgency"]), values.php_int(data["impact"]))
    data.setdefault("date", values.now())
    user = ctx.session.user_id if ctx.session is not None else 0
    data.setdefault("users_id_recipient", user)
    data["users_id_lastupdater"] = user


def add_child(hl, parent, it, data):
    """A followup or a solution of a change or a problem: the id, or an error answer."""
    parent_it = hl.store.reg.get(parent["_itemtype"])
    if not rights.can_global(hl.session, it, rights.CREATE, hl.store) \
            or not rights.can_item(hl.session, hl.store, parent_it, parent, rights.READ):
        raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
    now = values.now()
    row = dict(data, users_id=hl.session.user_id, date_creation=now, date_mod=now)
    if it.name == "ITILSolution":
        if values.php_int(parent.get("status")) in (SOLVED, CLOSED):
            raise hlapi.crud_error("create", "The item is already solved, did anyone pushed a solution before you?")
        row["status"] = 3  # accepted: only a ticket's solution waits for approval
        new_id = hl.store.insert(it, row)
        hl.store.update(parent_it, parent["id"], {"status": SOLVED, "solvedate": now, "begin_waiting_date": now,
                                                  "date_mod": now})
        return new_id
    if not str(data.get("content") or "").strip():
        raise hlapi.crud_error("create", "You can&#039;t add a followup without description")
    row.update(date=now, timeline_position=1, is_private=values.php_int(data.get("is_private")))
    new_id = hl.store.insert(it, row)
    hl.store.update(parent_it, parent["id"], {"date_mod": now})
    return new_id
