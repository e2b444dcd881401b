"""Add-time rules of the itemtypes supplement_items brings (GLPI 10.0.12 classes), kept apart from
writes.py: Problem / Change defaults (CommonITILObject::prepareInputForAdd, the simple part),
Notepad authors, and the "Item successfully added: ..." label of devices and their item links."""
from . import values

DEVICE_NAMES = {
    "DeviceMotherboard": "System board", "DeviceFirmware": "Firmware", "DeviceProcessor": "Processor",
    "DeviceMemory": "Memory", "DeviceHardDrive": "Hard drive", "DeviceNetworkCard": "Network card",
    "DeviceDrive": "Drive", "DeviceBattery": "Battery", "DeviceGraphicCard": "Graphics card",
    "DeviceSoundCard": "Soundcard", "DeviceControl": "Controller", "DevicePci": "PCI device", "DeviceCase": "Case",
    "DevicePowerSupply": "Power supply", "DeviceGeneric": "Generic device", "DeviceSimcard": "Simcard",
    "DeviceSensor": "Sensor", "DeviceCamera": "Camera",
}


def prepare_add(ctx, it, obj, row):
    """Defaults GLPI fills in for these itemtypes."""
    user = ctx.session.user_id
    if it.name in ("Problem", "Change"):
        now = values.now()
        for key in ("urgency", "impact", "priority"):
            row.setdefault(key, 3)
        row.setdefault("date", now)
        row.setdefault("users_id_recipient", user)
        row["users_id_lastupdater"] = user
    elif it.name == "Notepad":
        row.setdefault("users_id", user)
        row["users_id_lastupdater"] = user


def add_label(ctx, it, new_id, row, obj):
    """The label of the add message, or None when writes.py's rule applies."""
    if it.name in ("Problem", "Change"):
        return "%s (%d)" % (values.decode_html(row.get("name") or ""), new_id)
    if it.name in DEVICE_NAMES:
        return values.decode_html(row.get("designation") or "") or "%s - ID %d" % (it.name, new_id)
    device = it.name[len("Item_"):]
    if it.name.startswith("Item_") and device in DEVICE_NAMES:
        parent_it = ctx.reg.get(obj.get("itemtype")) if isinstance(obj.get("itemtype"), str) else None
        parent = ctx.store.get(parent_it, values.php_int(obj.get("items_id"))) if parent_it else None
        if parent is None:
            return DEVICE_NAMES[device]
        return '%s of item "%s"' % (DEVICE_NAMES[device], values.decode_html(parent.get("name") or ""))
    return None


# -- Config ---------------------------------------------------------------------------------
CONFIG_SKIPPED = ("id", "_no_history", "_glpi_csrf_token", "_update")


def _config_text(value):
    if isinstance(value, bool):
        return "1" if value else ""
    return "" if value is None else str(value)


def set_configuration_values(ctx, it, obj, item_id):
    """Config::prepareInputForUpdate without ``context``: every input key becomes a core
    setting (Config::setConfigurationValues updates or adds the row, each change in the history
    of Config 1), then the update itself is refused: 400 ERROR_GLPI_UPDATE with an empty message."""
    from . import history
    context = obj.get("config_context") or "core"  # Config::prepareInputForUpdate: another context's settings
    for name, value in obj.items():
        if name in CONFIG_SKIPPED or name == "config_context" or isinstance(value, (dict, list)):
            continue
        value = _config_text(value)
        found = ctx.store.find(it, "context = ? AND name = ?", (context, name))
        if found:
            old = found[0].get("value") or ""
            if old != value:
                ctx.store.update(it, found[0]["id"], {"value": value})
                history.config_change(ctx, name, old, value, context)
        else:
            ctx.store.insert(it, {"context": context, "name": name, "value": value})
            history.config_change(ctx, name, "", value, context)
    return False, item_id, ""


def config_value(ctx, name, context="core"):
    found = ctx.store.find(ctx.reg.get("Config"), "context = ? AND name = ?", (context, name))
    return found[0].get("value") if found else None


# -- delete / link rules ----------------------------------------------------------------------
def can_connect(ctx, obj):
    """Computer_Item: both ends must exist (CommonDBRelation::canCreateItem)."""
    computer = ctx.store.get(ctx.reg.get("Computer"), values.php_int(obj.get("computers_id")))
    other_it = ctx.reg.get(obj.get("itemtype")) if isinstance(obj.get("itemtype"), str) else None
    other = ctx.store.get(other_it, values.php_int(obj.get("items_id"))) if other_it is not None else None
    return computer is not None and other is not None


def connection_refused(ctx, it, obj):
    """Computer_Item::prepareInputForAdd(): an item that is not global connects to one computer only."""
    other_it = ctx.reg.get(obj.get("itemtype"))
    other = ctx.store.get(other_it, values.php_int(obj.get("items_id")))
    if other.get("is_global"):
        return False
    return bool(ctx.store.find(it, "itemtype = ? AND items_id = ? AND is_deleted = 0",
                               (other_it.name, other["id"])))
