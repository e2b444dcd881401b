"""canViewItem / canUpdateItem / canDeleteItem / canPurgeItem of the itemtypes that override
CommonDBTM's entity check (GLPI 10.0.12 src/Entity.php, src/User.php, src/Ticket.php).

Each rule is ``rule(session, store, it, row, right) -> bool`` and runs after the static check
(``rights.can_global``).
"""
from . import rights, trees, values

REQUESTER, ASSIGN, OBSERVER = 1, 2, 3
INCOMING, SOLVED, CLOSED = 1, 5, 6
SYSTEM_USER = 6  # glpi_configs system_user of a fresh install
SUPER_ADMIN_PROFILE = 4
FOLLOWUP_SEEPUBLIC, FOLLOWUP_UPDATEMY, FOLLOWUP_UPDATEALL, FOLLOWUP_SEEPRIVATE = 1, 2, 1024, 8192


def _entity(session, store, it, row, right):
    """Entity::canViewItem / canUpdateItem: the entity itself must be active."""
    return row["id"] in session.active_entities


def user_entities(store, user_id, recursive=True):
    """Profile_User::getUserEntities()."""
    out = []
    ent_it = store.reg.get("Entity")
    for entities_id, is_recursive in store.query(
            "SELECT DISTINCT entities_id, is_recursive FROM glpi_profiles_users WHERE users_id = ?", (user_id,)):
        if is_recursive and recursive:
            out.extend(trees.sons_of(store, ent_it, entities_id))
        else:
            out.append(entities_id)
    return list(dict.fromkeys(out))


def _is_last_super_admin(store, user_id):
    """User::isLastSuperAdminUser(): the only user holding a Super-Admin authorization."""
    holders = set(r[0] for r in store.query(
        "SELECT users_id FROM glpi_profiles_users WHERE profiles_id = ?", (SUPER_ADMIN_PROFILE,)))
    return holders == {user_id}


def _user(session, store, it, row, right):
    """User::canViewItem / canUpdateItem / canDeleteItem / canPurgeItem."""
    all_seen = session.can_view_all_entities(store)
    if right in (rights.DELETE, rights.PURGE):
        if row["id"] == SYSTEM_USER or _is_last_super_admin(store, row["id"]):
            return False
        return all_seen or all(e in session.active_entities for e in user_entities(store, row["id"]))
    if all_seen:
        return True
    entities = user_entities(store, row["id"], recursive=(right == rights.READ))
    return any(e in session.active_entities for e in entities)


def _actors(store, ticket_id, kind):
    users = [r[0] for r in store.query(
        "SELECT users_id FROM glpi_tickets_users WHERE tickets_id = ? AND type = ?", (ticket_id, kind))]
    groups = [r[0] for r in store.query(
        "SELECT groups_id FROM glpi_groups_tickets WHERE tickets_id = ? AND type = ?", (ticket_id, kind))]
    return users, groups


def my_groups(session, store):
    return set(r[0] for r in store.query(
        "SELECT groups_id FROM glpi_groups_users WHERE users_id = ?", (session.user_id,)))


def _ticket_view(session, store, row):
    """Ticket::canViewItem() (ticket validations are not emulated)."""
    if not rights.entity_visible(session, store, row.get("entities_id")):
        return False
    if rights.have_right(session, "ticket", rights.READALL):
        return True
    me = session.user_id
    requesters, requester_groups = _actors(store, row["id"], REQUESTER)
    observers, observer_groups = _actors(store, row["id"], OBSERVER)
    assignees, assigned_groups = _actors(store, row["id"], ASSIGN)
    groups = my_groups(session, store)
    if rights.have_right(session, "ticket", rights.READMY) and (
            row.get("users_id_recipient") == me or me in requesters or me in observers):
        return True
    if rights.have_right(session, "ticket", rights.READGROUP) and \
            groups & set(requester_groups + observer_groups):
        return True
    return rights.have_right(session, "ticket", rights.READASSIGN) and (
        me in assignees or bool(groups & set(assigned_groups))
        or (rights.have_right(session, "ticket", rights.ASSIGN) and row.get("status") == INCOMING))


def _no_action_yet(store, row):
    """No followup and no task on the ticket yet (tasks are not emulated)."""
    if store.reg.get("ITILFollowup") is None:
        return True
    return store.query("SELECT COUNT(*) FROM glpi_itilfollowups WHERE itemtype = 'Ticket' AND items_id = ?",
                       (row["id"],))[0][0] == 0


def _is_requester(session, store, row):
    return session.user_id in _actors(store, row["id"], REQUESTER)[0] or \
        row.get("users_id_recipient") == session.user_id


def _ticket_update(session, store, row):
    """Ticket::canUpdateItem()."""
    if not rights.entity_visible(session, store, row.get("entities_id")):
        return False
    if _is_requester(session, store, row) and row.get("status") not in (SOLVED, CLOSED) \
            and _no_action_yet(store, row):
        return True
    if rights.interface(session) == "helpdesk":
        return False
    owns = rights.have_right(session, "ticket", rights.OWN) and \
        session.user_id in _actors(store, row["id"], ASSIGN)[0]
    return rights.have_right(session, "ticket", rights.UPDATE) or owns


