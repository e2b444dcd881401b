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
