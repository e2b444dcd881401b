"""The ``glpi`` action group in meta/runtime.yml lists exactly the modules in plugins/modules/.

``module_defaults: {group/glpi.glpi.glpi: ...}`` only reaches modules that are in the group,
so a module missing from it silently loses its connection defaults. This test keeps the two
in step (it also passes while the collection has no module yet).
"""

from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLLECTION = 'glpi.glpi'
GROUP = 'glpi'


def _runtime():
    with open(ROOT / 'meta' / 'runtime.yml', encoding='utf-8') as handle:
        return yaml.safe_load(handle) or {}


def _module_names():
    return sorted(
        path.stem
        for path in (ROOT / 'plugins' / 'modules').glob('*.py')
        if not path.name.startswith('_')
    )


def _group_members(entries):
    members = []
    for entry in entries:
        if isinstance(entry, dict):  # {'metadata': {'extend_group': [...]}}
            assert set(entry) == {'metadata'}, entry
            continue
        assert isinstance(entry, str), entry
        # Both short names and FQCNs are valid in runtime.yml; compare short names.
        members.append(entry[len(COLLECTION) + 1:] if entry.startswith(COLLECTION + '.') else entry)
    return members


def test_requires_ansible_is_declared():
    assert _runtime().get('requires_ansible', '').startswith('>=')


def test_action_group_equals_module_list():
    groups = _runtime().get('action_groups') or {}
    assert GROUP in groups, 'meta/runtime.yml has no action_groups.%s' % GROUP
    members = _group_members(groups[GROUP] or [])

    duplicates = sorted({name for name in members if members.count(name) > 1})
    assert not duplicates, 'listed twice in action_groups.%s: %s' % (GROUP, duplicates)

    modules = _module_names()
    missing = sorted(set(modules) - set(members))
    extra = sorted(set(members) - set(modules))
    assert not missing, 'modules missing from action_groups.%s in meta/runtime.yml: %s' % (GROUP, missing)
    assert not extra, 'action_groups.%s lists modules that plugins/modules/ does not have: %s' % (GROUP, extra)
    assert sorted(members) == members, 'keep action_groups.%s sorted: %s' % (GROUP, sorted(members))
