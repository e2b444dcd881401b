# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One comparable projection of a native inventory document and of what GLPI stored from it.

``summary_of_document(document)`` and ``summary_of_glpi(computer, operating_system)`` give the
same dict for a document GLPI has just imported (measured on GLPI 10.0.12 and 11.0.6)::

    {"name", "serial", "uuid", "manufacturer", "model", "type",
     "operatingsystem": {"name", "version", "arch", "kernel"},
     "softwares": sorted ["name version"], "ips": sorted, "macs": sorted,
     "disks": sorted ["mountpoint fs totalsize"], "processors": sorted names, "memory_mb": total}

The document side follows GLPI's import (src/Inventory/Asset/*.php) where it transforms values,
so that an unchanged host projects equal on both sides:

* the OS name is ``operatingsystem.full_name`` (else ``name``); GLPI also stores the OS as a
  software (name, version): the GLPI side drops that one row;
* a network entry that carries ``ipaddress`` stores that address only (its ``ipaddress6`` is
  dropped); a further entry with the same description and MAC adds both of its addresses;
* loopback addresses (127.0.0.0/8, ::1) and the all-zero MAC are left out on both sides (GLPI
  11 no longer stores lo's address, 10 does);
* the addresses of a port without a MAC (tunnels, loopback), unless it is a Wifi or Fibre Channel
  one, are left out on both sides: GLPI makes it a NetworkPortLocal, whose addresses its legacy
  API does not show back (10.0.12 and 11.0.6, measured);
* every network entry needs a ``type``: GLPI 10.0.12 stores a port without one with no
  instantiation type, which its legacy API does not list at all (11.0.6 does);
* file system names compare in lower case (GLPI links ``vfat`` to its existing ``VFAT``);
* software and dropdown names are trimmed with inner blanks collapsed, as GLPI's cleanName;
* memory is the sum of the modules' capacities (modules without a capacity or of a Flash type
  are not imported).

