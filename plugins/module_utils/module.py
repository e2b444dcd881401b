# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every glpi.glpi module shares: the connection options, the client, and
turning the collection's typed errors into a clear ``fail_json``.

Every module's ``main()`` is one call::

    def main():
        run_module(argument_spec(), run, mutually_exclusive=[...])

where ``run(module, client)`` (the hand-off to the domain code in module_utils) returns the
result dict or raises a :class:`GlpiError`; a task that wrote before failing says so through
the error's ``written`` field (:meth:`GlpiError.after_writes`), never by calling ``fail_json``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import make_client
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, failure_result
from ansible_collections.glpi.glpi.plugins.module_utils.options import (
    ModuleLog, check_requirements, connection_options, glpi_argument_spec, glpi_module_kwargs)
from ansible_collections.glpi.glpi.plugins.module_utils.text import plain_text

# A module offering this option returns text as GLPI sent it when the user sets it.
RAW_TEXT_OPTION = dict(type="bool", default=False)


class GlpiModule:
    """An AnsibleModule with the connection options, plus ``execute(run)``
    where ``run(module, client)`` returns the result dict."""

    def __init__(self, argument_spec, mutually_exclusive=None, required_one_of=None, run_v2=None, **kwargs):
        self.run_v2 = run_v2
        spec = glpi_argument_spec()
        spec.update(argument_spec)
        rules = glpi_module_kwargs()
        rules["required_one_of"] = list(rules.get("required_one_of", [])) + list(required_one_of or [])
        rules["mutually_exclusive"] = list(mutually_exclusive or [])
        rules.update(kwargs)
        self.ansible = AnsibleModule(argument_spec=spec, supports_check_mode=True, **rules)
        self.log = ModuleLog(self.ansible)

    # What run() needs of AnsibleModule, without handing it the whole object.
    @property
    def params(self):
        return self.ansible.params

    @property
    def check_mode(self):
        return self.ansible.check_mode

    @property
    def diff_mode_wanted(self):
        return bool(self.ansible._diff)

    def warn(self, message):
        self.ansible.warn(message)

    def fail_json(self, **result):
        result = self._plain(result)
        self._add_debug(result)
        self.ansible.fail_json(**result)

    def _plain(self, result):
        """Results hold plain text on GLPI 10 (which HTML-encodes stored text) as on 11, unless
        the module has a raw_text option and it is set."""
        return result if self.params.get("raw_text") else plain_text(result)

    def _add_debug(self, result):
        if self.log.messages:
            result["glpi_debug"] = list(self.log.messages)

    def execute(self, run):
        check_requirements(self.ansible)
        client = None
        try:
            options = connection_options(self.ansible.params)
            client = make_client(options, log=self.log, v2=self.run_v2 is not None, who=self.ansible._name)
            result = (self.run_v2 if client.api_version == "v2" else run)(self, client)
        except GlpiError as error:
            self.fail_json(**failure_result(error))
        finally:
            if client is not None:
                client.close()
        result = self._plain(result)
        self._add_debug(result)
        self.ansible.exit_json(**result)


def run_module(argument_spec, run, **rules):
    """The entry point of every module: the AnsibleModule from ``argument_spec`` (plus the
    connection options) and ``rules`` (mutually_exclusive, required_one_of, required_if, ...),
    then ``run(module, client)`` (``run_v2`` when given and the connection picks GLPI 11's v2 API;
    without it such a connection fails saying the module does not speak v2 yet); exits with its result, or fails the one way on a GlpiError."""
    GlpiModule(argument_spec, **rules).execute(run)
