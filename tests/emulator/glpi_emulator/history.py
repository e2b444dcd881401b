"""History (glpi_logs) as GLPI 10.0.12 writes it for API writes (Log::history and its callers),
read back by ``with_logs``. Rules checked on a real 10.0.12:

- CommonDBTM::add of an itemtype with ``$dohistory``: one row, linked_action 20 (create),
  itemtype_link "0"; written after post_addItem, so a child's or a relation's own rows come first.
- CommonDBChild (Item_Disk, NetworkPort, SoftwareVersion, Notepad, ...): the parent gets 17
  (add sub-item), itemtype_link the child's type, new_value "name (id)".
- CommonDBRelation: side 1 then side 2 get 15 (add relation; 4 install for software versions),
  itemtype_link the other side's type, new_value its "name (id)"; Item_Device*: the item gets
  1 (add device) naming the device model.
- CommonDBTM::update: Log::constructHistory, one row per changed field that a search option of
  the itemtype shows (linked_action 0, id_search_option, old / new value; a foreign key shows
  "name (id)" of the dropdown). date_mod is not logged.
- delete (trash) 13, restore 14 (itemtype_link "0"); a purge removes the item's rows.
- user_name "login (id)" (User::getNameForLog: real name and first name when set).
"""
from . import items, trees, values

CREATE, DELETE, RESTORE, ADD_RELATION, DEL_RELATION, ADD_SUBITEM, DELETE_SUBITEM = 20, 13, 14, 15, 16, 17, 19
ADD_DEVICE, DELETE_DEVICE, INSTALL_SOFTWARE, UNINSTALL_SOFTWARE = 1, 3, 4, 5
REMOVED = {ADD_RELATION: DEL_RELATION, ADD_SUBITEM: DELETE_SUBITEM, ADD_DEVICE: DELETE_DEVICE,
           INSTALL_SOFTWARE: UNINSTALL_SOFTWARE}

# $dohistory = true in GLPI 10.0.12 (src/*.php), for the itemtypes the emulator knows; every
# CommonDropdown and CommonDevice too (see has_history).
HISTORY_TYPES = {
    "Budget", "Change", "Computer", "Contract", "Document", "Domain", "DomainRelation", "Entity", "Group",
    "ITILCategory", "ITILSolution", "Infocom", "Item_Disk", "Location", "Monitor", "NetworkEquipment",
    "NetworkName", "NetworkPort", "Peripheral", "Phone", "Printer", "Problem", "Profile", "Software",
    "SoftwareLicense", "SoftwareVersion", "Supplier", "Ticket", "User", "UserEmail",
}
NO_HISTORY = {"Config", "Log", "Notepad", "Item_SoftwareVersion"}
SIMPLE_MESSAGE = 12
# CommonITILActor: (actor itemtype, ticket key, search option of the ticket per role 1 requester 2 assigned 3 observer).
ITIL_ACTORS = {"Ticket_User": ("User", "tickets_id", {1: 4, 2: 5, 3: 66}),
               "Group_Ticket": ("Group", "tickets_id", {1: 71, 2: 8, 3: 65}),
               "Supplier_Ticket": ("Supplier", "tickets_id", {2: 6})}
# CommonDBChild classes that log on their parent (itemtype/items_id or a fixed parent key).
CHILD_PARENT = {"Item_Disk": None, "NetworkPort": None, "Notepad": None, "SoftwareVersion": "Software",
                "NetworkName": None, "UserEmail": "User"}
# CommonDBRelation: (type-1 key or fixed itemtype, id-1 key, type-2, id-2, action) as static $itemtype_1/2.
RELATIONS = {
    "Computer_Item": ("Computer", "computers_id", "itemtype", "items_id", ADD_RELATION),
    "Contract_Item": ("Contract", "contracts_id", "itemtype", "items_id", ADD_RELATION),
    "Document_Item": ("Document", "documents_id", "itemtype", "items_id", ADD_RELATION),
    "Item_Ticket": ("Ticket", "tickets_id", "itemtype", "items_id", ADD_RELATION),
    "Item_Problem": ("Problem", "problems_id", "itemtype", "items_id", ADD_RELATION),
    "Change_Item": ("Change", "changes_id", "itemtype", "items_id", ADD_RELATION),
    "Item_SoftwareVersion": ("itemtype", "items_id", "SoftwareVersion", "softwareversions_id", INSTALL_SOFTWARE),
    "Item_SoftwareLicense": ("itemtype", "items_id", "SoftwareLicense", "softwarelicenses_id", ADD_RELATION),
    "Item_OperatingSystem": ("itemtype", "items_id", "OperatingSystem", "operatingsystems_id", ADD_RELATION),
    "Group_User": ("User", "users_id", "Group", "groups_id", ADD_RELATION),
}


