# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""glpi.glpi.glpi_agent_inventory through ansible-playbook, against the suite's GLPI.

Facts are made up per test (unique host name, serial, uuid, MAC: the real servers are shared by
tests), sent as an agent would: check mode sends nothing, the first run creates the computer, the
same facts again report no change, changed facts a change with its diff; the duplicate trap;
several hosts in one task with one failing; the disabled inventory; GLPI 11's agent
authentication. Skipped where the server has no inventory endpoint (404).
"""

import copy
import os
import uuid

import pytest
import requests

from agent_facts import unique_facts
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiNotFoundError, GlpiPermissionError

MODULE = 'glpi.glpi.glpi_agent_inventory'
# The emulator's demo OAuth client (tests/conftest.py starts it with these; tests/emulator/README.md).
EMULATOR_OAUTH_CLIENT_ID = 'glpi-emulator-demo-oauth-client'
EMULATOR_OAUTH_CLIENT_SECRET = 'glpi-emulator-demo-oauth-secret'


RELIABILITY_CASES = [
    {"area": "Inventory failures", "case": "glpi_agent_inventory: GLPI's native inventory disabled",
     "outcome": "the task fails: \"GLPI's native inventory is disabled\" and how to enable it (enabled_inventory)",
     "test": "test_disabled_inventory_is_a_clear_error"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory: a document that violates the inventory schema",
     "outcome": "fails before sending, the message names the JSON path and the violation; nothing sent (no agent)",
     "test": "test_schema_violation_names_the_path_and_sends_nothing"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory on GLPI 11 requiring OAuth2 client credentials: "
     "sent anonymously, then with the OAuth client",
     "outcome": "anonymous: fails with GLPI's words and inventory_auth=oauth2; with the client: created; "
                "no secret printed", "test": "test_oauth2_agent_authentication_on_11"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory on GLPI 11 requiring basic authentication: "
     "a wrong password", "outcome": "fails with GLPI's words and what to check; nothing created; no password printed",
     "test": "test_basic_agent_authentication_refused_on_11"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory: duplicate trap (the computer's serial edited in GLPI)",
     "outcome": "that host fails, nothing sent, the message names the computer, field and both values; "
                "allow_duplicate sends and warns with both computer ids", "test": "test_duplicate_trap_refused_then_allowed"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory over hosts: a host without facts",
     "outcome": "that host fails (gather facts first), the others are sent; the message names hosts sent and not sent",
     "test": "test_bulk_three_hosts_one_without_facts"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory over hosts: GLPI fails one submission (500)",
     "outcome": "that host fails with GLPI's status, the others are created; the task fails naming the hosts sent "
                "and not sent", "test": "test_bulk_one_submission_refused_by_glpi"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory: connection refused at the inventory URL",
     "outcome": "the task fails naming the address; nothing reported as sent", "test": "test_connection_refused"},
    {"area": "Inventory failures", "case": "glpi_agent_inventory: the answer to a submission lost after GLPI imported it",
     "outcome": "sent again with a warning; one computer and one agent (GLPI's import is idempotent)",
     "test": "test_lost_answer_is_resent_without_a_second_computer"},
]


def make_facts(suffix, bash='5.2.15-2+b2', address='192.0.2.10'):
    """A Debian host's ansible_facts (the shape setup + package_facts give), unique per suffix."""
    mac = '02:00:%s:%s:%s:%s' % (suffix[0:2], suffix[2:4], suffix[4:6], suffix[6:8])
    return {
        'system': 'Linux', 'hostname': 'agent-%s' % suffix, 'fqdn': 'agent-%s.example.test' % suffix,
        'nodename': 'agent-%s' % suffix, 'machine_id': uuid.uuid4().hex, 'product_uuid': str(uuid.uuid4()).upper(),
        'product_serial': 'AGT-%s' % suffix, 'system_vendor': 'Dell Inc.', 'product_name': 'OptiPlex 7080',
        'form_factor': 'Desktop', 'bios_vendor': 'Dell Inc.', 'bios_version': '1.2.3', 'bios_date': '01/02/2024',
        'distribution': 'Debian', 'distribution_version': '12', 'distribution_major_version': '12',
        'distribution_release': 'bookworm', 'os_family': 'Debian', 'kernel': '6.1.0-18-amd64', 'architecture': 'x86_64',
        'processor': ['0', 'GenuineIntel', 'Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz'], 'processor_count': 1,
        'processor_cores': 8, 'processor_threads_per_core': 2, 'processor_vcpus': 16, 'memtotal_mb': 15872,
        'interfaces': ['lo', 'eno1'],
        'lo': {'device': 'lo', 'active': True, 'type': 'loopback',
               'ipv4': {'address': '127.0.0.1', 'netmask': '255.0.0.0', 'network': '127.0.0.0'}},
        'eno1': {'device': 'eno1', 'macaddress': mac, 'active': True, 'type': 'ether', 'speed': 1000, 'mtu': 1500,
                 'ipv4': {'address': address, 'netmask': '255.255.255.0', 'network': '192.0.2.0', 'broadcast': '192.0.2.255'}},
        'default_ipv4': {'address': address, 'gateway': '192.0.2.1', 'interface': 'eno1', 'macaddress': mac,
                         'netmask': '255.255.255.0', 'network': '192.0.2.0'},
        'all_ipv4_addresses': [address],
        'mounts': [{'mount': '/', 'device': '/dev/nvme0n1p2', 'fstype': 'ext4', 'size_total': 503316480000,
                    'size_available': 314572800000}],
        'devices': {'nvme0n1': {'model': 'PM981a', 'size': '476.94 GB', 'sectors': '1000215216', 'sectorsize': '512',
                                'removable': '0', 'vendor': None, 'partitions': {}}},
        'packages': {'bash': [{'name': 'bash', 'version': bash, 'arch': 'amd64', 'source': 'apt'}],
                     'curl': [{'name': 'curl', 'version': '7.88.1-10+deb12u5', 'arch': 'amd64', 'source': 'apt'}]},
    }


