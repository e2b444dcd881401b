# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``patch_module_args(args)``: the options an ``AnsibleModule`` built inside the ``with`` reads.

ansible-core 2.19 ships it (``ansible.module_utils.testing``); the older cores the collection
supports (2.16 to 2.18, tested by ``scripts/test oldest``) do not, and read the same JSON from
``ansible.module_utils.basic._ANSIBLE_ARGS``: the stand-in below sets that.
"""

import contextlib
import json
from unittest import mock

try:
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # ansible-core < 2.19
    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose ``args`` to the AnsibleModule instances created within this context."""
        payload = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(basic, "_ANSIBLE_ARGS", payload):
            yield
