# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the module unit tests share: one way to build a module, one way to run it, one fake GLPI.

- :func:`run` hands a real :class:`GlpiModule` to the module's ``run(module, client)``; the
  module is built from the module's own ``argument_spec()`` (so every option has its real
  default and type) with the connection options filled in. A GlpiError comes out as raised.
- :func:`execute` goes through the module's ``main()`` (the one entry point, its rules and its
  failure path) with the client replaced by a fake; it returns the result dict, with
  ``failed: True`` when the module failed.
- :class:`FakeGlpi` is a mocked :class:`GlpiClient` (``create_autospec``, so a call the client
  does not have fails) over tables of rows; tests subclass it for what their itemtypes need.
"""

from __future__ import absolute_import, division, print_function

from unittest import mock

import pytest
from module_args import patch_module_args

from ansible_collections.glpi.glpi.plugins.module_utils import api_choice
from ansible_collections.glpi.glpi.plugins.module_utils import module as module_utils
from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.module import GlpiModule

CONNECTION = {"url": "http://glpi.test/apirest.php", "user_token": "token"}


def module_for(plugin, check_mode=False, diff=False, **params):
    """A real GlpiModule with ``plugin``'s argument spec and ``params``; warnings kept in ``.warnings``."""
    args = dict(CONNECTION, _ansible_check_mode=check_mode, _ansible_diff=diff, **params)
    with patch_module_args(args):
        module = GlpiModule(plugin.argument_spec())
    module.warnings = []
    module.warn = module.warnings.append
    return module


def run(plugin, client, check_mode=False, diff=False, **params):
    """``plugin.run(module, client)``: its result, with the warnings it gave under ``warnings``."""
    module = module_for(plugin, check_mode=check_mode, diff=diff, **params)
    result = plugin.run(module, client)
    result["warnings"] = module.warnings
    return result


class Exited(Exception):
    def __init__(self, result):
        super(Exited, self).__init__(result.get("msg", "exit"))
        self.result = result


def execute(plugin, client, **params):
    """Run ``plugin.main()`` against ``client``: the result it exits or fails with."""
    def exit_json(self, **result):
        raise Exited(result)

    def fail_json(self, **result):
        raise Exited(dict(result, failed=True))
    with patch_module_args(dict(CONNECTION, **params)), \
            mock.patch.object(api_choice, "GlpiClient", return_value=client), \
            mock.patch.object(module_utils.AnsibleModule, "exit_json", exit_json), \
            mock.patch.object(module_utils.AnsibleModule, "fail_json", fail_json):
        with pytest.raises(Exited) as exited:
            plugin.main()
    return exited.value.result


class FakeGlpi:
    """Tables of rows (itemtype -> list of dicts) behind a mocked GlpiClient.

    ``list_items`` and ``get_item`` read the tables, ``add`` appends with ids from 100 up,
    ``update`` merges, ``delete`` removes (purge) or sets is_deleted; ``writes()`` lists the
    write calls in order. Override any of them, or set a side_effect on ``client``."""

    def __init__(self, tables=None):
        self.tables = dict((itemtype, [dict(row) for row in rows]) for itemtype, rows in (tables or {}).items())
        self.next_id = 100
        client = self.client = mock.create_autospec(GlpiClient, instance=True)
        client.base_url = CONNECTION["url"]
        client.api_version = "v1"
        client.list_items.side_effect = self.list_items
        client.get_item.side_effect = self.get_item
        client.add.side_effect = self.add
        client.update.side_effect = self.update
        client.delete.side_effect = self.delete

    def table(self, itemtype):
        return self.tables.setdefault(itemtype, [])

    def list_items(self, itemtype, **kwargs):
        return [dict(row) for row in self.table(itemtype)]

    def get_item(self, itemtype, ident, **params):
        found = [dict(row) for row in self.table(itemtype) if row["id"] == ident]
        return found[0] if found else None

    def add(self, itemtype, body):
        answers = []
        for element in body if isinstance(body, list) else [body]:
            self.next_id += 1
            self.table(itemtype).append(dict(element, id=self.next_id))
            answers.append({"id": self.next_id, "message": ""})
        return answers if isinstance(body, list) else answers[0]

    def update(self, itemtype, body):
        elements = body if isinstance(body, list) else [body]
        for element in elements:
            for row in self.table(itemtype):
                if row["id"] == element["id"]:
                    row.update(element)
        return [{str(element["id"]): True, "message": ""} for element in elements]

    def delete(self, itemtype, body, force_purge=False):
        elements = body if isinstance(body, list) else [body]
        idents = [element["id"] if isinstance(element, dict) else element for element in elements]
        for row in list(self.table(itemtype)):
            if row["id"] in idents:
                if force_purge:
                    self.table(itemtype).remove(row)
                else:
                    row["is_deleted"] = 1
        return [{str(ident): True, "message": ""} for ident in idents]

    def writes(self):
        return [call for call in self.client.method_calls if call[0] in ("add", "update", "delete")]
