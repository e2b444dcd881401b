"""glpi_inventory plugin against a mocked client: hosts, vars, groups, names, ansible_host, cache."""

import json
import os
from unittest import mock

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.module_utils.compat.version import LooseVersion
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.release import __version__ as ansible_core_version

from ansible_collections.glpi.glpi.plugins.inventory import glpi_inventory
from ansible_collections.glpi.glpi.plugins.inventory.glpi_inventory import InventoryModule, first_address, sanitize
from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse, GlpiClient

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SCHEMA = os.path.join(REPO, 'tests', 'emulator', 'glpi_emulator', 'schema')

ROWS = [
    {'2': 1, '1': 'web-01', '80': 'Root entity', '3': 'Paris &#62; Floor 1', '31': 'Production', '4': 'Server',
     '23': 'Dell Inc.', '40': 'R640', '45': 'Ubuntu', '126': ['fe80::1', '127.0.0.1', '10.0.0.1', '2001:db8::1'],
     '205': 'example.com', '5': 'SN1'},
    {'2': 2, '1': 'web-01', '80': 'Root entity &#62; Europe', '3': None, '31': 'Stock', '4': None, '23': None, '40': None,
     '45': None, '126': None, '205': None, '5': None},
    {'2': 3, '1': '', '80': 'Root entity', '3': 'Paris', '31': None, '4': None, '23': None, '40': None, '45': None,
     '126': '10.0.0.3', '205': None, '5': None},
]


def schema_options(itemtype):
    with open(os.path.join(SCHEMA, '%s.json' % itemtype)) as handle:
        return json.load(handle)['search_options']


class FakeGlpi:
    def __init__(self, rows):
        self.rows = rows
        self.requests = []
        self.client = mock.create_autospec(GlpiClient, instance=True)
        self.client.base_url = 'http://glpi.invalid/apirest.php'
        self.client.list_search_options.side_effect = schema_options
        self.client.request.side_effect = self.request

    def request(self, method, path, params=None, **kwargs):
        self.requests.append((method, path, params))
        wanted = [str(o) for o in params['forcedisplay']]
        data = [dict((k, v) for k, v in row.items() if k in wanted) for row in self.rows]
        return ApiResponse(200, {}, {'totalcount': len(data), 'count': len(data), 'data': data})


@pytest.fixture
def fake(monkeypatch, tmp_path):
    glpi = FakeGlpi(ROWS)
    monkeypatch.setattr(glpi_inventory, 'make_client', lambda options, log=None, v2=False, who=None: glpi.client)
    monkeypatch.setenv('HOME', str(tmp_path))  # search option disk cache of search_options.py
    return glpi


def run(tmp_path, **config):
    path = tmp_path / 'test.glpi.yml'
    base = {'plugin': 'glpi.glpi.glpi_inventory', 'url': 'http://glpi.invalid', 'user_token': 'x', 'app_token': 'y'}
    base.update(config)
    path.write_text(yaml.safe_dump(base))
    plugin = inventory_loader.get('glpi.glpi.glpi_inventory')
    assert plugin is not None
    inventory = InventoryData()
    assert plugin.verify_file(str(path))
    plugin.parse(inventory, DataLoader(), str(path), cache=True)
    if config.get('cache'):
        plugin.update_cache_if_changed()  # what the InventoryManager does after parse
    return inventory


def hostvars(inventory, name):
    return inventory.get_host(name).vars


def children(inventory, group):
    g = inventory.groups[group]
    return sorted(h.name for h in g.hosts) + sorted('@' + c.name for c in g.child_groups)


def test_verify_file_needs_the_suffix(tmp_path):
    for name, ok in (('a.glpi.yml', True), ('a.glpi.yaml', True), ('a.yml', False), ('glpi.yml', False)):
        path = tmp_path / name
        path.write_text('plugin: glpi.glpi.glpi_inventory\n')
        assert InventoryModule().verify_file(str(path)) is ok, name


def test_hosts_vars_and_ansible_host(tmp_path, fake):
    inventory = run(tmp_path)
    assert sorted(inventory.hosts) == ['computer_3', 'web-01', 'web-01_2']
    web = hostvars(inventory, 'web-01')
    assert web['glpi_id'] == 1 and web['glpi_itemtype'] == 'Computer'
    assert web['glpi_location'] == 'Paris > Floor 1' and web['glpi_state'] == 'Production'
    assert web['glpi_ip_addresses'] == ['fe80::1', '127.0.0.1', '10.0.0.1', '2001:db8::1']
    assert web['ansible_host'] == '10.0.0.1', 'loopback and link-local are skipped'
    assert web['glpi_serial'] == 'SN1' and web['glpi_operating_system'] == 'Ubuntu'
    assert 'ansible_host' not in hostvars(inventory, 'web-01_2')
    assert hostvars(inventory, 'computer_3')['ansible_host'] == '10.0.0.3'
    # one search page, no request per host
    assert [r[:2] for r in fake.requests] == [('GET', 'search/Computer')]
    assert fake.client.list_search_options.call_count == 1
    fake.client.close.assert_called_once_with()


