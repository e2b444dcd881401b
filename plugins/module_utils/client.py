# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Client of GLPI's legacy REST API (apirest.php): the composition of its layers.

* ``transport.py``: HTTP (keep-alive session, TLS, timeouts, retries that are safe to repeat,
  network errors typed, secrets masked);
* ``auth.py`` + ``session.py`` (+ ``session_cache.py``): who the requests are from: one
  strategy per auth method, the token's life cycle, re-login on an expired session, the cache;
* ``endpoints.py``: the API on top: scope (entity, profile), paging over
  ``range``/``Content-Range``, item CRUD, search.

:class:`GlpiClient` ties them together and owns :meth:`GlpiClient.request`, the one authenticated
request the endpoints use. Item semantics (match keys, dropdown names, diffs) live in the
resource layer, not here. Errors are typed (``errors.py``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.glpi.glpi.plugins.module_utils.auth import select_auth
from ansible_collections.glpi.glpi.plugins.module_utils.endpoints import (  # noqa: F401  pylint: disable=unused-import
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ItemEndpoints,
    Paging,
    ScopeEndpoints,
    SearchEndpoints,
)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiDependencyError, GlpiPermissionError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import normalize_url
from ansible_collections.glpi.glpi.plugins.module_utils.session import Session, make_cache
from ansible_collections.glpi.glpi.plugins.module_utils.transport import (  # noqa: F401  pylint: disable=unused-import
    BACKOFF_BASE,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    IDEMPOTENT_METHODS,
    MAX_CONCURRENCY,
    REQUESTS_IMPORT_ERROR,
    RETRY_STATUSES,
    ApiResponse,
    ScrubbedLog,
    Transport,
    transport_for,
    verify_setting,
)

DEFAULT_EXPECTED = (200, 201, 206)


class GlpiClient(ScopeEndpoints, Paging, ItemEndpoints, SearchEndpoints):
    """Client of one GLPI server for one account, entity and profile.

    ``options``: the dict built by ``options.glpi_argument_spec()`` (modules) or
    ``plugin_utils.connection.options_from_plugin()`` (inventory/lookup): url, app_token,
    user_token, username, password, session_token, auth_method, validate_certs, ca_path, timeout,
    retries, entity, entity_recursive, profile, session_cache (missing keys take their defaults).
    ``log``: object with ``debug(msg)`` and ``warn(msg)`` (AnsibleModule, options.ModuleLog,
    plugin_utils.connection.DisplayLog) or None. The session opens on the first request.
    ``session_cache`` and ``sleep`` are the seams of the tests.

    Thread-safe: several threads may share one client (the inventory plugin fetches search
    pages in parallel over one session). The session state changes only under the session's
    lock (``session.py``); HTTP requests themselves run outside it, in parallel.
    """

    api_version = 'v1'

    def __init__(self, options, log=None, session_cache=None, sleep=time.sleep):
        if not HAS_REQUESTS:
            raise GlpiDependencyError('the Python library "requests" is required')
        self.options = dict(options)
        self.base_url = normalize_url(self.options.get('url'))
        self._secrets = [s for s in (self.options.get('app_token'), self.options.get('user_token'),
                                     self.options.get('password'), self.options.get('session_token')) if s]
        self.log = ScrubbedLog(log, self._secrets)
        self.auth = select_auth(self.options, debug=self.log.debug)
        # BACKOFF_BASE read here, not at import: tests cut it on this module before building clients.
        self._transport = transport_for(self.base_url, self.options, self._secrets, self.log, sleep=sleep,
                                        backoff_base=BACKOFF_BASE, app_token=self.options.get('app_token'))
        scoped = self.options.get('entity') not in (None, '') or self.options.get('profile') not in (None, '')
        cache = make_cache(self.auth, self.options, session_cache, debug=self.log.debug)
        self._session = Session(self.auth, self._transport, cache=cache,
                                cache_id=(self.base_url, self.options.get('entity'), self.options.get('entity_recursive'),
                                          self.options.get('profile')),
                                secrets=self._secrets, debug=self.log.debug, scoped=scoped)
        self._session.on_login = self._apply_scope
        self._search_options = {}

    # ------------------------------------------------------------------ the layers' settings

    @property
    def timeout(self):
        return self._transport.timeout

    @property
    def retries(self):
        return self._transport.retries

    @property
    def verify(self):
        return self._transport.verify

    @property
    def _http(self):
        return self._transport.http

    @property
    def _cache(self):
        return self._session.cache

    @property
    def _cache_key(self):
        return self._session.cache_key

    @property
    def _token(self):
        return self._session.token

    @property
    def _scope(self):
        return self._session.scope

    # ------------------------------------------------------------------ sessions

    @property
    def has_session(self):
        return self._session.token is not None

    def open(self):
        """Make sure a session exists (from the cache, the given session_token, or initSession)."""
        self._session.open()

    def close(self, force_kill=False):
        """End the client. killSession only for a session this client opened and does not cache."""
        self._session.close(force_kill=force_kill)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ------------------------------------------------------------------ request

    def request(self, method, path, params=None, json_body=None, expected=DEFAULT_EXPECTED, idempotent=None, headers=None):
        """Send one API request with the session and return an :class:`ApiResponse`.

        ``path`` is relative to apirest.php (``Computer/1``). ``params`` may nest dicts/lists
        (PHP array syntax); booleans become true/false. Answers whose status is not in
        ``expected`` raise a :class:`GlpiError`. Retries on connection errors and 502/503/504
        happen only when ``idempotent`` (default: method is not POST). An expired session is
        renewed once (not for session_token auth) and the request replayed.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        session = self._session
        token = session.current_token()
        resp = self._send(method, path, params, json_body, headers, session.headers(token), idempotent)
        if self.auth.is_expired(resp):
            token = session.renew(token, method, path)
            resp = self._send(method, path, params, json_body, headers, session.headers(token), idempotent)
            if self.auth.is_expired(resp):
                raise session.refused(token, method, path)
        if resp.status in expected:
            return resp
        error = self._transport.error(resp, method, path, idempotent)
        if isinstance(error, GlpiPermissionError) and session.stale_entities():
            # A cached session keeps the active entities of its login: an entity created since is
            # outside them until changeActiveEntities. GLPI refused before writing: refresh, replay once.
            self.log.debug('GLPI refused %s %s on a cached session: refreshing its active entities' % (method, path))
            self.refresh_entities()
            return self.request(method, path, params, json_body, expected, idempotent, headers)
        raise error

    def _send(self, method, path, params, json_body, headers, session_headers, idempotent):
        extra = dict(headers or {})
        extra.update(session_headers)
        return self._transport.send(method, path, params, json_body, extra, idempotent)
