"""The parts of an inventoried computer (src/Inventory/Asset/*.php of GLPI 10.0.12, as the findings
show them): operating system (also recorded as a software), devices (processors, memories, hard
drives, firmware, network cards), volumes (Item_Disk), network ports with their names, addresses and
networks, and software installations. Every row is dynamic (is_dynamic 1). A resubmission keeps
the rows it finds again (same ids); addresses that change are replaced (old row deleted, new id);
software links are added or purged, with the computer's log rows 17 / 18 / 19.

Version differences (11.0 mode): ``lo`` is a NetworkPortLocal without address; a memory's
designation includes its speed ("DDR4 - 2933 - SODIMM" for 10.0's "DDR4 - SODIMM").
"""
import re

from . import history, network, values

# Blacklist::getDefaults() MACs that items never keep (10.0.12 list, lower case; the VMware pattern left out).
BLACKLISTED_MACS = {"", "20:41:53:59:4e:ff", "02:00:4e:43:50:49", "e2:e6:16:20:0a:35", "d2:0a:2d:a0:04:be",
                    "00:a0:c6:00:00:00", "d2:6b:25:2f:2c:e7", "33:50:6f:45:30:30", "0a:00:27:00:00:00",
                    "00:50:56:c0:00:01", "00:50:56:c0:00:08", "02:80:37:ec:02:00", "50:50:54:50:30:30",
                    "24:b6:20:52:41:53", "00:50:56:c0:00:02", "fe:ff:ff:ff:ff:ff", "00:00:00:00:00:00",
                    "00:0b:ca:fe:00:00"}
DEVICE_MATCH = {  # Item_Device* columns that tell two rows of one device model apart
    "DeviceProcessor": ("frequency", "nbcores", "nbthreads", "serial"),
    "DeviceMemory": ("size", "serial", "busID"),
    "DeviceHardDrive": ("capacity", "serial"),
    "DeviceFirmware": ("serial",),
    "DeviceNetworkCard": ("mac",),
}


def _text(value):
    return "" if value is None else str(value).strip()


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def dropdown(store, itemtype, name, extra=None):
    """Dropdown::importExternal(): the id of the row named ``name`` (created when missing), 0 for no name."""
    name = _text(name)
    if not name:
        return 0
    it = store.reg.get(itemtype)
    where = ["name = ?"] + ["%s = ?" % k for k in (extra or {})]
    found = store.find(it, " AND ".join(where), [name] + list((extra or {}).values()))
    if found:
        return found[0]["id"]
    row = {"name": name}
    row.update(extra or {})
    now = values.now()
    row.update({k: now for k in ("date_creation", "date_mod") if k in it.col})
    return store.insert(it, row)


def _now_fields(it):
    now = values.now()
    return {k: now for k in ("date_creation", "date_mod") if k in it.col}


def _dynamic_rows(store, it, computer_id):
    return store.find(it, "itemtype = 'Computer' AND items_id = ? AND is_dynamic = 1", (computer_id,))


def save_all(ctx, computer_id, content, created=False):
    save_operating_system(ctx, computer_id, content.get("operatingsystem") or {})
    # (the order in which GLPI 10.0.12 made the dropdowns: hard drives after software, as measured)
    save_devices(ctx, computer_id, content, ("DeviceProcessor", "DeviceMemory", "DeviceFirmware", "DeviceNetworkCard"))
    save_disks(ctx, computer_id, content.get("drives") or [])
    save_ports(ctx, computer_id, content.get("networks") or [])
    save_softwares(ctx, computer_id, _software_list(content), log=not created)
    save_devices(ctx, computer_id, content, ("DeviceHardDrive",))


# -- operating system ---------------------------------------------------------------------------
def save_operating_system(ctx, computer_id, system):
    store = ctx.store
    name = _text(system.get("full_name") or system.get("name"))
    if not name:
        return
    kernel = dropdown(store, "OperatingSystemKernel", system.get("kernel_name"))
    fields = {"operatingsystems_id": dropdown(store, "OperatingSystem", name),
              "operatingsystemversions_id": dropdown(store, "OperatingSystemVersion", system.get("version")),
              "operatingsystemarchitectures_id": dropdown(store, "OperatingSystemArchitecture", system.get("arch")),
              "operatingsystemkernelversions_id": dropdown(store, "OperatingSystemKernelVersion",
                                                           system.get("kernel_version"),
                                                           {"operatingsystemkernels_id": kernel}),
              "is_dynamic": 1, "entities_id": 0}
    it = store.reg.get("Item_OperatingSystem")
    found = store.find(it, "itemtype = 'Computer' AND items_id = ?", (computer_id,))
    if found:
        changes = {k: v for k, v in fields.items() if found[0].get(k) != v}
        if changes:
            changes["date_mod"] = values.now()
            store.update(it, found[0]["id"], changes)
        return
    store.insert(it, dict(fields, itemtype="Computer", items_id=computer_id, **_now_fields(it)))


