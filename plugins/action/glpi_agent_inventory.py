# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi.glpi.glpi_agent_inventory runs here, on the controller: the facts are already in the task's
variables, so no module goes to the managed host. The work is plugin_utils/agent_inventory_run.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, failure_result
from ansible_collections.glpi.glpi.plugins.module_utils.options import glpi_argument_spec
from ansible_collections.glpi.glpi.plugins.modules.glpi_agent_inventory import MUTUALLY_EXCLUSIVE, argument_spec
from ansible_collections.glpi.glpi.plugins.plugin_utils.agent_inventory_run import (
    InventoryRun, bulk_result, jobs_from, single_result)
from ansible_collections.glpi.glpi.plugins.plugin_utils.connection import DisplayLog

display = Display()


def action_spec():
    """The module's options and the connection options; url is required only where it is used."""
    spec = glpi_argument_spec()
    spec['url'].pop('required', None)
    spec.update(argument_spec())
    return spec


def state_client(params, log):
    """The legacy-API client of the state reads (read_state)."""
    from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
    from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
    from ansible_collections.glpi.glpi.plugins.module_utils.options import connection_options
    if not params.get('url'):
        raise GlpiInputError('url is required with read_state=true (GLPI\'s state is read through its REST API)',
                             option='url')
    if not (params.get('user_token') or params.get('username') or params.get('session_token')):
        raise GlpiInputError('read_state=true reads GLPI\'s state through the legacy REST API: set user_token (or '
                             'username/password, and app_token when the API client has one), or read_state=false',
                             option='user_token')
    options = connection_options(params)
    options['api_version'] = 'v1'
    return GlpiClient(options, log=log)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        try:
            dummy, params = self.validate_argument_spec(argument_spec=action_spec(),
                                                        mutually_exclusive=MUTUALLY_EXCLUSIVE,
                                                        required_together=[('username', 'password')])
        except AnsibleActionFail as error:
            result.update(failed=True, msg=str(error))
            return result
        log = DisplayLog(display)
        warnings = []
        try:
            run = InventoryRun(params, client_factory=lambda: state_client(params, log), warn=warnings.append, log=log)
            jobs = jobs_from(params, task_vars)
            run.run(jobs, check_mode=bool(self._task.check_mode))
            if params.get('hosts') is None:
                result.update(single_result(jobs[0], bool(self._task.diff)))
            else:
                result.update(bulk_result(jobs, bool(self._task.diff)))
        except GlpiError as error:
            result.update(failure_result(error))
            result['failed'] = True
        if warnings:
            result['warnings'] = warnings
        return result
