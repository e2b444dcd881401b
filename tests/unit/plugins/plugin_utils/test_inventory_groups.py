"""The plain-variable fast path of compose, groups and keyed_groups gives exactly what ansible-core's
Constructable gives (same groups, members in the same order, same host vars, same errors)."""

import pytest
import yaml

import ansible.constants as C
import ansible.inventory.group as group_module
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.inventory import BaseInventoryPlugin
from ansible.plugins.loader import inventory_loader

from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_groups import FastConstructed, plain_condition, plain_path

HOSTS = [
    ('h1', {'loc': 'Paris > Floor 1', 'tags': ['a b', '', 'x', 7], 'meta': {'site': 'Lyon', 'rack': '', 'n': 2}, 'flag': True,
            'num': 3, 'uni': u'Zürich-Ost', 'digit': '1abc', 'nested': {'a': {'b': 'deep'}}}),
    ('h2', {'loc': '', 'tags': [], 'meta': {}, 'flag': False, 'num': 0, 'uni': None, 'digit': '', 'nested': {'a': {}}}),
    ('h3', {'loc': None, 'meta': {'site': None}, 'flag': 'yes', 'num': 1.5, 'uni': u'東京', 'digit': '2', 'nested': {'items': 'x'}}),
    ('h4', {'loc': '9 lives!', 'tags': 'single', 'meta': 'not a dict', 'flag': None, 'num': True, 'uni': 'a-b', 'digit': '3x',
            'nested': {'a': 'flat'}}),
    ('h5', {'loc': 'Paris > Floor 1', 'tags': ['x', None], 'meta': {'site': 'Lyon', 'rack': 'r1'}, 'flag': True, 'num': -1,
            'uni': u'Zürich-Ost', 'digit': '1abc', 'nested': {'a': {'b': ['l1', 'l2']}}}),
]

KEYS = ['loc', 'tags', 'meta', 'flag', 'num', 'uni', 'digit', 'nested.a.b', 'nested.a', 'nested.items', 'missing', 'meta.site',
        'inventory_hostname', 'loc | lower']

CONFIGS = [
    {'keyed_groups': [{'key': k, 'prefix': 'p'} for k in KEYS]},
    {'keyed_groups': [{'key': k} for k in KEYS], 'leading_separator': False},
    {'keyed_groups': [{'key': k} for k in KEYS]},
    {'keyed_groups': [{'key': k, 'prefix': 'd', 'default_value': 'none', 'separator': '-'} for k in KEYS]},
    {'keyed_groups': [{'key': k, 'prefix': 't', 'trailing_separator': False} for k in KEYS]},
    {'keyed_groups': [{'key': k, 'prefix': 'both', 'trailing_separator': False, 'default_value': 'x'} for k in KEYS[:3]]},
    {'keyed_groups': [{'key': k, 'prefix': '', 'separator': '', 'parent_group': 'all_' + k.replace('.', '_')} for k in KEYS]},
    {'keyed_groups': [{'key': 'loc', 'parent_group': '{{ uni }}'}, {'key': 'loc', 'prefix': 'u', 'parent_group': u'Ünïcode grp'}]},
    {'keyed_groups': [{'key': k, 'prefix': '1st'} for k in KEYS], 'strict': True},
    {'keyed_groups': [{'key': k, 'prefix': 's'} for k in ('loc', 'tags', 'meta', 'uni')], 'strict': True},
    {'keyed_groups': [{'key': k, 'prefix': 's'} for k in ('tags', 'meta.site', 'nested.a')], 'strict': True},
    {'groups': {'flagged': 'flag', 'Bad Name!': 'flag', 'by_num': 'num', 'missing': 'missing', 'expr': "loc == 'Paris > Floor 1'",
                'deep': 'nested.a.b', 'true': 'true'}},
    {'groups': {'flagged': 'flag', '9start': 'flag'}, 'strict': True},
    {'groups': {'paris': "loc == 'Paris > Floor 1'", 'not_paris': 'loc != "Paris > Floor 1"', 'empty': "loc == ''", u'zü': u"uni == 'Zürich-Ost'",
                'lyon': "meta.site=='Lyon'", 'num': "num == '3'", 'tags': "tags != 'x'", 'gone': "missing == 'x'", 'spaced': "  loc  ==  '9 lives!' ",
                'deep': "nested.a.b == 'deep'", 'kw': "true == 'x'"}},
    {'groups': {'paris': "loc == 'Paris > Floor 1'", 'lyon': "meta.site == 'Lyon'"}, 'strict': True},
    {'groups': {'flagged': 'flag', 'by_num': 'num'}, 'strict': True},
    {'compose': {'c_loc': 'loc', 'c_num': 'num', 'c_tags': 'tags', 'c_meta': 'meta.site', 'c_missing': 'missing', 'c_none': 'uni',
                 'c_expr': 'num + 1', 'c_deep': 'nested.a.b'},
     'keyed_groups': [{'key': 'c_loc', 'prefix': 'composed'}], 'groups': {'c_flag': 'flag'}},
    {'compose': {'c_loc': 'loc'}, 'keyed_groups': [{'key': 'c_loc'}], 'use_extra_vars': True},
]


