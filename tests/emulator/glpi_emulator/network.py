"""Network names and IP addresses as GLPI 10.0.12 writes and shows them.

- IPAddress::prepareInput (add and update): a ``name`` must be an IPv4 (four dot-separated
  PHP-numeric parts 0-255, optionally written ``::ffff:a.b.c.d``) or an IPv6 address, else the
  write fails with "Invalid IP address: <name>" (a dynamic one is stored as version 0). The
  address is stored as ``version``, the textual form and four 32-bit words ``binary_0..3``
  (IPv4 mapped: 0, 0, 65535, the address). ``mainitemtype`` / ``mainitems_id`` are the item
  of the network port the network name hangs on (NULL / 0 otherwise).
- NetworkName::post_workOnItem (add and update): ``_ipaddresses`` {key: ip}: a negative key
  adds the address, another key updates that IPAddress (an empty ip deletes it).
- API::getNetworkPorts: each port gets its first network name with its addresses (ids as
  strings, as GLPI splits a GROUP_CONCAT) and their IP networks.

IPv6 textual forms are Python's compressed notation (GLPI writes its own, which may differ
for some addresses).
"""
import ipaddress

from . import phpjson, values

INVALID_IP = "Invalid IP address: %s"
_V4_MAPPED = "::ffff:"


def _ipv4(text):
    """The integer of a dotted IPv4 the way IPAddress::setAddressFromString reads it, or None."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    number = 0
    for part in parts:
        value = phpjson.numeric_value(part)
        if value is None or not 0 <= int(value) <= 255:
            return None
        number = number * 256 + int(value)
    return number


def parse_address(text):
    """(version, textual, [binary_0..3]) of an address GLPI accepts, else None."""
    text = str(text).strip() if text is not None else ""
    if not text:
        return None
    mapped = text.startswith(_V4_MAPPED) and _ipv4(text[len(_V4_MAPPED):]) is not None
    number = _ipv4(text[len(_V4_MAPPED):] if mapped else text)
    if number is not None:
        textual = str(ipaddress.IPv4Address(number))
        return 4, (_V4_MAPPED + textual if mapped else textual), [0, 0, 65535, number]
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return None
    words = [(int(address) >> (32 * (3 - i))) & 0xFFFFFFFF for i in range(4)]
    return 6, address.compressed, words


def prepare_ip_input(ctx, obj, row):
    """IPAddress::prepareInput() on the coerced ``row``: None, or the error message."""
    if obj.get("name") is not None:
        parsed = parse_address(obj.get("name"))
        if parsed is None:
            if not values.php_int(obj.get("is_dynamic") or 0):
                return INVALID_IP % obj.get("name")
            row.update({"version": 0, "binary_0": 0, "binary_1": 0, "binary_2": 0, "binary_3": 0})
        else:
            version, textual, words = parsed
            row.update({"version": version, "name": ctx.dialect.store_text(textual)})
            row.update({"binary_%d" % i: word for i, word in enumerate(words)})
    if obj.get("itemtype") is not None and obj.get("items_id") is not None:
        row["mainitemtype"], row["mainitems_id"] = None, 0
        port = _port_of_name(ctx, obj) if obj.get("itemtype") == "NetworkName" else None
        if port is not None and port.get("itemtype"):
            row["mainitemtype"], row["mainitems_id"] = port["itemtype"], port["items_id"]
    return None


def _port_of_name(ctx, obj):
    name = ctx.store.get(ctx.reg.get("NetworkName"), values.php_int(obj.get("items_id")))
    if name is None or name.get("itemtype") != "NetworkPort":
        return None
    return ctx.store.get(ctx.reg.get("NetworkPort"), name.get("items_id"))


def work_on_name(ctx, name_id, obj):
    """NetworkName::post_workOnItem(): the ``_ipaddresses`` of the input."""
    from . import writes  # local import: writes needs this module
    addresses = obj.get("_ipaddresses")
    if isinstance(addresses, list):
        addresses = dict(enumerate(addresses))
    if not isinstance(addresses, dict):
        return
    ip_it = ctx.reg.get("IPAddress")
    for key, address in addresses.items():
        link = {"itemtype": "NetworkName", "items_id": name_id, "name": address}
        if values.php_int(key) < 0:
            if not _php_empty(address):
                writes.add_item_internal(ctx, ip_it, link)
            continue
        current = ctx.store.get(ip_it, values.php_int(key))
        if current is None:
            continue
        if _php_empty(address):
            writes.delete_item(ctx, ip_it, current["id"], False)
        else:
            writes.apply_update(ctx, ip_it, current, dict(link, id=current["id"]))


def _php_empty(value):
    return value in (None, 0, "", "0", False) or value == [] or value == {}


def _ip_networks(ctx, ip_id):
    """The IPNetworks an address belongs to (glpi_ipaddresses_ipnetworks), as getNetworkPorts lists them."""
    if ctx.reg.get("IPAddress_IPNetwork") is None:
        return []
    rows = ctx.store.query(
        "SELECT n.id, n.completename, n.name, n.address, n.netmask, n.gateway, n.ipnetworks_id, n.comment "
        "FROM glpi_ipaddresses_ipnetworks l JOIN glpi_ipnetworks n ON n.id = l.ipnetworks_id "
        "WHERE l.ipaddresses_id = ? ORDER BY n.id", (ip_id,))
    keys = ("id", "completename", "name", "address", "netmask", "gateway", "ipnetworks_id", "comment")
    return [dict(zip(keys, row)) for row in rows]


def port_network_name(ctx, port_id):
    """The ``NetworkName`` entry API::getNetworkPorts() adds to a port (None: no name)."""
    names = ctx.store.find(ctx.reg.get("NetworkName"), "itemtype = 'NetworkPort' AND items_id = ?",
                           (port_id,))
    if not names:
        return None
    name = names[0]
    ips = ctx.store.find(ctx.reg.get("IPAddress"), "itemtype = 'NetworkName' AND items_id = ?", (name["id"],))
    # GROUP_CONCAT of nothing is NULL, and explode() of it gives one empty entry
    addresses = [{"id": str(ip["id"]), "name": ip["name"], "IPNetwork": _ip_networks(ctx, ip["id"])} for ip in ips] or \
        [{"id": "", "name": None, "IPNetwork": []}]
    fqdn_it = ctx.reg.get("FQDN")
    fqdn = ctx.store.get(fqdn_it, name.get("fqdns_id")) if fqdn_it is not None and name.get("fqdns_id") else None
    return {"id": name["id"], "name": name["name"], "fqdns_id": name.get("fqdns_id") or 0,
            "FQDN": {"id": name.get("fqdns_id") or 0, "name": (fqdn or {}).get("name"),
                     "fqdn": (fqdn or {}).get("fqdn")},
            "IPAddress": addresses}
