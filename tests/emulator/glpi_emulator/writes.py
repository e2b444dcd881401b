"""Writes: add / update / delete (trash, restore-free purge) with the per-itemtype
prepareInputFor* rules GLPI applies, and the bulk answers of API::createItems /
updateItems / deleteItems.

Public helpers (also for massive.py):
  add_item(ctx, it, obj)                 -> (new id or False, message)
  add_child_internal(ctx, it, obj)       -> new id; an add made by GLPI's own code (no rights check)
  update_item(ctx, it, obj)              -> (ok: bool|None, row id, message) ; None = not found
  apply_update(ctx, it, current, obj)    -> (ok, row id, message); the update without rights check
  delete_item(ctx, it, item_id, purge)   -> (ok: bool|None, message) ; None = not found
  restore_item(ctx, it, item_id)         -> ok: bool|None ; None = not found
"""
import re

from . import child_rights, documents, errors, history, inventory_tables, itil, mailaddr, network, passwords, rights, software, \
    trees, user_emails, values, webhooks, writes_extra
from .store import Duplicate

# Itemtypes whose add message is empty ($auto_message_on_action = false in GLPI 10.0.12,
# subclasses of CommonITILActor, CommonITILTask, CommonITILValidation and NetworkPortInstantiation
# included).
NO_ADD_MESSAGE = {
    "Calendar_Holiday", "Config", "DisplayPreference", "ITILFollowup", "Infocom", "ManualLink", "Notepad",
    "Profile_User", "RegisteredID", "RuleAction", "RuleCriteria", "SavedSearch_User", "UserEmail",
    "Ticket_User", "Group_Ticket", "Supplier_Ticket", "Change_User", "Group_Change", "Supplier_Change",
    "Problem_User", "Group_Problem", "Supplier_Problem", "TicketTask", "ChangeTask", "ProblemTask",
    "TicketValidation", "ChangeValidation", "NetworkPortEthernet", "NetworkPortWifi", "NetworkPortAggregate",
    "NetworkPortAlias", "NetworkPortDialup", "NetworkPortLocal", "NetworkPortFiberchannel"}


# getTypeName(1) where it is not the class name ("General" for a class without a name field
# nor getTypeName()).
TYPE_NAMES = {
    "Contract_Item": "Link Contract/Item", "Document_Item": "Document item", "Domain_Item": "Domain item",
    "Infocom": "Financial and administrative information", "Item_Project": "Project item",
    "Item_SoftwareVersion": "Installation", "Item_Ticket": "Ticket item", "ReservationItem": "Reservable item",
    "ITILSolution": "Solution", "Item_Disk": "Volume", "Item_Problem": "Problem item", "Change_Item": "Change item",
    "NetworkEquipment": "Network device", "Peripheral": "Device", "SoftwareLicense": "License",
}
# getNameField() of the classes that override it (ITILFollowup, UserEmail: no add message).
NAME_FIELDS = {"ITILSolution": "id", "TicketTask": "id", "ChangeTask": "id", "ProblemTask": "id",
               "Consumable": "id", "Cartridge": "id", "Item_DeviceSimcard": "serial"}
# Children (itemtype + items_id) purged with their item, and those that purge their own children.
POLYMORPHIC_CHILDREN = ("Infocom", "NetworkPort", "Item_Disk", "ReservationItem", "ITILFollowup", "ITILSolution",
                        "NetworkName", "IPAddress", "Notepad")
CASCADING_CHILDREN = ("NetworkPort", "NetworkName")
# cleanDBonPurge() of these deletes rows naming them: (itemtype, foreign key, purged or trashed).
CHILDREN_ON_PURGE = {"Software": (("SoftwareLicense", "softwares_id", False), ("SoftwareVersion", "softwares_id", True)),
                     "User": (("UserEmail", "users_id", True),)}