def has_history(it):
    if it.name in NO_HISTORY:
        return False
    if it.name in HISTORY_TYPES or it.name.startswith("Device") or it.name.startswith("Item_Device"):
        return True
    return (it.rightname == "dropdown" or it.is_tree) and not it.is_relation and not it.polymorphic


def user_name(ctx):
    if getattr(ctx.session, "log_name", None):  # GLPI's own processes: "inventory", "cron", ...
        return ctx.session.log_name
    user = ctx.store.get(ctx.reg.get("User"), ctx.session.user_id)
    if user is None:
        return ""
    return "%s (%d)" % (items.user_display_name(user), user["id"])


def write(ctx, itemtype, items_id, link="", action=0, option=0, old="", new=""):
    """Log::history()."""
    ctx.store.insert(ctx.reg.get("Log"), {
        "itemtype": itemtype, "items_id": items_id, "itemtype_link": str(link), "linked_action": action,
        "user_name": user_name(ctx), "date_mod": values.now(), "id_search_option": option,
        "old_value": _cut(old), "new_value": _cut(new)})


def _cut(value):
    return "" if value is None else str(value)[:180]


def history_name(ctx, it, row):
    """getNameID(['forceid' => true]) as the history shows it."""
    if row is None:
        return ""
    if it.name in ("SoftwareVersion", "SoftwareLicense"):
        software = ctx.store.get(ctx.reg.get("Software"), row.get("softwares_id") or 0)
        name = "%s - %s" % ((software or {}).get("name") or "", row.get("name") or "")
    elif it.name == "NetworkPort":
        parent_it = ctx.reg.get(row.get("itemtype")) if row.get("itemtype") else None
        parent = ctx.store.get(parent_it, row.get("items_id") or 0) if parent_it else None
        name = "%s - %s" % ((parent or {}).get("name") or "", row.get("name") or "")
    elif it.name == "User":
        name = items.user_display_name(row)
    elif it.name == "UserEmail":
        name = row.get("email") or ""
    elif "designation" in it.col:
        name = row.get("designation") or ""
    elif it.is_tree and row.get("completename"):
        name = trees.dropdown_name(ctx.store, it, row)
    else:
        name = row.get("name") or ""
    return "%s (%d)" % (name or "N/A", row["id"])


def _load(ctx, itemtype, item_id):
    other_it = ctx.reg.get(itemtype) if isinstance(itemtype, str) else None
    row = ctx.store.get(other_it, values.php_int(item_id)) if other_it is not None else None
    return other_it, row


def after_insert(ctx, it, new_id):
    """What the new row logs on the items it links (CommonDBRelation / CommonDBChild /
    CommonITILActor post_addItem), before the effects of its own post_addItem."""
    row = ctx.store.get(it, new_id)
    if row is not None:
        _link_rows(ctx, it, row, False)


def after_add(ctx, it, new_id):
    """The creation row CommonDBTM::add writes once post_addItem is done."""
    row = ctx.store.get(it, new_id)
    if row is None:
        return
    if it.name == "User":  # User::post_addItem added its first authorization before the creation row
        for link in ctx.store.find(ctx.reg.get("Profile_User"), "users_id = ?", (new_id,)):
            _profile_user_rows(ctx, link, False)
    if has_history(it):
        write(ctx, it.name, new_id, "0", CREATE)