def _set_inventory_config(glpi_server, **values):
    """PUT Config (context inventory): GLPI answers 400 ERROR_GLPI_UPDATE but stores the values."""
    values['config_context'] = 'inventory'
    glpi_server.api_client().request('PUT', 'Config/1', json_body={'input': values}, expected=(200, 400))


@pytest.fixture(scope='module')
def inventory_on(glpi_server):
    """GLPI's inventory endpoint enabled (on the rig's real GLPI it already is); skip without one."""
    url = glpi_server.server_url + '/front/inventory.php'
    for attempt in ('as found', 'after enabling'):
        status = requests.get(url, timeout=30).status_code
        if status == 405:
            return url
        if status == 404:
            pytest.skip('no native inventory endpoint at %s (404)' % url)
        if attempt == 'as found':
            _set_inventory_config(glpi_server, enabled_inventory=1)
    pytest.skip('the native inventory stays disabled at %s' % url)
    return None


@pytest.fixture
def cleanup(glpi_server):
    """Purges the computers of the deviceids registered (and the extra computer ids) at the end."""
    made = {'deviceids': set(), 'computers': set()}
    yield made
    client = glpi_server.api_client()
    for deviceid in made['deviceids']:
        for agent in client.list_items('Agent', search_text={'deviceid': '^%s$' % deviceid}):
            if agent.get('deviceid') != deviceid:
                continue
            if agent.get('itemtype') == 'Computer' and agent.get('items_id'):
                made['computers'].add(int(agent['items_id']))
            try:
                _purge(client, 'Agent', agent['id'])
            except GlpiPermissionError:  # best effort: a GLPI may refuse it (and purges it with its computer)
                pass
    for computer_id in made['computers']:
        _purge(client, 'Computer', computer_id)


def _purge(client, itemtype, item_id):
    try:
        client.delete(itemtype, item_id, force_purge=True)
    except GlpiNotFoundError:
        pass


def _agent(glpi_server, deviceid):
    rows = glpi_server.api_client().list_items('Agent', search_text={'deviceid': '^%s$' % deviceid})
    return [row for row in rows if row.get('deviceid') == deviceid]


def _task(**options):
    return {MODULE: options}