# CommonDBChild::$mustBeAttached: without an existing parent canCreateItem() is false.
MUST_BE_ATTACHED = ("NetworkPort", "IPAddress", "Item_Disk")
# Rules of a fresh install whose actions or criteria name these ids: purging one disables them
# (Rule::cleanForItemActionOrCriteria) and says so.
RULE_REFERENCES = {"Location": (1,)}
RULES_DISABLED = "Rules using the object have been disabled."
# Tree dropdowns whose post_addItem does not call CommonTreeDropdown::post_addItem().
TREE_POST_ADD_OVERRIDDEN = {"SoftwareLicense"}
# useDeletedToLockIfDynamic() is false for these: their trash works whether dynamic or not.
TRASH_NOT_A_LOCK = {"Computer", "ComputerVirtualMachine", "Database", "DatabaseInstance", "Item_Disk", "Line",
                    "Monitor", "NetworkEquipment", "NetworkName", "NetworkPort", "Peripheral", "Phone",
                    "Printer", "Unmanaged"}


class WriteRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _input_entity(ctx, obj):
    value = obj.get("entities_id")
    if value is None or isinstance(value, (dict, list)):
        return ctx.session.active_entity
    return values.php_int(value)


def can_create(ctx, it, obj):
    """CommonDBTM::can(-1, CREATE, $input)."""
    session, store = ctx.session, ctx.store
    if it.name == "Document" and documents.can_create(ctx, obj):
        return rights.entity_visible(session, store, _input_entity(ctx, obj), bool(values.php_int(obj.get("is_recursive"))))
    if not rights.can_global(session, it, rights.CREATE, store):
        return False
    if it.name in child_rights.CHILDREN:
        return child_rights.can_item(session, store, it, obj, rights.CREATE)
    if it.name == "Entity":  # Entity::canCreateItem: recursive access to the parent
        return rights.have_recursive_access(session, _input_entity(ctx, obj))
    if it.name == "Profile_User":
        prof = store.get(ctx.reg.get("Profile"), values.php_int(obj.get("profiles_id")))
        user = store.get(ctx.reg.get("User"), values.php_int(obj.get("users_id")))
        # Profile_User::canCreateItem: the user readable, a profile under the active one, the entity active
        return prof is not None and user is not None and \
            rights.can_item(session, store, ctx.reg.get("User"), user, rights.READ) and \
            rights.more_rights_than(session, prof["id"]) and \
            rights.entity_visible(session, store, _input_entity(ctx, obj))
    if it.name == "Domain_Item":
        return _can_link_domain_item(ctx, obj)
    if it.name == "Computer_Item":
        return rights.can_global(session, it, rights.CREATE) and writes_extra.can_connect(ctx, obj)
    if it.name == "Group_User":
        return store.get(ctx.reg.get("Group"), values.php_int(obj.get("groups_id"))) is not None \
            and store.get(ctx.reg.get("User"), values.php_int(obj.get("users_id"))) is not None
    if it.name in itil.CHILDREN:
        return itil.can_create_child(ctx, it, obj)
    if it.name in MUST_BE_ATTACHED and _parent_of(ctx, obj)[1] is None:
        return False
    if it.entity_assign:
        rec = values.php_int(obj.get("is_recursive")) if it.has_recursive else 0
        return rights.entity_visible(session, store, _input_entity(ctx, obj), bool(rec))
    return True


