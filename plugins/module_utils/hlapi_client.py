# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client of GLPI 11's high-level API (``/api.php/v2``): the v2 counterpart of ``client.py``.

It reuses ``transport.py`` (keep-alive, TLS, retries, typed network errors, masking) with the
base URL ``<site>/api.php``, and ``oauth2.py`` for the token. Per request it sends
``Authorization: Bearer`` and the scope headers GLPI 11 reads (``GLPI-Profile``, ``GLPI-Entity``,
``GLPI-Entity-Recursive``: ids only, GLPI ignores anything else). When GLPI refuses the token
(400 "Invalid OAuth token", e.g. "Access token has been revoked" after another fork refreshed it)
the token source re-reads the cache or asks for a new grant, and the request is replayed once.

API::

    client = HlClient(options, log=ModuleLog(module))
    client.request('GET', 'Assets/Computer/3')          # ApiResponse
    client.list('Assets/Computer', rsql='name==web-01')  # every page (start/limit, Content-Range)

Errors use GLPI's v2 shape ``{status, title, detail}`` and become the collection's typed errors.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiDependencyError, GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.glpi.plugins.module_utils.oauth2 import OAuth2Auth, TokenCache, TokenSource
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import site_root
from ansible_collections.glpi.glpi.plugins.module_utils.transport import (
    HAS_REQUESTS, IDEMPOTENT_METHODS, ScrubbedLog, error_for, transport_for)

API_PREFIX = 'v2/'
PAGE_SIZE = 1000
CLIENT_CREDENTIALS_HINT = ('the client_credentials grant (client_id and client_secret without username) gives a token '
                           'that carries no GLPI user, and GLPI 11 refuses it on every resource: set username and '
                           'password (password grant)')


def token_refused(resp):
    """True when GLPI refused the bearer token itself (revoked, expired, unverifiable)."""
    body = resp.body if isinstance(resp.body, dict) else {}
    return resp.status == 400 and body.get('title') == 'Invalid OAuth token'


def scope_headers(options):
    """GLPI-Profile / GLPI-Entity / GLPI-Entity-Recursive from the profile/entity options (ids)."""
    headers = {}
    for option, header in (('profile', 'GLPI-Profile'), ('entity', 'GLPI-Entity')):
        value = options.get(option)
        if value in (None, ''):
            continue
        text = str(value).strip()
        if not looks_like_id(text):
            raise GlpiInputError('%s: over api_version=v2 give the %s id (GLPI 11 reads only ids in the %s header), got %r'
                                 % (option, option, header, value), option=option, value=value)
        headers[header] = text
    if 'GLPI-Entity' in headers:
        headers['GLPI-Entity-Recursive'] = 'true' if options.get('entity_recursive') else 'false'
    return headers


class HlClient:
    """Client of one GLPI 11 server for one OAuth2 account, entity and profile (thread-safe).

    ``options``: the connection options (``options.py``); ``token_cache``: a TokenCache, or None
    for the default (none with ``session_cache: false``); ``sleep`` the seam of retry tests.
    """

    api_version = 'v2'

    def __init__(self, options, log=None, token_cache=None, sleep=time.sleep, transport=None, now=time.time):
        if not HAS_REQUESTS and transport is None:
            raise GlpiDependencyError('the Python library "requests" is required')
        self.options = dict(options)
        self.root = site_root(self.options.get('url'))
        self.base_url = self.root + '/api.php'
        self.auth = OAuth2Auth(self.options)
        self.auth.validate()
        self._secrets = self.auth.secrets()
        self.log = ScrubbedLog(log, self._secrets)
        self.scope = scope_headers(self.options)
        # POST answers 302 with the new item (FINDINGS #9): returned, never followed.
        self._transport = transport or transport_for(self.base_url, self.options, self._secrets, self.log, sleep=sleep,
                                                     accept_redirects=True)
        if token_cache is None and self.options.get('session_cache') is not False:
            token_cache = TokenCache(debug=self.log.debug)
        self.tokens = TokenSource(self.auth, self._transport, self.base_url, cache=token_cache, secrets=self._secrets,
                                  debug=self.log.debug, now=now)

    def close(self, force_kill=False):
        """Nothing to end: the token stays cached (or expires) like a cached legacy session."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def request(self, method, path, params=None, json_body=None, expected=(200, 206), idempotent=None):
        """One v2 request (``path`` relative to ``/api.php/v2``) with the token and scope headers;
        a refused token is replaced once and the request replayed."""
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        full = API_PREFIX + path.lstrip('/')
        token = self.tokens.current()
        resp = self._send(method, full, params, json_body, token, idempotent)
        if token_refused(resp):
            self.log.debug('GLPI v2 %s %s: token refused (%s); replacing it' % (method, path, resp.body.get('detail')))
            token = self.tokens.replace(token)
            resp = self._send(method, full, params, json_body, token, idempotent)
        if resp.status in expected:
            return resp
        error = error_for(resp, method, 'api.php/' + full, idempotent, self._secrets)
        if resp.status == 401 and self.auth.grant_type == 'client_credentials':
            error.hint = CLIENT_CREDENTIALS_HINT
        raise error

    def _send(self, method, path, params, json_body, token, idempotent):
        headers = dict(self.scope)
        headers['Authorization'] = 'Bearer ' + token
        return self._transport.send(method, path, params, json_body, headers, idempotent)

    def get(self, path, params=None):
        """The decoded object at ``path``, or None on 404."""
        try:
            return self.request('GET', path, params=params).body
        except GlpiNotFoundError:
            return None

    def list(self, path, rsql=None, sort=None, page_size=PAGE_SIZE, max_rows=None):
        """Every row of a v2 listing, page by page (``start``/``limit``; 206 and Content-Range
        ``start-end/total`` while rows remain, FINDINGS #14)."""
        rows = []
        start = 0
        while True:
            limit = page_size if max_rows is None else min(page_size, max_rows - len(rows))
            params = {'start': start, 'limit': limit}
            if rsql:
                params['filter'] = rsql
            if sort:
                params['sort'] = sort
            resp = self.request('GET', path, params=params)
            page = resp.body if isinstance(resp.body, list) else []
            rows.extend(page)
            total = (resp.content_range or (None, None, None))[2]
            start += len(page)
            if not page or (total is not None and start >= total) or (max_rows is not None and len(rows) >= max_rows):
                return rows
            if total is None and len(page) < limit:
                return rows
