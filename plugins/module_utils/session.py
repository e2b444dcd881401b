# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The session of a client: which token to send, and when to open, renew, cache or end one.

A :class:`Session` drives one auth strategy (``auth.py``: user_token, basic, session_token;
OAuth2 next) over a transport (``transport.py``) and a session cache (``session_cache.py``).
It knows nothing of GLPI's endpoints beyond what the strategy does: right after a login it calls
``on_login`` (the client applies the profile and entity there, through its own requests) and
drops a session that could not be scoped.

Thread-safe: the token, its source, the scope and the cache entry change only under ``lock``
(re-entrant: ``on_login`` sends requests that read the token), so that threads that see the same
expired session open one new session, not one each (the others would leak). HTTP requests run
outside it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiAuthError, GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache, cache_key


def _nothing():
    pass


def make_cache(auth, options, session_cache=None, debug=None):
    """The cache a client uses: None for a given session_token or ``session_cache: false``,
    ``session_cache`` when given (tests), else the default file cache."""
    if not auth.opens_session:
        return None  # a given session_token is used as is: nothing to cache
    if session_cache is not None:
        return session_cache
    if options.get('session_cache') is False:
        return None
    return SessionCache(debug=debug)


def refused_new_session(method, path):
    return GlpiAuthError('GLPI refused the session it had just opened', method=method, path=path, status=401,
                         code='ERROR_SESSION_TOKEN_INVALID',
                         hint='GLPI cannot keep sessions: check its PHP session storage (session.save_path) '
                              'and, behind a load balancer, that all nodes share it')


class Session:
    """Token life cycle of one client.

    ``auth``: the strategy; ``transport``: callable ``(method, path, headers=, params=)`` for
    the strategy plus ``send_once`` for the end of a session; ``cache``: a SessionCache or None,
    ``cache_id``: (base_url, entity, entity_recursive, profile) of the cache key; ``secrets``: list
    every token is appended to (masked in messages); ``scoped``: True when a given token needs
    ``on_login`` too (an entity or profile was asked for).
    """

    def __init__(self, auth, transport, cache=None, cache_id=None, secrets=None, debug=None, scoped=False):
        self.auth = auth
        self.transport = transport
        self.cache = cache
        self.cache_key = cache_key(cache_id[0], auth.identity(), *cache_id[1:]) if cache is not None else None
        self.secrets = secrets if secrets is not None else []
        self.debug = debug or (lambda msg: None)
        self.scoped = scoped
        self.on_login = _nothing
        self.lock = threading.RLock()
        self.login_thread = None   # the thread inside login(), see there
        self._token = None
        self.source = None  # 'login', 'cache' or 'given'
        self.scope = None   # {'id': .., 'recursive': ..}: the active entities of the session
        self.entities_fresh = False  # active entities computed by this client (login or refresh_entities)

    @property
    def token(self):
        return self._token

    @token.setter
    def token(self, value):
        # Every session token this client holds (opened, cached or given) is masked like the
        # credentials: GLPI or a proxy may echo it in an error page or a message.
        if value and value not in self.secrets:
            self.secrets.append(value)
        self._token = value

    def open(self):
        """Make sure a session exists (from the cache, the given session_token, or a login)."""
        with self.lock:
            self._open()

    def _open(self):
        if self.token is not None:
            return
        if not self.auth.opens_session:
            self.token = self.auth.init_session(self.transport, self.debug)
            self.source = 'given'
            if self.scoped:
                self.on_login()
            return
        if self.cache is not None:
            entry = self.cache.load(self.cache_key)
            if entry:
                self.token = entry['session_token']
                self.source = 'cache'
                self.scope = entry.get('active_entity')
                self.debug('GLPI session: reusing the cached session for %s' % self.auth.describe())
                # Not validated up front: a dead token answers 401 on the first request, which
                # logs in again and replays it. That keeps a cached task at zero extra requests.
                self.cache.touch(self.cache_key, entry)
                return
        self.login()

    def login(self):
        self.token = None
        self.token = self.auth.init_session(self.transport, self.debug)
        self.source = 'login'
        self.scope = None
        # request() must not log in again from inside a login (a server that refuses every new
        # session would recurse); the thread id, because other threads may read it meanwhile.
        self.login_thread = threading.current_thread().ident
        try:
            self.on_login()
        except GlpiError:
            self.close(force_kill=True)  # do not leave a session scoped to nothing behind
            raise
        finally:
            self.login_thread = None
        self.store()

    def store(self):
        """Write the session (token and scope) to the cache, when this client owns a cached one."""
        if self.cache is not None and self.source in ('login', 'cache'):
            self.cache.store(self.cache_key, self.token, active_entity=self.scope)

    def stale_entities(self):
        """True once for a session this client took from the cache and has not re-scoped: its active
        entities are those of its login, which may predate an entity (GLPI computes them at
        initSession and changeActiveEntities only). Marks them fresh."""
        with self.lock:
            stale = self.source == 'cache' and not self.entities_fresh
            self.entities_fresh = True
            return stale

    def in_login(self):
        return self.login_thread == threading.current_thread().ident

    def close(self, force_kill=False):
        """Forget the token; end the session only when this client opened it and does not cache it."""
        with self.lock:
            if self.token is None:
                return
            if self.source == 'login' and (self.cache is None or force_kill):
                try:
                    self.auth.end_session(self.transport, self.token)
                except GlpiError as exc:
                    self.debug('GLPI killSession failed: %s' % exc)
                except Exception:  # pylint: disable=broad-except
                    pass
            self.token = None

    def headers(self, token=None):
        token = token or self.token
        return self.auth.session_headers(token) if token else {}

    def current_token(self):
        """The token to send, opening the session when there is none. Read under the lock: while
        another thread logs in (its token is set before the profile and entity are applied) this
        waits for the finished session instead of sending no token or an unscoped one."""
        with self.lock:
            self._open()
            return self.token

    def renew(self, sent_token, method, path):
        """Log in again after GLPI refused ``sent_token``; return the token to replay with.

        Only the first of several threads that were refused the same token logs in: the others
        find, once they hold the lock, that the token changed since they sent their request and
        replay with the new one (one initSession, no leaked sessions, one cache write)."""
        if not self.auth.opens_session:
            raise self.auth.expired_error(method, path)
        if self.in_login():
            raise refused_new_session(method, path)
        with self.lock:
            if self.token is not None and self.token != sent_token:
                self.debug('GLPI session expired (%s %s); another request already logged in again' % (method, path))
                return self.token
            self.debug('GLPI session expired or killed (%s %s); logging in again' % (method, path))
            if self.cache is not None:
                self.cache.drop(self.cache_key)
            self.login()
            return self.token

    def refused(self, token, method, path):
        """The error after GLPI refused the session just renewed; forgets that token."""
        with self.lock:
            if self.token == token:  # not a newer session another thread opened meanwhile
                self.token = None
        return refused_new_session(method, path)
