# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI's native inventory document (the JSON format of GLPI agents, glpi-project/inventory_format)
built from the facts Ansible gathers: Linux and other POSIX systems, Windows (ansible.windows.setup)
and macOS (setup on Darwin), plus ``packages`` from package_facts.

Pure Python, no HTTP: sending the document is the action plugin's business. Check it with
``schema.validate_document`` before sending. A fact the host does not have is left out of the
document, never sent as ``None`` or an empty string GLPI would store.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_common import identifier, text
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_devices import (
    cpus, drives, memories, storages,
)
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_network import networks
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_software import softwares
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.facts_system import (
    bios, hardware, operatingsystem, short_hostname,
)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

# The collection's version (galaxy.yml cannot be read on a managed node; a unit test keeps them equal).
AGENT_VERSION = '0.1.0'
VERSION_CLIENT = 'glpi.glpi-ansible-%s' % AGENT_VERSION
DEVICEID_PREFIX = 'ansible-'
ITEMTYPES = ('Computer', 'Phone', 'NetworkEquipment', 'Printer', 'Unmanaged')
# The sections that hold lists, in the order GLPI agents write them; an empty one is left out.
LIST_SECTIONS = ('cpus', 'memories', 'storages', 'drives', 'networks', 'softwares')


def normalize_facts(facts):
    """``ansible_facts`` as a dict without the ``ansible_`` prefix; hostvars-style keys are accepted."""
    if not isinstance(facts, dict):
        raise GlpiInputError('facts must be a dict (a host\'s ansible_facts), got %s' % type(facts).__name__,
                             option='facts')
    result = {}
    for key, value in facts.items():
        key = str(key)
        bare = key[len('ansible_'):] if key.startswith('ansible_') else key
        if bare not in result or not key.startswith('ansible_'):
            result[bare] = value
    return result


def device_id(facts):
    """A stable agent device id: from ``machine_id`` and ``product_uuid`` (both when both exist: clones of
    one image share a machine id), else from the host name. Same facts, same id; it does not change when
    the host is renamed while it has a machine id or uuid."""
    facts = normalize_facts(facts)
    sources = [value for value in (text(facts.get('machine_id')), identifier(facts.get('product_uuid'))) if value]
    if sources:
        seed = 'id:' + '|'.join(value.lower() for value in sources)
    else:
        name = text(facts.get('fqdn')) or short_hostname(facts)
        if name is None or name == 'localhost':
            raise GlpiInputError('the facts have no machine_id, product_uuid or host name to make a device id from; '
                                 'gather facts first (setup) or give deviceid', option='facts')
        seed = 'name:' + name.lower()
    return DEVICEID_PREFIX + hashlib.sha256(seed.encode('utf-8')).hexdigest()[:32]


def build_document(facts, deviceid=None, include_loopback=False, tag=None, itemtype='Computer'):
    """The native inventory document of one host: ``{"action", "deviceid", "itemtype", "content"}``
    (plus ``tag`` when given). ``facts`` is the host's ``ansible_facts``."""
    facts = normalize_facts(facts)
    if itemtype not in ITEMTYPES:
        raise GlpiInputError('itemtype must be one of %s, got %r' % (', '.join(ITEMTYPES), itemtype),
                             option='itemtype', value=itemtype)
    content = {'versionclient': VERSION_CLIENT}
    for name, section in (('hardware', hardware(facts)), ('bios', bios(facts)),
                          ('operatingsystem', operatingsystem(facts))):
        if section:
            content[name] = section
    lists = {
        'cpus': cpus(facts), 'memories': memories(facts), 'storages': storages(facts), 'drives': drives(facts),
        'networks': networks(facts, include_loopback=include_loopback), 'softwares': softwares(facts),
    }
    for name in LIST_SECTIONS:
        if lists[name]:
            content[name] = lists[name]
    document = {
        'action': 'inventory',
        'deviceid': deviceid or device_id(facts),
        'itemtype': itemtype,
        'content': content,
    }
    if tag is not None:
        document['tag'] = str(tag)
    return document