def _link_rows(ctx, it, row, removed):
    """What a relation, a device link or a child logs on the items it links (added or removed)."""
    def log(target_it, target, link, action, name):
        if target is not None and target_it is not None and has_history(target_it):
            old, new = (name, "") if removed else ("", name)
            write(ctx, target_it.name, target["id"], link, REMOVED[action] if removed else action, old=old, new=new)
    if it.name == "Profile_User":
        _profile_user_rows(ctx, row, removed)
    elif it.name in ITIL_ACTORS:
        _actor_rows(ctx, it, row, removed)
    elif it.name in ("ITILFollowup", "ITILSolution") and not removed:
        _itil_child_rows(ctx, it, row)
    elif it.name in RELATIONS:
        _relation_rows(ctx, it, row, log)
    elif it.is_tree and row.get(it.tree_fk):  # CommonTreeDropdown: the parent logs its new child
        parent_it, parent = _load(ctx, it.name, row.get(it.tree_fk))
        log(parent_it, parent, it.name, ADD_SUBITEM, "%s (%d)" % (row.get("name") or "", row["id"]))
    elif it.name.startswith("Item_Device"):
        dev_it, device = _load(ctx, it.name[len("Item_"):], _device_id(it, row))
        parent_it, parent = _load(ctx, row.get("itemtype"), row.get("items_id"))
        if dev_it is not None:
            log(parent_it, parent, dev_it.name, ADD_DEVICE, history_name(ctx, dev_it, device))
    elif it.name in CHILD_PARENT:
        fixed = CHILD_PARENT[it.name]
        if fixed:
            parent_it, parent = _load(ctx, fixed, row.get(ctx.reg.get(fixed).fk))
        else:
            parent_it, parent = _load(ctx, row.get("itemtype"), row.get("items_id"))
        log(parent_it, parent, it.name, ADD_SUBITEM, history_name(ctx, it, row))


def _device_id(it, row):
    for col in it.colnames:
        if col.startswith("device") and col.endswith("_id"):
            return row.get(col)
    return 0


def _profile_user_rows(ctx, row, removed):
    """Profile_User::logOperation(): on the user "entity (id), profile (id) (D, R)", on the
    profile "user (id), entity (id) (D, R)"; sub-item added (17) or deleted (19)."""
    user_it, user = _load(ctx, "User", row.get("users_id"))
    profile_it, profile = _load(ctx, "Profile", row.get("profiles_id"))
    entity_it, entity = _load(ctx, "Entity", row.get("entities_id"))
    if user is None or profile is None or entity is None:
        return
    flags = [flag for flag, key in (("D", "is_dynamic"), ("R", "is_recursive")) if row.get(key)]
    suffix = " (%s)" % ", ".join(flags) if flags else ""
    entity_name = "%s (%d)" % (values.decode_html(entity.get("completename") or entity.get("name") or ""), entity["id"])
    action = DELETE_SUBITEM if removed else ADD_SUBITEM
    for target_it, target, link, text in (
            (user_it, user, "Profile", "%s, %s%s" % (entity_name, history_name(ctx, profile_it, profile), suffix)),
            (profile_it, profile, "User", "%s, %s%s" % (history_name(ctx, user_it, user), entity_name, suffix))):
        old, new = (text, "") if removed else ("", text)
        write(ctx, target_it.name, target["id"], link, action, old=old, new=new)


def _actor_rows(ctx, it, row, removed):
    """CommonITILActor: the ticket logs the actor under the search option of its role."""
    kind, parent_key, options = ITIL_ACTORS[it.name]
    ticket_it, ticket = _load(ctx, "Ticket", row.get(parent_key))
    actor_it, actor = _load(ctx, kind, row.get(ctx.reg.get(kind).fk))
    option = options.get(values.php_int(row.get("type")))
    if ticket is None or actor is None or option is None:
        return
    name = history_name(ctx, actor_it, actor)
    old, new = (name, "") if removed else ("", name)
    write(ctx, "Ticket", ticket["id"], kind, DEL_RELATION if removed else ADD_RELATION, option, old, new)


def _itil_child_rows(ctx, it, row):
    """A followup logs its id then "Followups (id)" (simple message, 12); a solution "id (id)"."""
    parent_it, parent = _load(ctx, row.get("itemtype"), row.get("items_id"))
    if parent is None or not has_history(parent_it):
        return
    if it.name == "ITILFollowup":
        write(ctx, parent_it.name, parent["id"], it.name, ADD_SUBITEM, new=str(row["id"]))
        write(ctx, parent_it.name, parent["id"], it.name, SIMPLE_MESSAGE, new="Followups (%d)" % row["id"])
    else:
        write(ctx, parent_it.name, parent["id"], it.name, ADD_SUBITEM, new="%d (%d)" % (row["id"], row["id"]))


