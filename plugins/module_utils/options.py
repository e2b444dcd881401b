# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options, declared once.

Modules::

    argument_spec = glpi_argument_spec()
    argument_spec.update(name=dict(type='str', required=True), ...)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **glpi_module_kwargs())
    check_requirements(module)
    client = GlpiClient(connection_options(module.params), log=ModuleLog(module))

Inventory / lookup plugins (options documented by the ``glpi.glpi.connection.PLUGINS`` fragment)
build theirs with ``plugin_utils/connection.py`` (controller code stays out of module_utils)::

    client = GlpiClient(options_from_plugin(self.get_option), log=DisplayLog(display))

Both read the same ``GLPI_*`` environment variables (modules through ``env_fallback``, plugins
through the ``env:`` entries of the fragment, which ``get_option`` resolves).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.glpi.glpi.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.glpi.glpi.plugins.module_utils.oauth2 import DEFAULT_SCOPE

AUTH_METHOD_CHOICES = ['auto', 'user_token', 'basic', 'session_token']
API_VERSION_CHOICES = ['auto', 'v1', 'v2']

# name -> module argument spec entry
_SPEC = {
    'url': dict(type='str', required=True, fallback=(env_fallback, ['GLPI_URL'])),
    'app_token': dict(type='str', no_log=True, fallback=(env_fallback, ['GLPI_APP_TOKEN'])),
    'user_token': dict(type='str', no_log=True, fallback=(env_fallback, ['GLPI_USER_TOKEN'])),
    'username': dict(type='str', fallback=(env_fallback, ['GLPI_USERNAME'])),
    'password': dict(type='str', no_log=True, fallback=(env_fallback, ['GLPI_PASSWORD'])),
    'session_token': dict(type='str', no_log=True, fallback=(env_fallback, ['GLPI_SESSION_TOKEN'])),
    'auth_method': dict(type='str', default='auto', choices=AUTH_METHOD_CHOICES),
    'validate_certs': dict(type='bool', default=True, fallback=(env_fallback, ['GLPI_VALIDATE_CERTS'])),
    'ca_path': dict(type='path', fallback=(env_fallback, ['GLPI_CA_PATH'])),
    'timeout': dict(type='int', default=30),
    'retries': dict(type='int', default=3),
    'entity': dict(type='str'),
    'entity_recursive': dict(type='bool', default=False),
    'profile': dict(type='str'),
    'session_cache': dict(type='bool', default=True),
    'api_version': dict(type='str', default='auto', choices=API_VERSION_CHOICES, fallback=(env_fallback, ['GLPI_API_VERSION'])),
    'client_id': dict(type='str', no_log=False, fallback=(env_fallback, ['GLPI_CLIENT_ID'])),
    'client_secret': dict(type='str', no_log=True, fallback=(env_fallback, ['GLPI_CLIENT_SECRET'])),
    'scope': dict(type='str', default=DEFAULT_SCOPE, fallback=(env_fallback, ['GLPI_SCOPE'])),
}

CONNECTION_OPTIONS = tuple(_SPEC)


def glpi_argument_spec():
    """A fresh copy of the connection options for ``AnsibleModule(argument_spec=...)``."""
    return dict((name, dict(spec)) for name, spec in _SPEC.items())


def glpi_module_kwargs():
    """Rules on the auth options, to pass to AnsibleModule with ``**``.

    No ``mutually_exclusive``: AnsibleModule applies the GLPI_* environment fallbacks before
    checking it, so a GLPI_USER_TOKEN in the environment would make every task that sets
    username/password fail. ``auth_method`` chooses when several are set.
    """
    return dict(
        required_together=[('username', 'password')],
        required_one_of=[('user_token', 'username', 'session_token', 'client_id')],
    )


def connection_options(params):
    """The connection subset of ``module.params`` (the dict GlpiClient takes)."""
    return dict((name, params.get(name)) for name in CONNECTION_OPTIONS)


def check_requirements(module):
    """fail_json with missing_required_lib when requests is absent."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)


class ModuleLog:
    """Client log for modules: warnings go to ``module.warn``; debug messages to ``module.debug``
    and, at -vvv and above, into ``messages`` which the module may return (e.g. as ``glpi_debug``).
    """

    def __init__(self, module):
        self.module = module
        self.messages = []
        self.verbose = getattr(module, '_verbosity', 0) >= 3

    def debug(self, msg):
        self.module.debug(msg)
        if self.verbose:
            self.messages.append(msg)

    def warn(self, msg):
        self.module.warn(msg)
