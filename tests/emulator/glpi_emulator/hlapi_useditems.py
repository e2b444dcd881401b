"""``/Administration/User/{Me|id|username/name}/UsedItem`` and ``.../ManagedItem``
(AdministrationController::getUsedOrManagedItems, 11.0.6): a union search over the assignable
itemtypes that have a ``users_id`` (used) or ``users_id_tech`` (managed) column, filtered on the
user; each row is ``{_itemtype, id}``, paged like any list."""
from . import hlapi_crud, items, rights

# $CFG_GLPI['assignable_types'] (src/autoload/CFG_GLPI.php), in its order
ASSIGNABLE_TYPES = ("Appliance", "Cable", "CartridgeItem", "Certificate", "Cluster", "Computer", "ConsumableItem",
                    "DatabaseInstance", "Domain", "DomainRecord", "Enclosure", "Item_DeviceSimcard", "Line", "Monitor",
                    "NetworkEquipment", "PassiveDCEquipment", "PDU", "Peripheral", "Phone", "Printer", "Rack",
                    "Software", "SoftwareLicense", "Unmanaged")


def used_items(hl):
    return _items(hl, "users_id")


def managed_items(hl):
    return _items(hl, "users_id_tech")


def _user_id(hl):
    """Me, /User/{id} or /User/username/{name} (an unknown name matches nobody)."""
    parts = hl.parts
    if parts[2].lower() == "me":
        return hl.session.user_id
    if parts[2].isdigit():
        return int(parts[2])
    found = hl.store.find(hl.store.reg.get("User"), "name = ?", (parts[3],))
    return found[0]["id"] if found else -1


def _items(hl, column):
    """The user's items; 403 without the User READ right (post-only, also on /Me)."""
    if not rights.can_view(hl.session, hl.store.reg.get("User"), hl.store):
        raise hlapi_crud.access_denied()
    user_id = _user_id(hl)
    ctx = hl.legacy_ctx()
    rows = []
    for name in ASSIGNABLE_TYPES:
        it = hl.store.reg.get(name)
        if it is None or column not in it.col:
            continue
        where, params = items.visible_clause(ctx, it)
        found = hl.store.find(it, "%s AND %s = ?" % (where, column), tuple(params) + (user_id,), order="id")
        rows += [{"_itemtype": name, "id": row["id"]} for row in found]
    return hlapi_crud.page_response(hl, None, rows)


def route(method, parts):
    """The handler and scopes of a used/managed items path, or None."""
    if method != "GET" or len(parts) not in (4, 5) or parts[:2] != ["administration", "user"]:
        return None
    kind = parts[-1]
    if kind not in ("useditem", "manageditem"):
        return None
    who = parts[2:-1]
    if who == ["me"]:
        scopes = ("user",)
    elif (len(who) == 1 and who[0].isdigit()) or (len(who) == 2 and who[0] == "username"):
        scopes = ("api",)
    else:
        return None
    return (used_items if kind == "useditem" else managed_items), scopes
