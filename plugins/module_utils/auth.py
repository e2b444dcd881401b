# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication strategies for GLPI's legacy REST API (apirest.php).

One small class per method, picked by :func:`select_auth` from the connection options
(``auth_method``, default ``auto``), in the spirit of community.hashi_vault:

* :class:`UserTokenAuth`   - ``Authorization: user_token X`` on initSession.
* :class:`BasicAuth`       - HTTP basic ``username``/``password`` on initSession.
* :class:`SessionTokenAuth`- reuse a session opened elsewhere; never killed by us, never re-opened.

The interface a session (``session.py``) drives, and an OAuth2 strategy implements next:
``validate()`` (raises :class:`GlpiInputError` naming the option), ``init_session(transport,
debug)`` returning a token, ``session_headers(token)``, ``is_expired(resp)``,
``end_session(transport, token)``, ``opens_session`` (False: the token is given, never renewed nor
ended, ``expired_error()`` says so), and ``identity()``/``describe()``/``secrets()`` for the
cache key, messages and masking. ``transport`` is a ``transport.Transport``: called as
``transport(method, path, headers=None, params=None)`` it returns an ``ApiResponse`` with the
App-Token but no session. Errors are raised with :func:`errors.from_response`.

Authorization-stripping servers: Apache in front of PHP-FPM drops the ``Authorization`` header
unless told otherwise, and GLPI then answers initSession with 400 ERROR_LOGIN_PARAMETERS_MISSING
although the header was sent. The strategies then retry once with the credentials in the query
string (``user_token=`` or ``login=&password=``, which GLPI accepts) and say so through ``debug``.
The query string never appears in any error or log message.

GLPI 11 (high-level API ``/api.php/v2``) uses OAuth2 client credentials / password grants:
an ``OAuth2Auth`` class will go here with the same interface (``validate``, ``init_session``
returning a bearer token, ``session_headers``) and be added to :data:`AUTH_METHODS`; the v2
client is a separate transport because paths, paging and errors differ.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib

from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiAuthError,
    GlpiInputError,
    GlpiResponseError,
    from_response,
)


def secret_digest(text):
    """A SHA-256 of a secret (None as ''): identifies an account in cache keys without keeping the secret."""
    return hashlib.sha256((text or '').encode('utf-8')).hexdigest()


def _nodebug(msg):  # pragma: no cover - trivial
    pass


class GlpiAuth:
    """Base class. Subclasses set ``name`` and implement ``credentials``."""

    name = None
    # True when the session comes from us (initSession) and may be killed/re-opened by us.
    opens_session = True

    def __init__(self, options):
        self.options = options

    def validate(self):
        """Raise GlpiInputError when the options this method needs are missing."""
        raise NotImplementedError

    def secrets(self):
        """Secret values to mask out of any message."""
        return []

    def identity(self):
        """A string identifying the account for the session cache key (hashed, never shown)."""
        raise NotImplementedError

    def describe(self):
        """A human description without secrets, for debug messages."""
        return self.name

    def credentials(self, in_query=False):
        """(headers, params) carrying the credentials for initSession."""
        raise NotImplementedError

    def session_headers(self, token):
        """Headers that authenticate ordinary requests once a session exists."""
        return {'Session-Token': token}

    def is_expired(self, resp):
        """True when ``resp`` (an ApiResponse) says the session token is no longer valid."""
        return resp.status == 401 and resp.error_code == 'ERROR_SESSION_TOKEN_INVALID'

    def end_session(self, transport, token):
        """End a session this client opened: one killSession, never retried (``transport.send_once``)."""
        transport.send_once('GET', 'killSession', None, None, self.session_headers(token))

    def init_session(self, transport, debug=None):
        """Open a session and return its token."""
        debug = debug or _nodebug
        headers, params = self.credentials(in_query=False)
        resp = transport('GET', 'initSession', headers=headers, params=params)
        if resp.status == 400 and resp.error_code == 'ERROR_LOGIN_PARAMETERS_MISSING':
            debug('GLPI initSession: the server did not see the Authorization header (web servers such as '
                  'Apache + PHP-FPM strip it); retrying once with the %s credentials in the query string' % self.name)
            headers, params = self.credentials(in_query=True)
            resp = transport('GET', 'initSession', headers=headers, params=params)
        if resp.status != 200:
            raise from_response(resp.status, resp.body, 'GET', 'initSession', secrets=self.secrets())
        token = resp.body.get('session_token') if isinstance(resp.body, dict) else None
        if not token or not isinstance(token, str):
            raise GlpiResponseError('initSession answered without a session_token', method='GET', path='initSession',
                                    status=resp.status)
        debug('GLPI initSession: new session opened with %s' % self.describe())
        return token


