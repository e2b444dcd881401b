"""glpi.glpi.glpi_inventory through `ansible-inventory -i x.glpi.yml --list` against glpi_server:
groups, host vars, ansible_host, filters, trash and template exclusion, cache hit, duplicate
names, a bad filter field, fqdn host names, entity restriction, a second itemtype, fields with
vars_prefix. Data is seeded with the client under unique names and only those items are
inventoried (filter on the name), so it runs unchanged against a real GLPI."""

import html
import json
import os
import re
import subprocess
import sys
import uuid

import pytest
import yaml


pytestmark = pytest.mark.integration


def sanitize(text):
    return re.sub(r'_+', '_', re.sub(r'[^a-z0-9_]+', '_', text.lower())).strip('_')


@pytest.fixture(scope='module')
def seeded(glpi_server):
    """Two locations (a tree), two states, a sub-entity, five computers named inv-<tag>-* (web has
    three addresses and the domain inv-<tag>.example) and a network equipment inv-<tag>-sw."""
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    created = []

    def add(itemtype, fields):
        ident = client.add(itemtype, fields)['id']
        created.append((itemtype, ident))
        return ident
    site = add('Location', {'name': 'inv-%s' % tag})
    floor = add('Location', {'name': 'Floor 1', 'locations_id': site})
    prod = add('State', {'name': 'inv-prod-%s' % tag})
    stock = add('State', {'name': 'inv-stock-%s' % tag})
    entity = add('Entity', {'name': 'inv-%s' % tag, 'entities_id': 0})
    client.refresh_entities()
    web = add('Computer', {'name': 'inv-%s-web' % tag, 'locations_id': floor, 'states_id': prod, 'serial': 'S-%s' % tag})
    dup1 = add('Computer', {'name': 'inv-%s-dup' % tag, 'states_id': stock})
    dup2 = add('Computer', {'name': 'inv-%s-dup' % tag, 'states_id': stock, 'entities_id': entity})
    trash = add('Computer', {'name': 'inv-%s-trash' % tag, 'states_id': prod})
    client.delete('Computer', trash)
    template = add('Computer', {'name': 'inv-%s-tpl' % tag, 'is_template': 1, 'template_name': 'inv-tpl-%s' % tag})
    port = add('NetworkPort', {'itemtype': 'Computer', 'items_id': web, 'name': 'eth0', 'logical_number': 1,
                               'instantiation_type': 'NetworkPortEthernet'})
    netname = add('NetworkName', {'itemtype': 'NetworkPort', 'items_id': port, 'name': 'inv-%s' % tag})
    for address in ('fe80::10', '10.99.0.10', '2001:db8::10'):
        add('IPAddress', {'itemtype': 'NetworkName', 'items_id': netname, 'name': address})
    domain = add('Domain', {'name': 'inv-%s.example' % tag, 'entities_id': 0, 'is_recursive': 1})
    add('Domain_Item', {'domains_id': domain, 'itemtype': 'Computer', 'items_id': web, 'domainrelations_id': 1})
    switch = add('NetworkEquipment', {'name': 'inv-%s-sw' % tag, 'states_id': prod, 'serial': 'SW-%s' % tag})
    names = dict((ident, html.unescape(client.get_item('Entity', ident)['completename'])) for ident in (0, entity))
    yield {'tag': tag, 'prefix': 'inv-%s-' % tag, 'web': web, 'dup1': dup1, 'dup2': dup2, 'trash': trash, 'template': template,
           'domain': 'inv-%s.example' % tag, 'switch': switch, 'root_entity': names[0], 'sub_entity': names[entity]}
    for itemtype, ident in reversed(created):
        try:
            client.delete(itemtype, ident, force_purge=True)
        except Exception:  # pylint: disable=broad-except
            pass  # best effort: never hide the test's own result
    client.close()


class Inventory:
    def __init__(self, server, collections, workdir):
        self.server = server
        self.collections = collections
        self.workdir = workdir
        self.count = 0

    def run(self, config, expect_ok=True, args=('--list',), name=None, omit=(), extra_yaml='', extra_env=None):
        """``omit``: connection keys left out of the file; ``extra_yaml``: raw YAML appended (vault tags);
        ``extra_env``: variables for ansible-inventory (GLPI_* are removed otherwise)."""
        self.count += 1
        path = os.path.join(str(self.workdir), '%s.glpi.yml' % (name or 'inv-%d' % self.count))
        base = {'plugin': 'glpi.glpi.glpi_inventory', 'url': self.server.base_url,
                'app_token': self.server.app_token, 'user_token': self.server.user_token}
        base.update(config)
        for key in omit:
            base.pop(key, None)
        with open(path, 'w') as handle:
            yaml.safe_dump(base, handle)
            handle.write(extra_yaml)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=self.collections, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_INVENTORY_UNPARSED_FAILED='1')
        for name in ('GLPI_URL', 'GLPI_APP_TOKEN', 'GLPI_USER_TOKEN', 'GLPI_USERNAME', 'GLPI_PASSWORD'):
            env.pop(name, None)
        env.update(extra_env or {})
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', path] + list(args),
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)
        if not expect_ok:
            return proc
        assert proc.returncode == 0, proc.stderr[-4000:]
        return _plain(json.loads(proc.stdout))