def _relation_rows(ctx, it, row, log):
    type1, key1, type2, key2, action = RELATIONS[it.name]
    one_it, one = _load(ctx, row.get(type1) if type1 == "itemtype" else type1, row.get(key1))
    two_it, two = _load(ctx, row.get(type2) if type2 == "itemtype" else type2, row.get(key2))
    if it.name == "Item_OperatingSystem" and two is None and one is not None:  # no system chosen: "N/A ()"
        log(one_it, one, "OperatingSystem", action, "N/A ()")
        return
    if one is None or two is None:
        return
    log(one_it, one, two_it.name, action, history_name(ctx, two_it, two))
    log(two_it, two, one_it.name, action, history_name(ctx, one_it, one))


def _option_for(ctx, it, key):
    """Log::constructHistory(): the first search option showing ``key`` (and its table)."""
    for option_id, option in (it.search_options or {}).items():
        table = option.get("table") if isinstance(option, dict) else None
        if not table or not option_id.isdigit():
            continue
        parts = (option.get("uid") or "").split(".")[1:-1]
        if table == it.table and not parts:
            linkfield = option.get("field")
        elif parts and parts[0][:1].islower() and len(parts) == 2:
            linkfield = parts[0]
        elif len(parts) == 1:
            linkfield = table[len("glpi_"):] + "_id"
        else:
            continue
        if linkfield == key:
            return int(option_id), table
    return None, None


def config_change(ctx, name, old, new, context="core"):
    """Config::logConfigChange(): on Config 1, option 1, old value prefixed by the name."""
    prefix = name + (" (%s) " % context if context != "core" else " ")
    write(ctx, "Config", 1, "", 0, 1, prefix + (old or ""), new or "")


def after_update(ctx, it, item_id, current, changes):
    if it.name == "Config" and "value" in changes and (current.get("value") or "") != (changes["value"] or ""):
        config_change(ctx, current.get("name") or "", current.get("value"), changes["value"],
                      current.get("context") or "core")
    if not has_history(it):
        return
    for key, new in changes.items():
        if key in ("date_mod", "date_creation", "id"):
            continue
        option, table = _option_for(ctx, it, key)
        if option is None:
            continue
        old = current.get(key)
        if _text(old) == _text(new):  # PHP's loose != : NULL and '' are no change
            continue
        if table != it.table:
            old = "%s (%s)" % (items.dropdown_name(ctx, table, old) or "&nbsp;", old)
            new = "%s (%s)" % (items.dropdown_name(ctx, table, new) or "&nbsp;", new)
        write(ctx, it.name, item_id, "", 0, option, _text(old), _text(new))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def after_delete(ctx, it, item_id, purge, current=None):
    if purge and current is not None:
        _link_rows(ctx, it, current, True)
    if purge:
        ctx.store.query("DELETE FROM glpi_logs WHERE itemtype=? AND items_id=?", (it.name, item_id))
    elif has_history(it):
        write(ctx, it.name, item_id, "0", DELETE)


def after_restore(ctx, it, item_id):
    if has_history(it):
        write(ctx, it.name, item_id, "0", RESTORE)


def login_preferences(store, user):
    """At login GLPI updates the user; a preference equal to the global setting is stored as NULL
    (User::prepareInputForUpdate), logged before the session exists (no user name). A fresh install's
    post-only, tech and normal have language en_GB, so their first login logs it."""
    found = store.query("SELECT value FROM glpi_configs WHERE context = 'core' AND name = 'language'")
    if not found or user.get("language") is None or user.get("language") != found[0][0]:
        return
    store.update(store.reg.get("User"), user["id"], {"language": None})
    store.insert(store.reg.get("Log"), {
        "itemtype": "User", "items_id": user["id"], "itemtype_link": "", "linked_action": 0, "user_name": "",
        "date_mod": values.now(), "id_search_option": 17, "old_value": user["language"], "new_value": None})