def _ticket_delete(session, store, row):
    """Ticket::canDeleteItem() (canPurgeItem is CommonDBTM's entity check)."""
    if not rights.entity_visible(session, store, row.get("entities_id")):
        return False
    if rights.interface(session) == "helpdesk" and (
            not _is_requester(session, store, row) or not _no_action_yet(store, row)
            or row.get("date") != row.get("date_mod")):
        return False
    return True


def _ticket(session, store, it, row, right):
    if right == rights.READ:
        return _ticket_view(session, store, row)
    if right == rights.UPDATE:
        return _ticket_update(session, store, row)
    if right == rights.DELETE:
        return _ticket_delete(session, store, row)
    return rights.check_entity(session, store, it, row)


def _ticket_readable(session, store, tickets_id):
    ticket_it = store.reg.get("Ticket")
    ticket = store.get(ticket_it, tickets_id)
    return ticket is not None and rights.can_item(session, store, ticket_it, ticket, rights.READ)


def _ticket_actor(session, store, it, row, right):
    """CommonITILActor (Ticket_User, Group_Ticket): read with the ticket (HAVE_SAME_RIGHT_ON_ITEM);
    change or remove with the ticket's update right, or when the actor is oneself."""
    if right == rights.READ:
        return _ticket_readable(session, store, row.get("tickets_id"))
    if right in (rights.UPDATE, rights.DELETE):
        ticket_it = store.reg.get("Ticket")
        ticket = store.get(ticket_it, row.get("tickets_id"))
        return (ticket is not None and _ticket_update(session, store, ticket)) or \
            row.get("users_id") == session.user_id
    return True


def _followup(session, store, it, row, right):
    """ITILFollowup::canViewItem(): the ticket readable, then private followups for SEEPRIVATE
    or their author only."""
    if right == rights.UPDATE:
        return _followup_update(session, store, row)
    if right != rights.READ:
        return True
    if row.get("itemtype") != "Ticket" or not _ticket_readable(session, store, row.get("items_id")):
        return False
    if rights.have_right(session, "followup", FOLLOWUP_SEEPRIVATE):
        return True
    if not row.get("is_private") and rights.have_right(session, "followup", FOLLOWUP_SEEPUBLIC):
        return True
    return row.get("users_id") == session.user_id


def _profile_user(session, store, it, row, right):
    """Profile_User: read with its user (CommonDBRelation, HAVE_SAME_RIGHT_ON_ITEM on User);
    writes check the entity (maybeRecursive() is false)."""
    if right == rights.READ:
        user_it = store.reg.get("User")
        user = store.get(user_it, row.get("users_id"))
        return user is not None and rights.can_item(session, store, user_it, user, rights.READ)
    return rights.check_entity(session, store, it, row)


def _followup_update(session, store, row):
    """ITILFollowup::canUpdateItem(): one's own followups with UPDATEMY, the others' with
    UPDATEALL or as an assignee of the ticket, which must be readable."""
    mine = row.get("users_id") == session.user_id
    if not mine and not rights.have_right(session, "followup", FOLLOWUP_UPDATEALL):
        return False
    if row.get("itemtype") != "Ticket" or not _ticket_readable(session, store, row.get("items_id")):
        return False
    if mine:
        return rights.have_right(session, "followup", FOLLOWUP_UPDATEMY)
    assignees, assigned_groups = _actors(store, row.get("items_id"), ASSIGN)
    return rights.have_right(session, "followup", FOLLOWUP_UPDATEALL) or session.user_id in assignees or \
        bool(my_groups(session, store) & set(assigned_groups))


def _profile(session, store, it, row, right):
    """Profile::canPurgeItem(): not the last super-admin profile (a central profile whose
    ``profile`` right has UPDATE); otherwise CommonDBTM's check (profiles have no entity)."""
    if right in (rights.PURGE, rights.DELETE) and _last_super_admin(store, it, row["id"]):
        return False
    return True


def _last_super_admin(store, it, profile_id):
    admins = [p["id"] for p in store.find(it, "interface = 'central'")
              if rights.profile_rights(p["id"]).get("profile", 0) & rights.UPDATE]
    return admins == [profile_id]


def _task(session, store, it, row, right):
    """CommonITILTask::canUpdateItem(): not on a closed ticket; everyone's with UPDATEALL, one's
    own with UPDATEMY (canViewItem and canPurgeItem: CommonDBTM's checks)."""
    if right != rights.UPDATE:
        return True
    ticket = store.get(store.reg.get("Ticket"), row.get("tickets_id"))
    if ticket is not None and values.php_int(ticket.get("status")) == 6:
        return False
    if rights.have_right(session, "task", rights.TASK_UPDATEALL):
        return True
    return row.get("users_id") == session.user_id and rights.have_right(session, "task", rights.TASK_UPDATEMY)


RULES = {"Entity": _entity, "Profile": _profile, "Profile_User": _profile_user, "User": _user, "Ticket": _ticket, "Ticket_User": _ticket_actor,
         "Group_Ticket": _ticket_actor, "ITILFollowup": _followup, "TicketTask": _task}