Left out on purpose: what moves on every run (free space, boot time, uptime, last inventory
date). GLPI stores them, but a change in them alone is not reported as a change.
A section the document does not carry (no ``softwares``, no ``memories``, ...) is not in its
summary: GLPI keeps what it has for it, so it is not compared (``restrict_to``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

SUMMARY_KEYS = ('name', 'serial', 'uuid', 'manufacturer', 'model', 'type', 'operatingsystem', 'softwares',
                'ips', 'macs', 'disks', 'processors', 'memory_mb')
OS_KEYS = ('name', 'version', 'arch', 'kernel')
ZERO_MAC = '00:00:00:00:00:00'
_BLANKS = re.compile(r'\s+', re.UNICODE)
_INVISIBLE = re.compile(u'[\u200b-\u200d\ufeff]')


def clean_name(value):
    """GLPI's cleanName: blanks collapsed, invisible characters removed, trimmed; None for empty."""
    if value is None:
        return None
    text = _INVISIBLE.sub('', _BLANKS.sub(' ', str(value))).strip()
    return text or None


def is_loopback(address):
    text = (address or '').strip().lower()
    return text.startswith('127.') or text in ('::1', '0:0:0:0:0:0:0:1')


def _address(value):
    """An IP address as GLPI shows it (IPv6 compressed), lower case."""
    text = (value or '').strip().lower()
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return text


def _mac(value):
    text = (value or '').strip().lower()
    return None if text in ('', ZERO_MAC) else text


def _software_label(name, version):
    name = clean_name(name)
    version = clean_name(version)
    return '%s %s' % (name, version) if version else name


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def restrict_to(summary, keys):
    """The part of ``summary`` under ``keys`` (those of a document's summary)."""
    return dict((key, summary.get(key)) for key in keys)


# ---------------------------------------------------------------------------- the document


def _document_identity(content):
    hardware = content.get('hardware') or {}
    bios = content.get('bios') or {}
    out = {}
    if 'name' in hardware:
        out['name'] = clean_name(hardware.get('name'))
    if 'uuid' in hardware:
        out['uuid'] = clean_name(hardware.get('uuid'))
    manufacturer = bios.get('smanufacturer') or bios.get('mmanufacturer') or bios.get('bmanufacturer')
    if 'bios' in content:
        out['manufacturer'] = clean_name(manufacturer)
        out['model'] = clean_name(bios.get('smodel') or bios.get('mmodel'))
    if 'ssn' in bios:
        serial = (bios.get('ssn') or '').strip()
        if manufacturer and 'ewlett' in manufacturer:  # GLPI's HP patch: a leading S is dropped
            serial = re.sub(r'^[sS]', '', serial).strip()
        out['serial'] = serial or None
    vmsystem = hardware.get('vmsystem')
    if vmsystem and vmsystem != 'Physical':
        out['type'] = clean_name(vmsystem)
    elif 'chassis_type' in hardware or 'bios' in content:
        out['type'] = clean_name(hardware.get('chassis_type') or bios.get('type') or bios.get('mmodel'))
    return out


def _document_os(system):
    return {
        'name': clean_name(system.get('full_name') or system.get('name')),
        'version': clean_name(system.get('version')),
        'arch': clean_name(system.get('arch')),
        'kernel': clean_name(system.get('kernel_version')),
    }


def _document_softwares(softwares):
    seen = set()
    labels = []
    for software in softwares:
        name = clean_name(software.get('name')) or clean_name(software.get('guid'))
        if not name:
            continue
        key = (name.lower(), (clean_name(software.get('version')) or '').lower(), (software.get('arch') or '').lower())
        if key in seen:  # GLPI links one version (name, version, arch) once
            continue
        seen.add(key)
        labels.append(_software_label(name, software.get('version')))
    return sorted(labels)


def _shown(mac, kind, wwn=None):
    """Whether GLPI's legacy API shows a port's addresses back: not for a port without a MAC that
    is no Wifi or Fibre Channel one (NetworkPortLocal, or no type at all: tunnels, loopback)."""
    return bool(mac or wwn) or kind in ('wifi', 'fibrechannel', 'fiberchannel', 'NetworkPortWifi', 'NetworkPortFiberchannel')


def _document_ports(networks):
    """GLPI's ports from the network entries: {(description, mac): [addresses]} (NetworkCard.php)."""
    ports = {}
    for entry in networks:
        description = entry.get('description')
        if not description:
            continue
        key = (description, (entry.get('mac') or '').lower())
        addresses = [entry.get('ipaddress'), entry.get('ipaddress6')]
        if key not in ports:
            # The first entry of a port stores its IPv4 address, else its IPv6 one, not both.
            addresses = [entry.get('ipaddress')] if 'ipaddress' in entry else [entry.get('ipaddress6')]
            ports[key] = []
        if not _shown(key[1], entry.get('type'), entry.get('wwn')):
            continue
        for address in addresses:
            if address and address not in ports[key]:
                ports[key].append(address)
    return ports


def _document_network(networks):
    ports = _document_ports(networks)
    ips = set()
    macs = set()
    for (dummy, mac), addresses in ports.items():
        if _mac(mac):
            macs.add(_mac(mac))
        ips.update(_address(address) for address in addresses if not is_loopback(address))
    return sorted(ips), sorted(macs)


def _disk_label(mountpoint, filesystem, total):
    return '%s %s %d' % (mountpoint or '', (filesystem or '').lower(), _int(total))


def _document_disks(drives):
    labels = []
    for drive in drives:
        mountpoint = drive.get('letter') or drive.get('type')
        labels.append(_disk_label(mountpoint, drive.get('filesystem'), drive.get('total')))
    return sorted(labels)


def _document_memory(memories):
    total = 0
    for memory in memories:
        if _int(memory.get('capacity')) > 0 and 'Flash' not in (memory.get('type') or ''):
            total += _int(memory.get('capacity'))
    return total


def summary_of_document(document):
    """The comparable projection of a native inventory document (keys of the sections it carries)."""
    content = (document or {}).get('content') or {}
    out = _document_identity(content)
    if 'operatingsystem' in content:
        out['operatingsystem'] = _document_os(content.get('operatingsystem') or {})
    if 'softwares' in content:
        out['softwares'] = _document_softwares(content.get('softwares') or [])
    if 'networks' in content:
        out['ips'], out['macs'] = _document_network(content.get('networks') or [])
    if 'drives' in content:
        out['disks'] = _document_disks(content.get('drives') or [])
    if 'cpus' in content:
        out['processors'] = sorted(clean_name(cpu.get('name')) for cpu in content.get('cpus') or [] if clean_name(cpu.get('name')))
    if 'memories' in content:
        out['memory_mb'] = _document_memory(content.get('memories') or [])
    return out


# ---------------------------------------------------------------------------- GLPI's read-back


def _dropdown(value):
    """An expanded dropdown of the legacy API: its name, None for 0 / '' / null (not set)."""
    if value in (None, '', 0, '0') or isinstance(value, (list, dict)):
        return None
    return clean_name(value)


def _glpi_os(operating_system):
    row = operating_system or {}
    return {
        'name': _dropdown(row.get('operatingsystems_id')),
        'version': _dropdown(row.get('operatingsystemversions_id')),
        'arch': _dropdown(row.get('operatingsystemarchitectures_id')),
        'kernel': _dropdown(row.get('operatingsystemkernelversions_id')),
    }


def _glpi_softwares(rows, system):
    labels = [_software_label(_dropdown(row.get('softwares_id')), _dropdown(row.get('softwareversions_id')))
              for row in rows or [] if _dropdown(row.get('softwares_id'))]
    if system.get('name'):
        # GLPI adds the OS as a software of the computer: not one of the document's packages.
        os_label = _software_label(system['name'], system.get('version'))
        if os_label in labels:
            labels.remove(os_label)
    return sorted(labels)


def _glpi_network(networkports):
    ips = set()
    macs = set()
    for kind, ports in (networkports or {}).items():
        for port in ports or []:
            if _mac(port.get('mac')):
                macs.add(_mac(port.get('mac')))
            if not _shown(port.get('mac'), kind):
                continue
            addresses = (port.get('NetworkName') or {}).get('IPAddress') or []
            for address in addresses:
                name = (address or {}).get('name')
                if name and not is_loopback(name):
                    ips.add(_address(name))
    return sorted(ips), sorted(macs)


def _glpi_disks(rows):
    labels = []
    for row in rows or []:
        disk = row.get('name') if isinstance(row.get('name'), dict) else row  # the legacy API nests each disk
        labels.append(_disk_label(disk.get('mountpoint'), _dropdown(disk.get('filesystems_id')), disk.get('totalsize')))
    return sorted(labels)


def _device_rows(devices, itemtype):
    rows = (devices or {}).get(itemtype) or {}
    return list(rows.values()) if isinstance(rows, dict) else list(rows)


def summary_of_glpi(computer, operating_system=None, keys=None):
    """The comparable projection of GLPI's read-back of a computer.

    ``computer``: GET Computer/N?expand_dropdowns&with_networkports&with_softwares&with_devices
    &with_disks; ``operating_system``: its Item_OperatingSystem row (expanded), or None.
    ``keys``: keep only these (a document's summary keys); all by default.
    """
    computer = computer or {}
    system = _glpi_os(operating_system)
    devices = computer.get('_devices')
    ips, macs = _glpi_network(computer.get('_networkports'))
    out = {
        'name': clean_name(computer.get('name')),
        'serial': (computer.get('serial') or '').strip() or None,
        'uuid': clean_name(computer.get('uuid')),
        'manufacturer': _dropdown(computer.get('manufacturers_id')),
        'model': _dropdown(computer.get('computermodels_id')),
        'type': _dropdown(computer.get('computertypes_id')),
        'operatingsystem': system,
        'softwares': _glpi_softwares(computer.get('_softwares'), system),
        'ips': ips,
        'macs': macs,
        'disks': _glpi_disks(computer.get('_disks')),
        'processors': sorted(_dropdown(row.get('deviceprocessors_id')) for row in _device_rows(devices, 'Item_DeviceProcessor')
                             if _dropdown(row.get('deviceprocessors_id'))),
        'memory_mb': sum(_int(row.get('size')) for row in _device_rows(devices, 'Item_DeviceMemory')),
    }
    return restrict_to(out, keys) if keys is not None else out
