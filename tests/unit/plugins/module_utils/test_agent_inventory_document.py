# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI's native inventory document built from the facts of a Linux, a Windows Server 2022 and a
macOS 14 host (tests/unit/fixtures/agent_inventory): schema-valid, with the values GLPI maps to the
computer (name, serial, uuid, OS, IPs, software), loopback left out unless asked, stable device ids."""
from __future__ import absolute_import, division, print_function

import copy
import json
import os
import re

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory import document, schema
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'agent_inventory')
ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')


def facts_of(name):
    with open(os.path.join(FIXTURES, name + '.json')) as handle:
        return json.load(handle)


EXPECTED = {
    'linux': {
        'name': 'web01', 'serial': 'SRV0001A', 'uuid': '1B6A3F0E-8D2C-4E5F-9A7B-0C1D2E3F4A5B',
        'manufacturer': 'Dell Inc.', 'model': 'PowerEdge R650', 'os': 'Debian GNU/Linux 12 (bookworm)',
        'os_version': '12 (bookworm)', 'ips': ['192.0.2.10', '2001:db8::10', 'fe80::200:ff:fe00:1'], 'softwares': 20,
    },
    'windows': {
        'name': 'WIN01', 'serial': '0000-0002-1234-5678-9012-3456-78', 'uuid': None,
        'manufacturer': 'Microsoft Corporation', 'model': 'Virtual Machine', 'os': 'Microsoft Windows Server 2022 Standard',
        'os_version': '2022', 'ips': ['192.0.2.20', '198.51.100.20', '2001:db8::20', 'fe80::5d2a:3c1b:9e0f:4a12'],
        'softwares': 3,
    },
    'macos': {
        'name': 'mac01', 'serial': None, 'uuid': None, 'manufacturer': 'Apple Inc.', 'model': 'Mac14,9',
        'os': 'macOS 14.4.1 (23E224)', 'os_version': '14.4.1',
        'ips': ['192.0.2.30', '2001:db8::30', 'fe80::1c2b:3d4e:5f60:7182', 'fe80::a000:ff:fe00:33',
                'fe80::ab12:cd34:ef56:7890'],
        'softwares': 0,
    },
}


def all_values(value, path=''):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from all_values(item, '%s.%s' % (path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from all_values(item, '%s[%d]' % (path, index))
    else:
        yield path, value


@pytest.mark.parametrize('host', sorted(EXPECTED))
def test_every_network_entry_has_a_type(host):
    # GLPI 10.0 stores a port without a type untyped, and its legacy API never lists it back (ports
    # without a MAC, tunnels, are local ports GLPI never shows back either way).
    entries = document.build_document(facts_of(host))['content']['networks']
    assert entries and [e['description'] for e in entries if e.get('mac') and not e.get('type')] == []


@pytest.mark.parametrize('host', sorted(EXPECTED))
def test_each_fixture_builds_a_schema_valid_document(host):
    built = document.build_document(facts_of(host))
    assert schema.violations(built) == []
    assert schema.validate_document(built) is None
    assert built['action'] == 'inventory' and built['itemtype'] == 'Computer'
    assert built['content']['versionclient'] == 'glpi.glpi-ansible-%s' % document.AGENT_VERSION
    assert set(built) == {'action', 'deviceid', 'itemtype', 'content'}


@pytest.mark.parametrize('host', sorted(EXPECTED))
def test_no_missing_fact_is_sent_as_text(host):
    built = document.build_document(facts_of(host))
    bad = [(path, value) for path, value in all_values(built)
           if value is None or value == '' or str(value).strip().lower() in ('none', 'na', 'n/a', 'null', 'unknown')]
    assert bad == []


@pytest.mark.parametrize('host', sorted(EXPECTED))
def test_the_values_glpi_maps_to_the_computer(host):
    expected = EXPECTED[host]
    content = document.build_document(facts_of(host))['content']
    assert content['hardware']['name'] == expected['name']
    assert content['bios'].get('ssn') == expected['serial']
    assert content['hardware'].get('uuid') == expected['uuid']
    assert content['bios']['smanufacturer'] == expected['manufacturer']
    assert content['bios']['smodel'] == expected['model']
    assert content['operatingsystem']['full_name'] == expected['os']
    assert content['operatingsystem']['version'] == expected['os_version']
    assert sorted(set(entry.get('ipaddress') or entry.get('ipaddress6') for entry in content['networks']
                      if entry.get('ipaddress') or entry.get('ipaddress6'))) == expected['ips']
    assert len(content.get('softwares', [])) == expected['softwares']


def test_linux_sections_follow_glpis_mapping():
    content = document.build_document(facts_of('linux'))['content']
    assert content['hardware']['chassis_type'] == 'Rack Mount Chassis'
    assert content['hardware']['memory'] == 64088
    assert content['hardware']['dns'] == '192.0.2.53/192.0.2.54'
    assert content['bios']['bdate'] == '2024-03-14'
    os_section = content['operatingsystem']
    assert (os_section['kernel_name'], os_section['kernel_version'], os_section['arch']) == ('linux', '6.1.0-18-amd64', 'x86_64')
    assert os_section['boot_time'] == '2024-12-04 12:00:00'  # epoch 1733400000 - uptime 86400, UTC
    assert [cpu['name'] for cpu in content['cpus']] == ['Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz'] * 2
    assert content['cpus'][0]['speed'] == 2000 and content['cpus'][0]['manufacturer'] == 'Intel'
    # disks only: loop0 and the partitions vda1 / vda2 are not storages
    assert content['storages'] == [{'name': 'vda', 'type': 'disk', 'disksize': 262144, 'model': 'PERC H755 Front',
                                    'manufacturer': 'DELL', 'serial': '6d0946600c1f2a002d4b'}]
    # a drive's ``type`` is its mount point (GLPI's Item_Disk name and mountpoint); tmpfs /run is left out
    assert [(drive['type'], drive['volumn'], drive['filesystem']) for drive in content['drives']] == [
        ('/', '/dev/vda2', 'ext4'), ('/boot/efi', '/dev/vda1', 'vfat')]
    assert content['drives'][0]['total'] == 258019 and content['drives'][0]['free'] == 79360
    assert 'memories' not in content  # Ansible's facts have no memory slots: none invented


def test_linux_networks_one_entry_per_address():
    networks = document.build_document(facts_of('linux'))['content']['networks']
    eth0 = [entry for entry in networks if entry['description'] == 'eth0']
    assert [(entry.get('ipaddress'), entry.get('ipaddress6')) for entry in eth0] == [
        ('192.0.2.10', None), (None, '2001:db8::10'), (None, 'fe80::200:ff:fe00:1')]
    first = eth0[0]
    assert (first['ipmask'], first['ipsubnet'], first['ipgateway']) == ('255.255.255.0', '192.0.2.0', '192.0.2.1')
    assert all(entry['mac'] == '02:00:00:00:00:01' and entry['status'] == 'up' and entry['type'] == 'ethernet'
               and entry['speed'] == '1000' and entry['virtualdev'] is False and entry['pcislot'] == '0000:31:00.0'
               for entry in eth0)
    assert [entry for entry in networks if entry['description'] == 'ifb0'] == [
        {'description': 'ifb0', 'mac': '02:00:00:00:00:02', 'type': 'ethernet', 'status': 'down', 'mtu': 1500,
         'virtualdev': True}]
    assert 'lo' not in [entry['description'] for entry in networks]


@pytest.mark.parametrize('host, loopback, addresses', [
    ('linux', 'lo', ['127.0.0.1', '::1']),
    ('macos', 'lo0', ['127.0.0.1', '::1', 'fe80::1']),
])
def test_loopback_only_when_asked(host, loopback, addresses):
    without = document.build_document(facts_of(host))['content']['networks']
    assert loopback not in [entry['description'] for entry in without]
    built = document.build_document(facts_of(host), include_loopback=True)
    assert schema.validate_document(built) is None
    entries = [entry for entry in built['content']['networks'] if entry['description'] == loopback]
    assert [entry.get('ipaddress') or entry.get('ipaddress6') for entry in entries] == addresses
    assert all(entry['type'] == 'loopback' for entry in entries)


def test_windows_adapters_and_os():
    content = document.build_document(facts_of('windows'))['content']
    names = [entry['description'] for entry in content['networks']]
    assert names == ['Microsoft Hyper-V Network Adapter'] * 3 + ['Microsoft Hyper-V Network Adapter #2']
    assert content['networks'][0]['mac'] == '00:15:5d:00:00:20'  # GLPI stores MACs in lower case
    assert content['networks'][0]['ipgateway'] == '192.0.2.1'
    assert content['networks'][3]['ipaddress'] == '198.51.100.20'  # a one-address ipv4 object, not a list
    assert content['operatingsystem']['boot_time'] == '2024-12-01 06:30:15'
    assert content['operatingsystem']['kernel_name'] == 'MSWin32'
    assert content['hardware']['workgroup'] == 'corp.example.com'
    assert content['hardware']['vmsystem'] == 'Hyper-V'  # GLPI makes it the computer's type
    assert content['cpus'] == [{'name': 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz', 'manufacturer': 'Intel',
                                'core': 2, 'thread': 4, 'speed': 2400, 'arch': 'x86_64'}]
    edge = [item for item in content['softwares'] if item['name'] == 'Microsoft Edge'][0]
    assert edge == {'name': 'Microsoft Edge', 'version': '131.0.2903.86', 'arch': 'x86_64',
                    'publisher': 'Microsoft Corporation', 'install_date': '2024-12-02'}


def test_macos_hardware_and_cpu():
    content = document.build_document(facts_of('macos'))['content']
    assert content['cpus'] == [{'name': 'Apple M2 Pro', 'manufacturer': 'Apple', 'core': 10, 'thread': 10, 'arch': 'arm64'}]
    assert content['operatingsystem']['kernel_name'] == 'darwin'
    assert content['operatingsystem']['boot_time'] == '2024-11-29 11:43:20'  # local time, CET +0100
    assert 'storages' not in content and 'drives' not in content  # Darwin facts have no devices or mounts


def test_linux_packages_become_softwares():
    softwares = document.build_document(facts_of('linux'))['content']['softwares']
    assert [item['name'] for item in softwares] == sorted(item['name'] for item in softwares)
    by_name = dict((item['name'], item) for item in softwares)
    assert by_name['adduser'] == {'name': 'adduser', 'version': '3.134', 'arch': 'all', 'publisher': 'Debian',
                                  'from': 'deb', 'system_category': 'admin'}
    assert 'publisher' not in by_name['bash']  # apt's origin is empty for it: no empty publisher sent


def test_rpm_versions_are_version_dash_release_and_each_version_is_kept():
    facts = facts_of('linux')
    facts['packages'] = {'kernel': [
        {'name': 'kernel', 'version': '5.14.0', 'release': '427.el9', 'epoch': None, 'arch': 'x86_64', 'source': 'rpm'},
        {'name': 'kernel', 'version': '5.14.0', 'release': '362.el9', 'epoch': None, 'arch': 'x86_64', 'source': 'rpm'},
    ]}
    softwares = document.build_document(facts)['content']['softwares']
    assert softwares == [
        {'name': 'kernel', 'version': '5.14.0-362.el9', 'arch': 'x86_64', 'from': 'rpm'},
        {'name': 'kernel', 'version': '5.14.0-427.el9', 'arch': 'x86_64', 'from': 'rpm'},
    ]


@pytest.mark.parametrize('packages', [None, {}, []])
def test_no_package_facts_no_softwares(packages):
    facts = facts_of('linux')
    if packages is None:
        del facts['packages']
    else:
        facts['packages'] = packages
    assert 'softwares' not in document.build_document(facts)['content']


def test_placeholders_of_dmi_are_left_out():
    facts = facts_of('linux')
    for key in ('product_serial', 'product_uuid', 'system_vendor', 'product_name', 'bios_version', 'bios_date',
                'board_serial', 'form_factor'):
        facts[key] = 'NA'
    facts['chassis_serial'] = 'To Be Filled By O.E.M.'
    built = document.build_document(facts)
    assert schema.validate_document(built) is None
    assert 'uuid' not in built['content']['hardware'] and 'chassis_type' not in built['content']['hardware']
    assert set(built['content']['bios']) == {'bmanufacturer', 'mmanufacturer', 'mmodel'}


def test_ansible_prefixed_facts_are_accepted():
    facts = facts_of('linux')
    prefixed = dict(('ansible_' + key, value) for key, value in facts.items() if key != 'packages')
    prefixed['packages'] = facts['packages']
    assert document.build_document(prefixed) == document.build_document(facts)


def test_tag_deviceid_and_itemtype():
    built = document.build_document(facts_of('linux'), deviceid='given-id', tag='lab', itemtype='Computer')
    assert (built['deviceid'], built['tag']) == ('given-id', 'lab')
    assert schema.validate_document(built) is None
    with pytest.raises(GlpiInputError, match='itemtype'):
        document.build_document(facts_of('linux'), itemtype='Monitor')
    with pytest.raises(GlpiInputError, match='facts must be a dict'):
        document.build_document(['not', 'facts'])


def test_device_id_stable_and_different_across_hosts():
    ids = dict((host, document.device_id(facts_of(host))) for host in EXPECTED)
    assert len(set(ids.values())) == 3
    assert all(re.match(r'^ansible-[0-9a-f]{32}$', value) for value in ids.values())
    assert document.device_id(facts_of('linux')) == ids['linux']
    renamed = facts_of('linux')
    renamed['hostname'], renamed['fqdn'] = 'web99', 'web99.example.com'
    assert document.device_id(renamed) == ids['linux']  # machine_id and product_uuid make it
    clone = facts_of('linux')
    clone['product_uuid'] = '2b6a3f0e-8d2c-4e5f-9a7b-0c1d2e3f4a5b'
    assert document.device_id(clone) != ids['linux']  # a clone of the image keeps machine_id, not the uuid
    assert document.build_document(facts_of('linux'))['deviceid'] == ids['linux']


def test_device_id_falls_back_on_the_host_name():
    facts = facts_of('macos')  # Darwin facts have no machine_id or product_uuid
    other = copy.deepcopy(facts)
    other['hostname'], other['fqdn'] = 'mac02', 'mac02.example.com'
    assert document.device_id(facts) != document.device_id(other)
    with pytest.raises(GlpiInputError, match='device id'):
        document.device_id({'system': 'Linux'})


def test_agent_version_is_the_collections():
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        version = re.search(r'^version:\s*(\S+)', handle.read(), re.MULTILINE).group(1)
    assert document.AGENT_VERSION == version.strip('"\'')


@pytest.mark.parametrize('distribution, version, major, release, full_name, os_version', [
    ('Debian', '12.5', '12', 'bookworm', 'Debian GNU/Linux 12 (bookworm)', '12 (bookworm)'),
    ('RedHat', '9.3', '9', 'Plow', 'Red Hat Enterprise Linux 9.3 (Plow)', '9.3'),
    ('Ubuntu', '22.04', '22', 'jammy', 'Ubuntu 22.04', '22.04'),
    ('CentOS', '7.9', '7', 'Core', 'CentOS Linux 7 (Core)', '7.9'),
    ('CentOS', '9', '9', 'Stream', 'CentOS Stream 9', '9'),
    ('Rocky', '9.3', '9', 'Blue Onyx', 'Rocky Linux 9.3 (Blue Onyx)', '9.3'),
])
def test_full_name_without_lsb_release(distribution, version, major, release, full_name, os_version):
    facts = facts_of('linux')
    del facts['lsb']  # lsb_release is often not installed: os-release's PRETTY_NAME is rebuilt
    facts.update(distribution=distribution, distribution_version=version, distribution_major_version=major,
                 distribution_release=release)
    os_section = document.build_document(facts)['content']['operatingsystem']
    assert (os_section['full_name'], os_section['version']) == (full_name, os_version)
