# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small readers shared by the fact readers of the native inventory document.

Every value that goes into the document passes through here so that a missing or placeholder
fact (``NA``, ``None``, ``To Be Filled By O.E.M.``, an empty string) is left out of the document
rather than stored by GLPI as text, and numbers are integers, as the schema wants.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress
import re

# What DMI, WMI and Ansible write when they know nothing: never a value GLPI should store.
PLACEHOLDERS = frozenset((
    '', 'na', 'n/a', 'none', 'null', 'unknown', 'not specified', 'not available', 'not applicable', 'not present',
    'to be filled by o.e.m.', 'to be filled by oem', 'default string', 'system serial number', 'system product name',
    'system manufacturer', 'system version', 'o.e.m.', 'oem', 'no asset tag', 'no asset information',
))
# Serial numbers and uuids that many machines share (GLPI's own blacklists hold most of them): matching
# computers by them would merge different hosts.
IDENTIFIER_PLACEHOLDERS = frozenset((
    '0', '00000000', '0000000000', '123456789', '1234567890', 'xxxxxxxxxxx', 'chassis serial number',
    'base board serial number', 'asset-1234567890', '03000200-0400-0500-0006-000700080009',
    '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
))

MIB = 1024 * 1024
_DMI_DATE_RE = re.compile(r'^(\d{1,2})/(\d{1,2})/(\d{4})$')
_ISO_DATETIME_RE = re.compile(r'^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})')
_TZ_OFFSET_RE = re.compile(r'^([+-])(\d{2}):?(\d{2})$')


def text(value):
    """The value as a stripped string, or None when it is missing or a placeholder."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    value = str(value).strip()
    if value.lower() in PLACEHOLDERS:
        return None
    return value


def identifier(value):
    """A serial number or uuid as text, or None when it is missing or one that many machines share."""
    value = text(value)
    if value is None or value.lower() in IDENTIFIER_PLACEHOLDERS:
        return None
    return value


def integer(value):
    """The value as an int (from an int, a float or a numeric string), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def positive(value):
    """An int > 0, or None (GLPI stores 0 as a value, where the facts mean "unknown")."""
    number = integer(value)
    return number if number is not None and number > 0 else None


def megabytes(size_bytes):
    """Bytes to whole MiB, the unit of the schema's sizes; None when unknown."""
    number = integer(size_bytes)
    return number // MIB if number is not None and number >= 0 else None


def put(target, key, value):
    """Set ``target[key]`` only when there is a value: a missing fact is omitted, never stored empty."""
    if value is not None and value != '' and value != []:
        target[key] = value


def dmi_date(value):
    """``MM/DD/YYYY`` (DMI and Windows BIOS dates) or ``YYYYMMDD`` (Windows' install dates) to
    ``YYYY-MM-DD``; ISO dates kept (time dropped); else None."""
    value = text(value)
    if value is None:
        return None
    match = _DMI_DATE_RE.match(value)
    if match:
        month, day, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            return None
    match = re.match(r'^(\d{4})-?(\d{2})-?(\d{2})(?:$|[ T])', value)
    return '%s-%s-%s' % match.groups() if match else None


def local_datetime(value):
    """``YYYY-MM-DD HH:MM:SS`` from a date-time text such as Windows' ``lastboot`` (``...Z`` ignored)."""
    value = text(value)
    match = _ISO_DATETIME_RE.match(value or '')
    return '%s %s' % match.groups() if match else None


def boot_time(facts):
    """The boot time in the host's local time, from ``lastboot`` (Windows) or the facts' clock minus
    ``uptime_seconds``; None when the facts have neither."""
    lastboot = local_datetime(facts.get('lastboot'))
    if lastboot:
        return lastboot
    uptime = integer(facts.get('uptime_seconds'))
    clock = facts.get('date_time') or {}
    now = integer(clock.get('epoch_int') or clock.get('epoch'))
    if uptime is None or now is None:
        return None
    offset = _TZ_OFFSET_RE.match(str(clock.get('tz_offset') or '+0000'))
    shift = 0
    if offset:
        shift = (int(offset.group(2)) * 3600 + int(offset.group(3)) * 60) * (-1 if offset.group(1) == '-' else 1)
    booted = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=now - uptime + shift)
    return booted.strftime('%Y-%m-%d %H:%M:%S')


def mac(value):
    """A MAC address in lower case with colons, or None (``unknown``, all zeros, malformed)."""
    value = text(value)
    if value is None:
        return None
    value = value.replace('-', ':').lower()
    if not re.match(r'^([0-9a-f]{2}:){5}[0-9a-f]{2}$', value) or value == '00:00:00:00:00:00':
        return None
    return value


def ipv4_network(address, netmask=None, prefix=None):
    """(mask, subnet) of an IPv4 address from its netmask or prefix length; (None, None) when unknown."""
    try:
        interface = ipaddress.IPv4Interface('%s/%s' % (address, netmask or prefix))
    except (ValueError, TypeError):
        return None, None
    return str(interface.netmask), str(interface.network.network_address)


def ipv6_network(address, prefix):
    """(prefix length as text, subnet) of an IPv6 address; (None, None) when unknown."""
    try:
        interface = ipaddress.IPv6Interface('%s/%s' % (address.partition('%')[0], prefix))
    except (ValueError, TypeError, AttributeError):
        return None, None
    return str(interface.network.prefixlen), str(interface.network.network_address)


def valid_ipv4(value):
    """The address when it is a valid IPv4 address (the schema's ``format: ipv4``), else None."""
    try:
        return str(ipaddress.IPv4Address(str(value)))
    except (ValueError, TypeError):
        return None


def valid_ipv6(value):
    """The address without its zone (``fe80::1%eth0``) when it is a valid IPv6 address, else None."""
    try:
        return str(ipaddress.IPv6Address(str(value).partition('%')[0]))
    except (ValueError, TypeError):
        return None
