# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OAuth2 for GLPI 11's high-level API (``/api.php/token``, ``/api.php/v2``).

* :class:`OAuth2Auth`: the strategy (like ``auth.py``'s): ``validate()`` names the option,
  ``grant(transport)`` asks ``POST /token`` for a token with the password grant (``username`` and
  ``password`` set) or the client_credentials grant (neither), ``refresh(transport, token)`` with
  the refresh_token grant; ``identity()``/``describe()``/``secrets()`` as the legacy strategies.
* :class:`TokenCache`: one file per (url, client, account, scope) under the legacy session cache's
  directory, protected the same way (directory 0700, files 0600, names a SHA-256 of the key, the
  token itself never logged), plus an ``fcntl`` lock file per key: a refresh revokes the previous
  access token on GLPI 11, so forks that find the same token about to expire take turns and only
  the first refreshes (the others read its new token).
* :class:`TokenSource`: the token of one client (memory, then cache, then a grant), refreshed
  ``REFRESH_MARGIN`` seconds before it expires; :meth:`TokenSource.replace` after GLPI refused the
  token sent ("Access token has been revoked"): one re-read of the cache, then one new grant.

GLPI's token endpoint accepts a JSON body as well as a form (FINDINGS #3); its errors have the
OAuth2 shape ``{error, error_description[, hint]}`` (FINDINGS #1).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import threading
import time

try:
    import fcntl
except ImportError:  # not a POSIX host: no cross-process lock, the cache still works
    fcntl = None

from ansible_collections.glpi.glpi.plugins.module_utils.auth import secret_digest
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiAuthError, GlpiInputError, GlpiResponseError, scrub
from ansible_collections.glpi.glpi.plugins.module_utils.private_files import (
    open_lock_file, read_private_json, write_private_json)
from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import DEFAULT_DIR

TOKEN_PATH = 'token'
DEFAULT_SCOPE = 'api'     # what the modules need; 'user' and 'status' only when asked
REFRESH_MARGIN = 60      # seconds before expiry when a token is refreshed instead of used
_FORMAT = 'glpi-oauth2-cache-v1'


class OAuth2Auth:
    """Password grant (``username``/``password``) or client_credentials grant (neither)."""

    name = 'oauth2'

    def __init__(self, options):
        self.options = options

    @property
    def grant_type(self):
        return 'password' if self.options.get('username') else 'client_credentials'

    def validate(self):
        for option in ('client_id', 'client_secret'):
            if not self.options.get(option):
                raise GlpiInputError('%s is required for api_version=v2 (GLPI 11 OAuth2 client, or the GLPI_%s '
                                     'environment variable)' % (option, option.upper()), option=option)
        if self.options.get('username') and self.options.get('password') is None:
            raise GlpiInputError('password is required with username for the OAuth2 password grant', option='password')
        scope = self.options.get('scope')
        if scope is not None and (not isinstance(scope, str) or not scope.strip()):
            raise GlpiInputError('scope must be OAuth2 scopes separated by spaces (e.g. "api"), got %r' % (scope,),
                                 option='scope', value=scope)

    def secrets(self):
        return [s for s in (self.options.get('client_secret'), self.options.get('password')) if s]

    def identity(self):
        # Secrets hashed: a wrong secret or password never reuses a cached token.
        return 'oauth2:%s:%s:%s:%s:%s' % (self.options.get('client_id'), secret_digest(self.options.get('client_secret')),
                                          self.options.get('username') or '', secret_digest(self.options.get('password')),
                                          self.scope)

    @property
    def scope(self):
        return (self.options.get('scope') or DEFAULT_SCOPE).strip()

    def describe(self):
        if self.grant_type == 'password':
            return 'OAuth2 client %s, password grant for %s' % (self.options.get('client_id'), self.options.get('username'))
        return 'OAuth2 client %s, client_credentials grant' % self.options.get('client_id')

    def _form(self, grant_type):
        form = {'grant_type': grant_type, 'client_id': self.options['client_id'],
                'client_secret': self.options['client_secret']}
        if grant_type != 'refresh_token':
            form['scope'] = self.scope
        if grant_type == 'password':
            form['username'] = self.options['username']
            form['password'] = self.options.get('password') or ''
        return form

    def grant(self, transport, now=time.time):
        """A new token (dict: access_token, refresh_token, expires_at, grant)."""
        return self._token_request(transport, self._form(self.grant_type), now)

    def refresh(self, transport, token, now=time.time):
        form = self._form('refresh_token')
        form['refresh_token'] = token['refresh_token']
        return self._token_request(transport, form, now)

    def _token_request(self, transport, form, now):
        resp = transport.send('POST', TOKEN_PATH, None, form, {}, False)
        body = resp.body if isinstance(resp.body, dict) else {}
        if resp.status != 200:
            raise token_error(resp.status, body, form['grant_type'], transport.secrets)
        access = body.get('access_token')
        if not isinstance(access, str) or not access:
            raise GlpiResponseError('GLPI answered the OAuth2 token request without an access_token', method='POST',
                                    path=TOKEN_PATH, status=resp.status)
        lifetime = body.get('expires_in') if isinstance(body.get('expires_in'), (int, float)) else 3600
        return {'access_token': access, 'refresh_token': body.get('refresh_token'), 'expires_at': now() + lifetime,
                'grant': self.grant_type}


def token_error(status, body, grant_type, secrets):
    """The GlpiAuthError for a refused token request (OAuth2 error shape)."""
    code = body.get('error') if isinstance(body.get('error'), str) else None
    text = ' '.join(str(body[k]) for k in ('error_description', 'hint') if body.get(k))
    hints = {'invalid_client': 'check client_id and client_secret (GLPI 11: Setup > OAuth clients)',
             'invalid_grant': 'check username and password' if grant_type == 'password' else None,
             'unsupported_grant_type': 'enable the %s grant for this OAuth client in GLPI' % grant_type}
    return GlpiAuthError('GLPI refused the OAuth2 %s grant' % grant_type, method='POST', path=TOKEN_PATH, status=status,
                         code=code, glpi_message=scrub(text, secrets) or None, hint=hints.get(code))


def cache_key(url, identity):
    return hashlib.sha256(('%s\0%s\0%s' % (_FORMAT, url or '', identity)).encode('utf-8')).hexdigest()


class TokenCache:
    """Files ``<key>.oauth2.json`` (the token) and ``<key>.oauth2.lock`` (fcntl lock) in the
    session cache's private directory. OS errors are swallowed: the cache is an optimisation."""

    def __init__(self, directory=None, debug=None):
        self.directory = os.path.expanduser(directory or DEFAULT_DIR)
        self._debug = debug or (lambda msg: None)

    def _path(self, key, suffix):
        return os.path.join(self.directory, '%s.oauth2.%s' % (key, suffix))

    def load(self, key):
        entry = read_private_json(self._path(key, 'json'), debug=lambda msg: self._debug('GLPI token cache: ' + msg))
        if isinstance(entry, dict) and isinstance(entry.get('access_token'), str):
            return entry
        return None

    def store(self, key, token):
        try:
            write_private_json(self._path(key, 'json'), token)
        except (OSError, IOError) as exc:
            self._debug('GLPI token cache: cannot write in %s (%s); continuing without cache' % (self.directory, exc.strerror))

    def drop(self, key):
        try:
            os.unlink(self._path(key, 'json'))
        except OSError:
            pass

    def lock(self, key):
        return _FileLock(self._path(key, 'lock'))


class _FileLock:
    """``with``: an exclusive flock on ``path`` (no lock where it cannot be taken)."""

    def __init__(self, path):
        self.path = path
        self.fd = None

    def __enter__(self):
        if fcntl is None:
            return self
        try:
            self.fd = open_lock_file(self.path)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except (OSError, IOError):
            self._close()
        return self

    def __exit__(self, *exc):
        self._close()
        return False

    def _close(self):
        if self.fd is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
            self.fd = None


class TokenSource:
    """The access token of one client. ``cache`` is a TokenCache or None (``session_cache: false``);
    ``secrets`` is the list every token is appended to (masked in messages)."""

    def __init__(self, auth, transport, url, cache=None, secrets=None, debug=None, now=time.time):
        self.auth = auth
        self.transport = transport
        self.cache = cache
        self.key = cache_key(url, auth.identity())
        self.secrets = secrets if secrets is not None else []
        self.debug = debug or (lambda msg: None)
        self.now = now
        self.lock = threading.RLock()
        self.token = None

    def _keep(self, token):
        for name in ('access_token', 'refresh_token'):
            if token.get(name) and token[name] not in self.secrets:
                self.secrets.append(token[name])
        self.token = token
        return token

    def _fresh(self, token):
        return bool(token) and float(token.get('expires_at') or 0) - self.now() > REFRESH_MARGIN

    def current(self):
        """The access token to send (cached, refreshed or granted as needed)."""
        with self.lock:
            if self._fresh(self.token):
                return self.token['access_token']
            return self._locked(self._obtain)['access_token']

    def replace(self, sent):
        """GLPI refused ``sent``: re-read the cache once (another fork may hold a newer token),
        else one new grant. Returns the access token to replay with."""
        with self.lock:
            if self.token and self.token['access_token'] != sent and self._fresh(self.token):
                return self.token['access_token']
            return self._locked(lambda: self._after_refusal(sent))['access_token']

    def _locked(self, work):
        if self.cache is None:
            return self._keep(work())
        with self.cache.lock(self.key):
            return self._keep(work())

    def _cached(self):
        return self.cache.load(self.key) if self.cache is not None else None

    def _obtain(self):
        cached = self._cached()
        if self._fresh(cached):
            self.debug('GLPI OAuth2: reusing the cached token for %s' % self.auth.describe())
            return cached
        stale = cached or self.token
        if stale and stale.get('refresh_token'):
            try:
                return self._store(self.auth.refresh(self.transport, stale, now=self.now), 'refreshed')
            except GlpiAuthError as exc:
                self.debug('GLPI OAuth2: refresh refused (%s); asking for a new token' % exc.message)
        return self._store(self.auth.grant(self.transport, now=self.now), 'granted')

    def _after_refusal(self, sent):
        cached = self._cached()
        if cached and cached['access_token'] != sent and self._fresh(cached):
            self.debug('GLPI OAuth2: token refused; another task already replaced it')
            return cached
        return self._store(self.auth.grant(self.transport, now=self.now), 'granted after GLPI refused the previous one')

    def _store(self, token, how):
        self.debug('GLPI OAuth2: token %s for %s' % (how, self.auth.describe()))
        if self.cache is not None:
            self.cache.store(self.key, token)
        return token
