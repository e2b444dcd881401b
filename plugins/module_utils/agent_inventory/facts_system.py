# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``hardware``, ``bios`` and ``operatingsystem`` sections of the native inventory document,
read from a host's ``ansible_facts`` (Linux and other POSIX systems, Windows from
``ansible.windows.setup``, macOS from ``setup`` on Darwin).

GLPI's mapping (real GLPI 10.0.12 and 11.0.6): hardware.name is the computer's name, hardware.uuid
its uuid, bios.ssn its serial, bios.smanufacturer / bios.smodel its manufacturer and model,
hardware.chassis_type its type; the operating system is operatingsystem.full_name, its version
operatingsystem.version.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import (
    boot_time, dmi_date, identifier, integer, positive, put, text,
)

WINDOWS = 'windows'
MACOS = 'macos'
POSIX = 'posix'

# PRETTY_NAME of /etc/os-release (what GLPI agents report as full_name) per Ansible distribution name,
# for hosts without lsb_release (whose description is that same text).
_DISTRIBUTION_NAMES = {
    'Debian': 'Debian GNU/Linux', 'RedHat': 'Red Hat Enterprise Linux',
    'Rocky': 'Rocky Linux', 'AlmaLinux': 'AlmaLinux', 'OracleLinux': 'Oracle Linux Server', 'Fedora': 'Fedora Linux',
    'SLES': 'SUSE Linux Enterprise Server', 'openSUSE Leap': 'openSUSE Leap', 'Amazon': 'Amazon Linux',
    'Archlinux': 'Arch Linux', 'Alpine': 'Alpine Linux',
}
# Ansible's architecture names that GLPI agents spell otherwise (the cpus section's pattern wants these).
_ARCHITECTURES = {'64-bit': 'x86_64', '32-bit': 'i686', 'amd64': 'x86_64', 'x64': 'x86_64'}
_WINDOWS_VERSION_RE = re.compile(r'Windows(?: Server)?\s+(\d{4}(?: R2)?|\d+(?:\.\d+)?|XP|Vista)\b', re.IGNORECASE)


def family(facts):
    """``windows``, ``macos`` or ``posix``: which shape the facts have."""
    system = str(facts.get('system') or '')
    if facts.get('os_family') == 'Windows' or system.startswith('Win'):
        return WINDOWS
    if system == 'Darwin' or facts.get('os_family') == 'Darwin':
        return MACOS
    return POSIX


def short_hostname(facts):
    """The host's short name (GLPI's computer name): ``hostname``, else the first label of ``fqdn``."""
    name = text(facts.get('hostname')) or text(facts.get('nodename')) or text(facts.get('fqdn'))
    if name is None:
        return None
    return name.partition('.')[0] if not _is_ip(name) else name


def _is_ip(name):
    return bool(re.match(r'^[\d.]+$', name)) or ':' in name


def architecture(facts):
    """The OS architecture as GLPI agents spell it (``x86_64``, ``aarch64``, ``i686``), or None."""
    value = text(facts.get('architecture2')) if family(facts) == WINDOWS else None
    value = value or text(facts.get('architecture')) or text(facts.get('machine'))
    if value is None:
        return None
    return _ARCHITECTURES.get(value.lower(), value)


def hardware(facts):
    """The ``hardware`` section."""
    section = {}
    put(section, 'name', short_hostname(facts))
    uuid = identifier(facts.get('product_uuid'))
    put(section, 'uuid', uuid.upper() if uuid else None)
    put(section, 'chassis_type', chassis_type(facts))
    put(section, 'memory', positive(facts.get('memtotal_mb')))
    put(section, 'swap', integer(facts.get('swaptotal_mb')) if family(facts) != WINDOWS else None)
    put(section, 'lastloggeduser', text(facts.get('lastloggeduser')))
    nameservers = [text(server) for server in (facts.get('dns') or {}).get('nameservers') or []]
    put(section, 'dns', '/'.join(server for server in nameservers if server) or None)
    put(section, 'defaultgateway', text((facts.get('default_ipv4') or {}).get('gateway')))
    put(section, 'workgroup', workgroup(facts))
    put(section, 'vmsystem', vmsystem(facts))
    if family(facts) == WINDOWS:
        put(section, 'winowner', text(facts.get('owner_name')))
    return section


def workgroup(facts):
    """The DNS domain (or Windows workgroup) the host belongs to."""
    if family(facts) == WINDOWS:
        return text(facts.get('windows_domain')) or text(facts.get('domain'))
    domain = text(facts.get('domain'))
    if domain is None:
        fqdn = text(facts.get('fqdn')) or ''
        domain = fqdn.split('.', 1)[1] if '.' in fqdn and not _is_ip(fqdn) else None
    return domain


def vmsystem(facts):
    """The virtualization technology of a guest (``kvm``, ``VMware``, ``docker``...), else None.

    GLPI makes a ``vmsystem`` other than ``Physical`` the computer's type, in place of ``chassis_type``
    (Inventory/Asset/MainAsset.php), as it does for GLPI agents' reports of virtual machines."""
    if text(facts.get('virtualization_role')) != 'guest':
        return None
    return text(facts.get('virtualization_type'))