class UserTokenAuth(GlpiAuth):
    """Personal API token of a GLPI user (``user_token``)."""

    name = 'user_token'

    def validate(self):
        token = self.options.get('user_token')
        if not token:
            raise GlpiInputError('user_token is required for auth_method=user_token', option='user_token')
        if any(c.isspace() for c in token):
            raise GlpiInputError('user_token must not contain spaces (GLPI would ignore it)', option='user_token')

    def secrets(self):
        return [self.options.get('user_token')]

    def identity(self):
        return 'user_token:' + secret_digest(self.options['user_token'])

    def describe(self):
        return 'a user_token'

    def credentials(self, in_query=False):
        if in_query:
            return {}, {'user_token': self.options['user_token']}
        # Case-sensitive scheme, exactly one space (see FINDINGS).
        return {'Authorization': 'user_token ' + self.options['user_token']}, {}


class BasicAuth(GlpiAuth):
    """GLPI login and password (HTTP basic authentication on initSession)."""

    name = 'basic'

    def validate(self):
        if not self.options.get('username'):
            raise GlpiInputError('username is required for auth_method=basic', option='username')
        if self.options.get('password') is None:
            raise GlpiInputError('password is required with username', option='password')

    def secrets(self):
        return [self.options.get('password')]

    def identity(self):
        # The password is part of the hashed identity so that a wrong password never reuses a cached session.
        return 'basic:%s:%s' % (self.options['username'], secret_digest(self.options.get('password')))

    def describe(self):
        return 'username %s and a password' % self.options['username']

    def credentials(self, in_query=False):
        username = self.options['username']
        password = self.options.get('password') or ''
        if in_query:
            return {}, {'login': username, 'password': password}
        raw = ('%s:%s' % (username, password)).encode('utf-8')
        return {'Authorization': 'Basic ' + base64.b64encode(raw).decode('ascii')}, {}


class SessionTokenAuth(GlpiAuth):
    """An existing session token: used as is, never killed and never re-opened by this client."""

    name = 'session_token'
    opens_session = False

    def validate(self):
        if not self.options.get('session_token'):
            raise GlpiInputError('session_token is required for auth_method=session_token', option='session_token')

    def secrets(self):
        return [self.options.get('session_token')]

    def identity(self):
        return 'session_token:' + secret_digest(self.options['session_token'])

    def describe(self):
        return 'a session_token'

    def credentials(self, in_query=False):
        return {}, {}

    def init_session(self, transport, debug=None):
        return self.options['session_token']

    def expired_error(self, method, path):
        return GlpiAuthError('The session_token given is invalid or expired', method=method, path=path, status=401,
                             code='ERROR_SESSION_TOKEN_INVALID',
                             hint='a session_token cannot be renewed by this client; pass a fresh session_token, or '
                                  'user_token / username and password instead so that it can log in by itself')


# Registry: auth_method option value -> class. OAuth2 (GLPI 11 v2 API) goes here later.
AUTH_METHODS = {
    'user_token': UserTokenAuth,
    'basic': BasicAuth,
    'session_token': SessionTokenAuth,
}

# auth_method=auto: the first method whose option is set, in this order.
AUTO_ORDER = (('session_token', 'session_token'), ('user_token', 'user_token'), ('username', 'basic'))


def select_auth(options, debug=None):
    """Return the validated auth strategy for ``options``.

    ``auth_method`` (``auto`` when absent) picks the class; ``auto`` takes session_token, then
    user_token, then username/password, whichever is set first (environment fallbacks included).
    """
    method = options.get('auth_method') or 'auto'
    if method == 'auto':
        present = [name for option, name in AUTO_ORDER if options.get(option)]
        if not present:
            raise GlpiInputError('no credentials: set user_token, or username and password, or session_token '
                                 '(or the GLPI_USER_TOKEN, GLPI_USERNAME/GLPI_PASSWORD, GLPI_SESSION_TOKEN environment variables)',
                                 option='user_token')
        method = present[0]
        if len(present) > 1 and debug:
            debug('GLPI auth: several credentials are set (%s); using %s (set auth_method to choose)'
                  % (', '.join(present), method))
    if method not in AUTH_METHODS:
        raise GlpiInputError('unknown auth_method %r (choose from auto, %s)' % (method, ', '.join(sorted(AUTH_METHODS))),
                             option='auth_method', value=method)
    auth = AUTH_METHODS[method](options)
    auth.validate()
    return auth
