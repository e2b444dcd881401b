# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport of the client: HTTP only, no session and no GLPI semantics.

One keep-alive ``requests.Session`` per process and per (base url, TLS verify setting), the
TLS settings (``validate_certs``/``ca_path``), timeouts, retries of what is safe to repeat (with a
warning and a backoff), the mapping of network failures to typed errors
(:class:`GlpiTLSError`, :class:`GlpiTimeoutError`, :class:`GlpiConnectionError`, with
``maybe_applied`` when a write may have reached GLPI) and the masking of every secret in what
it raises or logs. Who is authenticated, and how, is the session's business (``session.py``);
the answers' meaning is the endpoints' (``endpoints.py``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time
import traceback

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import NewConnectionError
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiConnectionError,
    GlpiResponseError,
    GlpiTimeoutError,
    GlpiTLSError,
    from_response,
    scrub,
)
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params, parse_content_range

DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3
MAX_CONCURRENCY = 16   # parallel requests one client may send (connection pool size)
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
RETRY_STATUSES = (502, 503, 504)
IDEMPOTENT_METHODS = ('GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE')
USER_AGENT = 'ansible-glpi.glpi'

# One keep-alive HTTP session per process and per (base url, verify): tasks of an inventory or
# lookup plugin that build several clients reuse the TCP/TLS connection.
_HTTP_SESSIONS = {}


def http_session(base_url, verify):
    key = (base_url, verify)
    sess = _HTTP_SESSIONS.get(key)
    if sess is None:
        sess = requests.Session()
        # pool_maxsize: the inventory plugin fetches up to MAX_CONCURRENCY pages at once; connections
        # are opened on demand, so a large pool costs nothing when unused.
        adapter = HTTPAdapter(max_retries=0, pool_connections=2, pool_maxsize=MAX_CONCURRENCY)
        sess.mount('http://', adapter)
        sess.mount('https://', adapter)
        sess.trust_env = True
        _HTTP_SESSIONS[key] = sess
    return sess


def verify_setting(options):
    """``verify`` for requests: False (validate_certs off), the ca_path, or True."""
    validate = options.get('validate_certs')
    if validate is None:
        validate = True
    if not validate:
        return False
    return options.get('ca_path') or True


def transport_for(base_url, options, secrets, log, sleep=time.sleep, backoff_base=None, **settings):
    """The Transport of a client from its connection ``options`` (timeout, retries checked here,
    validate_certs, ca_path); ``settings``: app_token, accept_redirects."""
    validate.at_least('timeout', options.get('timeout'), 1)
    validate.at_least('retries', options.get('retries'), 0)
    retries = options.get('retries')
    return Transport(base_url, verify=verify_setting(options), timeout=float(options.get('timeout') or DEFAULT_TIMEOUT),
                     retries=DEFAULT_RETRIES if retries is None else max(0, int(retries)), secrets=secrets, log=log,
                     sleep=sleep, backoff_base=backoff_base, **settings)


class ApiResponse:
    """A decoded answer: ``status`` (int), ``headers`` (case-insensitive mapping), ``body``
    (decoded JSON, raw text when not JSON, or None when empty). ``attempts`` counts the HTTP
    tries that led to it."""

    __slots__ = ('status', 'headers', 'body', 'attempts')

    def __init__(self, status, headers=None, body=None, attempts=1):
        self.status = status
        self.headers = headers if headers is not None else {}
        self.body = body
        self.attempts = attempts

    @property
    def error_code(self):
        """GLPI's ``ERROR_X`` when the body is an error array, else None."""
        body = self.body
        if isinstance(body, list) and body and isinstance(body[0], str) and body[0].startswith('ERROR'):
            return body[0]
        return None

    @property
    def content_range(self):
        """(start, end, total) from the Content-Range header, or None when absent."""
        return parse_content_range(self.headers.get('Content-Range'))

    def __repr__(self):
        return 'ApiResponse(status=%r, body=%s)' % (self.status, type(self.body).__name__)


class ScrubbedLog:
    """Adapts ``log``: any object with ``debug(msg)`` and ``warn(msg)``/``warning(msg)``, or None.
    Every message is scrubbed of ``secrets`` (a list the owner may extend later)."""

    def __init__(self, log, secrets):
        self._debug = getattr(log, 'debug', None)
        self._warn = getattr(log, 'warn', None) or getattr(log, 'warning', None)
        self._secrets = secrets

    def debug(self, msg):
        if self._debug:
            self._debug(scrub(msg, self._secrets))

    def warn(self, msg):
        if self._warn:
            self._warn(scrub(msg, self._secrets))