def chassis_type(facts):
    """The chassis (DMI ``form_factor``: Desktop, Notebook, Rack Mount Chassis...); on a Mac, from its model."""
    value = text(facts.get('form_factor'))
    if value and value.lower() != 'other':
        return value
    model = text(facts.get('model')) or text(facts.get('product_name')) or ''
    if family(facts) == MACOS and model.startswith('MacBook'):
        return 'Laptop'
    return None


def bios(facts):
    """The ``bios`` section: serial, manufacturer and model of the system, firmware and motherboard."""
    section = {}
    put(section, 'ssn', identifier(facts.get('product_serial')))
    put(section, 'smanufacturer', text(facts.get('system_vendor')) or _apple(facts))
    put(section, 'smodel', text(facts.get('product_name')) or text(facts.get('model')))
    put(section, 'bversion', text(facts.get('bios_version')))
    put(section, 'bdate', dmi_date(facts.get('bios_date')))
    put(section, 'bmanufacturer', text(facts.get('bios_vendor')))
    put(section, 'mmanufacturer', text(facts.get('board_vendor')))
    put(section, 'mmodel', text(facts.get('board_name')))
    put(section, 'msn', identifier(facts.get('board_serial')))
    put(section, 'assettag', text(facts.get('chassis_asset_tag')))
    put(section, 'enclosureserial', identifier(facts.get('chassis_serial')))
    return section


def _apple(facts):
    return 'Apple Inc.' if family(facts) == MACOS else None


def operatingsystem(facts):
    """The ``operatingsystem`` section."""
    kind = family(facts)
    section = {}
    if kind == WINDOWS:
        _windows_os(facts, section)
    elif kind == MACOS:
        _macos_os(facts, section)
    else:
        _posix_os(facts, section)
    put(section, 'kernel_version', text(facts.get('kernel')))
    put(section, 'arch', architecture(facts))
    put(section, 'boot_time', boot_time(facts))
    fqdn = text(facts.get('fqdn'))
    put(section, 'fqdn', fqdn if fqdn and fqdn != 'localhost' else None)
    put(section, 'dns_domain', workgroup(facts) if kind != WINDOWS else text(facts.get('domain')))
    put(section, 'timezone', _timezone(facts))
    return section


def _posix_os(facts, section):
    name = text(facts.get('distribution')) or text(facts.get('system'))
    put(section, 'name', name)
    put(section, 'version', _os_version(facts))
    put(section, 'full_name', _posix_full_name(facts))
    put(section, 'kernel_name', (text(facts.get('system')) or '').lower() or None)


def _os_version(facts):
    """GLPI agents' version: ``12 (bookworm)`` style for Debian (the os-release VERSION), else the version."""
    version = text(facts.get('distribution_version'))
    release = text(facts.get('distribution_release'))
    if facts.get('distribution') == 'Debian':
        major = text(facts.get('distribution_major_version')) or version
        return '%s (%s)' % (major, release) if major and release else major
    return version


def _posix_full_name(facts):
    """os-release's PRETTY_NAME: lsb_release's description when the facts have it, else built from the
    distribution, its version and its release name (``Debian GNU/Linux 12 (bookworm)``)."""
    description = text((facts.get('lsb') or {}).get('description'))
    if description:
        return description
    distribution = text(facts.get('distribution'))
    if distribution is None:
        return None
    name = _DISTRIBUTION_NAMES.get(distribution, distribution)
    if distribution == 'Debian':
        return '%s %s' % (name, _os_version(facts)) if _os_version(facts) else name
    if distribution == 'CentOS':
        return _centos_full_name(facts)
    version = text(facts.get('distribution_version'))
    release = text(facts.get('distribution_release'))
    full_name = '%s %s' % (name, version) if version else name
    if release and release.lower() not in ('core', 'na') and distribution != 'Ubuntu':
        full_name += ' (%s)' % release
    return full_name


def _centos_full_name(facts):
    """``CentOS Stream 9`` (Ansible: release ``Stream``), ``CentOS Linux 7 (Core)``."""
    major = text(facts.get('distribution_major_version')) or text(facts.get('distribution_version')) or ''
    release = text(facts.get('distribution_release'))
    if release == 'Stream':
        return ('CentOS Stream %s' % major).strip()
    return ('CentOS Linux %s' % major).strip() + (' (%s)' % release if release else '')


def _windows_os(facts, section):
    caption = text(facts.get('os_name')) or text(facts.get('distribution'))
    section['name'] = 'Windows'
    if caption:
        match = _WINDOWS_VERSION_RE.search(caption)
        put(section, 'version', match.group(1) if match else None)
        section['full_name'] = caption
    section['kernel_name'] = 'MSWin32'


def _macos_os(facts, section):
    version = text(facts.get('distribution_version'))
    build = text(facts.get('osversion'))
    section['name'] = 'macOS'
    put(section, 'version', version)
    full_name = 'macOS %s' % version if version else 'macOS'
    section['full_name'] = '%s (%s)' % (full_name, build) if build else full_name
    section['kernel_name'] = 'darwin'


def _timezone(facts):
    clock = facts.get('date_time') or {}
    offset = text(clock.get('tz_offset'))
    name = text(clock.get('tz'))
    if not offset or not name or not re.match(r'^[+-]\d{2}:?\d{2}$', offset):
        return None
    return {'name': name, 'offset': offset.replace(':', '')}