# -- devices ------------------------------------------------------------------------------------
def _memory_designation(ctx, memory):
    parts = []
    if _text(memory.get("type")) not in ("", "Empty Slot", "Unknown"):
        parts.append(_text(memory.get("type")))
    if ctx.dialect.serves_hlapi and _text(memory.get("speed")):  # 11.0.6 adds the speed
        parts.append(_text(memory.get("speed")).replace(" MHz", "").replace(" MT/s", ""))
    if _text(memory.get("description")):
        parts.append(_text(memory.get("description")))
    return " - ".join(parts)


def _device_entries(ctx, content):
    """(device itemtype, model fields, item fields) of the document's devices."""
    out = []
    for cpu in content.get("cpus") or []:
        out.append(("DeviceProcessor", {"designation": _text(cpu.get("name")), "manufacturer": cpu.get("manufacturer")},
                    {"frequency": _int(cpu.get("speed")), "nbcores": _int(cpu.get("core")),
                     "nbthreads": _int(cpu.get("thread")), "serial": _text(cpu.get("serial")) or None}))
    for memory in content.get("memories") or []:
        if _int(memory.get("capacity")) <= 0 or "Flash" in _text(memory.get("type")):
            continue
        out.append(("DeviceMemory", {"designation": _memory_designation(ctx, memory),
                                     "manufacturer": memory.get("manufacturer")},
                    {"size": _int(memory.get("capacity")), "serial": _text(memory.get("serialnumber")) or None,
                     "busID": _text(memory.get("numslots")) or None}))
    for storage in content.get("storages") or []:
        out.append(("DeviceHardDrive", {"designation": _text(storage.get("model") or storage.get("name")),
                                        "manufacturer": storage.get("manufacturer")},
                    {"capacity": _int(storage.get("disksize")), "serial": _text(storage.get("serial")) or None}))
    bios = content.get("bios") or {}
    if bios.get("bversion") or bios.get("bmanufacturer"):
        out.append(("DeviceFirmware", {"designation": ("%s BIOS" % _text(bios.get("bmanufacturer"))).strip(),
                                       "manufacturer": bios.get("bmanufacturer"), "version": _text(bios.get("bversion"))},
                    {"serial": _text(bios.get("msn")) or None}))
    for card in _cards(content.get("networks") or []):
        mac = _text(card.get("mac")).lower()
        out.append(("DeviceNetworkCard", {"designation": "Network card item", "manufacturer": card.get("manufacturer")},
                    {"mac": None if mac in BLACKLISTED_MACS else mac}))
    return out


def _cards(networks):
    """NetworkCard::prepare(): one card per interface with a description (virtual ones too: the default
    component_networkcardvirtual is on), a mac seen once; without a ``name`` (the schema has none) its
    model is "Network card item" (Device::handle(): the type name)."""
    seen, out = set(), []
    for net in networks:
        mac = _text(net.get("mac")).lower()
        if "description" not in net or (mac and mac in seen):
            continue
        seen.add(mac)
        out.append(net)
    return out


def _device_model(ctx, device, model):
    store = ctx.store
    it = store.reg.get(device)
    manufacturer = dropdown(store, "Manufacturer", model.get("manufacturer"))
    found = store.find(it, "designation = ? AND manufacturers_id = ?", (model["designation"], manufacturer))
    if found:
        return found[0]["id"]
    row = {"designation": model["designation"], "manufacturers_id": manufacturer}
    if device == "DeviceFirmware":
        row["version"] = model.get("version")
    return store.insert(it, dict(row, **_now_fields(it)))