def _can_link_domain_item(ctx, obj):
    """CommonDBRelation::canCreateItem() for Domain_Item: both ends must exist (mustBeAttached),
    one end updatable and the other viewable (HAVE_SAME_RIGHT_ON_ITEM on both sides), and the
    two entities coherent (same entity, or the recursive end's entity an ancestor of the other).
    Domain::canUpdate() is the static check besides the 'domain' CREATE right."""
    session, store, reg = ctx.session, ctx.store, ctx.reg
    domain_it = reg.get("Domain")
    if not rights.have_right(session, domain_it.rightname, rights.UPDATE):
        return False
    domain = store.get(domain_it, values.php_int(obj.get("domains_id")))
    item_it = reg.get(obj.get("itemtype")) if isinstance(obj.get("itemtype"), str) else None
    item = store.get(item_it, values.php_int(obj.get("items_id"))) if item_it is not None else None
    if domain is None or item is None:
        return False
    ends = ((domain_it, domain), (item_it, item))
    can = [rights.can_item(session, store, end_it, row, rights.UPDATE) for end_it, row in ends]
    view = [rights.can_item(session, store, end_it, row, rights.READ) for end_it, row in ends]
    if not (can[0] or can[1]) or (can[0] and not view[1]) or (can[1] and not view[0]):
        return False
    if not (domain_it.entity_assign and item_it.entity_assign):
        return True
    entity_it = reg.get("Entity")
    for (one_it, one), (other_it, other) in (ends, ends[::-1]):
        if one.get("entities_id") == other.get("entities_id"):
            return True
        if one_it.has_recursive and one.get("is_recursive") and one.get("entities_id") in \
                trees.ancestors_of(store, entity_it, other.get("entities_id")):
            return True
    return False


def _coerce(ctx, it, obj, skip=("id",)):
    row = {}
    store_text = ctx.dialect.store_input
    for key, value in obj.items():
        col = it.col.get(key)
        if col is None or key in skip:
            continue
        row[key] = values.to_storage(col, value, store_text)
    return ctx.dialect.write_row(it, obj, row)


def _refuse(message):
    raise WriteRefused(message)


def _parent_of(ctx, obj):
    pit = ctx.reg.get(obj.get("itemtype"))
    if pit is None:
        return None, None
    return pit, ctx.store.get(pit, values.php_int(obj.get("items_id")))


def _prepare_add(ctx, it, obj, row):
    """prepareInputForAdd() of the itemtypes with rules; raises WriteRefused."""
    now = values.now()
    name = it.name
    if name == "User":
        # User::prepareInputForAdd hashes the password only when password2 comes with it;
        # without password2 the value is stored as given (and no login can match it).
        pwd, pwd2 = obj.get("password"), obj.get("password2")
        if pwd2 is not None and pwd is not None and pwd != "":
            if pwd != pwd2:
                raise WriteRefused("Error: the two passwords do not match")
            row["password"] = passwords.hash_password(str(pwd))
            row["password_last_update"] = now
        if not _valid_login(obj.get("name")):
            raise WriteRefused("The login is not valid. Unable to add the user.")
        if ctx.store.find(it, "name = ?", (row.get("name"),)):
            raise WriteRefused("Unable to add. The user already exists.")
        row.setdefault("authtype", 1)
        row.pop("api_token", None)
    elif name == "UserEmail":
        if not _valid_email(obj.get("email")):
            raise WriteRefused("")
        # UserEmail::prepareInputForAdd: a user's first email is the default one.
        if not ctx.store.find(it, "users_id = ?", (values.php_int(obj.get("users_id")),)):
            row["is_default"] = 1
    elif name == "SoftwareLicense" and software.prepare_license_add(obj):
        raise WriteRefused(software.prepare_license_add(obj))
    elif name == "IPAddress":
        refused = network.prepare_ip_input(ctx, obj, row)
        if refused:
            raise WriteRefused(refused)
    elif name == "Ticket":
        itil.prepare_ticket_add(ctx, obj, row)
    elif name in itil.CHILDREN:
        itil.prepare_child_add(ctx, it, obj, row)
    elif name == "Document":
        documents.prepare_add(ctx, obj, row, _refuse)
    elif name in ("Problem", "Change", "Notepad"):
        writes_extra.prepare_add(ctx, it, obj, row)
    elif name == "Computer_Item" and writes_extra.connection_refused(ctx, it, obj):
        raise WriteRefused("")
    elif name == "Document_Item":  # Document_Item::prepareInputForAdd
        if "users_id" not in obj:
            row["users_id"] = ctx.session.user_id
        if obj.get("itemtype") in ("Ticket", "Problem", "Change") and "timeline_position" not in obj:
            row["timeline_position"] = documents.timeline_position(
                ctx, obj["itemtype"], values.php_int(obj.get("items_id")), row["users_id"])
    elif name in ("Infocom", "NetworkPort", "Item_Disk", "ReservationItem", "Item_OperatingSystem"):
        _parent_type, parent = _parent_of(ctx, obj)
        if parent is None and name == "Item_OperatingSystem":  # copies the missing item's NULL entity
            raise WriteRefused("Column 'entities_id' cannot be null")
        if parent is None and name == "Infocom":  # Infocom::prepareInputForAdd: no item, no infocom
            raise WriteRefused("")
        if parent is not None and "entities_id" in parent:
            row["entities_id"] = parent["entities_id"]
            if "is_recursive" in it.col:
                row["is_recursive"] = parent.get("is_recursive") or 0
    if it.is_tree:
        tree_input = dict(row)
        trees.adapt_fields(ctx.store, it, None, tree_input)
        row.update(tree_input)
    for col in ("date_creation", "date_mod"):
        if col in it.col and row.get(col) is None:
            row[col] = now