def test_builtin_groups_nested_and_sanitised(tmp_path, fake):
    inventory = run(tmp_path)
    assert children(inventory, 'glpi_entity_root_entity') == ['computer_3', 'web-01', '@glpi_entity_root_entity_europe']
    assert children(inventory, 'glpi_entity_root_entity_europe') == ['web-01_2']
    assert children(inventory, 'glpi_location_paris') == ['computer_3', '@glpi_location_paris_floor_1']
    assert children(inventory, 'glpi_location_paris_floor_1') == ['web-01']
    for group in ('glpi_state_production', 'glpi_type_server', 'glpi_manufacturer_dell_inc', 'glpi_model_r640',
                  'glpi_operating_system_ubuntu'):
        assert children(inventory, group) == ['web-01'], group
    assert children(inventory, 'glpi_itemtype_computer') == ['computer_3', 'web-01', 'web-01_2']


def test_only_requested_columns(tmp_path, fake):
    run(tmp_path, fields=['serial'], builtin_groups=['state'], ansible_host='none')
    assert fake.requests[0][2]['forcedisplay'] == [2, 1, 5, 31]


def test_filters_and_states_become_criteria(tmp_path, fake):
    run(tmp_path, filters={'locations_id': 'Paris'}, states=['Production', 'Stock'])
    criteria = fake.requests[0][2]['criteria']
    assert criteria[0] == {'field': 3, 'searchtype': 'contains', 'value': 'Paris'}
    assert criteria[1] == {'link': 'AND', 'criteria': [
        {'link': 'AND', 'field': 31, 'searchtype': 'contains', 'value': '^Production$'},  # GLPI ignores a group's first link
        {'link': 'OR', 'field': 31, 'searchtype': 'contains', 'value': '^Stock$'}]}


def test_filter_list_is_checked_like_glpi_search(tmp_path, fake):
    run(tmp_path, filters=[{'field': 'location', 'searchtype': 'under', 'value': 3},
                           {'field': 'serial', 'value': 'X', 'link': 'or'}])
    assert fake.requests[0][2]['criteria'] == [{'field': 3, 'searchtype': 'under', 'value': 3},
                                               {'link': 'OR', 'field': 5, 'searchtype': 'contains', 'value': 'X'}]
    fake.requests[:] = []
    with pytest.raises(AnsibleParserError) as err:
        run(tmp_path, filters=[{'field': 'serial', 'searchtype': 'under', 'value': 'X'}])
    assert "searchtype 'under' is not available" in str(err.value) and 'filters[0]' in str(err.value)
    assert fake.requests == []


def test_bad_filter_field_names_it_and_closest(tmp_path, fake):
    with pytest.raises(AnsibleParserError) as err:
        run(tmp_path, filters={'locaton': 'Paris'})
    text = str(err.value)
    assert 'locaton' in text and 'location' in text
    assert fake.requests == [], 'nothing is searched with a bad filter'


def test_bad_field_names_it(tmp_path, fake):
    with pytest.raises(AnsibleParserError) as err:
        run(tmp_path, fields=['serial', 'manufactuer'])
    assert 'manufactuer' in str(err.value) and 'manufacturer' in str(err.value)


@pytest.mark.parametrize('hostname,expected', [
    ('fqdn', ['computer_3', 'web-01.example.com', 'web-01']),
    ("glpi_name ~ '-' ~ glpi_id", ['-3', 'web-01-1', 'web-01-2']),
])
def test_hostname_rules(tmp_path, fake, hostname, expected):
    inventory = run(tmp_path, hostname=hostname, strict=True)
    assert sorted(inventory.hosts) == sorted(expected)


def test_ansible_host_rules(tmp_path, fake):
    assert hostvars(run(tmp_path, ansible_host='first_ipv6'), 'web-01')['ansible_host'] == '2001:db8::1'
    assert hostvars(run(tmp_path, ansible_host='name'), 'web-01')['ansible_host'] == 'web-01'
    assert hostvars(run(tmp_path, ansible_host='serial'), 'web-01')['ansible_host'] == 'SN1'
    assert 'ansible_host' not in hostvars(run(tmp_path, ansible_host='none'), 'web-01')


