"""Profile rights as data, and the checks GLPI's CommonDBTM::can*() perform.

RIGHTS[profile_id][rightname] = bitmask, exactly glpi_profilerights of a fresh GLPI 10.0.12
(``profiles.json``; READ 1, UPDATE 2, CREATE 4, DELETE 8, PURGE 16, READNOTE 32, UPDATENOTE 64,
UNLOCK 128; tickets: READMY 1, READALL 1024, ...). A profile created later has no right.

``can_global(session, it, right)`` is the static ``Itemtype::canView/canCreate/...()`` and
``can_item(session, store, it, row, right)`` is ``CommonDBTM::can($id, $right)``: the static
check, then ``canViewItem/canUpdateItem/...`` (entity of the item, and the itemtype's own rules
in ``item_rights``).
"""
import json
import os

READ, UPDATE, CREATE, DELETE, PURGE = 1, 2, 4, 8, 16
# Ticket's own rights
READMY, READALL, READGROUP, READASSIGN, ASSIGN, STEAL, OWN, CHANGEPRIORITY = \
    1, 1024, 2048, 4096, 8192, 16384, 32768, 65536
TICKET_VALIDATE = 1024 | 2048 | 4096 | 8192  # TicketValidation::getValidateRights()
ENTITY_UPDATEHELPDESK = 2048

with open(os.path.join(os.path.dirname(__file__), "profiles.json"), encoding="utf-8") as _fh:
    _DATA = json.load(_fh)

PROFILES = {row["id"]: row for row in _DATA["profiles"]}
RIGHTS = {int(pid): values for pid, values in _DATA["rights"].items()}
RIGHT_NAMES = sorted(RIGHTS[4])
SUPER_ADMIN = RIGHTS[4]


def profile_rights(profile_id):
    return RIGHTS.get(profile_id) or {name: 0 for name in RIGHT_NAMES}


def have_right(session, rightname, bits):
    return bool(session_rights(session).get(rightname, 0) & bits)


def session_rights(session):
    """The active profile's rights; a High-level API session (``rights_11``) checks with GLPI 11.0.6's
    fresh-install values (glpi11_fields) where they differ from 10.0.12's."""
    values = profile_rights(session.profile_id)
    if getattr(session, "rights_11", False) and session.profile_id in RIGHTS:
        from . import glpi11_fields
        extra = glpi11_fields.SUPER_ADMIN_RIGHTS if session.profile_id == 4 else \
            glpi11_fields.PROFILE_RIGHTS.get(session.profile_id, {})
        values = dict(values, **extra)
    return values


def interface(session):
    return session.profile.get("interface") or "central"


def _ticket_global(session, right):
    """Ticket::canView / canUpdate / canDelete (canCreate is the plain CREATE right)."""
    if right == READ:
        return have_right(session, "ticket", READALL | READMY | UPDATE | READASSIGN | READGROUP | OWN) \
            or have_right(session, "ticketvalidation", TICKET_VALIDATE)
    if right == UPDATE:
        if interface(session) == "helpdesk":
            return have_right(session, "ticket", CREATE)
        return have_right(session, "ticket", UPDATE | ASSIGN | STEAL | OWN | CHANGEPRIORITY)
    if right == DELETE and interface(session) == "helpdesk":
        return have_right(session, "ticket", CREATE)
    return have_right(session, "ticket", right)


def _entity_global(session, right):
    """Entity::canCreate (recursive access to the active entity) and Entity::canUpdate."""
    if right == UPDATE:
        return have_right(session, "entity", UPDATE | ENTITY_UPDATEHELPDESK) or \
            have_right(session, "notification", UPDATE)
    if right == CREATE:
        return have_right(session, "entity", CREATE) and \
            have_recursive_access(session, session.active_entity)
    return have_right(session, "entity", right)


def _ticket_actor_global(session, right):
    """CommonDBRelation::can*() of Ticket_User / Group_Ticket (no right of their own): the
    ticket's canView to read, its canUpdate for every write."""
    return _ticket_global(session, READ if right == READ else UPDATE)


def _document_global(session, right):
    """Document::canCreate(): the document CREATE right, or adding followups to one's tickets."""
    if right == CREATE:
        return have_right(session, "document", CREATE) or have_right(session, "followup", 4)  # ADDMYTICKET
    return have_right(session, "document", right)


def _group_user_global(session, right):
    """Group_User (CommonDBRelation User - Group): viewing needs both ends' canView."""
    if right == READ:
        return have_right(session, "user", READ) and have_right(session, "group", READ)
    return have_right(session, "user", right)


TASK_ADD = 4 | 2048 | 4096 | 16384 | 32768  # ITILSubItemRights: ADDMY, ADD_AS_GROUP, ADDALLITEM, _AS_OBSERVER, _AS_TECHNICIAN
TASK_SEE = 1 | 8192  # SEEPUBLIC, SEEPRIVATE
TASK_UPDATEMY, TASK_UPDATEALL = 2, 1024