def _add_message(ctx, it, new_id, row, obj):
    if it.name in NO_ADD_MESSAGE:
        return ""
    dialect = ctx.dialect
    name = dialect.message_name(row.get("name") or "")
    if it.name in NAME_FIELDS:  # getNameField() is not "name"
        field = NAME_FIELDS[it.name]
        name = str(new_id) if field == "id" else dialect.message_name(str(row.get(field) or ""))
    label = writes_extra.add_label(ctx, it, new_id, row, obj)  # devices, Problem, Change
    if it.name in NAME_FIELDS and (name or label is None):
        label = name or "%s - ID %d" % (TYPE_NAMES.get(it.name, it.name), new_id)
    elif label is not None:
        pass
    elif it.name == "Ticket":
        label = dialect.ticket_label(name, new_id)
    elif it.name == "User":
        label = " ".join(x for x in (row.get("realname"), row.get("firstname")) if x) or name
    elif it.name == "NetworkPort":
        _parent_type, parent = _parent_of(ctx, obj)
        label = " %s >  %s" % ((parent or {}).get("name") or "", name)
    elif it.name == "Item_OperatingSystem":  # computeFriendlyName(): the item's type and name
        _item_it, item = _parent_of(ctx, obj)
        label = "%s %s" % (TYPE_NAMES.get(obj.get("itemtype"), obj.get("itemtype")),
                           dialect.message_name((item or {}).get("name") or ""))
    elif it.name == "Item_Ticket":  # Item_Ticket::addMessageOnAddAction(): the linked item
        _item_it, item = _parent_of(ctx, obj)
        label = dialect.message_name((item or {}).get("name") or "") or "%s - ID %d" % (
            TYPE_NAMES.get(obj.get("itemtype"), obj.get("itemtype")), values.php_int(obj.get("items_id")))
    elif it.label_field is None:
        label = "%s - ID %d" % (TYPE_NAMES.get(it.name, "General"), new_id)
    else:
        label = name or "%s - ID %d" % (TYPE_NAMES.get(it.name, it.name), new_id)
    return "Item successfully added: %s" % dialect.message_label(label)


def _post_add(ctx, it, new_id, row, obj):
    store, reg = ctx.store, ctx.reg
    if it.is_tree and it.name not in TREE_POST_ADD_OVERRIDDEN:
        trees.post_add(store, it, new_id)
    if it.name == "User":
        user_emails.update_user_emails(ctx, new_id, obj)
        _add_first_profile(ctx, new_id, obj)
    elif it.name == "UserEmail" and row.get("is_default"):
        _unset_other_default_emails(ctx, it, new_id, row.get("users_id"))
    elif it.name == "NetworkName":
        network.work_on_name(ctx, new_id, obj)
    elif it.name == "Item_SoftwareLicense":
        software.update_license_validity(ctx, row.get("softwarelicenses_id"))
    elif it.name == "SoftwareLicense":
        software.update_software_validity(ctx, row.get("softwares_id"))
    elif it.name == "Ticket":
        itil.post_ticket_add(ctx, new_id, obj)
    elif it.name in itil.CHILDREN:
        itil.post_child_add(ctx, it, new_id, row, obj)
    elif it.name == "Document":
        documents.post_add(ctx, it, new_id, obj, add_child_internal)