def test_check_then_create_then_unchanged_then_changed(playbook, glpi_server, inventory_on, cleanup, unique):
    facts = make_facts(unique)
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    changed = copy.deepcopy(facts)
    changed['packages']['bash'][0]['version'] = '5.2.15-2+b7'
    run = playbook.run([
        dict(_task(facts=facts, deviceid=deviceid), check_mode=True),
        _task(facts=facts, deviceid=deviceid),
        _task(facts=facts, deviceid=deviceid),
        dict(_task(facts=changed, deviceid=deviceid), check_mode=True),
        _task(facts=changed, deviceid=deviceid),
        _task(facts=changed, deviceid=deviceid, skip_unchanged=True),
    ], diff=True)
    check, first, again, check_change, change, skipped = run.results
    assert not check.get('failed'), check
    assert (check['changed'], check['action'], check['sent']) == (True, 'created', False)
    assert check['diff']['before'] == {} and check['diff']['after']['name'] == 'agent-%s' % unique
    assert not first.get('failed'), first
    assert (first['changed'], first['action'], first['sent']) == (True, 'created', True)
    assert isinstance(first['computer_id'], int) and first['deviceid'] == deviceid
    assert (again['changed'], again['action'], again['sent']) == (False, 'unchanged', True)
    assert again['computer_id'] == first['computer_id']
    assert 'diff' not in again
    assert (check_change['changed'], check_change['action'], check_change['sent']) == (True, 'updated', False)
    assert (change['changed'], change['action'], change['computer_id']) == (True, 'updated', first['computer_id'])
    assert change['diff']['before']['softwares'] == ['bash 5.2.15-2+b2', 'curl 7.88.1-10+deb12u5']
    assert change['diff']['after']['softwares'] == ['bash 5.2.15-2+b7', 'curl 7.88.1-10+deb12u5']
    assert (skipped['changed'], skipped['action'], skipped['sent']) == (False, 'skipped', False)
    computer = glpi_server.api_client().get_item('Computer', first['computer_id'])
    assert computer['serial'] == 'AGT-%s' % unique and computer['name'] == 'agent-%s' % unique


def test_check_mode_sends_nothing(playbook, glpi_server, inventory_on, cleanup, unique):
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    run = playbook.run([_task(facts=make_facts(unique), deviceid=deviceid)], check=True)
    assert run[0]['changed'] and not run[0]['sent'] and not run[0].get('failed'), run[0]
    assert _agent(glpi_server, deviceid) == []


def test_read_state_false_needs_no_token(playbook, glpi_server, inventory_on, cleanup, unique):
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    run = playbook.run([_task(facts=make_facts(unique), deviceid=deviceid, read_state=False)],
                       connection={'url': glpi_server.base_url})
    assert not run[0].get('failed'), run[0]
    assert (run[0]['changed'], run[0]['action'], run[0]['sent'], run[0]['computer_id']) == (True, 'sent', True, None)
    assert len(_agent(glpi_server, deviceid)) == 1


def test_duplicate_trap_refused_then_allowed(playbook, glpi_server, inventory_on, cleanup, unique):
    facts = make_facts(unique)
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    first = playbook.run([_task(facts=facts, deviceid=deviceid)])[0]
    assert not first.get('failed'), first
    computer_id = first['computer_id']
    cleanup['computers'].add(computer_id)
    glpi_server.api_client().update('Computer', {'id': computer_id, 'serial': 'MANUAL-EDIT-%s' % unique})
    refused, allowed = playbook.run([_task(facts=facts, deviceid=deviceid),
                                     _task(facts=facts, deviceid=deviceid, allow_duplicate=True)]).results
    assert refused.get('failed'), refused
    for part in ('computer %d' % computer_id, 'serial', 'MANUAL-EDIT-%s' % unique, 'AGT-%s' % unique,
                 'Nothing was sent', 'allow_duplicate'):
        assert part in refused['msg'], refused['msg']
    assert not allowed.get('failed'), allowed
    assert allowed['sent'] and allowed['computer_id'] != computer_id
    warnings = ' '.join(allowed.get('warnings', []))
    assert 'second computer' in warnings
    assert 'computer %s' % allowed['computer_id'] in warnings and 'computer %s' % computer_id in warnings


def test_bulk_three_hosts_one_without_facts(playbook, glpi_server, inventory_on, cleanup, unique):
    names = ['bulk-%s-%d' % (unique, index) for index in range(3)]
    facts = dict((name, make_facts(unique[:6] + '%02d' % index)) for index, name in enumerate(names))
    # Three hosts in the play's inventory, facts for two of them (set_fact cacheable + delegate_facts: ansible_facts).
    tasks = [{'ansible.builtin.add_host': {'name': '{{ item }}', 'ansible_connection': 'local'}, 'loop': names}]
    for name in names[:2]:
        tasks.append({'ansible.builtin.set_fact': dict(facts[name], cacheable=True), 'delegate_to': name,
                      'delegate_facts': True})
    tasks.append(_task(hosts=names, parallel=2))
    run = playbook.run(tasks)
    result = run.results[-1]
    by_host = dict((item['host'], item) for item in result.get('results', []))
    cleanup['deviceids'].update(by_host[name]['deviceid'] for name in names[:2] if by_host.get(name, {}).get('deviceid'))
    assert result.get('failed'), result
    assert '1 of 3 hosts failed' in result['msg'] and 'gather facts first' in result['msg']
    assert 'Sent: %s, %s.' % (names[0], names[1]) in result['msg'] and 'Not sent: %s.' % names[2] in result['msg']
    assert [by_host[name]['action'] for name in names[:2]] == ['created', 'created']
    assert all(isinstance(by_host[name]['computer_id'], int) for name in names[:2])
    assert by_host[names[2]]['failed'] and not by_host[names[2]]['sent']
    assert result['counts']['created'] == 2 and result['counts']['failed'] == 1 and result['changed']