def _task_global(session, right):
    """CommonITILTask::canCreate() (any of the add rights) and canView() (see public or private,
    and the ticket viewable); the other rights are the task right's own bits."""
    if right == CREATE:
        return have_right(session, "task", TASK_ADD)
    if right == READ:
        return have_right(session, "task", TASK_SEE) and _ticket_global(session, READ)
    if right == UPDATE:
        return have_right(session, "task", TASK_UPDATEALL | TASK_UPDATEMY)
    return have_right(session, "task", right)


def _config_global(session, right):
    """Webhook (GLPI 11): $rightname 'config'; canCreate, canDelete and canPurge are canUpdate."""
    return have_right(session, "config", READ if right == READ else UPDATE)


def _locked_field_global(session, right):
    """Lockedfield: canView, canCreate and canPurge are all UPDATE on 'locked_field' (Super-Admin: 6)."""
    return have_right(session, "locked_field", UPDATE if right in (READ, CREATE, PURGE) else right)


GLOBAL_RULES = {"Lockedfield": _locked_field_global, "Webhook": _config_global, "QueuedWebhook": _config_global,
                "Group_User": _group_user_global, "Ticket": _ticket_global, "Entity": _entity_global, "Document": _document_global,
                "Ticket_User": _ticket_actor_global, "Group_Ticket": _ticket_actor_global, "TicketTask": _task_global}


def can_view(session, it, store=None):
    """GLPI's Itemtype::canView()."""
    return can_global(session, it, READ, store)


def can_global(session, it, right, store=None):
    from . import child_rights  # CommonDBChild itemtypes: their right and their parent's
    if it.name in child_rights.CHILDREN and store is not None:
        return child_rights.can_global(session, store, it, right)
    rule = GLOBAL_RULES.get(it.name)
    if rule is not None:
        return rule(session, right)
    return have_right(session, it.rightname, right)


def have_recursive_access(session, entities_id):
    """Session::haveRecursiveAccessToEntity()."""
    for ent in session.profile.get("entities", []):
        if ent["id"] == entities_id:
            return bool(ent["is_recursive"])
    return entities_id in session.active_entities


def entity_visible(session, store, entities_id, is_recursive=False):
    """Session::haveAccessToEntity() with recursion of the item."""
    if entities_id is None or entities_id < 0:
        return False
    if entities_id in session.active_entities:
        return True
    if is_recursive:
        from . import trees  # local import: trees needs the store
        ent_it = store.reg.get("Entity")
        return any(entities_id in trees.ancestors_of(store, ent_it, e) for e in session.active_entities)
    return False


NOT_RECURSIVE = {"Profile_User"}  # an is_recursive column, but maybeRecursive() is false


def maybe_recursive(it):
    return it.has_recursive and it.name not in NOT_RECURSIVE


def check_entity(session, store, it, row, recursive=False):
    """CommonDBTM::checkEntity(): recursive items of ancestors count for reads only."""
    if not it.entity_assign:
        return True
    rec = recursive and maybe_recursive(it) and bool(row.get("is_recursive"))
    return entity_visible(session, store, row.get("entities_id"), rec)


def can_item(session, store, it, row, right):
    """CommonDBTM::can($id, $right) for an existing row (dict of stored values)."""
    if not can_global(session, it, right, store):
        return False
    from . import child_rights, item_rights  # the per-itemtype can*Item() rules
    if it.name in child_rights.CHILDREN:
        return child_rights.can_item(session, store, it, row, right)
    rule = item_rights.RULES.get(it.name)
    if rule is not None:
        return rule(session, store, it, row, right)
    return check_entity(session, store, it, row, recursive=(right == READ))


HELPDESK_RIGHTS = ("create_ticket_on_login", "changetemplates_id", "followup", "helpdesk_hardware",
                   "helpdesk_item_type", "knowbase", "password_update", "personalization",
                   "problemtemplates_id", "reminder_public", "reservation", "rssfeed_public",
                   "show_group_hardware", "task", "ticket", "ticket_cost", "ticket_status",
                   "tickettemplates_id", "ticketvalidation")


def more_rights_than(session, profile_id):
    """Profile::currentUserHaveMoreRightThan([id]): everyone with the profile CREATE right; else
    a helpdesk profile from the central interface, or a profile of the same interface whose
    every right is within the active profile's (only the helpdesk rights from helpdesk)."""
    if have_right(session, "profile", CREATE):
        return True
    target = PROFILES.get(profile_id)
    if target is None or profile_id not in RIGHTS:
        return False
    mine = interface(session)
    if mine == "central" and target["interface"] == "helpdesk":
        return True
    if target["interface"] != mine:
        return False
    current = profile_rights(session.profile_id)
    names = [n for n in RIGHT_NAMES if mine == "central" or n in HELPDESK_RIGHTS]
    return all((RIGHTS[profile_id].get(n, 0) | current.get(n, 0)) == current.get(n, 0) for n in names)
