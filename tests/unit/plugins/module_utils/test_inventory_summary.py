# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The comparable projection of a native inventory document and of GLPI's read-back of it.

The read-backs are recorded from real GLPI 10.0.12 and 11.0.6 servers (tests/unit/fixtures/
agent_inventory_state/glpi10.json, glpi11.json: the document that was POSTed and the legacy API
answers that read it back; ``links`` removed).
"""
from __future__ import absolute_import, division, print_function

import copy
import json
import os

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.summary import (
    SUMMARY_KEYS,
    summary_of_document,
    summary_of_glpi,
)

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'agent_inventory_state')


def recorded(version):
    with open(os.path.join(FIXTURES, 'glpi%s.json' % version)) as handle:
        return json.load(handle)


def read_back(record, stage='unchanged'):
    """(computer, Item_OperatingSystem row) from a recorded read."""
    computer = next(r['body'] for r in record[stage] if r['path'].count('/') == 1 and r['path'].startswith('Computer/'))
    systems = next(r['body'] for r in record[stage] if r['path'].endswith('/Item_OperatingSystem'))
    return computer, systems[0]


@pytest.mark.parametrize('version', ['10', '11'])
def test_glpi_read_back_projects_like_the_document_it_stored(version):
    record = recorded(version)
    computer, system = read_back(record)
    assert summary_of_glpi(computer, system) == summary_of_document(record['document'])


def test_both_versions_project_alike_despite_their_differences():
    """10.0 stores lo's 127.0.0.1 and 'DDR4 - SODIMM', 11.0 neither; groups are arrays in 11.0."""
    ten, eleven = read_back(recorded('10')), read_back(recorded('11'))
    assert ten[0]['groups_id'] == 0 and eleven[0]['groups_id'] == []
    assert summary_of_glpi(*ten) == summary_of_glpi(*eleven)


def test_the_os_software_glpi_adds_is_dropped():
    computer, system = read_back(recorded('11'))
    names = [row['softwares_id'] for row in computer['_softwares']]
    assert 'Debian GNU/Linux 12 (bookworm)' in names
    assert summary_of_glpi(computer, system)['softwares'] == [
        'bash 5.2.15-2+b2', 'curl 7.88.1-10+deb12u5', 'libc6 2.36-9+deb12u4', 'libc6 2.36-9+deb12u4']


def test_the_recorded_document_summary():
    summary = summary_of_document(recorded('10')['document'])
    assert sorted(summary) == sorted(SUMMARY_KEYS)
    assert summary['ips'] == ['192.0.2.10', '2001:db8::10']  # lo's 127.0.0.1 out
    assert summary['macs'] == ['02:00:00:a1:b2:01', '02:00:00:a1:b2:02']  # lo's zero MAC out
    assert summary['disks'] == ['/ ext4 480000', '/boot/efi vfat 511']
    assert summary['memory_mb'] == 16384
    assert summary['operatingsystem'] == {'name': 'Debian GNU/Linux 12 (bookworm)', 'version': '12 (bookworm)',
                                          'arch': 'x86_64', 'kernel': '6.1.0-18-amd64'}


def test_the_first_entry_of_a_port_stores_its_ipv4_address_only():
    """GLPI 10.0.12 and 11.0.6 (NetworkCard.php): ipaddress6 beside ipaddress is not stored; a
    second entry of the same port adds both of its addresses."""
    networks = [{'description': 'wlan0', 'mac': 'AA:BB:CC:00:00:02', 'ipaddress': '198.51.100.7', 'ipaddress6': '2001:db8:1::7'},
                {'description': 'eno1', 'mac': 'aa:bb:cc:00:00:01', 'ipaddress6': '2001:DB8:0:0::10'},
                {'description': 'eno1', 'mac': 'aa:bb:cc:00:00:01', 'ipaddress': '192.0.2.10', 'ipaddress6': '2001:db8::11'}]
    summary = summary_of_document({'content': {'networks': networks}})
    assert summary == {'ips': ['192.0.2.10', '198.51.100.7', '2001:db8::10', '2001:db8::11'],
                       'macs': ['aa:bb:cc:00:00:01', 'aa:bb:cc:00:00:02']}


