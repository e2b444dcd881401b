# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""read_states, compare and duplicate_trap over GLPI 10.0.12 / 11.0.6 answers recorded on real servers.

The collection's real client runs against ``fake_glpi`` (requests patched), which answers the
recorded legacy API reads; the request counts are the client's own.
"""
from __future__ import absolute_import, division, print_function

import copy

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.state import (
    ComputerState,
    compare,
    duplicate_trap,
    read_states,
)
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.summary import summary_of_document

from test_inventory_summary import recorded

DEVICEID = 'ansible-test-a1b2c3d4'


def replay(fake_glpi, record, stage):
    """Route every recorded read of ``stage``; return the paths in their order."""
    fake_glpi.standard()
    for row in record[stage]:
        headers = {'Content-Type': 'application/json; charset=UTF-8'}
        if row['content_range']:
            headers['Content-Range'] = row['content_range']
        fake_glpi.route(row['method'], row['path'], (row['status'], row['body'], headers))
    return [row['path'] for row in record[stage]]


def api_calls(fake_glpi):
    return [path for path in fake_glpi.paths() if path.split(' ')[1] not in ('initSession', 'killSession')]


@pytest.mark.parametrize('version', ['10', '11'])
def test_unchanged_host_in_three_requests(fake_glpi, make_client, version):
    record = recorded(version)
    replay(fake_glpi, record, 'unchanged')
    document = record['document']
    states = read_states(make_client(), [DEVICEID, 'ansible-test-absent'], documents={DEVICEID: document})
    assert states['ansible-test-absent'] is None
    state = states[DEVICEID]
    assert state.locked_fields == [] and state.serial == 'SER-a1b2c3d4'
    # One Agent listing for all deviceids, the computer, its OS: no Lockedfield read.
    assert [path.split(' ')[1] for path in api_calls(fake_glpi)] == [
        'Agent', 'Computer/%d' % state.computer_id, 'Computer/%d/Item_OperatingSystem' % state.computer_id]
    assert compare(state, summary_of_document(document)) == (False, {'before': {}, 'after': {}})
    assert duplicate_trap(state, document) is None


@pytest.mark.parametrize('version', ['10', '11'])
def test_changed_document_diff(fake_glpi, make_client, version):
    record = recorded(version)
    replay(fake_glpi, record, 'unchanged')
    state = read_states(make_client(), [DEVICEID, 'other'], documents={DEVICEID: record['document']})[DEVICEID]
    changed = copy.deepcopy(record['document'])
    changed['content']['networks'][0]['ipaddress'] = '192.0.2.77'
    changed['content']['softwares'] = [s for s in changed['content']['softwares'] if s['name'] != 'curl']
    changed['content']['softwares'][0]['version'] = '5.2.15-2+b7'
    is_changed, diff = compare(state, summary_of_document(changed))
    assert is_changed is True
    assert diff == {
        'before': {'ips': ['192.0.2.10', '2001:db8::10'],
                   'softwares': ['bash 5.2.15-2+b2', 'curl 7.88.1-10+deb12u5', 'libc6 2.36-9+deb12u4', 'libc6 2.36-9+deb12u4']},
        'after': {'ips': ['192.0.2.77', '2001:db8::10'],
                  'softwares': ['bash 5.2.15-2+b7', 'libc6 2.36-9+deb12u4', 'libc6 2.36-9+deb12u4']},
    }


@pytest.mark.parametrize('version', ['10', '11'])
def test_manual_serial_edit_is_explained(fake_glpi, make_client, version):
    record = recorded(version)
    replay(fake_glpi, record, 'after_manual_serial_edit')
    document = record['document']
    state = read_states(make_client(), [DEVICEID], documents={DEVICEID: document})[DEVICEID]
    assert state.serial == 'MANUAL-EDIT-a1b2c3d4' and state.locked_fields == ['serial']
    assert len(api_calls(fake_glpi)) == 4  # the agent (searchText), the computer, its OS, its Lockedfield rows
    message = duplicate_trap(state, document)
    assert message.startswith("GLPI's computer %d ('inv-state-a1b2c3d4')" % state.computer_id)
    assert "serial is 'MANUAL-EDIT-a1b2c3d4' in GLPI but 'SER-a1b2c3d4' in the document" in message
    assert 'locked fields of the computer: serial' in message
    assert 'allow_duplicate' in message


def test_without_documents_the_locked_fields_are_always_read(fake_glpi, make_client):
    replay(fake_glpi, recorded('10'), 'after_manual_serial_edit')
    state = read_states(make_client(), [DEVICEID])[DEVICEID]
    assert state.locked_fields == ['serial']
    assert fake_glpi.count('GET', 'Computer/%d/Lockedfield' % state.computer_id) == 1


def test_an_agent_without_a_computer_has_no_state(fake_glpi, make_client):
    fake_glpi.standard()
    agents = [{'id': 1, 'deviceid': 'a', 'itemtype': 'Computer', 'items_id': 0},
              {'id': 2, 'deviceid': 'b', 'itemtype': 'Computer', 'items_id': 9}]
    fake_glpi.route('GET', 'Agent', (200, agents, {'Content-Type': 'application/json', 'Content-Range': '0-1/2'}))
    fake_glpi.route('GET', 'Computer/9', (404, ['ERROR_ITEM_NOT_FOUND', 'not found']))
    assert read_states(make_client(), ['a', 'b', 'c']) == {'a': None, 'b': None, 'c': None}
    assert [path.split(' ')[1] for path in api_calls(fake_glpi)] == ['Agent', 'Computer/9']


def test_a_deviceid_with_like_wildcards_matches_exactly(fake_glpi, make_client):
    fake_glpi.standard()
    fake_glpi.route('GET', 'Agent', (200, [{'id': 1, 'deviceid': 'hostXa', 'itemtype': 'Computer', 'items_id': 4}],
                                     {'Content-Type': 'application/json', 'Content-Range': '0-0/1'}))
    assert read_states(make_client(), ['host_a']) == {'host_a': None}


def test_no_state_means_created():
    summary = {'name': 'h1'}
    assert compare(None, summary) == (True, {'before': {}, 'after': {'name': 'h1'}})
    assert duplicate_trap(None, {'content': {}}) is None


def test_uuid_mismatch_without_locks():
    state = ComputerState(7, 3, name='h1', serial='S1', uuid='u-glpi', summary={'name': 'h1'})
    document = {'deviceid': 'd1', 'content': {'hardware': {'name': 'h1', 'uuid': 'u-doc'}, 'bios': {'ssn': 'S1'}}}
    message = duplicate_trap(state, document)
    assert "uuid is 'u-glpi' in GLPI but 'u-doc' in the document" in message
    assert 'locked fields of the computer: none' in message and "agent 'd1'" in message


def test_known_computers_go_through_map_fn(fake_glpi, make_client):
    """The controller passes a thread pool's map: every known computer is read through it, once."""
    record = recorded('10')
    replay(fake_glpi, record, 'unchanged')
    mapped = []

    def recording_map(function, deviceids):
        mapped.extend(deviceids)
        return [function(deviceid) for deviceid in deviceids]
    states = read_states(make_client(), ['ansible-test-absent', DEVICEID], documents={DEVICEID: record['document']},
                         map_fn=recording_map)
    assert mapped == [DEVICEID]
    assert list(states) == ['ansible-test-absent', DEVICEID] and states['ansible-test-absent'] is None
    assert states[DEVICEID].serial == 'SER-a1b2c3d4'