def _bulk_tasks(names, facts_of):
    """Hosts added to the play's inventory, with facts (set_fact cacheable + delegate_facts) for those in facts_of."""
    tasks = [{'ansible.builtin.add_host': {'name': '{{ item }}', 'ansible_connection': 'local'}, 'loop': names}]
    for name in names:
        if name in facts_of:
            tasks.append({'ansible.builtin.set_fact': dict(facts_of[name], cacheable=True), 'delegate_to': name,
                          'delegate_facts': True})
    return tasks


@pytest.mark.fault_injection
def test_bulk_one_submission_refused_by_glpi(playbook, emulator_only, inventory_on, cleanup, unique):
    names = ['bulk-%s-%d' % (unique, index) for index in range(3)]
    facts = dict((name, make_facts(unique[:6] + '%02d' % index)) for index, name in enumerate(names))
    emulator_only.faults(fail_next={'count': 1, 'status': 500, 'methods': ['POST'], 'path_regex': 'inventory'})
    try:
        result = playbook.run(_bulk_tasks(names, facts) + [_task(hosts=names, parallel=1)]).results[-1]
    finally:
        emulator_only.clear_faults()
    by_host = dict((item['host'], item) for item in result.get('results', []))
    cleanup['deviceids'].update(item['deviceid'] for item in by_host.values() if item.get('deviceid'))
    assert result.get('failed'), result
    assert '1 of 3 hosts failed' in result['msg'] and '%s: ' % names[0] in result['msg'] and '500' in result['msg']
    assert 'Sent: %s, %s.' % (names[1], names[2]) in result['msg'] and 'Not sent: %s.' % names[0] in result['msg']
    assert by_host[names[0]]['failed'] and not by_host[names[0]]['sent'] and not by_host[names[0]]['changed']
    assert [by_host[name]['action'] for name in names[1:]] == ['created', 'created']
    assert _agent(emulator_only, by_host[names[0]]['deviceid']) == []
    assert result['counts']['created'] == 2 and result['counts']['failed'] == 1 and result['changed']


def test_schema_violation_names_the_path_and_sends_nothing(playbook, glpi_server, inventory_on, cleanup, unique):
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    document = {'action': 'inventory', 'deviceid': deviceid, 'itemtype': 'Computer',
                'content': {'versionclient': 'glpi.glpi-ansible-test', 'hardware': {'name': 'agent-%s' % unique,
                                                                                    'memory': 'lots'}}}
    run = playbook.run([_task(document=document)])
    assert run[0].get('failed'), run[0]
    assert 'content.hardware.memory' in run[0]['msg'] and "'lots' is not of type 'integer'" in run[0]['msg']
    assert _agent(glpi_server, deviceid) == []


def test_connection_refused(playbook, glpi_server, inventory_on, unique):
    run = playbook.run([_task(facts=make_facts(unique), deviceid='ansible-it-%s' % unique, read_state=False, retries=0,
                              inventory_url='http://127.0.0.1:9/front/inventory.php')])
    assert run[0].get('failed'), run[0]
    assert '127.0.0.1:9' in run[0]['msg'] and not run[0].get('sent')


@pytest.mark.fault_injection
def test_lost_answer_is_resent_without_a_second_computer(playbook, emulator_only, inventory_on, cleanup, unique):
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    emulator_only.faults(drop_next={'count': 1, 'methods': ['POST'], 'path_regex': 'inventory', 'after_apply': True})
    try:
        run = playbook.run([_task(facts=make_facts(unique), deviceid=deviceid)])
    finally:
        emulator_only.clear_faults()
    assert not run[0].get('failed'), run[0]
    assert (run[0]['action'], run[0]['sent'], run[0]['changed']) == ('created', True, True)
    assert run[0].get('warnings'), run[0]
    assert len(_agent(emulator_only, deviceid)) == 1
    computers = emulator_only.api_client().list_items('Computer', search_text={'serial': '^AGT-%s$' % unique})
    assert [row['id'] for row in computers] == [run[0]['computer_id']]


