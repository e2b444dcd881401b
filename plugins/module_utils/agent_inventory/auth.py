# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who sends an inventory: GLPI 11's agent authentication (``auth_required`` in Administration >
Inventory). GLPI 10 has none: the endpoint is anonymous there.

One small strategy per ``inventory_auth`` value, each with ``validate()``, ``headers()`` (the
``Authorization`` header of the next submission), ``renew(sent_headers)`` after a 401 (True when
a retry with new credentials makes sense) and ``secrets()``:

* ``none``: no header;
* ``basic``: ``Authorization: Basic base64(inventory_username:inventory_password)``, compared by
  GLPI with ``basic_auth_login``/``basic_auth_password``;
* ``oauth2``: ``Authorization: Bearer <token>`` of an OAuth2 client_credentials grant with the
  scope ``inventory`` (``POST /api.php/token``), through ``oauth2.py``'s TokenSource (memory, the
  private token cache, then a grant).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.oauth2 import OAuth2Auth, TokenCache, TokenSource

INVENTORY_SCOPE = 'inventory'
AUTH_CHOICES = ('none', 'oauth2', 'basic')


class NoAuth:
    name = 'none'

    def validate(self):
        pass

    def headers(self):
        return {}

    def renew(self, sent_headers):
        return False

    def secrets(self):
        return []


class BasicAuth:
    name = 'basic'

    def __init__(self, username, password):
        self.username = username
        self.password = password

    def validate(self):
        if not self.username:
            raise GlpiInputError('inventory_username is required with inventory_auth=basic (GLPI 11: the '
                                 'basic_auth_login of Administration > Inventory)', option='inventory_username')
        if self.password is None:
            raise GlpiInputError('inventory_password is required with inventory_auth=basic', option='inventory_password')
        if ':' in self.username:
            raise GlpiInputError('inventory_username must not contain ":" (HTTP basic authentication)',
                                 option='inventory_username', value=self.username)

    def headers(self):
        pair = ('%s:%s' % (self.username, self.password)).encode('utf-8')
        return {'Authorization': 'Basic ' + base64.b64encode(pair).decode('ascii')}

    def renew(self, sent_headers):
        return False

    def secrets(self):
        pair = ('%s:%s' % (self.username, self.password)).encode('utf-8')
        return [s for s in (self.password, base64.b64encode(pair).decode('ascii')) if s]


class BearerAuth:
    """OAuth2 client_credentials with the ``inventory`` scope. ``transport`` reaches ``<site>/api.php``."""

    name = 'oauth2'

    def __init__(self, client_id, client_secret, transport, cache_dir=None, use_cache=True, debug=None):
        self.oauth = OAuth2Auth({'client_id': client_id, 'client_secret': client_secret, 'scope': INVENTORY_SCOPE})
        self.transport = transport
        self.cache = TokenCache(cache_dir, debug=debug) if use_cache else None
        self.debug = debug
        self.source = None
        if transport is not None:
            # Made here, not on first use: the bulk sends from threads, which would each make their own.
            self.source = TokenSource(self.oauth, transport, transport.base_url, cache=self.cache,
                                      secrets=transport.secrets, debug=debug)

    def validate(self):
        try:
            self.oauth.validate()
        except GlpiInputError as error:
            raise GlpiInputError('%s is required with inventory_auth=oauth2 (a GLPI 11 OAuth client allowing the '
                                 'client_credentials grant and the inventory scope)' % error.option, option=error.option)

    def _source(self):
        if self.source is None:
            self.source = TokenSource(self.oauth, self.transport, self.transport.base_url, cache=self.cache,
                                      secrets=self.transport.secrets, debug=self.debug)
        return self.source

    def headers(self):
        return {'Authorization': 'Bearer ' + self._source().current()}

    def renew(self, sent_headers):
        """GLPI refused the token (revoked, expired early): one new one, then one replay."""
        sent = (sent_headers.get('Authorization') or '')[len('Bearer '):]
        self._source().replace(sent)
        return True

    def secrets(self):
        return self.oauth.secrets()


def select_inventory_auth(options, token_transport=None, debug=None):
    """The strategy for ``options['inventory_auth']`` (default none), validated."""
    name = options.get('inventory_auth') or 'none'
    if name not in AUTH_CHOICES:
        raise GlpiInputError('inventory_auth must be one of %s, got %r' % (', '.join(AUTH_CHOICES), name),
                             option='inventory_auth', value=name)
    if name == 'basic':
        auth = BasicAuth(options.get('inventory_username'), options.get('inventory_password'))
    elif name == 'oauth2':
        auth = BearerAuth(options.get('client_id'), options.get('client_secret'), token_transport,
                          use_cache=options.get('session_cache', True) is not False, debug=debug)
    else:
        auth = NoAuth()
    auth.validate()
    return auth