def _add_first_profile(ctx, new_id, obj):
    """User::post_addItem: the profile chosen in the form (_profiles_id, _entities_id,
    _is_recursive) as a static link, else the default profile as a dynamic one."""
    store, reg = ctx.store, ctx.reg
    chosen = values.php_int(obj.get("_profiles_id") or 0)
    if chosen and store.get(reg.get("Profile"), chosen) is not None and \
            rights.more_rights_than(ctx.session, chosen):
        link = {"profiles_id": chosen, "is_dynamic": 0, "is_default_profile": 0}
    else:
        default = store.find(reg.get("Profile"), "is_default = 1")
        if not default:
            return
        link = {"profiles_id": default[0]["id"], "is_dynamic": 1, "is_default_profile": 1}
    entity = obj.get("_entities_id")
    link["entities_id"] = ctx.session.active_entity if entity is None else values.php_int(entity)
    link["is_recursive"] = values.php_int(obj.get("_is_recursive") or 0)
    link["users_id"] = new_id
    store.insert(reg.get("Profile_User"), link)


def add_item_internal(ctx, it, obj):
    """CommonDBTM::add() from GLPI's own code whose failure is ignored: the new id or False."""
    try:
        return add_child_internal(ctx, it, obj)
    except WriteRefused:
        return False


