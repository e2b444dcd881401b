# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which GLPI API a connection talks to (``api_version``) and the client for it.

``auto`` picks ``v2`` (GLPI 11's high-level API, ``hlapi_client.HlClient``) when the connection
gives OAuth2 credentials (``client_id`` and ``client_secret``) and neither a legacy token
(``user_token``, ``session_token``) nor a legacy ``auth_method`` (``user_token``, ``basic``,
``session_token``), else ``v1`` (``client.GlpiClient``): those keep the API every module speaks.
A caller that does not speak v2 yet says so with ``v2=False`` and gets a clear error when the
connection asks for v2.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_client import HlClient
from ansible_collections.glpi.glpi.plugins.module_utils.options import API_VERSION_CHOICES as API_VERSIONS


def resolve_api_version(options):
    """'v1' or 'v2' for the connection ``options``; GlpiInputError naming api_version and its value."""
    value = options.get('api_version') or 'auto'
    if value not in API_VERSIONS:
        raise GlpiInputError('api_version must be one of %s, got %r' % (', '.join(API_VERSIONS), value),
                             option='api_version', value=value)
    if value != 'auto':
        return value
    oauth = options.get('client_id') and options.get('client_secret')
    legacy = options.get('user_token') or options.get('session_token') or options.get('auth_method') not in (None, 'auto')
    return 'v2' if oauth and not legacy else 'v1'


def not_over_v2(option, what, value=None):
    """The error for what GLPI's v2 API cannot do: names the option (or where in it), what, and the way out."""
    return GlpiInputError('%s: %s is not available over GLPI\'s v2 API (api_version=v2); use api_version: v1'
                          % (option, what), option=option.split('.')[0].split('[')[0], value=value)


def require_v1(options, who):
    """``options`` when they pick the legacy API; a GlpiInputError saying ``who`` does not speak v2 yet otherwise."""
    if resolve_api_version(options) == 'v1':
        return options
    chosen = options.get('api_version') or 'auto'
    raise GlpiInputError('%s does not speak GLPI\'s v2 API yet (api_version=%s picked v2); set api_version: v1 '
                         'and legacy credentials (user_token, or username and password)' % (who, chosen),
                         option='api_version', value=chosen)


def make_client(options, log=None, v2=False, who='this module'):
    """The client for ``options``: GlpiClient (v1) or HlClient (v2, only when ``v2`` is True)."""
    if resolve_api_version(options) == 'v2' and v2:
        return HlClient(options, log=log)
    return GlpiClient(require_v1(options, who), log=log)