class Transport:
    """Sends requests to one apirest.php endpoint (``base_url``).

    ``secrets``: the list of values to mask; the session appends the tokens it opens to the same
    list. ``app_token`` goes in every request. ``sleep`` and ``backoff_base`` are the seams of the
    retry tests. Thread-safe: it keeps no per-request state.
    """

    def __init__(self, base_url, verify=True, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, app_token=None,
                 secrets=None, log=None, sleep=time.sleep, backoff_base=None, accept_redirects=False):
        self.base_url = base_url
        # GLPI's v2 API answers a create with 302 and the new item's Location: its client sets this.
        self.accept_redirects = accept_redirects
        self.verify = verify
        self.timeout = timeout
        self.retries = retries
        self.app_token = app_token
        self.secrets = secrets if secrets is not None else []
        self.log = log if isinstance(log, ScrubbedLog) else ScrubbedLog(log, self.secrets)
        self.sleep = sleep
        self.backoff_base = BACKOFF_BASE if backoff_base is None else backoff_base
        self.http = http_session(base_url, verify)

    def __call__(self, method, path, headers=None, params=None):
        """For the auth strategies: App-Token only, no session, no re-login; retries allowed for GET."""
        return self.send(method, path, params, None, headers or {}, method in IDEMPOTENT_METHODS)

    def send_once(self, method, path, params, json_body, extra_headers):
        """One HTTP request, no retry; a redirect raises (GLPI's legacy API never redirects), unless
        ``accept_redirects`` (v2 creates answer 302): then it is returned, never followed."""
        url = self.base_url + '/' + path.lstrip('/')
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT}
        if self.app_token:
            headers['App-Token'] = self.app_token
        headers.update(extra_headers or {})
        data = None
        if json_body is not None:
            data = json.dumps(json_body)
            headers['Content-Type'] = 'application/json'
        resp = self.http.request(method, url, params=flatten_params(params), data=data, headers=headers,
                                 timeout=self.timeout, verify=self.verify, allow_redirects=False)
        text = resp.text if resp.content else ''
        body = None
        if text.strip():
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        if 300 <= resp.status_code < 400 and not self.accept_redirects:
            raise GlpiResponseError('GLPI answered with a redirect', method=method, path=path, status=resp.status_code,
                                    hint='url redirects to %s; set url to the final address'
                                         % scrub(resp.headers.get('Location', '?').split('?')[0], self.secrets))
        return ApiResponse(resp.status_code, resp.headers, body)

    def send(self, method, path, params, json_body, headers, idempotent):
        """``send_once`` with retries: connection failures that certainly never reached GLPI, and
        (``idempotent`` only) timeouts, cut-off answers and 502/503/504, up to ``retries`` times."""
        attempts = 1 + self.retries
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                resp = self.send_once(method, path, params, json_body, headers)
            except requests.exceptions.RequestException as exc:
                what, sent = self._failure(exc, method, path)
                if (idempotent or not sent) and not last:
                    self.backoff(method, path, what, attempt, attempts)
                    continue
                raise self._unreachable(what, sent, exc, attempt, method, path, idempotent)
            resp.attempts = attempt
            if resp.status in RETRY_STATUSES and idempotent and not last:
                self.backoff(method, path, 'HTTP %s' % resp.status, attempt, attempts)
                continue
            return resp
        raise AssertionError('unreachable')  # pragma: no cover

    def _failure(self, exc, method, path):
        """(what happened, whether GLPI may have received the request), or raise when not retryable."""
        if isinstance(exc, requests.exceptions.SSLError):
            raise GlpiTLSError('TLS error talking to GLPI: %s' % scrub(_short(exc), self.secrets), method=method, path=path)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return 'connect timeout', False
        if isinstance(exc, requests.exceptions.Timeout):
            return 'read timeout', True
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'connection error', not _is_connect_failure(exc)
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):
            # The answer broke off mid-way: GLPI got the request and may have acted on it.
            return 'answer cut off', True
        raise GlpiConnectionError('HTTP error talking to GLPI: %s' % scrub(_short(exc), self.secrets), method=method, path=path)

    def _unreachable(self, what, sent, err, attempt, method, path, idempotent):
        cls = GlpiTimeoutError if 'timeout' in what else GlpiConnectionError
        error = cls('GLPI at %s unreachable (%s after %d attempt%s): %s' % (
            self.base_url, what, attempt, 's' if attempt > 1 else '', scrub(_short(err), self.secrets)),
            method=method, path=path, maybe_applied=sent and not idempotent, transient=True)
        error.attempts = attempt
        return error

    def backoff(self, method, path, what, attempt, attempts):
        delay = min(self.backoff_base * (2 ** (attempt - 1)), BACKOFF_MAX)
        self.log.warn('GLPI %s %s: %s; retrying in %.1f s (retry %d of %d)' % (method, path, what, delay, attempt, attempts - 1))
        self.sleep(delay)

    def error(self, resp, method, path, idempotent):
        """The typed error for an answer the caller did not expect (secrets masked)."""
        return error_for(resp, method, path, idempotent, self.secrets)


def error_for(resp, method, path, idempotent, secrets):
    """The typed error for an answer (``ApiResponse``) the caller did not expect, ``secrets`` masked;
    a write that failed with a 5xx may have been applied."""
    error = from_response(resp.status, resp.body, method, path, secrets=secrets,
                          maybe_applied=(not idempotent and resp.status >= 500))
    error.attempts = resp.attempts
    return error


def _short(exc):
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + '...'


def _is_connect_failure(exc):
    """True when the request certainly never reached the server (refused, DNS, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return isinstance(reason, NewConnectionError) or isinstance(exc.args[0] if exc.args else None, NewConnectionError)
