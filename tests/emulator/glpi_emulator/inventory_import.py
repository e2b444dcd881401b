"""What an accepted native inventory does to the database: the Agent row, GLPI's default
RuleImportAsset rules for computers (resources/Rules/RuleImportAsset.xml of 10.0.12, same in
11.0.6), then the Computer and its parts (inventory_assets.py).

Rules, in ranking order; the first whose criteria all hold decides. ``exists``: the document
has a non-empty value; ``find``: a computer with the document's values exists (all find criteria
of the rule in one query); ``empty``: that computer's value is empty.
Because rule 13 imports as soon as the document has a serial and a uuid, a computer whose serial or
uuid differs in GLPI (a manual edit) is never found again: GLPI creates a second one and points the
agent to it (the duplicate trap of the findings). A document with a new serial and uuid and the
name of a known computer also makes a new computer: the name rules are reached only without them.
Not emulated: the other itemtypes' rules, entity rules, RuleMatchedLog's method, partial
inventories (handled like full ones), XML documents.
"""
from . import history, inventory_assets, values, webhooks

RULES = (
    (10, "Computer constraint (name)", (("name", "absent"),), "ignore"),
    (11, "Computer update (by serial + uuid)", (("serial", "find"), ("uuid", "find")), "link"),
    (12, "Computer update (by serial + uuid is empty in GLPI)", (("serial", "find"), ("uuid", "empty")), "link"),
    (13, "Computer import (by serial + uuid)", (("uuid", "exists"), ("serial", "exists")), "link"),
    (14, "Computer update (by serial)", (("serial", "find"),), "link"),
    (15, "Computer update (by uuid)", (("uuid", "find"),), "link"),
    (16, "Computer update (by mac)", (("mac", "find"),), "link"),
    (17, "Computer update (by name)", (("name", "find"),), "link"),
    (18, "Computer import (by serial)", (("serial", "exists"),), "link"),
    (19, "Computer import (by uuid)", (("uuid", "exists"),), "link"),
    (20, "Computer import (by mac)", (("mac", "exists"),), "link"),
    (21, "Computer import (by name)", (("name", "exists"),), "link"),
    (22, "Computer import denied", (), "ignore"),
)
AUTOUPDATE_NAME = "GLPI Native Inventory"
LAST_INVENTORY_OPTION = 9  # Computer's search option of last_inventory_update (the one log row per run)


class InventoryCtx:
    """What history.py and webhooks.py read from a request context, for the anonymous endpoint."""

    class _NoUser:
        user_id = 0
        log_name = "inventory"  # the user_name of the inventory's log rows

    def __init__(self, store):
        self.store = store
        self.reg = store.reg
        self.dialect = store.dialect
        self.session = self._NoUser()


def _text(value):
    return "" if value is None else str(value).strip()


def rule_input(document):
    """The criteria values RuleImportAsset sees for the document's main asset."""
    content = document.get("content") or {}
    hardware, bios = content.get("hardware") or {}, content.get("bios") or {}
    macs = sorted({_text(n.get("mac")).lower() for n in content.get("networks") or [] if _text(n.get("mac"))})
    dropdown = inventory_assets.dropdown
    return {"name": _text(hardware.get("name")), "serial": _text(bios.get("ssn")),
            "uuid": _text(hardware.get("uuid")), "mac": macs}


def _find(store, criteria, values_in):
    """Ids of the computers the rule's find / empty criteria select (ascending), or None when the
    rule has none of them."""
    where, args, join = [], [], ""
    for field, condition in criteria:
        if condition == "find" and field == "mac":
            join = " JOIN glpi_networkports p ON p.itemtype = 'Computer' AND p.items_id = c.id"
            where.append("lower(p.mac) IN (%s)" % ",".join("?" * len(values_in["mac"])))
            args += values_in["mac"]
        elif condition == "find":
            where.append("c.%s = ?" % field)
            args.append(values_in[field])
        elif condition == "empty":
            where.append("(c.%s = '' OR c.%s IS NULL)" % (field, field))
    if not where:
        return None
    rows = store.query("SELECT DISTINCT c.id FROM glpi_computers c%s WHERE %s ORDER BY c.id" % (join, " AND ".join(where)),
                       args)
    return [row[0] for row in rows]


def match(store, values_in):
    """(rule id, action, computer id or None) of the first rule that holds."""
    for rule_id, _name, criteria, action in RULES:
        present = all(bool(values_in[f]) for f, c in criteria if c in ("find", "exists"))
        absent = all(not values_in[f] for f, c in criteria if c == "absent")
        if not (present and absent):
            continue
        found = _find(store, criteria, values_in)
        if found == []:
            continue
        return rule_id, action, (found[0] if found else None)
    return 22, "ignore", None


