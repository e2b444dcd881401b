"""The ``with_*`` parts of GET /Itemtype/id (API::getItem of GLPI 10.0.12), row shapes included:

  _devices      {"Item_DeviceX": {"<id>": row without items_id/itemtype/is_deleted}} (device itemtypes)
  _disks        [{"name": {"fsname": ..., disk row without items_id/is_deleted}}]
  _softwares    [{softwarecategories_id, softwares_id, softwareversions_id, is_dynamic, states_id, is_valid}]
  _connections  {"Monitor": [{assoc_id, assoc_computers_id, assoc_itemtype, assoc_items_id,
                 assoc_is_dynamic, <monitor row>}], ...} (Computer only)
  _contracts    [Contract_Item rows] of the contracts the session sees, by contract name
  _documents    [{assocID, assocdate, entityID, entity, headings, <document row>}]
  _tickets, _problems, _changes   [<row> + catname], latest date_mod first
  _notes        [<Notepad row> + picture], latest date_mod first
  _logs         {"<id>": <Log row>}
  _infocoms, _networkports        items.infocom_fields / items.network_ports

A right the session lacks gives {"error": 401, "message": ...} in place of the list; a PHP
empty array is [] (never {}). Links and expanded names are added later by parseDropdowns.
"""
from . import errors, items, rights, software