def save_devices(ctx, computer_id, content, kinds):
    store = ctx.store
    wanted = {}
    for device, model, fields in _device_entries(ctx, content):
        if device in kinds:
            wanted.setdefault(device, []).append((_device_model(ctx, device, model), fields))
    for device in kinds:
        link_it = store.reg.get("Item_" + device)
        fk = "devicememories_id" if device == "DeviceMemory" else device.lower() + "s_id"
        existing = store.find(link_it, "itemtype = 'Computer' AND items_id = ? AND is_dynamic = 1", (computer_id,))
        for model_id, fields in wanted.get(device, []):
            key = [model_id] + [fields.get(c) for c in DEVICE_MATCH[device]]
            same = [r for r in existing if [r[fk]] + [r.get(c) for c in DEVICE_MATCH[device]] == key]
            if same:
                existing.remove(same[0])
                continue
            row = dict(fields, itemtype="Computer", items_id=computer_id, is_dynamic=1, entities_id=0)
            row[fk] = model_id
            store.insert(link_it, row)
        for gone in existing:
            store.delete(link_it, gone["id"])


# -- volumes ------------------------------------------------------------------------------------
def save_disks(ctx, computer_id, drives):
    store = ctx.store
    it = store.reg.get("Item_Disk")
    existing = {r["mountpoint"]: r for r in _dynamic_rows(store, it, computer_id)}
    for drive in drives:
        mountpoint = _text(drive.get("type") or drive.get("letter"))
        fields = {"name": mountpoint, "mountpoint": mountpoint, "device": _text(drive.get("volumn")) or None,
                  "filesystems_id": dropdown(store, "Filesystem", drive.get("filesystem")),
                  "totalsize": _int(drive.get("total")), "freesize": _int(drive.get("free")), "is_dynamic": 1}
        current = existing.pop(mountpoint, None)
        if current is None:
            store.insert(it, dict(fields, itemtype="Computer", items_id=computer_id, entities_id=0, **_now_fields(it)))
            continue
        changes = {k: v for k, v in fields.items() if current.get(k) != v}
        if changes:
            store.update(it, current["id"], dict(changes, date_mod=values.now()))
    for gone in existing.values():
        store.delete(it, gone["id"])


# -- network ports --------------------------------------------------------------------------------
# NetworkCard::prepare(): the document's ``type`` -> instantiation type; other types: Fiberchannel with a
# wwn, Ethernet with a mac, else Local. 11.0.6 adds the lower-case ones (so ``loopback`` is Local there
# even with a mac); a port without ``type`` gets none (NULL).
PORT_TYPES = {"Ethernet": "NetworkPortEthernet", "wifi": "NetworkPortWifi", "fibrechannel": "NetworkPortFiberchannel",
              "fiberchannel": "NetworkPortFiberchannel"}
PORT_TYPES_11 = dict(PORT_TYPES, ethernet="NetworkPortEthernet", aggregate="NetworkPortAggregate",
                     alias="NetworkPortAlias", dialup="NetworkPortDialup", loopback="NetworkPortLocal")
BLACKLISTED_IPS = ("", "0.0.0.0", "127.0.0.1", "::1")  # 11.0.6's Blacklist defaults, applied to addresses


def _port_type(ctx, net):
    if "type" not in net:
        return None
    types = PORT_TYPES_11 if ctx.dialect.serves_hlapi else PORT_TYPES
    kind = types.get(str(net.get("type")))
    if kind:
        return kind
    if _text(net.get("wwn")):
        return "NetworkPortFiberchannel"
    return "NetworkPortEthernet" if _text(net.get("mac")) else "NetworkPortLocal"


def _speed(net):
    speed = _text(net.get("speed"))
    if not speed.isdigit():
        return 0
    return int(speed) // 1000000 if int(speed) > 100000 else int(speed)  # old agents send b/s


def _interfaces(ctx, networks):
    """The document's ports (by name and mac, in order) with their addresses."""
    order, ports = [], {}
    for net in networks:
        name, mac = _text(net.get("description")), _text(net.get("mac")).lower()
        if not name and not mac:
            continue
        key = (name, mac)
        if key not in ports:
            order.append(key)
            ports[key] = {"net": net, "ips": []}
        for field in ("ipaddress", "ipaddress6"):
            address = _text(net.get(field))
            if address and address not in [a for a, _n in ports[key]["ips"]]:
                ports[key]["ips"].append((address, net))
    return [(key, ports[key]) for key in order]


def _kept_addresses(ctx, ips):
    if not ctx.dialect.serves_hlapi:
        return ips
    return [(address, net) for address, net in ips if address not in BLACKLISTED_IPS]