def test_disabled_inventory_is_a_clear_error(playbook, glpi_server, inventory_on, cleanup, unique):
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    _set_inventory_config(glpi_server, enabled_inventory=0)
    try:
        run = playbook.run([_task(facts=make_facts(unique), deviceid=deviceid, read_state=False)])
    finally:
        _set_inventory_config(glpi_server, enabled_inventory=1)
    assert run[0].get('failed'), run[0]
    assert "native inventory is disabled" in run[0]['msg'] and 'enabled_inventory' in run[0]['msg']


def _glpi_11(glpi_server):
    version = glpi_server.api_client().request('GET', 'getGlpiConfig').body['cfg_glpi']['version']
    return version.startswith('11.')


def _oauth_client(glpi_server):
    """(client id, secret) of an OAuth client allowing client_credentials and the inventory scope: the
    emulator's demo client, or a real GLPI 11's from GLPI_CLIENT_ID/GLPI_CLIENT_SECRET (env.sh)."""
    if glpi_server.is_emulator:
        return EMULATOR_OAUTH_CLIENT_ID, EMULATOR_OAUTH_CLIENT_SECRET
    return os.environ.get('GLPI_CLIENT_ID'), os.environ.get('GLPI_CLIENT_SECRET')


def test_oauth2_agent_authentication_on_11(playbook, glpi_server, inventory_on, cleanup, unique):
    client_id, secret = _oauth_client(glpi_server)
    if not _glpi_11(glpi_server) or not (client_id and secret):
        pytest.skip('GLPI 11 agent authentication: GLPI 11 (or the emulator as 11.0) with GLPI_CLIENT_ID/GLPI_CLIENT_SECRET')
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    facts = make_facts(unique)
    _set_inventory_config(glpi_server, auth_required='client_credentials')
    try:
        anonymous, bearer = playbook.run([
            _task(facts=facts, deviceid=deviceid),
            _task(facts=facts, deviceid=deviceid, inventory_auth='oauth2', client_id=client_id, client_secret=secret),
        ]).results
    finally:
        _set_inventory_config(glpi_server, auth_required='none')
    assert anonymous.get('failed'), anonymous
    assert 'Authorization header required to send an inventory' in anonymous['msg']
    assert 'inventory_auth=oauth2' in anonymous['msg']
    assert not bearer.get('failed'), bearer
    assert bearer['action'] == 'created' and isinstance(bearer['computer_id'], int)
    assert secret not in str(anonymous) + str(bearer)


def test_basic_agent_authentication_refused_on_11(playbook, glpi_server, inventory_on, cleanup, unique):
    """GLPI 11 basic_auth: a wrong password is refused with GLPI's words and what to check. (A right one
    cannot be set up through the API: GLPI stores a password PUT through Config unencrypted, then
    refuses it; the 11.0 findings.)"""
    if not _glpi_11(glpi_server):
        pytest.skip('GLPI 11 agent authentication: GLPI 11 (or the emulator as 11.0)')
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    _set_inventory_config(glpi_server, auth_required='basic_auth')
    try:
        refused = playbook.run([_task(facts=make_facts(unique), deviceid=deviceid, read_state=False,
                                      inventory_auth='basic', inventory_username='agent',
                                      inventory_password='wrong-%s' % unique)])[0]
    finally:
        _set_inventory_config(glpi_server, auth_required='none')
    assert refused.get('failed'), refused
    assert 'Wrong login or password for basic authentication' in refused['msg']
    assert 'inventory_password' in refused['msg'] and 'wrong-%s' % unique not in str(refused)
    assert _agent(glpi_server, deviceid) == []


@pytest.mark.parametrize('name', ['linux', 'windows', 'macos'])
def test_recorded_facts_sent_twice_the_second_unchanged(playbook, glpi_server, inventory_on, cleanup, unique, name):
    """Real hosts' facts (Linux with package_facts, Windows Server 2022, macOS 14): created, then unchanged."""
    deviceid = 'ansible-it-%s' % unique
    cleanup['deviceids'].add(deviceid)
    facts = unique_facts(name, unique)
    first, again = playbook.run([_task(facts=facts, deviceid=deviceid), _task(facts=facts, deviceid=deviceid)],
                                diff=True).results
    assert not first.get('failed'), first
    assert (first['action'], first['changed']) == ('created', True)
    assert not again.get('failed'), again
    assert (again['action'], again['changed'], again['computer_id']) == ('unchanged', False, first['computer_id']), again