def _valid_login(value):
    """Auth::isValidLogin(): letters, digits, ' @ . - _ and spaces, or an email address."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return bool(re.fullmatch(r"[\w'@.\- ]+", text)) or _valid_email(text)


def _valid_email(value):
    """UserEmail::checkInputEmailValidity(): an email is required, one GLPIMailer accepts."""
    return isinstance(value, str) and mailaddr.valid_address(values.decode_html(value))


def _unset_other_default_emails(ctx, it, email_id, users_id):
    ctx.store.query('UPDATE "%s" SET is_default = 0 WHERE id <> ? AND users_id = ?' % it.table,
                    (email_id, users_id))


def _user_update_rules(ctx, item_id, obj, row):
    """User::prepareInputForUpdate: the password changes only with a matching password2;
    the default profile, entity and group are silently dropped unless the user has them."""
    store, reg = ctx.store, ctx.reg
    pwd = obj.get("password")
    row.pop("password", None)
    if obj.get("password2") is not None and pwd:
        if obj.get("password2") != pwd:
            return "Error: the two passwords do not match"
        row["password"] = passwords.hash_password(str(pwd))
        row["password_last_update"] = values.now()
    row.pop("api_token", None)
    links = store.find(reg.get("Profile_User"), "users_id = ?", (item_id,))
    if "profiles_id" in row and row["profiles_id"] not in [link["profiles_id"] for link in links]:
        row.pop("profiles_id")
    if row.get("entities_id") and row["entities_id"] > 0:
        entities = set()
        for link in links:
            entities.add(link["entities_id"])
            if link["is_recursive"]:
                entities.update(trees.sons_of(store, reg.get("Entity"), link["entities_id"]))
        if row["entities_id"] not in entities:
            row.pop("entities_id")
    if row.get("groups_id") and row["groups_id"] > 0 and not store.find(
            reg.get("Group_User"), "users_id = ? AND groups_id = ?", (item_id, row["groups_id"])):
        row.pop("groups_id")
    return None


def add_item(ctx, it, obj):
    """CommonDBTM::add() as the API drives it; returns (id or False, message)."""
    if not can_create(ctx, it, obj):
        return False, errors.MSG_RIGHT
    refused = ctx.app.faults.refuses(it.name, obj)
    if refused is not None:
        return False, refused
    obj = dict(obj)
    if "entities_id" not in obj:
        obj["entities_id"] = ctx.session.active_entity
    row = _coerce(ctx, it, obj)
    if it.name == "Webhook":
        webhooks.prepare_input(row, obj, adding=True)
    with ctx.store.transaction():
        try:
            _prepare_add(ctx, it, obj, row)
            with_id = None
            if it.name == "Entity":
                with_id = ctx.dialect.new_entity_id(ctx.store)
            too_long = ctx.dialect.check_length(it, row)
            if too_long:  # measured on 10.0.12 and 11.0.6: a refused INSERT burns no id
                return False, too_long
            new_id = ctx.store.insert(it, row, with_id=with_id)
        except WriteRefused as exc:
            return False, exc.message
        except Duplicate as exc:
            return False, ctx.dialect.duplicate_message(it, row, exc.message)
        _post_add_logged(ctx, it, new_id, row, obj)
    return new_id, _add_message(ctx, it, new_id, row, obj)


def _post_add_logged(ctx, it, new_id, row, obj):
    """post_addItem() between its history rows: the links it logs on its items, then the creation row.
    ITILFollowup::post_addItem() updates its ticket (Ticket::updateDateMod, status) before its rows."""
    if it.name != "ITILFollowup":
        history.after_insert(ctx, it, new_id)
    _post_add(ctx, it, new_id, row, obj)
    if it.name == "ITILFollowup":
        history.after_insert(ctx, it, new_id)
    history.after_add(ctx, it, new_id)
    webhooks.raise_event(ctx, it, new_id, "new")


def add_child_internal(ctx, it, obj):
    """CommonDBTM::add() called by GLPI itself (actors and items of a new ticket, followups
    from ``_followup``): the input rules and effects, no rights check. Raises WriteRefused."""
    row = _coerce(ctx, it, obj)
    with ctx.store.transaction():
        _prepare_add(ctx, it, obj, row)
        try:
            new_id = ctx.store.insert(it, row)
        except Duplicate as exc:
            raise WriteRefused(exc.message)
        _post_add_logged(ctx, it, new_id, row, obj)
    return new_id


def update_item(ctx, it, obj):
    """CommonDBTM::update(); returns (ok, id, message); ok None when the id is unknown."""
    store = ctx.store
    item_id = values.php_int(obj.get("id"))
    current = store.get(it, item_id)
    if current is None:
        return None, item_id, "Item not found"
    if not rights.can_item(ctx.session, store, it, current, rights.UPDATE):
        return False, item_id, errors.MSG_RIGHT
    if it.name == "Ticket":
        obj = itil.allowed_update_input(ctx, current, obj)
        if obj is None:
            return False, item_id, ""
    return apply_update(ctx, it, current, obj)


def apply_update(ctx, it, current, obj):
    """CommonDBTM::update() once the rights are checked (GLPI's own updates skip them)."""
    store = ctx.store
    item_id = current["id"]
    if it.name == "Config" and "context" not in obj:
        return writes_extra.set_configuration_values(ctx, it, obj, item_id)
    row = _coerce(ctx, it, obj)
    if it.name == "Webhook":
        webhooks.prepare_input(row, obj, adding=False)
    if it.name == "Ticket":
        itil.ticket_update_input(ctx, current, obj, row)
    if it.name == "User":
        refused = _user_update_rules(ctx, item_id, obj, row)
        if refused:
            return False, item_id, refused
    if it.name == "UserEmail" and not _valid_email(obj.get("email")):
        return False, item_id, ""  # UserEmail::prepareInputForUpdate: the email is checked, so required
    if it.name == "SoftwareLicense" and obj.get("number") is not None:
        row["is_valid"] = software.validity(ctx, item_id, row.get("number"))
    refused = network.prepare_ip_input(ctx, obj, row) if it.name == "IPAddress" else None
    if refused:
        return False, item_id, refused
    if it.name == "Document" and obj.get("link") and not documents.valid_web_url(str(obj["link"])):
        return False, item_id, "Invalid link"  # Document::prepareInputForUpdate
    if it.is_tree:
        if it.tree_fk in row and row[it.tree_fk] != current.get(it.tree_fk) and \
                ctx.dialect.move_refused(store, it, current, row[it.tree_fk]):
            return False, item_id, ""
        row = trees.prepare_update(store, it, current, row)
    changes = {k: v for k, v in row.items() if current.get(k) != v}
    if it.name == "Entity" and item_id == 0:
        changes.pop("entities_id", None)
    if it.name == "Ticket" and changes:
        itil.ticket_pre_update(ctx, current, changes, obj)
    elif it.name == "ITILFollowup" and "content" in changes:
        itil.followup_pre_update(ctx, changes)
    cycle = False
    with store.transaction():
        if changes:
            if "date_mod" in it.col and "date_mod" not in obj:
                changes["date_mod"] = values.now()
            too_long = ctx.dialect.check_update_length(it, item_id, changes)
            if too_long:
                return False, item_id, too_long
            try:
                store.update(it, item_id, changes)
            except Duplicate as exc:
                return False, item_id, exc.message
            history.after_update(ctx, it, item_id, current, changes)
            inventory_tables.lock_updated_fields(store, it, current, changes)
            if it.is_tree:
                try:
                    trees.post_update(store, it, item_id, changes, current)
                except trees.TreeCycle:
                    cycle = True
            if it.name == "UserEmail" and values.php_int(changes.get("is_default") or 0) == 1:
                _unset_other_default_emails(ctx, it, item_id, current.get("users_id"))
            if it.name == "Ticket":
                itil.ticket_post_update(ctx, current, changes)
            elif it.name == "TicketTask" and "actiontime" in changes:  # CommonITILTask::post_updateItem
                itil.update_action_time(ctx, current.get("tickets_id"))
        if it.name == "NetworkName":
            network.work_on_name(ctx, item_id, obj)
        elif it.name == "SoftwareLicense" and "is_valid" in changes:
            software.update_software_validity(ctx, current.get("softwares_id"))
        if it.name == "User":  # post_updateItem, changes or not
            user_emails.update_user_emails(ctx, item_id, obj)
    if cycle:
        ctx.dialect.tree_cycle()
    webhooks.raise_event(ctx, it, item_id, "update")  # CommonDBTM::update(), changes or not
    return True, item_id, ""


def _cascade_purge(ctx, it, item_id):
    store = ctx.store
    for other in ctx.reg.types.values():
        if other is it:
            continue
        if other.polymorphic and (other.is_relation or other.name in POLYMORPHIC_CHILDREN
                                  or other.name.startswith("Item_")):
            if other.name in CASCADING_CHILDREN:  # cleanDBonPurge() of the child purges its own
                for child in store.find(other, "itemtype=? AND items_id=?", (it.name, item_id)):
                    _cascade_purge(ctx, other, child["id"])
            store.query('DELETE FROM "%s" WHERE itemtype=? AND items_id=?' % other.table,
                        (it.name, item_id))
        if it.name == "NetworkPort" and other.name.startswith("NetworkPort") and "networkports_id" in other.col:
            store.query('DELETE FROM "%s" WHERE networkports_id=?' % other.table, (item_id,))
        if other.is_relation and it.fk in other.col:  # e.g. Domain_Item of a purged Domain
            store.query('DELETE FROM "%s" WHERE "%s"=?' % (other.table, it.fk), (item_id,))
    for child_type, fk, purge in CHILDREN_ON_PURGE.get(it.name, ()):
        child_it = ctx.reg.get(child_type)
        for child in store.find(child_it, '"%s" = ?' % fk, (item_id,)):
            delete_item(ctx, child_it, child["id"], purge)


def _tree_pre_delete(ctx, it, item_id):
    """CommonTreeDropdown::pre_deleteItem() (trash or purge): the children move to the parent."""
    store = ctx.store
    current = store.get(it, item_id)
    parent = current.get(it.tree_fk) if current else 0
    trees.clean_parents_sons(store, it, item_id)
    for child in store.find(it, '"%s" = ?' % it.tree_fk, (item_id,)):
        update_item(ctx, it, {"id": child["id"], it.tree_fk: parent})


def _trash_locks_dynamic_only(it, current):
    """CommonDBTM::delete(): useDeletedToLockIfDynamic() && !isDynamic() forces a purge."""
    return "is_dynamic" in it.col and it.name not in TRASH_NOT_A_LOCK and not current.get("is_dynamic")


def _post_purge(ctx, it, current):
    """post_deleteFromDB() of the itemtypes with effects."""
    if it.name == "UserEmail" and current.get("is_default"):
        # UserEmail::post_deleteFromDB: another email of the user becomes the default.
        ctx.store.query('UPDATE "%s" SET is_default = 1 WHERE id = (SELECT MIN(id) FROM "%s" '
                        'WHERE users_id = ?)' % (it.table, it.table), (current.get("users_id"),))
    elif it.name == "Document":
        ctx.store.query("DELETE FROM _emu_files WHERE documents_id=?", (current["id"],))
    elif it.name == "Item_SoftwareLicense":
        software.update_license_validity(ctx, current.get("softwarelicenses_id"))
    elif it.name == "SoftwareLicense":
        software.update_software_validity(ctx, current.get("softwares_id"))
    elif it.name == "TicketTask":  # CommonITILTask::post_deleteFromDB
        itil.update_action_time(ctx, current.get("tickets_id"))


def purge_user_email(ctx, it, current):
    """Purge of a UserEmail; UserEmail::post_deleteFromDB: another email of the user becomes the
    default when the default one goes."""
    ctx.store.delete(it, current["id"])
    _post_purge(ctx, it, current)


def delete_item(ctx, it, item_id, purge):
    """CommonDBTM::delete(); returns (ok, message); ok None when the id is unknown."""
    store = ctx.store
    current = store.get(it, item_id)
    if current is None:
        return None, "Item not found"
    if not it.has_trash or current.get("is_template") or _trash_locks_dynamic_only(it, current):
        purge = True
    right = rights.PURGE if purge else rights.DELETE
    if not rights.can_item(ctx.session, store, it, current, right):
        return False, errors.MSG_RIGHT
    if it.name == "Entity" and item_id == 0:
        return False, ""
    if it.name == "Entity" and store.find(it, '"entities_id" = ?', (item_id,)):
        # Entity::pre_deleteItem refuses an entity that has sub-entities.
        return False, "You cannot delete an entity which contains sub-entities."
    with store.transaction():
        if it.is_tree:
            _tree_pre_delete(ctx, it, item_id)
        if purge:
            _cascade_purge(ctx, it, item_id)
            store.delete(it, item_id)
            _post_purge(ctx, it, current)
            if item_id in RULE_REFERENCES.get(it.name, ()):
                return True, RULES_DISABLED
        else:
            changes = {"is_deleted": 1}
            if "date_mod" in it.col:
                changes["date_mod"] = values.now()
            store.update(it, item_id, changes)
        history.after_delete(ctx, it, item_id, purge, current)
        webhooks.raise_event(ctx, it, item_id, "delete")  # after a purge the item is gone: nothing sent
    return True, ""


def restore_item(ctx, it, item_id):
    """CommonDBTM::restore() (massive action 'restore')."""
    current = ctx.store.get(it, item_id)
    if current is None:
        return None
    if not rights.can_item(ctx.session, ctx.store, it, current, rights.DELETE):
        return False
    if it.has_trash:  # CommonDBTM::restoreInDB also sets date_mod
        changes = {"is_deleted": 0}
        if "date_mod" in it.col:
            changes["date_mod"] = values.now()
        ctx.store.update(it, item_id, changes)
        history.after_restore(ctx, it, item_id)
    return True
