# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin of glpi_agent_inventory: options validated from the module's spec (url optional),
the run handed to InventoryRun, GlpiErrors turned into the one failure shape."""
from __future__ import absolute_import, division, print_function

from unittest.mock import MagicMock

import pytest

from ansible_collections.glpi.glpi.plugins.action import glpi_agent_inventory as action
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiApiError

FACTS = {'hostname': 'web', 'machine_id': 'abc'}


class FakeRun:
    """Stands in for InventoryRun: records the options, answers per job."""
    seen = []
    errors = []

    def __init__(self, params, client_factory=None, warn=None, log=None):
        self.params = params
        FakeRun.seen.append(params)
        warn('a warning')

    def run(self, jobs, check_mode=False):
        for error in FakeRun.errors:
            raise error
        for job in jobs:
            job.deviceid, job.action, job.changed, job.sent = 'dev-' + job.host, 'created', True, not check_mode
        return jobs


@pytest.fixture
def plugin(monkeypatch):
    FakeRun.seen, FakeRun.errors = [], []
    monkeypatch.setattr(action, 'InventoryRun', FakeRun)

    def make(args, check_mode=False):
        task = MagicMock(args=args, async_val=0, check_mode=check_mode, diff=False)
        connection = MagicMock()
        connection._shell.tmpdir = None
        return action.ActionModule(task, connection, MagicMock(), MagicMock(), MagicMock(), MagicMock())
    return make


def test_single_host_from_task_vars(plugin):
    result = plugin({'inventory_url': 'https://glpi.example.test/front/inventory.php', 'read_state': False}).run(
        task_vars={'inventory_hostname': 'web', 'ansible_facts': FACTS})
    assert not result.get('failed'), result
    assert (result['action'], result['changed'], result['deviceid'], result['sent']) == ('created', True, 'dev-web', True)
    assert result['warnings'] == ['a warning']
    params = FakeRun.seen[0]
    assert params['parallel'] == 8 and params['inventory_auth'] == 'none' and params['url'] is None


def test_check_mode_reaches_the_run(plugin):
    result = plugin({'url': 'https://glpi.example.test'}, check_mode=True).run(
        task_vars={'inventory_hostname': 'web', 'ansible_facts': FACTS})
    assert result['sent'] is False


def test_bad_option_fails_before_anything(plugin):
    result = plugin({'inventory_auth': 'kerberos'}).run(task_vars={})
    assert result['failed'] and 'inventory_auth' in result['msg'] and FakeRun.seen == []


def test_facts_and_hosts_are_exclusive(plugin):
    result = plugin({'facts': FACTS, 'hosts': ['a']}).run(task_vars={})
    assert result['failed'] and 'mutually exclusive' in result['msg']


def test_glpi_error_is_the_one_failure_shape(plugin):
    FakeRun.errors.append(GlpiApiError("GLPI's native inventory is disabled", status=403, hint='enable it'))
    result = plugin({'url': 'https://glpi.example.test'}).run(task_vars={'inventory_hostname': 'web', 'ansible_facts': FACTS})
    assert result['failed'] and 'disabled' in result['msg'] and result['error']['status'] == 403
    assert result['changed'] is False


def test_the_action_spec_is_the_modules_plus_the_connection():
    spec = action.action_spec()
    assert 'required' not in spec['url'] and spec['inventory_password']['no_log'] and spec['client_secret']['no_log']
