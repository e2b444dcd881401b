# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of the native inventory document against GLPI's schema: errors name the JSON path,
the schema embedded as Python equals the vendored file, and a missing jsonschema is a clear error."""
from __future__ import absolute_import, division, print_function

import importlib
import json
import os
import sys

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory import document, schema, schema_data
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiDependencyError, GlpiInputError

PACKAGE = os.path.dirname(schema.__file__)
FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'agent_inventory')


def linux_document():
    with open(os.path.join(FIXTURES, 'linux.json')) as handle:
        return document.build_document(json.load(handle))


def test_embedded_schema_equals_the_vendored_file():
    with open(os.path.join(PACKAGE, 'inventory.schema.json')) as handle:
        assert schema.schema() == json.load(handle)


def test_vendored_schema_keeps_its_mit_notice():
    with open(os.path.join(PACKAGE, 'inventory.schema.LICENSE')) as handle:
        notice = handle.read()
    assert "Copyright (c) 2020-2021 Teclib' and contributors" in notice and 'MIT License' in notice
    with open(schema_data.__file__) as handle:
        header = handle.read(1000)
    assert 'MIT' in header and 'inventory_format 1.1.32' in header
    assert schema_data.INVENTORY_FORMAT_VERSION == '1.1.32'


def test_a_network_without_description_names_its_path():
    built = linux_document()
    del built['content']['networks'][2]['description']
    with pytest.raises(GlpiInputError) as caught:
        schema.validate_document(built)
    assert 'content.networks[2].description: required property missing' in str(caught.value)
    assert caught.value.value == 'content.networks[2].description'


@pytest.mark.parametrize('change, path, words', [
    (lambda c: c['hardware'].update(memory='64 GB'), 'content.hardware.memory', "'64 GB' is not of type 'integer'"),
    (lambda c: c['hardware'].update(colour='blue'), 'content.hardware.colour', 'not allowed'),
    (lambda c: c['networks'][0].update(ipaddress='192.0.2.300'), 'content.networks[0].ipaddress', 'ipv4'),
    (lambda c: c['operatingsystem'].update(boot_time='yesterday'), 'content.operatingsystem.boot_time', 'does not match'),
    (lambda c: c.pop('versionclient'), 'content.versionclient', 'required property missing'),
])
def test_violations_name_the_path(change, path, words):
    built = linux_document()
    change(built['content'])
    with pytest.raises(GlpiInputError) as caught:
        schema.validate_document(built)
    assert '%s: ' % path in str(caught.value) and words in str(caught.value)


def test_several_violations_are_all_listed_or_counted():
    built = linux_document()
    for entry in built['content']['networks']:
        del entry['description']
    with pytest.raises(GlpiInputError) as caught:
        schema.validate_document(built)
    assert len(caught.value.violations) == 4
    assert 'content.networks[0].description' in str(caught.value)
    assert 'content.networks[3].description' in str(caught.value)
    for entry in built['content']['softwares']:
        entry['version'] = 1
    with pytest.raises(GlpiInputError, match=r'\(and 20 more\)'):
        schema.validate_document(built)


def test_missing_jsonschema_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, 'jsonschema', None)  # import jsonschema raises ImportError
    try:
        reloaded = importlib.reload(schema)
        assert reloaded.HAS_JSONSCHEMA is False
        with pytest.raises(GlpiDependencyError) as caught:
            reloaded.validate_document(linux_document())
        assert '"jsonschema" is required' in str(caught.value) and 'pip install jsonschema' in str(caught.value)
    finally:
        monkeypatch.undo()
        importlib.reload(schema)
    assert schema.HAS_JSONSCHEMA is True


def test_the_package_reads_no_data_file():
    """A module's module_utils reach the managed node inside the AnsiballZ zip, Python files only:
    reading inventory.schema.json by path would fail there (measured: it is not in the zip)."""
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith('.py'):
            with open(os.path.join(PACKAGE, name)) as handle:
                source = handle.read()
            assert 'open(' not in source and '__file__' not in source and 'pkgutil' not in source, name