def make(tmp_path, config):
    path = tmp_path / 'fast.glpi.yml'
    body = {'plugin': 'glpi.glpi.glpi_inventory', 'url': 'http://glpi.invalid', 'user_token': 'x', 'app_token': 'y'}
    body.update(config)
    path.write_text(yaml.safe_dump(body, allow_unicode=True))
    plugin = inventory_loader.get('glpi.glpi.glpi_inventory')
    inventory = InventoryData()
    BaseInventoryPlugin.parse(plugin, inventory, DataLoader(), str(path))
    plugin._read_config_data(str(path))  # trusted expressions, as in a real run
    return plugin, inventory


def build(tmp_path, config, fast):
    plugin, inventory = make(tmp_path, config)
    strict = plugin.get_option('strict')
    compose, groups, keyed = plugin.get_option('compose'), plugin.get_option('groups'), plugin.get_option('keyed_groups')
    constructed = FastConstructed(plugin, compose, groups, keyed, strict)
    error = None
    for name, variables in HOSTS:
        inventory.add_host(name)
        for var, value in variables.items():
            inventory.set_variable(name, var, value)
        try:
            if fast:
                constructed.apply(name, dict(variables))
            else:
                plugin._set_composite_vars(compose, dict(variables), name, strict=strict)
                plugin._add_host_to_composed_groups(groups, dict(variables), name, strict=strict)
                plugin._add_host_to_keyed_groups(keyed, dict(variables), name, strict=strict)
        except Exception as exc:  # pylint: disable=broad-except
            error = (name, type(exc).__name__, str(exc))
            break
    snapshot = {
        'groups': [(g.name, [h.name for h in g.hosts], [c.name for c in g.child_groups]) for g in inventory.groups.values()],
        'hosts': [(h.name, repr(sorted(h.vars.items())), [g.name for g in h.groups]) for h in inventory.hosts.values()],
        'error': error,
    }
    return snapshot, constructed


@pytest.mark.parametrize('transform', ['never', 'always', 'silently', 'ignore'])
@pytest.mark.parametrize('index', range(len(CONFIGS)))
def test_fast_path_matches_ansible_core(tmp_path, monkeypatch, index, transform):
    monkeypatch.setattr(C, 'TRANSFORM_INVALID_GROUP_CHARS', transform)
    warnings = []
    monkeypatch.setattr(group_module.display, 'warning', lambda msg, *args, **kwargs: warnings.append(msg))
    config = CONFIGS[index]
    slow, _constructed = build(tmp_path, config, fast=False)
    slow_warnings = set(warnings)
    del warnings[:]
    fast, constructed = build(tmp_path, config, fast=True)
    assert fast == slow
    assert set(warnings) == slow_warnings  # ansible-core shows each distinct warning once
    assert len(slow['groups']) > 2 or slow['error'] or index == len(CONFIGS) - 1


def test_plain_entries_skip_templating(tmp_path, monkeypatch):
    monkeypatch.setattr(C, 'TRANSFORM_INVALID_GROUP_CHARS', 'always')
    plugin, inventory = make(tmp_path, {'keyed_groups': [{'key': 'loc', 'prefix': 'loc'}, {'key': 'meta.site'}],
                                        'groups': {'flagged': 'flag', 'paris': "loc == 'Paris > Floor 1'"}, 'compose': {'c': 'loc'}})

    def refuse(*args, **kwargs):
        raise AssertionError('templated')
    for name in ('_compose', '_set_composite_vars', '_add_host_to_composed_groups', '_add_host_to_keyed_groups'):
        monkeypatch.setattr(plugin, name, refuse)
    constructed = FastConstructed(plugin, plugin.get_option('compose'), plugin.get_option('groups'), plugin.get_option('keyed_groups'),
                                  False)
    for name, variables in (HOSTS[0], HOSTS[4]):
        inventory.add_host(name)
        for var, value in variables.items():
            inventory.set_variable(name, var, value)
        constructed.apply(name, dict(variables))
    assert [h.name for h in inventory.groups['loc_Paris___Floor_1'].hosts] == ['h1', 'h5']
    assert [h.name for h in inventory.groups['_Lyon'].hosts] == ['h1', 'h5']
    assert [h.name for h in inventory.groups['flagged'].hosts] == ['h1', 'h5']
    assert [h.name for h in inventory.groups['paris'].hosts] == ['h1', 'h5']


def test_plain_condition():
    assert plain_condition('flag') == (('flag',), None, None)
    assert plain_condition("a.b == 'x y'") == (('a', 'b'), '==', 'x y')
    assert plain_condition('a != ""') == (('a',), '!=', '')
    for cond in ("a == 'x\\'", "a == 'x' and b", "a == '{{ b }}'", "a == b", "a | lower == 'x'", "a in 'x'", "true == 'x'", True):
        assert plain_condition(cond) is None, cond


def test_plain_path():
    assert plain_path('glpi_location') == ('glpi_location',)
    assert plain_path('a.b_1.c') == ('a', 'b_1', 'c')
    for expr in ('a | lower', 'a.b()', "a['b']", 'true', 'None', 'not', '1a', 'a.', ' a', 'inventory_hostname', 5, None):
        assert plain_path(expr) is None, expr
