# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a glpi.glpi module's ``main()`` in this process and return its result dict.

The fault matrix runs about a hundred module calls: through ansible-playbook each would cost
about two seconds on a small machine, in process a few milliseconds. The module code is the
same (AnsibleModule parses the arguments, prints its JSON and exits); only the controller is
left out, which none of the faults concern. Warnings are per call, as they are per process
under ansible-playbook.
"""

import contextlib
import importlib
import io
import json

from ansible.module_utils.common import warnings as ansible_warnings
from module_args import patch_module_args

try:
    from ansible.module_utils import _internal as ansible_internal
except ImportError:  # ansible-core < 2.19 has no controller/module switch: module warnings stay in the result
    ansible_internal = None


def run_module(name, args, check_mode=False):
    """``name``: glpi_item, glpi_ticket, ...; ``args``: the module's options (connection included)."""
    module = importlib.import_module("ansible_collections.glpi.glpi.plugins.modules.%s" % name)
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    args = dict(args)
    if check_mode:
        args["_ansible_check_mode"] = True
    out = io.StringIO()
    # A module process is never the controller. Once this pytest process imported controller code
    # (the inventory plugin's unit tests do), ansible-core sends module warnings to the controller's
    # Display instead of the module's result; say "module" for the call, as its own process would.
    controller = ansible_internal.is_controller if ansible_internal is not None else None
    if ansible_internal is not None:
        ansible_internal.is_controller = False
    try:
        with patch_module_args(args), contextlib.redirect_stdout(out):
            try:
                module.main()
            except SystemExit:
                pass
    finally:
        if ansible_internal is not None:
            ansible_internal.is_controller = controller
    text = out.getvalue()
    try:
        result = json.loads(text[text.index("{"):])
    except ValueError:
        raise AssertionError("module %s printed no JSON result:\n%s" % (name, text[-3000:]))
    result.setdefault("failed", False)
    result.setdefault("warnings", [])
    return result