def test_first_address():
    assert first_address(['127.0.0.1', 'fe80::1', '::1', '0.0.0.0', 'junk', '192.0.2.1'], 'first_ipv4') == '192.0.2.1'
    assert first_address('2001:db8::5', 'first_ip') == '2001:db8::5'
    assert first_address([], 'first_ipv4') is None


def test_sanitize():
    assert sanitize('Root entity > Europe') == 'root_entity_europe'
    assert sanitize('Dell Inc.') == 'dell_inc'
    assert sanitize('--') == ''


def test_constructable(tmp_path, fake):
    inventory = run(tmp_path, compose={'site': "glpi_location | default('', true) | regex_replace(' > .*', '')"},
                    groups={'production': "glpi_state == 'Production'"},
                    keyed_groups=[{'key': 'glpi_manufacturer', 'prefix': 'vendor'}])
    assert hostvars(inventory, 'web-01')['site'] == 'Paris'
    assert children(inventory, 'production') == ['web-01']
    assert children(inventory, 'vendor_Dell_Inc_') == ['web-01']


def test_duplicate_names_are_deterministic(tmp_path, fake):
    fake.rows = list(reversed(ROWS))  # the answer order must not matter: ids decide
    inventory = run(tmp_path)
    assert hostvars(inventory, 'web-01')['glpi_id'] == 1
    assert hostvars(inventory, 'web-01_2')['glpi_id'] == 2


def test_cache_hit_makes_no_request(tmp_path, fake):
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache'),
             'cache_timeout': 600}
    first = run(tmp_path, **cache)
    assert len(fake.requests) == 1
    fake.client.reset_mock()
    second = run(tmp_path, **cache)
    assert len(fake.requests) == 1, 'second run served from the cache'
    assert not fake.client.list_search_options.called and not fake.client.request.called
    assert sorted(second.hosts) == sorted(first.hosts)
    assert hostvars(second, 'web-01')['glpi_location'] == 'Paris > Floor 1'
    run(tmp_path, fields=['serial'], **cache)
    assert len(fake.requests) == 2, 'other fields: the cached entry is stale'


def test_deleted_items_on_request(tmp_path, fake):
    inventory = run(tmp_path, exclude_deleted=False)
    assert [r[2].get('is_deleted') for r in fake.requests] == [None, 1]
    assert hostvars(inventory, 'web-01')['glpi_is_deleted'] is False


def test_bad_page_size(tmp_path, fake):
    with pytest.raises(AnsibleParserError, match='page_size'):
        run(tmp_path, page_size=5000)


def test_max_concurrency_at_least_one_and_capped_by_the_connection_pool(tmp_path, fake):
    with pytest.raises(AnsibleParserError, match='max_concurrency must be at least 1'):
        run(tmp_path, max_concurrency=0)
    with mock.patch.object(glpi_inventory.display, 'warning') as warning:
        run(tmp_path, max_concurrency=40)
    assert any('using 16' in call[0][0] for call in warning.call_args_list)


def test_states_filter_on_the_status_not_a_state_named_column(tmp_path, fake):
    run(tmp_path, states=['Production'])
    assert fake.requests[0][2]['criteria'][0]['criteria'][0]['field'] == 31


def test_host_vars_names_checked_once_each(tmp_path, fake, monkeypatch):
    """Host vars go in one step once ansible-core's set_variable has checked each name: an invalid
    name (from vars_prefix) is still reported, the values are the same for every host. ansible-core
    checks the names from 2.19 on; before, it accepts any name without a word (scripts/test oldest)."""
    from ansible.utils.display import Display
    reported = []
    monkeypatch.setattr(Display, 'deprecated', lambda self, msg, *args, **kwargs: reported.append(msg))
    inventory = run(tmp_path, vars_prefix='glpi-', fields=['serial'], builtin_groups=[], ansible_host='none')
    assert sorted(inventory.hosts) == ['computer_3', 'web-01', 'web-01_2']
    assert hostvars(inventory, 'web-01_2')['glpi-id'] == 2 and hostvars(inventory, 'computer_3')['glpi-serial'] is None
    assert hostvars(inventory, 'web-01')['glpi-serial'] == 'SN1'
    checked = LooseVersion(ansible_core_version) >= LooseVersion('2.19')
    assert sorted(set(m for m in reported if 'glpi-' in m)) == sorted(
        "Accepting inventory variable with invalid name 'glpi-%s'." % k for k in ('id', 'itemtype', 'name', 'serial') if checked)
