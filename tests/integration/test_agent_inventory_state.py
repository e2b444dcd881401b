# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""GLPI's side of a native inventory: state read, comparison and the duplicate trap.

A document is POSTed straight to GLPI's inventory endpoint (JSON, with a GLPI-Agent-ID), then
read back through the collection's client: an unchanged document compares equal (the honest
``changed=false``), a changed one differs by what changed, and a manual edit of the serial is
the duplicate trap. Skipped where the endpoint is absent or disabled and cannot be enabled.
"""

import copy
import json
import uuid
import warnings

import pytest
import requests

from agent_facts import unique_facts
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.document import build_document
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.state import (
    compare,
    duplicate_trap,
    read_states,
)
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.summary import summary_of_document
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError


def _document(suffix):
    """A schema-valid Linux document (the shape of the findings' sample), unique per test."""
    name = 'inv-state-%s' % suffix
    return {
        'action': 'inventory', 'deviceid': 'ansible-test-%s' % suffix, 'itemtype': 'Computer',
        'content': {
            'versionclient': 'glpi.glpi-ansible-test',
            'hardware': {'name': name, 'uuid': str(uuid.uuid4()), 'chassis_type': 'Desktop', 'memory': 15872},
            'bios': {'ssn': 'SER-%s' % suffix, 'smanufacturer': 'Dell Inc.', 'smodel': 'OptiPlex 7080', 'bversion': '1.2.3'},
            'operatingsystem': {'name': 'Debian', 'full_name': 'Debian GNU/Linux 12 (bookworm)', 'version': '12 (bookworm)',
                                'arch': 'x86_64', 'kernel_name': 'linux', 'kernel_version': '6.1.0-18-amd64',
                                'boot_time': '2026-12-01 08:00:00'},
            'cpus': [{'name': 'Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', 'core': 8, 'thread': 16, 'speed': 2900}],
            'memories': [{'capacity': 8192, 'type': 'DDR4', 'description': 'SODIMM', 'speed': '2933', 'numslots': 1},
                         {'capacity': 8192, 'type': 'DDR4', 'description': 'SODIMM', 'speed': '2933', 'numslots': 2}],
            'storages': [{'name': 'nvme0n1', 'model': 'PM981a', 'disksize': 512000, 'type': 'disk'}],
            'drives': [{'type': '/', 'volumn': '/dev/nvme0n1p2', 'filesystem': 'ext4', 'total': 480000, 'free': 300000},
                       {'type': '/boot/efi', 'volumn': '/dev/nvme0n1p1', 'filesystem': 'vfat', 'total': 511, 'free': 500}],
            'networks': [
                {'description': 'eno1', 'mac': '02:00:00:%s:%s:01' % (suffix[:2], suffix[2:4]), 'ipaddress': '192.0.2.10',
                 'ipmask': '255.255.255.0', 'ipsubnet': '192.0.2.0', 'ipgateway': '192.0.2.1', 'speed': '1000',
                 'status': 'up', 'type': 'ethernet'},
                {'description': 'eno1', 'mac': '02:00:00:%s:%s:01' % (suffix[:2], suffix[2:4]), 'ipaddress6': '2001:db8::10',
                 'type': 'ethernet'},
                {'description': 'eno2', 'mac': '02:00:00:%s:%s:02' % (suffix[:2], suffix[2:4]), 'status': 'down',
                 'type': 'ethernet'},
                {'description': 'lo', 'mac': '00:00:00:00:00:00', 'ipaddress': '127.0.0.1', 'ipmask': '255.0.0.0',
                 'virtualdev': True, 'type': 'loopback'}],
            'softwares': [{'name': 'bash', 'version': '5.2.15-2+b2', 'arch': 'amd64'},
                          {'name': 'curl', 'version': '7.88.1-10+deb12u5', 'arch': 'amd64'},
                          {'name': 'libc6', 'version': '2.36-9+deb12u4', 'arch': 'amd64'},
                          {'name': 'libc6', 'version': '2.36-9+deb12u4', 'arch': 'i386'}],
        },
    }


def _changed(document):
    """The findings' change: IP .10 -> .77, curl removed, bash upgraded."""
    changed = copy.deepcopy(document)
    content = changed['content']
    content['networks'][0]['ipaddress'] = '192.0.2.77'
    content['softwares'] = [s for s in content['softwares'] if s['name'] != 'curl']
    content['softwares'][0]['version'] = '5.2.15-2+b7'
    return changed


class Counting:
    """Counts the client's API requests (by method and path)."""

    def __init__(self, client):
        self.calls = []
        self._request = client.request
        client.request = self

    def __call__(self, method, path, *args, **kwargs):
        self.calls.append('%s %s' % (method, path))
        return self._request(method, path, *args, **kwargs)


@pytest.fixture(scope='module')
def inventory_url(glpi_server):
    """GLPI's inventory endpoint, enabled; skip when it is absent or cannot be enabled."""
    url = glpi_server.server_url + '/front/inventory.php'
    for attempt in ('as found', 'after enabling'):
        answer = requests.get(url, timeout=30)
        if answer.status_code == 405:
            return url
        if answer.status_code == 404:
            pytest.skip('no native inventory endpoint at %s (404)' % url)
        if attempt == 'as found':
            # 10.0: 200 "Inventory is disabled"; 11.0: 403. PUT Config answers 400 but stores the value.
            enable = {'input': {'config_context': 'inventory', 'enabled_inventory': 1}}
            glpi_server.api_client().request('PUT', 'Config/1', json_body=enable, expected=(200, 400))
    pytest.skip('the native inventory stays disabled at %s (GET answered %d)' % (url, answer.status_code))
    return None


@pytest.fixture
def submit(inventory_url, glpi_server):
    """POST documents to the endpoint; purge the computers and agents they made at the end."""
    deviceids = []

    def post(document):
        deviceids.append(document['deviceid'])
        answer = requests.post(inventory_url, data=json.dumps(document), timeout=120,
                               headers={'Content-Type': 'application/json', 'GLPI-Agent-ID': str(uuid.uuid4())})
        assert answer.status_code == 200, answer.text[:500]
        assert answer.json().get('status') == 'ok', answer.text[:500]

    yield post
    client = glpi_server.api_client()
    for deviceid in set(deviceids):
        for agent in client.list_items('Agent', search_text={'deviceid': '^%s$' % deviceid}):
            try:  # the agent first: purging its computer purges it too (GLPI 10.0.12)
                client.delete('Agent', agent['id'], force_purge=True)
            except GlpiError as exc:  # best effort: the computer goes anyway
                warnings.warn('agent %s left in place: %s' % (deviceid, exc))
            if agent.get('itemtype') == 'Computer' and agent.get('items_id'):
                client.delete('Computer', agent['items_id'], force_purge=True)


def test_unchanged_document_compares_equal(glpi_server, submit, unique):
    document = _document(unique)
    submit(document)
    client = glpi_server.api_client()
    client.open()
    counting = Counting(client)
    states = read_states(client, [document['deviceid'], 'ansible-test-absent-%s' % unique],
                         documents={document['deviceid']: document})
    state = states[document['deviceid']]
    assert states['ansible-test-absent-%s' % unique] is None
    assert state.serial == 'SER-%s' % unique and state.name == 'inv-state-%s' % unique
    assert state.summary == summary_of_document(document)
    assert compare(state, summary_of_document(document)) == (False, {'before': {}, 'after': {}})
    assert duplicate_trap(state, document) is None
    # One Agent listing for both deviceids, then 2 reads for the known computer (no Lockedfield read).
    assert len(counting.calls) == 3, counting.calls


def test_changed_document_differs_by_what_changed(glpi_server, submit, unique):
    document = _document(unique)
    submit(document)
    client = glpi_server.api_client()
    state = read_states(client, [document['deviceid']])[document['deviceid']]
    changed, diff = compare(state, summary_of_document(_changed(document)))
    assert changed is True
    assert sorted(diff['before']) == ['ips', 'softwares']
    assert diff['before']['ips'] == ['192.0.2.10', '2001:db8::10']
    assert diff['after']['ips'] == ['192.0.2.77', '2001:db8::10']
    assert 'curl 7.88.1-10+deb12u5' in diff['before']['softwares']
    assert diff['after']['softwares'] == ['bash 5.2.15-2+b7', 'libc6 2.36-9+deb12u4', 'libc6 2.36-9+deb12u4']
    # Sent, GLPI holds the change: the same document now compares equal.
    submit(_changed(document))
    state = read_states(client, [document['deviceid']])[document['deviceid']]
    assert compare(state, summary_of_document(_changed(document)))[0] is False


def test_manual_serial_edit_is_the_duplicate_trap(glpi_server, submit, unique):
    document = _document(unique)
    submit(document)
    client = glpi_server.api_client()
    state = read_states(client, [document['deviceid']])[document['deviceid']]
    client.update('Computer', {'id': state.computer_id, 'serial': 'MANUAL-EDIT-%s' % unique})
    counting = Counting(client)
    state = read_states(client, [document['deviceid']], documents={document['deviceid']: document})[document['deviceid']]
    assert 'serial' in state.locked_fields
    assert len(counting.calls) == 4, counting.calls  # agent, computer, OS, Lockedfield
    message = duplicate_trap(state, document)
    assert message is not None
    for part in ('computer %d' % state.computer_id, 'serial', 'MANUAL-EDIT-%s' % unique, 'SER-%s' % unique,
                 'locked fields of the computer: serial'):
        assert part in message, message


@pytest.mark.parametrize('name', ['linux', 'windows', 'macos'])
@pytest.mark.parametrize('include_loopback', [False, True], ids=['no_loopback', 'loopback'])
def test_built_documents_compare_equal_once_stored(glpi_server, submit, unique, name, include_loopback):
    document = build_document(unique_facts(name, unique), include_loopback=include_loopback)
    submit(document)
    state = read_states(glpi_server.api_client(), [document['deviceid']],
                        documents={document['deviceid']: document})[document['deviceid']]
    changed, diff = compare(state, summary_of_document(document))
    assert (changed, diff) == (False, {'before': {}, 'after': {}})