def _plain(value):
    """ansible-inventory marks plugin values unsafe: {"__ansible_unsafe": "x"} -> "x"."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture
def inventory(glpi_server, collections_path, tmp_path):
    return Inventory(glpi_server, collections_path, tmp_path)


def mine(seeded, **extra):
    config = {'filters': {'name': '^%s' % seeded['prefix']}, 'session_cache': False}
    config.update(extra)
    return config


def test_hosts_groups_vars_and_ansible_host(inventory, seeded):
    data = inventory.run(mine(seeded))
    hosts = data['_meta']['hostvars']
    prefix = seeded['prefix']
    dup_renamed = '%sdup_%d' % (prefix, seeded['dup2'])
    assert sorted(hosts) == sorted([prefix + 'web', prefix + 'dup', dup_renamed]), 'no trash, no template'
    web = hosts[prefix + 'web']
    assert web['glpi_id'] == seeded['web'] and web['glpi_itemtype'] == 'Computer'
    assert web['glpi_location'] == 'inv-%s > Floor 1' % seeded['tag']
    assert web['glpi_state'] == 'inv-prod-%s' % seeded['tag']
    assert web['glpi_serial'] == 'S-%s' % seeded['tag']
    assert sorted(web['glpi_ip_addresses']) == sorted(['fe80::10', '10.99.0.10', '2001:db8::10'])
    assert web['ansible_host'] == '10.99.0.10'
    assert hosts[prefix + 'dup']['glpi_id'] == seeded['dup1'], 'the lowest id keeps the name'
    assert 'ansible_host' not in hosts[prefix + 'dup']

    site = 'glpi_location_inv_%s' % seeded['tag']
    assert data[site]['children'] == [site + '_floor_1']
    assert data[site + '_floor_1']['hosts'] == [prefix + 'web']
    assert data['glpi_state_inv_prod_%s' % seeded['tag']]['hosts'] == [prefix + 'web']
    assert sorted(data['glpi_state_inv_stock_%s' % seeded['tag']]['hosts']) == sorted([prefix + 'dup', dup_renamed])
    assert set(data['glpi_itemtype_computer']['hosts']) == set(hosts)
    sub = hosts[dup_renamed]['glpi_entity']
    root = sub.rsplit(' > ', 1)[0]
    assert sub.endswith(' > inv-%s' % seeded['tag'])
    assert 'glpi_entity_' + sanitize(sub) in data['glpi_entity_' + sanitize(root)]['children']
    assert data['glpi_entity_' + sanitize(sub)]['hosts'] == [dup_renamed]


def test_states_and_filters(inventory, seeded):
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, states=['inv-prod-%s' % seeded['tag']]))
    assert sorted(data['_meta']['hostvars']) == [prefix + 'web']
    data = inventory.run({'session_cache': False, 'filters': [
        {'field': 'name', 'value': '^' + prefix},
        {'field': 'locations_id', 'value': 'Floor 1'}]})
    assert sorted(data['_meta']['hostvars']) == [prefix + 'web']


def test_trash_and_templates_on_request(inventory, seeded):
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, exclude_deleted=False, exclude_templates=False))
    hosts = data['_meta']['hostvars']
    assert hosts[prefix + 'trash']['glpi_is_deleted'] is True
    assert hosts[prefix + 'web']['glpi_is_deleted'] is False
    assert hosts[prefix + 'tpl']['glpi_is_template'] is True


def test_hostname_expression_and_ansible_host_field(inventory, seeded):
    data = inventory.run(mine(seeded, hostname="glpi_name ~ '.' ~ glpi_id", ansible_host='name', states=['inv-prod-%s' % seeded['tag']]))
    name = '%sweb.%d' % (seeded['prefix'], seeded['web'])
    assert list(data['_meta']['hostvars']) == [name]
    assert data['_meta']['hostvars'][name]['ansible_host'] == seeded['prefix'] + 'web'


def test_constructable_options(inventory, seeded):
    data = inventory.run(mine(seeded, keyed_groups=[{'key': 'glpi_state', 'prefix': 'status'}],
                              groups={'has_ip': 'glpi_ip_addresses | length > 0'},
                              compose={'site': "glpi_location | default('', true) | regex_replace(' > .*', '')"}))
    assert data['has_ip']['hosts'] == [seeded['prefix'] + 'web']
    assert data['_meta']['hostvars'][seeded['prefix'] + 'web']['site'] == 'inv-%s' % seeded['tag']
    assert any(group.startswith('status_inv_prod_') for group in data)


def test_requests_are_pages_plus_a_constant(inventory, seeded, counters):
    counters.reset()
    data = inventory.run(mine(seeded, page_size=1, max_concurrency=2))
    stats = counters.read()
    assert len(data['_meta']['hostvars']) == 3
    searches = stats['by_endpoint'].get('GET search/Computer', 0)
    assert searches == 3, stats['by_endpoint']
    assert stats['reads'] <= searches + 2, stats['by_endpoint']
    assert stats['sessions'] == {'initSession': 1, 'killSession': 1}
    assert stats['writes'] == 0


def test_cache_hit_makes_no_request(inventory, seeded, counters, tmp_path):
    config = mine(seeded, cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=str(tmp_path / 'cache'),
                  cache_timeout=600)
    first = inventory.run(config, name='cached')  # the cache key is the file's path
    counters.reset()
    second = inventory.run(config, name='cached')
    stats = counters.read()
    assert stats['total'] == 0, stats
    assert second == first


def test_bad_filter_field_is_a_clear_error(inventory, seeded, counters):
    counters.reset()
    proc = inventory.run(mine(seeded, filters={'locaton': 'x'}), expect_ok=False)
    assert proc.returncode != 0
    assert "'locaton'" in proc.stderr and 'location' in proc.stderr
    assert counters.read()['by_endpoint'].get('GET search/Computer', 0) == 0


def test_hostname_fqdn_appends_the_first_domain(inventory, seeded):
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, hostname='fqdn'))
    hosts = data['_meta']['hostvars']
    fqdn = '%sweb.%s' % (prefix, seeded['domain'])
    dup_renamed = '%sdup_%d' % (prefix, seeded['dup2'])
    assert sorted(hosts) == sorted([fqdn, prefix + 'dup', dup_renamed]), 'no domain: the name is kept'
    assert hosts[fqdn]['glpi_id'] == seeded['web']
    assert hosts[fqdn]['glpi_name'] == prefix + 'web'
    assert hosts[fqdn]['glpi_domain'] == seeded['domain']
    assert hosts[prefix + 'dup']['glpi_domain'] in (None, [])


def test_entity_restriction(inventory, seeded):
    prefix = seeded['prefix']
    dup_renamed = '%sdup_%d' % (prefix, seeded['dup2'])
    data = inventory.run(mine(seeded, entity=seeded['sub_entity'], entity_recursive=False))
    hosts = data['_meta']['hostvars']
    assert sorted(hosts) == [prefix + 'dup'], 'only the sub-entity; alone there, dup2 keeps the name'
    assert hosts[prefix + 'dup']['glpi_id'] == seeded['dup2']
    assert hosts[prefix + 'dup']['glpi_entity'] == seeded['sub_entity']

    data = inventory.run(mine(seeded, entity=seeded['root_entity'], entity_recursive=False))
    hosts = data['_meta']['hostvars']
    assert sorted(hosts) == sorted([prefix + 'web', prefix + 'dup']), 'the root entity without its sub-entities'
    assert hosts[prefix + 'dup']['glpi_id'] == seeded['dup1']

    data = inventory.run(mine(seeded, entity=seeded['root_entity'], entity_recursive=True))
    assert sorted(data['_meta']['hostvars']) == sorted([prefix + 'web', prefix + 'dup', dup_renamed])


def test_second_itemtype(inventory, seeded):
    """last_boot is a Computer column that NetworkEquipment lacks: asked for both, fetched for Computer only."""
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, itemtypes=['Computer', 'NetworkEquipment'], fields=['serial', 'last_boot']))
    hosts = data['_meta']['hostvars']
    computers = sorted([prefix + 'web', prefix + 'dup', '%sdup_%d' % (prefix, seeded['dup2'])])
    assert sorted(hosts) == sorted(computers + [prefix + 'sw'])
    switch = hosts[prefix + 'sw']
    assert switch['glpi_itemtype'] == 'NetworkEquipment'
    assert switch['glpi_id'] == seeded['switch']
    assert switch['glpi_serial'] == 'SW-%s' % seeded['tag']
    assert 'glpi_last_boot' not in switch
    assert 'glpi_last_boot' in hosts[prefix + 'web']
    assert hosts[prefix + 'web']['glpi_itemtype'] == 'Computer'
    assert data['glpi_itemtype_networkequipment']['hosts'] == [prefix + 'sw']
    assert sorted(data['glpi_itemtype_computer']['hosts']) == computers
    assert sorted(data['glpi_state_inv_prod_%s' % seeded['tag']]['hosts']) == sorted([prefix + 'web', prefix + 'sw'])


def test_fields_and_vars_prefix(inventory, seeded):
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, fields=['serial'], vars_prefix='g_', builtin_groups=['itemtype'], ansible_host='none'))
    web = data['_meta']['hostvars'][prefix + 'web']
    assert sorted(web) == ['g_id', 'g_itemtype', 'g_name', 'g_serial'], 'only the fields asked for, id and name'
    assert (web['g_id'], web['g_name'], web['g_serial']) == (seeded['web'], prefix + 'web', 'S-%s' % seeded['tag'])
    assert prefix + 'web' in data['glpi_itemtype_computer']['hosts'], 'group_prefix is not vars_prefix'

    # the default builtin groups and ansible_host fetch their columns too (documented in `fields`)
    data = inventory.run(mine(seeded, fields=['serial'], vars_prefix='g_'))
    web = data['_meta']['hostvars'][prefix + 'web']
    assert sorted(web) == sorted(['g_id', 'g_name', 'g_serial', 'g_itemtype', 'g_entity', 'g_location', 'g_state', 'g_type',
                                  'g_manufacturer', 'g_model', 'g_operating_system', 'g_ip_addresses', 'ansible_host'])
    assert web['g_location'] == 'inv-%s > Floor 1' % seeded['tag']
    assert web['ansible_host'] == '10.99.0.10'


def test_ansible_host_ipv6_and_any_family(inventory, seeded):
    prefix = seeded['prefix']
    data = inventory.run(mine(seeded, ansible_host='first_ipv6'))
    assert data['_meta']['hostvars'][prefix + 'web']['ansible_host'] == '2001:db8::10', 'fe80:: is link-local'
    assert 'ansible_host' not in data['_meta']['hostvars'][prefix + 'dup']
    data = inventory.run(mine(seeded, ansible_host='first_ip'))
    assert data['_meta']['hostvars'][prefix + 'web']['ansible_host'] in ('10.99.0.10', '2001:db8::10')


def test_connection_from_environment_variables(inventory, seeded):
    server = inventory.server
    data = inventory.run(mine(seeded), omit=('url', 'app_token', 'user_token'),
                         extra_env={'GLPI_URL': server.base_url, 'GLPI_APP_TOKEN': server.app_token or '',
                                    'GLPI_USER_TOKEN': server.user_token})
    assert seeded['prefix'] + 'web' in data['_meta']['hostvars']


def test_user_token_from_ansible_vault(inventory, seeded, tmp_path):
    password = tmp_path / 'vault-pass'
    password.write_text('inventory-test-vault-password\n')
    vault = os.path.join(os.path.dirname(sys.executable), 'ansible-vault')
    encrypted = subprocess.run([vault, 'encrypt_string', '--vault-password-file', str(password), '--name', 'user_token',
                                inventory.server.user_token], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, timeout=120, check=True).stdout
    assert '$ANSIBLE_VAULT' in encrypted
    data = inventory.run(mine(seeded), omit=('user_token',), extra_yaml=encrypted,
                         args=('--list', '--vault-password-file', str(password)))
    assert seeded['prefix'] + 'web' in data['_meta']['hostvars']


def test_vars_are_plain_text_on_every_version(inventory, glpi_server):
    """GLPI 10.0 stores < > & HTML-encoded, 11.0 as typed: host vars and groups see plain text on both."""
    tag = uuid.uuid4().hex[:8]
    special = "<b>&\"' x"
    client = glpi_server.api_client()
    try:
        location = client.add('Location', {'name': 'ptinv-%s %s' % (tag, special)})['id']
        ident = client.add('Computer', {'name': 'ptinv-%s %s' % (tag, special), 'comment': 'a & b <c>',
                                        'locations_id': location})['id']
        try:
            data = inventory.run({'filters': {'name': '^ptinv-%s' % tag}, 'session_cache': False, 'fields': ['comment'],
                                  'hostname': "'ptinv-' ~ glpi_id", 'builtin_groups': ['location']})
        finally:
            client.delete('Computer', ident, force_purge=True)
            client.delete('Location', location, force_purge=True)
    finally:
        client.close()
    host = data['_meta']['hostvars']['ptinv-%d' % ident]
    assert host['glpi_name'] == 'ptinv-%s %s' % (tag, special)
    assert host['glpi_comment'] == 'a & b <c>'
    assert host['glpi_location'] == 'ptinv-%s %s' % (tag, special)
    assert data['glpi_location_' + sanitize('ptinv-%s %s' % (tag, special))]['hosts'] == ['ptinv-%d' % ident]