# -- Agent --------------------------------------------------------------------------------------
def _agent_fields(request, document):
    deviceid = _text(document.get("deviceid"))
    fields = {"deviceid": deviceid, "name": deviceid, "agenttypes_id": 1, "last_contact": values.now(),
              "useragent": request.headers.get("User-Agent"), "remote_addr": request.remote_addr,
              "itemtype": document.get("itemtype") or "Computer"}
    if document.get("tag") is not None:
        fields["tag"] = document.get("tag")
    return fields


def save_agent(store, request, document, extra=None):
    """Agent::handleAgent(): the agent of this deviceid, created or updated; returns its id."""
    agent_it = store.reg.get("Agent")
    fields = _agent_fields(request, document)
    fields.update(extra or {})
    found = store.find(agent_it, "deviceid = ?", (fields["deviceid"],))
    if found:
        store.update(agent_it, found[0]["id"], fields)
        return found[0]["id"]
    fields.setdefault("items_id", 0)
    return store.insert(agent_it, fields)


def contact(store, request, document):
    """``action: contact``: the agent is created or updated, its httpd port stored."""
    port = document.get("httpd-port")
    with store.lock, store.transaction():
        save_agent(store, request, document, {"port": None if port is None else str(port)[:6]})


# -- Computer -----------------------------------------------------------------------------------
def computer_fields(store, content):
    hardware, bios = content.get("hardware") or {}, content.get("bios") or {}
    system = content.get("operatingsystem") or {}
    dropdown = inventory_assets.dropdown
    return {"name": _text(hardware.get("name")), "serial": _text(bios.get("ssn")), "uuid": _text(hardware.get("uuid")),
            "contact": _text(hardware.get("lastloggeduser")) or None,
            "manufacturers_id": dropdown(store, "Manufacturer", bios.get("smanufacturer") or bios.get("mmanufacturer")),
            "computermodels_id": dropdown(store, "ComputerModel", bios.get("smodel") or bios.get("mmodel")),
            "computertypes_id": dropdown(store, "ComputerType", computer_type(content)),
            "last_boot": _text(system.get("boot_time")) or None,
            "autoupdatesystems_id": dropdown(store, "AutoUpdateSystem", AUTOUPDATE_NAME),
            "is_dynamic": 1, "last_inventory_update": values.now()}


def computer_type(content):
    """The type's name as MainAsset::prepare picks it: a virtual machine's vmsystem (not "Physical"), else,
    when the document has a bios section, hardware.chassis_type, bios.type, then bios.mmodel."""
    hardware, bios = content.get("hardware") or {}, content.get("bios")
    vmsystem = _text(hardware.get("vmsystem"))
    if vmsystem and vmsystem != "Physical":
        return vmsystem
    if bios is None:
        return None
    for value in (hardware.get("chassis_type"), bios.get("type"), bios.get("mmodel")):
        if _text(value):
            return value
    return None


def locked_fields(store, itemtype, item_id):
    rows = store.find(store.reg.get("Lockedfield"), "(itemtype = ? AND items_id = ?) OR is_global = 1",
                      (itemtype, item_id))
    return {row["field"] for row in rows}


def save_computer(ctx, computer_id, fields):
    """The computer created, or updated where its fields are not locked; (id, created)."""
    store = ctx.store
    it = store.reg.get("Computer")
    now = values.now()
    if computer_id is None:
        row = dict(fields, entities_id=0, date_creation=now, date_mod=now)
        return store.insert(it, row), True  # no log row for an inventory's creation (measured on 10.0.12)
    current = store.get(it, computer_id)
    locked = locked_fields(store, "Computer", computer_id)
    changes = {k: v for k, v in fields.items() if k not in locked and current.get(k) != v}
    if changes:
        changes["date_mod"] = now
        store.update(it, computer_id, changes)
        history.after_update(ctx, it, computer_id, current, changes)
    return computer_id, False


def run(app, request, document):
    """An accepted inventory: agent, rules, computer and its parts; then the 11.0 webhooks."""
    store = app.store
    ctx = InventoryCtx(store)
    content = document.get("content") or {}
    with store.lock, store.transaction():
        agent_id = save_agent(store, request, document)
        rule_id, action, computer_id = match(store, rule_input(document))
        if action == "ignore":
            return None
        computer_id, created = save_computer(ctx, computer_id, computer_fields(store, content))
        inventory_assets.save_all(ctx, computer_id, content, created)
        store.update(store.reg.get("Agent"), agent_id, {"itemtype": "Computer", "items_id": computer_id})
        store.insert(store.reg.get("RuleMatchedLog"), {"date": values.now(), "items_id": computer_id,
                                                       "itemtype": "Computer", "rules_id": rule_id,
                                                       "agents_id": agent_id, "method": "inventory"})
    computer_it = store.reg.get("Computer")
    if created:
        webhooks.raise_event(ctx, computer_it, computer_id, "new")
    webhooks.raise_event(ctx, computer_it, computer_id, "update")  # every accepted run (11.0 findings)
    return computer_id