def save_ports(ctx, computer_id, networks):
    store = ctx.store
    existing = {(r["name"], r["mac"] or ""): r for r in _dynamic_rows(store, store.reg.get("NetworkPort"), computer_id)}
    for (name, mac), interface in _interfaces(ctx, networks):
        net = interface["net"]
        kind = _port_type(ctx, net)
        fields = {"logical_number": 0 if net.get("virtualdev") in (True, 1, "1") else 1, "mac": mac or None,
                  "instantiation_type": kind, "is_dynamic": 1}
        port_id = _save_port(ctx, existing.pop((name, mac), None), name, fields, computer_id)
        _save_port_detail(ctx, port_id, kind, net)
        if interface["ips"]:  # handleCreates(): a NetworkName only for a port with addresses
            _save_addresses(ctx, port_id, name, computer_id, _kept_addresses(ctx, interface["ips"]))
    for gone in existing.values():
        _purge_port(ctx, gone["id"])


def _save_port(ctx, port, name, fields, computer_id):
    store = ctx.store
    port_it = store.reg.get("NetworkPort")
    if port is None:
        return store.insert(port_it, dict(fields, name=name, itemtype="Computer", items_id=computer_id,
                                          entities_id=0, **_now_fields(port_it)))
    changes = {k: v for k, v in fields.items() if port.get(k) != v}
    if changes:
        store.update(port_it, port["id"], dict(changes, date_mod=values.now()))
    return port["id"]


def _save_port_detail(ctx, port_id, kind, net):
    """The NetworkPortEthernet row (speed); the other kinds keep none (a NetworkPortLocal reads back
    with id null, as measured on 10.0.12 and 11.0.6)."""
    store = ctx.store
    eth_it = store.reg.get("NetworkPortEthernet")
    found = store.find(eth_it, "networkports_id = ?", (port_id,))
    if kind != "NetworkPortEthernet":
        for row in found:
            store.delete(eth_it, row["id"])
        return
    fields = {"speed": _speed(net)}
    if found:
        changes = {k: v for k, v in fields.items() if found[0].get(k) != v}
        if changes:
            store.update(eth_it, found[0]["id"], changes)
        return
    store.insert(eth_it, dict(fields, networkports_id=port_id, type="", **_now_fields(eth_it)))


def _save_addresses(ctx, port_id, name, computer_id, ips):
    """The port's NetworkName and its addresses: kept when unchanged, else deleted and added anew."""
    store = ctx.store
    name_it, ip_it = store.reg.get("NetworkName"), store.reg.get("IPAddress")
    names = store.find(name_it, "itemtype = 'NetworkPort' AND items_id = ?", (port_id,))
    name_id = names[0]["id"] if names else store.insert(name_it, dict(
        name=_slug(name), itemtype="NetworkPort", items_id=port_id, entities_id=0, is_dynamic=1, **_now_fields(name_it)))
    current = {r["name"]: r for r in store.find(ip_it, "itemtype = 'NetworkName' AND items_id = ?", (name_id,))}
    for address, net in ips:
        parsed = network.parse_address(address)
        if parsed is None or parsed[1] in current and current.pop(parsed[1]):
            continue
        version, textual, words = parsed
        row = {"name": textual, "version": version, "itemtype": "NetworkName", "items_id": name_id, "entities_id": 0,
               "is_dynamic": 1, "mainitemtype": "Computer", "mainitems_id": computer_id}
        row.update({"binary_%d" % i: word for i, word in enumerate(words)})
        ip_id = store.insert(ip_it, row)
        _link_network(ctx, ip_id, net)
    for gone in current.values():
        store.delete(ip_it, gone["id"])
        store.query("DELETE FROM glpi_ipaddresses_ipnetworks WHERE ipaddresses_id = ?", (gone["id"],))