def test_sections_the_document_lacks_are_not_in_its_summary():
    assert summary_of_document({'content': {'versionclient': 'x', 'hardware': {'name': 'h1'}}}) == {'name': 'h1'}


def test_identity_follows_glpi_import_rules():
    content = {'hardware': {'name': '  web  01 ', 'vmsystem': 'KVM', 'chassis_type': 'Desktop'},
               'bios': {'ssn': 'SABC123', 'mmanufacturer': 'Hewlett-Packard', 'mmodel': 'ProLiant'}}
    summary = summary_of_document({'content': content})
    assert summary == {'name': 'web 01', 'serial': 'ABC123', 'manufacturer': 'Hewlett-Packard', 'model': 'ProLiant',
                       'type': 'KVM'}


def test_software_duplicates_and_guid_names():
    softwares = [{'name': 'bash', 'version': '5.2', 'arch': 'amd64'}, {'name': 'bash', 'version': '5.2', 'arch': 'amd64'},
                 {'guid': '{ABC}', 'version': '1'}, {'name': 'noversion'}, {'version': 'nameless'}]
    assert summary_of_document({'content': {'softwares': softwares}})['softwares'] == ['bash 5.2', 'noversion', '{ABC} 1']


def test_memory_modules_glpi_does_not_import_are_left_out():
    memories = [{'capacity': 4096, 'type': 'DDR4'}, {'capacity': 0, 'type': 'Empty Slot'}, {'capacity': 512, 'type': 'Flash'}]
    assert summary_of_document({'content': {'memories': memories}}) == {'memory_mb': 4096}


def test_keys_restrict_the_glpi_summary():
    computer, system = read_back(recorded('10'))
    assert summary_of_glpi(computer, system, keys=['name', 'serial']) == {'name': 'inv-state-a1b2c3d4', 'serial': 'SER-a1b2c3d4'}


def test_an_empty_read_back():
    summary = summary_of_glpi({'id': 1, 'name': 'x', 'serial': '', 'computermodels_id': 0}, None)
    assert summary['serial'] is None and summary['model'] is None and summary['softwares'] == []
    assert summary['operatingsystem'] == {'name': None, 'version': None, 'arch': None, 'kernel': None}


def test_a_change_in_free_space_or_boot_time_is_not_a_change():
    document = recorded('11')['document']
    moved = copy.deepcopy(document)
    moved['content']['drives'][0]['free'] = 1
    moved['content']['operatingsystem']['boot_time'] = '2027-01-01 00:00:00'
    assert summary_of_document(moved) == summary_of_document(document)


def test_addresses_of_ports_without_a_mac_are_not_compared():
    """GLPI makes them NetworkPortLocal ports, whose addresses the legacy API does not show back."""
    networks = [{'description': 'utun0', 'ipaddress6': 'fe80::ab12:cd34:ef56:7890'},
                {'description': 'lo0', 'type': 'loopback', 'ipaddress6': 'fe80::1'},
                {'description': 'wlan0', 'type': 'wifi', 'ipaddress': '198.51.100.7'}]
    assert summary_of_document({'content': {'networks': networks}}) == {'ips': ['198.51.100.7'], 'macs': []}
    ports = {'NetworkPortLocal': [{'name': 'utun0', 'mac': None, 'NetworkName': {'IPAddress': [{'name': 'fe80::1'}]}}],
             'NetworkPortWifi': [{'name': 'wlan0', 'mac': '', 'NetworkName': {'IPAddress': [{'name': '198.51.100.7'}]}}]}
    summary = summary_of_glpi({'_networkports': ports}, None, keys=['ips', 'macs'])
    assert summary == {'ips': ['198.51.100.7'], 'macs': []}
