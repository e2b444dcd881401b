# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``networks`` section of the native inventory document.

One entry per address, as GLPI agents send it: the first entry of an interface carries its IPv4
address (mask, subnet, gateway), each further address (IPv4 or IPv6) has an entry of its own
repeating the interface's description and MAC; an interface without addresses has one entry.
GLPI merges the entries of one interface (same description and MAC) into one network port with
several IP addresses (Inventory/Asset/NetworkCard.php); an entry holding both ``ipaddress`` and
``ipaddress6`` would lose the IPv6 address there, which is why each address travels alone.
Loopback interfaces are left out unless asked for (GLPI 10.0 stores 127.0.0.1 on a port, 11.0 not).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import (
    ipv4_network, ipv6_network, mac, positive, put, text, valid_ipv4, valid_ipv6,
)
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_system import family, WINDOWS

_PCI_SLOT_RE = re.compile(r'^([0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$')
# Ansible's interface types (Linux, BSD, macOS) to the schema's.
_TYPES = {
    'ether': 'ethernet', 'ethernet': 'ethernet', 'loopback': 'loopback', 'bridge': 'bridge', 'bonding': 'aggregate',
    'infiniband': 'infiniband', 'wireless': 'wifi', 'wifi': 'wifi',
}
# systemd's predictable names (wlp2s0) and the older wlan0: Ansible reports Wi-Fi adapters as ether.
_WIRELESS_PREFIXES = ('wl',)


def networks(facts, include_loopback=False):
    """The ``networks`` section, interfaces in the order the facts list them."""
    if family(facts) == WINDOWS:
        interfaces = [_windows_interface(item) for item in facts.get('interfaces') or [] if isinstance(item, dict)]
    else:
        interfaces = [_posix_interface(facts, name) for name in facts.get('interfaces') or []]
    gateway = facts.get('default_ipv4') or {}
    result = []
    for interface in interfaces:
        if interface is None or (interface['base'].get('type') == 'loopback' and not include_loopback):
            continue
        if interface['base'].get('mac') is None and not interface['ipv4'] and not interface['ipv6']:
            continue
        result.extend(_entries(interface, gateway))
    return result


def _entries(interface, default_ipv4):
    """The entries of one interface: one per address, or one without address."""
    base = interface['base']
    entries = []
    for address, netmask, prefix, gateway in interface['ipv4']:
        entry = dict(base, ipaddress=address)
        mask, subnet = ipv4_network(address, netmask, prefix)
        put(entry, 'ipmask', mask)
        put(entry, 'ipsubnet', subnet)
        if gateway is None and default_ipv4.get('interface') == base['description'] \
                and default_ipv4.get('address') == address:
            gateway = text(default_ipv4.get('gateway'))
        put(entry, 'ipgateway', gateway)
        entries.append(entry)
    for address, prefix in interface['ipv6']:
        entry = dict(base, ipaddress6=address)
        mask, subnet = ipv6_network(address, prefix)
        put(entry, 'ipmask6', mask)
        put(entry, 'ipsubnet6', subnet)
        entries.append(entry)
    return entries or [dict(base)]


def _posix_interface(facts, name):
    """Linux, BSD and macOS: ``interfaces`` names the interfaces, each one's facts under its name
    (``-`` and ``:`` in names become ``_`` in the fact's name)."""
    data = facts.get(name)
    if not isinstance(data, dict):
        data = facts.get(str(name).replace('-', '_').replace(':', '_'))
    if not isinstance(data, dict):
        return None
    description = text(data.get('device')) or text(name)
    base = {'description': description}
    put(base, 'mac', mac(data.get('macaddress')))
    kind = _TYPES.get(str(data.get('type') or '').lower())
    if kind == 'ethernet' and description.startswith(_WIRELESS_PREFIXES):
        kind = 'wifi'
    put(base, 'type', kind)
    put(base, 'status', _status(data))
    speed = positive(data.get('speed'))
    put(base, 'speed', str(speed) if speed else None)
    put(base, 'mtu', positive(data.get('mtu')))
    put(base, 'driver', text(data.get('module')))
    if facts.get('system') == 'Linux':
        # GLPI agents' rule: an interface without /sys/class/net/NAME/device is virtual; Ansible gives
        # ``pciid`` (the device's bus address) exactly for the others. GLPI skips virtual cards when
        # its "virtual network cards" import option is off.
        base['virtualdev'] = not data.get('pciid')
        pciid = text(data.get('pciid')) or ''
        put(base, 'pcislot', pciid if _PCI_SLOT_RE.match(pciid) else None)
    ipv4 = []
    primary = data.get('ipv4')
    for item in (primary if isinstance(primary, list) else [primary]) + list(data.get('ipv4_secondaries') or []):
        if isinstance(item, dict) and valid_ipv4(item.get('address')):
            ipv4.append((valid_ipv4(item['address']), item.get('netmask'), item.get('prefix'), None))
    ipv6 = [(valid_ipv6(item.get('address')), item.get('prefix')) for item in data.get('ipv6') or []
            if isinstance(item, dict) and valid_ipv6(item.get('address'))]
    return {'base': base, 'ipv4': _unique(ipv4), 'ipv6': _unique(ipv6)}


def _status(data):
    if 'active' in data:
        return 'up' if data.get('active') else 'down'
    status = str(data.get('status') or '').lower()
    if status in ('active', 'up'):
        return 'up'
    if status in ('inactive', 'down'):
        return 'down'
    return None


def _windows_interface(data):
    """``ansible.windows.setup``: ``interfaces`` is a list of adapters (loopback already left out) with
    ``interface_name`` (the adapter's description, what GLPI agents report), ``connection_name``,
    ``macaddress``, ``default_gateway``, ``speed`` in Mb/s and ``ipv4`` / ``ipv6`` lists of address and prefix."""
    description = text(data.get('interface_name')) or text(data.get('connection_name'))
    if description is None:
        return None
    base = {'description': description}
    put(base, 'mac', mac(data.get('macaddress')))
    speed = positive(data.get('speed'))
    put(base, 'speed', str(speed) if speed else None)
    put(base, 'mtu', positive(data.get('mtu')))
    gateway = valid_ipv4(data.get('default_gateway'))
    ipv4 = [(valid_ipv4(item.get('address')), None, item.get('prefix'), gateway) for item in _as_list(data.get('ipv4'))
            if isinstance(item, dict) and valid_ipv4(item.get('address'))]
    ipv6 = [(valid_ipv6(item.get('address')), item.get('prefix')) for item in _as_list(data.get('ipv6'))
            if isinstance(item, dict) and valid_ipv6(item.get('address'))]
    return {'base': base, 'ipv4': _unique(ipv4), 'ipv6': _unique(ipv6)}


def _as_list(value):
    """PowerShell's ConvertTo-Json makes a one-address list a single object."""
    if isinstance(value, dict):
        return [value]
    return value if isinstance(value, list) else []


def _unique(addresses):
    seen = set()
    result = []
    for item in addresses:
        if item[0] not in seen:
            seen.add(item[0])
            result.append(item)
    return result
