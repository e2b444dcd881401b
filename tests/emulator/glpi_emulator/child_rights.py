"""Rights of CommonDBChild itemtypes (GLPI 10.0.12 src/CommonDBChild.php, CommonDBConnexity.php).

A child's static can*() is its own right (when it has a ``$rightname``) and, for a fixed parent
itemtype, the parent's static right (canView to read, canUpdate to write; canView only with
HAVE_VIEW_RIGHT_ON_ITEM). On an item (and on a create, with the input) the parent must exist
(``$mustBeAttached``) and the user must be able to update it (view it to read it, or with
HAVE_VIEW_RIGHT_ON_ITEM).
"""
from . import rights

SAME, VIEW = "same", "view"
# itemtype: (own right name or None, parent itemtype or "itemtype" (polymorphic), parent id field, check)
CHILDREN = {
    "Item_Disk": (None, "itemtype", "items_id", SAME),
    "NetworkPort": ("networking", "itemtype", "items_id", SAME),
    "ReservationItem": ("reservation", "itemtype", "items_id", VIEW),
    "UserEmail": (None, "User", "users_id", SAME),
}
RESERVEANITEM = 1024


def _own_right(session, name, spec, right):
    own = spec[0]
    if own is None:
        return True
    if name == "ReservationItem" and right == rights.READ:  # ReservationItem::canView
        return rights.have_right(session, own, rights.READ | RESERVEANITEM)
    return rights.have_right(session, own, right)


def can_global(session, store, it, right):
    spec = CHILDREN[it.name]
    if not _own_right(session, it.name, spec, right):
        return False
    parent = spec[1]
    if parent == "itemtype":
        return True
    wanted = rights.READ if right == rights.READ or spec[3] == VIEW else rights.UPDATE
    return rights.can_global(session, store.reg.get(parent), wanted)


def can_item(session, store, it, row, right):
    """canCreateItem / canViewItem / canUpdateItem / canDeleteItem of a child (row: the stored
    values, or the input of a create)."""
    spec = CHILDREN[it.name]
    if right == rights.PURGE:  # CommonDBTM::canPurgeItem
        return rights.check_entity(session, store, it, row)
    parent_it = store.reg.get(row.get("itemtype") if spec[1] == "itemtype" else spec[1])
    if not isinstance(parent_it, object) or parent_it is None:
        return False
    try:
        parent_id = int(row.get(spec[2]))
    except (TypeError, ValueError):
        return False
    parent = store.get(parent_it, parent_id)
    if parent is None:
        return False  # $mustBeAttached
    wanted = rights.READ if right == rights.READ or spec[3] == VIEW else rights.UPDATE
    return rights.can_item(session, store, parent_it, parent, wanted)