def _slug(name):
    """Toolbox::slugify() of a port name for its NetworkName (None when not a valid FQDN label)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug if re.match(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", slug) else None


def _link_network(ctx, ip_id, net):
    """The IPNetwork "subnet/mask - gateway" of an address (created once; InventoryNetworkPort::
    handleIpNetworks() skips an interface without subnet, mask or gateway), linked to it."""
    subnet, mask, gateway = _text(net.get("ipsubnet")), _text(net.get("ipmask")), _text(net.get("ipgateway"))
    if not subnet or not mask or not gateway:
        return
    store = ctx.store
    label = "%s/%s - %s" % (subnet, mask, gateway)
    it = store.reg.get("IPNetwork")
    found = store.find(it, "name = ?", (label,))
    network_id = found[0]["id"] if found else store.insert(it, dict(
        name=label, completename=label, address=subnet, netmask=mask, gateway=gateway, version=4,
        addressable=1, entities_id=0, **_now_fields(it)))
    store.insert(store.reg.get("IPAddress_IPNetwork"), {"ipaddresses_id": ip_id, "ipnetworks_id": network_id})


def _purge_port(ctx, port_id):
    store = ctx.store
    for name in store.find(store.reg.get("NetworkName"), "itemtype = 'NetworkPort' AND items_id = ?", (port_id,)):
        store.query("DELETE FROM glpi_ipaddresses WHERE itemtype = 'NetworkName' AND items_id = ?", (name["id"],))
        store.delete(store.reg.get("NetworkName"), name["id"])
    for kind in ("NetworkPortEthernet", "NetworkPortLocal"):
        store.query('DELETE FROM "%s" WHERE networkports_id = ?' % store.reg.get(kind).table, (port_id,))
    store.delete(store.reg.get("NetworkPort"), port_id)


# -- software -------------------------------------------------------------------------------------
def _software_list(content):
    """The document's software, plus the operating system as a software (GLPI does that)."""
    out = list(content.get("softwares") or [])
    system = content.get("operatingsystem") or {}
    if _text(system.get("full_name")):
        out.append({"name": system["full_name"], "version": system.get("version"), "arch": system.get("arch"),
                    "publisher": system.get("publisher")})
    return out


def _version_id(ctx, software):
    store = ctx.store
    manufacturer = dropdown(store, "Manufacturer", software.get("publisher"))
    soft_it, version_it = store.reg.get("Software"), store.reg.get("SoftwareVersion")
    name = _text(software.get("name"))
    found = store.find(soft_it, "name = ? AND manufacturers_id = ? AND entities_id = 0 AND is_template = 0",
                       (name, manufacturer))
    soft_id = found[0]["id"] if found else store.insert(soft_it, dict(
        name=name, manufacturers_id=manufacturer, entities_id=0, is_recursive=0, softwarecategories_id=0,
        **_now_fields(soft_it)))
    version, arch = _text(software.get("version")), _text(software.get("arch")) or None
    found = store.find(version_it, "softwares_id = ? AND name = ? AND (arch = ? OR (arch IS NULL AND ? IS NULL))",
                       (soft_id, version, arch, arch))
    version_id = found[0]["id"] if found else store.insert(version_it, dict(
        softwares_id=soft_id, name=version, arch=arch, entities_id=0, **_now_fields(version_it)))
    return version_id, soft_id, name, version


def save_softwares(ctx, computer_id, softwares, log=True):
    store = ctx.store
    link_it = store.reg.get("Item_SoftwareVersion")
    links = {r["softwareversions_id"]: r for r in store.find(
        link_it, "itemtype = 'Computer' AND items_id = ? AND is_dynamic = 1", (computer_id,))}
    added = []
    for software in softwares:
        if not _text(software.get("name")):
            continue
        version_id, soft_id, name, version = _version_id(ctx, software)
        if links.pop(version_id, None) is not None or version_id in [a[0] for a in added]:
            continue
        store.insert(link_it, {"itemtype": "Computer", "items_id": computer_id, "softwareversions_id": version_id,
                               "entities_id": 0, "is_dynamic": 1,
                               "date_install": _text(software.get("install_date"))[:10] or None})
        added.append((version_id, soft_id, name, version))
    removed = []
    for link in links.values():
        version = store.get(store.reg.get("SoftwareVersion"), link["softwareversions_id"]) or {}
        soft = store.get(store.reg.get("Software"), version.get("softwares_id")) or {}
        removed.append((version.get("id"), soft.get("id"), soft.get("name"), version.get("name")))
        store.delete(link_it, link["id"])
    if log:  # a new computer's installations are not logged (measured on 10.0.12)
        _log_softwares(ctx, computer_id, added, removed)


def _log_softwares(ctx, computer_id, added, removed):
    """Software::logSoftwares(): 17 added, 18 version changed (same software), 19 removed."""
    removed_by_soft = {r[1]: r for r in removed}
    for _vid, soft_id, name, version in added:
        old = removed_by_soft.pop(soft_id, None)
        if old is not None:
            history.write(ctx, "Computer", computer_id, "Software", 18, 0, "",
                          "%s - %s -> %s" % (name, old[3], version))
        else:
            history.write(ctx, "Computer", computer_id, "Software", 17, 0, "", "%s - %s" % (name, version))
    for _vid, _soft_id, name, version in removed_by_soft.values():
        history.write(ctx, "Computer", computer_id, "Software", 19, 0, "%s - %s" % (name, version), "")
