# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``cpus``, ``memories``, ``storages`` and ``drives`` sections of the native inventory document.

GLPI's mapping (real GLPI 10.0.12 and 11.0.6): a cpu becomes an Item_DeviceProcessor (name,
frequency = speed, nbcores = core, nbthreads = thread), a storage an Item_DeviceHardDrive (model,
capacity = disksize), a drive an Item_Disk whose name and mount point are the drive's ``type``
(the mount point: the schema's field name is misleading), device = volumn, filesystem, totalsize
and freesize in MB.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import (
    MIB, identifier, integer, megabytes, positive, put, text,
)
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_system import (
    architecture, family, MACOS,
)

_CPU_VENDORS = {
    'GenuineIntel': 'Intel', 'AuthenticAMD': 'AMD', 'CentaurHauls': 'VIA', 'HygonGenuine': 'Hygon',
    'ARM': 'ARM', 'Apple': 'Apple',
}
_GHZ_RE = re.compile(r'@\s*([\d.]+)\s*GHz', re.IGNORECASE)
# The cpus section's ``arch`` pattern in the schema.
_CPU_ARCH_RE = re.compile(r'^(mips|mips64|alpha|sparc|sparc64|m68k|i\d86|x86_64|powerpc|powerpc64|arm.*|aarch64)$')
# Block devices that are not disks: loop files, RAM disks, device-mapper and md volumes, optical drives.
_NOT_A_DISK_RE = re.compile(r'^(loop|ram|zram|dm-|md|sr|fd|nbd|rbd)\d*')
# File systems that hold no data of the host: kernel interfaces, memory, images, bind helpers.
_PSEUDO_FILESYSTEMS = frozenset((
    'tmpfs', 'devtmpfs', 'squashfs', 'overlay', 'proc', 'sysfs', 'cgroup', 'cgroup2', 'nsfs', 'devpts', 'mqueue',
    'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'hugetlbfs', 'configfs', 'ramfs', 'efivarfs',
    'binfmt_misc', 'fusectl', 'rpc_pipefs', 'autofs', 'nfsd', 'selinuxfs', 'fuse.gvfsd-fuse', 'fuse.portal',
    'fuse.lxcfs', 'devfs', 'none',
))


def cpus(facts):
    """One entry per physical processor (``processor_count``), all alike: the facts describe one model."""
    name, vendor = _processor_model(facts.get('processor'))
    if name is None:
        return []
    cpu = {'name': name}
    put(cpu, 'manufacturer', vendor or _vendor_from_name(name))
    cores = positive(facts.get('processor_cores'))
    put(cpu, 'core', cores)
    threads_per_core = positive(facts.get('processor_threads_per_core'))
    if cores and threads_per_core:
        # GLPI shows ``thread`` as the processor's thread count (nbthreads), as dmidecode's Thread Count.
        cpu['thread'] = cores * threads_per_core
    elif family(facts) == MACOS:
        put(cpu, 'thread', positive(facts.get('processor_vcpus')))
    match = _GHZ_RE.search(name)
    if match:
        cpu['speed'] = int(round(float(match.group(1)) * 1000))
    arch = architecture(facts)
    if arch and _CPU_ARCH_RE.match(arch):
        cpu['arch'] = arch
    count = positive(facts.get('processor_count')) or 1
    return [dict(cpu) for _index in range(count)]


def _processor_model(processor):
    """(model name, vendor) from ``processor``: a list of index, vendor id and model name per logical CPU
    (Linux, Windows), or one text (macOS)."""
    if isinstance(processor, str):
        return text(processor), None
    if not isinstance(processor, list):
        return None, None
    name = vendor = None
    for item in processor:
        value = text(item)
        if value is None or value.isdigit():
            continue
        if value in _CPU_VENDORS:
            vendor = vendor or _CPU_VENDORS[value]
        elif name is None:
            name = re.sub(r'\s+', ' ', value)
    return name, vendor


def _vendor_from_name(name):
    for word, vendor in (('intel', 'Intel'), ('amd', 'AMD'), ('apple', 'Apple'), ('arm', 'ARM')):
        if re.search(r'\b%s\b' % word, name, re.IGNORECASE):
            return vendor
    return None


def memories(facts):
    """Per-slot memory modules: only when the facts carry them (``memories``: a list of dicts in the
    schema's shape, e.g. from a custom fact); Ansible's own facts have only the total, which goes to
    hardware.memory: no slot is invented from it."""
    modules = facts.get('memories')
    if not isinstance(modules, list):
        return []
    result = []
    for module in modules:
        if not isinstance(module, dict):
            continue
        entry = {}
        put(entry, 'capacity', positive(module.get('capacity')))
        for key in ('caption', 'description', 'manufacturer', 'model', 'speed', 'type', 'serialnumber'):
            put(entry, key, text(module.get(key)))
        put(entry, 'numslots', integer(module.get('numslots')))
        if entry:
            result.append(entry)
    return result


def storages(facts):
    """The disks of ``devices`` (Linux): not partitions, not loop, RAM, device-mapper or optical devices."""
    devices = facts.get('devices')
    if not isinstance(devices, dict):
        return []
    result = []
    for name in sorted(devices):
        device = devices[name]
        if not isinstance(device, dict) or _NOT_A_DISK_RE.match(name):
            continue
        size = _device_size(device)
        if not size:
            continue
        entry = {'name': name, 'type': 'disk', 'disksize': size}
        put(entry, 'model', text(device.get('model')))
        vendor = text(device.get('vendor'))
        # virtio and NVMe report a PCI vendor id (0x1af4) rather than a name: GLPI would make it a manufacturer.
        put(entry, 'manufacturer', vendor if vendor and not vendor.lower().startswith('0x') else None)
        put(entry, 'serial', identifier(device.get('serial')))
        put(entry, 'description', text(device.get('host')))
        result.append(entry)
    return result


def _device_size(device):
    sectors = integer(device.get('sectors'))
    sector_size = integer(device.get('sectorsize')) or 512
    if sectors is None:
        return None
    return sectors * sector_size // MIB


def drives(facts):
    """The mounted file systems of ``mounts``: one per mount point, pseudo file systems left out."""
    mounts = facts.get('mounts')
    if not isinstance(mounts, list):
        return []
    result = []
    seen = set()
    for mount in mounts:
        if not isinstance(mount, dict):
            continue
        point = text(mount.get('mount'))
        fstype = text(mount.get('fstype'))
        if point is None or point in seen or (fstype or '').lower() in _PSEUDO_FILESYSTEMS:
            continue
        seen.add(point)
        entry = {'type': point}
        put(entry, 'volumn', text(mount.get('device')))
        put(entry, 'filesystem', fstype)
        put(entry, 'total', megabytes(mount.get('size_total')))
        put(entry, 'free', megabytes(mount.get('size_available')))
        put(entry, 'serial', identifier(mount.get('uuid')))
        result.append(entry)
    return result