READNOTE = 32
SEEPUBLIC, SEEPRIVATE = 1, 8192  # ITILFollowup
# inc/define.php of 10.0.12: itemdevices_types, itemdeviceharddrive_types, software_types, and the
# itemdeviceX_types giving each Item_DeviceX its affinities (Computer only when undefined, * = all).
DEVICE_ITEMS = ("Computer", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Enclosure")
DISK_TYPES = ("Computer", "Peripheral", "NetworkEquipment", "Printer", "Phone")
SOFTWARE_TYPES = ("Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer")
_MOST = ("Computer", "NetworkEquipment", "Peripheral", "Phone", "Printer")
AFFINITIES = {"DeviceMemory": _MOST, "DevicePowerSupply": ("Computer", "NetworkEquipment", "Peripheral", "Enclosure", "Phone"),
              "DeviceNetworkCard": _MOST, "DeviceHardDrive": _MOST, "DeviceBattery": ("Computer", "Peripheral", "Phone", "Printer"),
              "DeviceFirmware": _MOST, "DeviceSimcard": _MOST, "DeviceGeneric": "*", "DevicePci": "*",
              "DeviceSensor": ("Computer", "Peripheral", "Phone"), "DeviceCamera": ("Computer", "Phone")}
DEVICE_ORDER = ("DeviceMotherboard", "DeviceFirmware", "DeviceProcessor", "DeviceMemory", "DeviceHardDrive",
                "DeviceNetworkCard", "DeviceDrive", "DeviceBattery", "DeviceGraphicCard", "DeviceSoundCard",
                "DeviceControl", "DevicePci", "DeviceCase", "DevicePowerSupply", "DeviceGeneric", "DeviceSimcard",
                "DeviceSensor", "DeviceCamera")
DIRECT_CONNECT = ("Monitor", "Peripheral", "Phone", "Printer")
ITIL = ("Ticket", "Problem", "Change")
ITIL_LINKS = {"Ticket": "Item_Ticket", "Problem": "Item_Problem", "Change": "Change_Item"}


def right_error():
    return {"error": 401, "message": errors.MSG_RIGHT}


def _render(ctx, it, row, drop=()):
    return {k: v for k, v in items.render_fields(ctx, it, row).items() if k not in drop}


def devices(ctx, it, item_id):
    out = {}
    for device in DEVICE_ORDER:
        affinity = AFFINITIES.get(device, ("Computer",))
        dev_it = ctx.reg.get("Item_" + device)
        if dev_it is None or (affinity != "*" and it.name not in affinity):
            continue
        cls = dev_it.name
        rows = ctx.store.find(dev_it, "items_id=? AND itemtype=? AND is_deleted=0", (item_id, it.name))
        if rows:
            out[cls] = {str(r["id"]): _render(ctx, dev_it, r, ("items_id", "itemtype", "is_deleted")) for r in rows}
    return out or []


def disks(ctx, it, item_id):
    disk_it, fs_it = ctx.reg.get("Item_Disk"), ctx.reg.get("Filesystem")
    out = []
    for disk in ctx.store.find(disk_it, "itemtype=? AND items_id=? AND is_deleted=0", (it.name, item_id)):
        fs = ctx.store.get(fs_it, disk["filesystems_id"]) if disk.get("filesystems_id") else None
        data = {"fsname": fs["name"] if fs else None}
        data.update(_render(ctx, disk_it, disk, ("items_id", "is_deleted")))
        out.append({"name": data})
    return out


def softwares(ctx, it, item_id):
    if not rights.have_right(ctx.session, "software", rights.READ):
        return right_error()
    return software.installations(ctx, it.name, item_id)


def connections(ctx, item_id):
    link_it = ctx.reg.get("Computer_Item")
    out = {}
    for kind in DIRECT_CONNECT:
        other_it = ctx.reg.get(kind)
        if other_it is None or not rights.can_view(ctx.session, other_it):
            continue
        for link in ctx.store.find(link_it, "computers_id=? AND itemtype=? AND is_deleted=0", (item_id, kind)):
            data = {"assoc_id": link["id"], "assoc_computers_id": link["computers_id"],
                    "assoc_itemtype": link["itemtype"], "assoc_items_id": link["items_id"],
                    "assoc_is_dynamic": link["is_dynamic"]}
            other = ctx.store.get(other_it, link["items_id"])
            data.update(_render(ctx, other_it, other) if other else {c: None for c in other_it.colnames})
            out.setdefault(kind, []).append(data)
    return out or []


def contracts(ctx, it, item_id):
    contract_it = ctx.reg.get("Contract")
    if not rights.can_view(ctx.session, contract_it):
        return right_error()
    link_it = ctx.reg.get("Contract_Item")
    visible, args = items.visible_clause(ctx, contract_it, "c")
    rows = ctx.store.query(
        'SELECT ci.id FROM glpi_contracts_items ci LEFT JOIN glpi_contracts c ON ci.contracts_id = c.id '
        'WHERE ci.items_id = ? AND ci.itemtype = ? AND %s ORDER BY c.name COLLATE glpi_ci, ci.id' % visible,
        [item_id, it.name] + list(args))
    return [_render(ctx, link_it, ctx.store.get(link_it, row[0])) for row in rows]


def documents(ctx, it, item_id):
    doc_it = ctx.reg.get("Document")
    if it.name not in ITIL + ("KnowbaseItem", "Reminder") and not rights.can_view(ctx.session, doc_it):
        return right_error()
    link_it, entity_it = ctx.reg.get("Document_Item"), ctx.reg.get("Entity")
    links = ctx.store.find(link_it, "itemtype=? AND items_id=?", (it.name, item_id))
    if it.name in ITIL:  # getAssociatedDocumentsCriteria(): followups' and solutions' documents too
        for sub in _itil_children(ctx, it, item_id):
            links += ctx.store.find(link_it, "itemtype=? AND items_id=?", sub)
        links = sorted((link for link in links if link["timeline_position"] > -1),  # MariaDB reads the item index
                       key=lambda link: (link["itemtype"], link["items_id"], link["id"]))
    out = []
    for link in links:
        doc = ctx.store.get(doc_it, link["documents_id"])
        entity = ctx.store.get(entity_it, doc["entities_id"]) if doc else None
        category = _category(ctx, doc)
        data = {"assocID": link["id"], "assocdate": _render(ctx, link_it, link)["date_creation"],
                "entityID": entity["id"] if entity else None,
                "entity": entity.get("completename") if entity else None,
                "headings": category.get("completename") if category else None}
        data.update(_render(ctx, doc_it, doc) if doc else {c: None for c in doc_it.colnames})
        out.append(data)
    return out


def _itil_children(ctx, it, item_id):
    """(itemtype, id) of the followups (private ones only with SEEPRIVATE or one's own) and solutions."""
    out = []
    followup_it = ctx.reg.get("ITILFollowup")
    can_view = rights.have_right(ctx.session, "followup", SEEPUBLIC | SEEPRIVATE) or \
        any(rights.have_right(ctx.session, name, bits) for name, bits in (("ticket", 32768 | 1), ("change", 1), ("problem", 1)))
    if followup_it is not None and can_view:
        for row in ctx.store.find(followup_it, "itemtype=? AND items_id=?", (it.name, item_id)):
            if not row.get("is_private") or row.get("users_id") == ctx.session.user_id or \
                    rights.have_right(ctx.session, "followup", SEEPRIVATE):
                out.append(("ITILFollowup", row["id"]))
    solution_it = ctx.reg.get("ITILSolution")
    if solution_it is not None:
        solutions = ctx.store.find(solution_it, "itemtype=? AND items_id=?", (it.name, item_id))
        out += [("ITILSolution", row["id"]) for row in solutions]
    return out


def _category(ctx, doc):
    cat_it = ctx.reg.get("DocumentCategory")
    if doc is None or cat_it is None or not doc.get("documentcategories_id"):
        return None
    return ctx.store.get(cat_it, doc["documentcategories_id"])


def itil_objects(ctx, kind, it, item_id):
    """Ticket / Problem / Change ::getCommonCriteria() restricted to the item, + catname."""
    itil_it, link_it = ctx.reg.get(kind), ctx.reg.get(ITIL_LINKS[kind])
    if itil_it is None or link_it is None:
        return []
    if not rights.can_view(ctx.session, itil_it):
        return right_error()
    visible, args = items.visible_clause(ctx, itil_it, "t")
    rows = ctx.store.query(
        'SELECT DISTINCT t.id, t.date_mod FROM "%s" t JOIN "%s" l ON l."%s" = t.id '
        'WHERE l.items_id = ? AND l.itemtype = ? AND %s ORDER BY t.date_mod DESC' % (
            itil_it.table, link_it.table, itil_it.fk, visible), [item_id, it.name] + list(args))
    cat_it = ctx.reg.get("ITILCategory")
    out = []
    for row in rows:
        obj = ctx.store.get(itil_it, row[0])
        data = _render(ctx, itil_it, obj)
        category = ctx.store.get(cat_it, obj["itilcategories_id"]) if obj.get("itilcategories_id") else None
        data["catname"] = category.get("completename") if category else None
        out.append(data)
    return out


def notes(ctx, it, item_id):
    if not rights.have_right(ctx.session, it.rightname, READNOTE):
        return right_error()
    note_it, user_it = ctx.reg.get("Notepad"), ctx.reg.get("User")
    out = []
    for note in ctx.store.find(note_it, "itemtype=? AND items_id=?", (it.name, item_id), order="date_mod DESC, id"):
        data = _render(ctx, note_it, note)
        user = ctx.store.get(user_it, note["users_id_lastupdater"]) if note.get("users_id_lastupdater") else None
        data["picture"] = user.get("picture") if user else None
        out.append(data)
    return out


def logs(ctx, it, item_id):
    if not rights.have_right(ctx.session, "logs", rights.READ):
        return right_error()
    log_it = ctx.reg.get("Log")
    rows = ctx.store.find(log_it, "itemtype=? AND items_id=?", (it.name, item_id))
    return {str(r["id"]): _render(ctx, log_it, r) for r in rows} or []


def add_with_fields(ctx, it, item_id, fields, flag):
    """Adds the requested ``_xxx`` keys to ``fields`` in API::getItem's order."""
    if flag("with_devices") and it.name in DEVICE_ITEMS:
        fields["_devices"] = devices(ctx, it, item_id)
    if flag("with_disks") and it.name in DISK_TYPES:
        fields["_disks"] = disks(ctx, it, item_id)
    if flag("with_softwares") and it.name in SOFTWARE_TYPES:
        fields["_softwares"] = softwares(ctx, it, item_id)
    if flag("with_connections") and it.name == "Computer":
        fields["_connections"] = connections(ctx, item_id)
    if flag("with_networkports"):
        fields["_networkports"] = items.network_ports(ctx, it.name, item_id)
    if flag("with_infocoms"):
        fields["_infocoms"] = items.infocom_fields(ctx, it.name, item_id)
    if flag("with_contracts"):
        fields["_contracts"] = contracts(ctx, it, item_id)
    if flag("with_documents"):
        fields["_documents"] = documents(ctx, it, item_id)
    for kind in ITIL:
        if flag("with_%ss" % kind.lower()):
            fields["_%ss" % kind.lower()] = itil_objects(ctx, kind, it, item_id)
    if flag("with_notes"):
        fields["_notes"] = notes(ctx, it, item_id)
    if flag("with_logs"):
        fields["_logs"] = logs(ctx, it, item_id)
