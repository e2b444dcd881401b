# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP client for GLPI's legacy REST API (apirest.php): HTTP only.

Sessions (auth strategies in ``auth.py``, cache in ``session_cache.py``), retries that are safe
to repeat, re-login on an expired session, paging over ``range``/``Content-Range`` and typed
errors (``errors.py``). Item semantics (match keys, dropdown names, diffs) live in the resource
layer, not here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html
import json
import re
import threading
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

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits, validate
from ansible_collections.glpi.glpi.plugins.module_utils.auth import select_auth
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiAuthError,
    GlpiConnectionError,
    GlpiDependencyError,
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiPartialError,
    GlpiResponseError,
    GlpiTimeoutError,
    GlpiTLSError,
    from_response,
    scrub,
)
from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache, cache_key
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import (
    flatten_params,
    normalize_url,
    parse_content_range,
)

DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000
MAX_CONCURRENCY = 16   # parallel requests one client may send (connection pool size)
BACKOFF_BASE = 0.5
BACKOFF_MAX = 8.0
RETRY_STATUSES = (502, 503, 504)
IDEMPOTENT_METHODS = ('GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE')
DEFAULT_EXPECTED = (200, 201, 206)
USER_AGENT = 'ansible-glpi.glpi'

_ITEMTYPE_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_]*(\\[A-Za-z][A-Za-z0-9_]*)*$')

# One keep-alive HTTP session per process and per (base url, verify): tasks of an inventory or
# lookup plugin that build several clients reuse the TCP/TLS connection.
_HTTP_SESSIONS = {}


def _http_session(base_url, verify):
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


class _Log:
    """Adapts ``log``: any object with ``debug(msg)`` and ``warn(msg)``/``warning(msg)``, or None."""

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


def _check_itemtype(itemtype):
    if not isinstance(itemtype, str) or not _ITEMTYPE_RE.match(itemtype):
        raise GlpiInputError('invalid itemtype %r' % (itemtype,), option='itemtype', value=itemtype)
    return itemtype


def _check_id(item_id, option='id'):
    """GLPI treats /Computer/abc or /Computer/-1 as the whole list: only plain integers >= 0 pass."""
    if isinstance(item_id, bool):
        raise GlpiInputError('id must be an integer, got %r' % (item_id,), option=option, value=item_id)
    try:
        value = int(item_id)
    except (TypeError, ValueError):
        raise GlpiInputError('id must be an integer, got %r' % (item_id,), option=option, value=item_id)
    if value < 0 or str(value) != str(item_id).strip():
        raise GlpiInputError('id must be an integer >= 0, got %r' % (item_id,), option=option, value=item_id)
    return value


def _failed_results(body):
    """Per-item results that GLPI marked as failed in an add/update/delete answer."""
    rows = body if isinstance(body, list) else [body]
    failed = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        if row.get('id', True) is False or any(v is False for k, v in row.items() if k not in ('id', 'message')):
            failed.append(row)
    return failed


def _failed_id(row):
    """The item id of one per-item result ``{"<id>": false, "message": ...}``, or None."""
    for key in row:
        if key != 'message' and str(key).isdigit():
            return int(key)
    return None


class GlpiClient:
    """Client of one GLPI server for one account, entity and profile.

    ``options``: the dict built by ``options.glpi_argument_spec()`` (modules) or
    ``options.options_from_plugin()`` (inventory/lookup): url, app_token, user_token, username,
    password, session_token, auth_method, validate_certs, ca_path, timeout, retries, entity,
    entity_recursive, profile, session_cache (missing keys take their defaults).
    ``log``: object with ``debug(msg)`` and ``warn(msg)`` (AnsibleModule, options.ModuleLog,
    options.DisplayLog) or None. The session opens on the first request.

    Thread-safe: several threads may share one client (the inventory plugin fetches search
    pages in parallel over one session). The session state (token, scope, cache entry) changes
    only under ``_session_lock``; HTTP requests themselves run outside it, in parallel.
    """

    def __init__(self, options, log=None, session_cache=None, sleep=time.sleep):
        if not HAS_REQUESTS:
            raise GlpiDependencyError('the Python library "requests" is required')
        self.options = dict(options)
        self.base_url = normalize_url(self.options.get('url'))
        self._secrets = [s for s in (self.options.get('app_token'), self.options.get('user_token'),
                                     self.options.get('password'), self.options.get('session_token')) if s]
        self.log = _Log(log, self._secrets)
        self.auth = select_auth(self.options, debug=self.log.debug)
        validate.at_least('timeout', self.options.get('timeout'), 1)
        validate.at_least('retries', self.options.get('retries'), 0)
        self.timeout = float(self.options.get('timeout') or DEFAULT_TIMEOUT)
        retries = self.options.get('retries')
        self.retries = DEFAULT_RETRIES if retries is None else max(0, int(retries))
        self.verify = self._verify_setting()
        self._http = _http_session(self.base_url, self.verify)
        self._sleep = sleep
        # Guards _token, _token_source, _scope and the cache entry: open(), _login(), close(),
        # refresh_entities() and the re-login of request() run under it, so that threads that
        # see the same expired session open one new session, not one each (the others would
        # leak). Re-entrant: _login() sends its profile/entity requests through request().
        # Nothing else in the client changes per request: the auth strategies keep no state
        # (the query-string fallback of initSession is decided per call, under this lock) and
        # the requests.Session is shared as requests allows (no cookies are involved).
        self._session_lock = threading.RLock()
        self._login_thread = None   # the thread inside _login(), see there
        self._token = None
        self._token_source = None  # 'login', 'cache' or 'given'
        self._scope = None  # {'id': .., 'recursive': ..}: the active entities of the session
        self._search_options = {}
        if not self.auth.opens_session:
            self._cache = None  # a given session_token is used as is: nothing to cache
        elif session_cache is not None:
            self._cache = session_cache
        elif self.options.get('session_cache') is False:
            self._cache = None
        else:
            self._cache = SessionCache(debug=self.log.debug)
        self._cache_key = None
        if self._cache is not None:
            self._cache_key = cache_key(self.base_url, self.auth.identity(), self.options.get('entity'),
                                        self.options.get('entity_recursive'), self.options.get('profile'))

    # ------------------------------------------------------------------ settings

    def _verify_setting(self):
        validate = self.options.get('validate_certs')
        if validate is None:
            validate = True
        if not validate:
            return False
        return self.options.get('ca_path') or True

    # ------------------------------------------------------------------ sessions

    @property
    def has_session(self):
        return self._token is not None

    @property
    def _token(self):
        return self._session_token

    @_token.setter
    def _token(self, value):
        # Every session token this client holds (opened, cached or given) is masked like the
        # credentials: GLPI or a proxy may echo it in an error page or a message.
        if value and value not in self._secrets:
            self._secrets.append(value)
        self._session_token = value

    def open(self):
        """Make sure a session exists (from the cache, the given session_token, or initSession)."""
        with self._session_lock:
            self._open()

    def _open(self):
        if self._token is not None:
            return
        if not self.auth.opens_session:
            self._token = self.auth.init_session(self._transport, self.log.debug)
            self._token_source = 'given'
            if self.options.get('entity') not in (None, '') or self.options.get('profile') not in (None, ''):
                self._apply_scope()
            return
        if self._cache is not None:
            entry = self._cache.load(self._cache_key)
            if entry:
                self._token = entry['session_token']
                self._token_source = 'cache'
                self._scope = entry.get('active_entity')
                self.log.debug('GLPI session: reusing the cached session for %s' % self.auth.describe())
                # Not validated up front: a dead token answers 401 on the first request, which
                # logs in again and replays it. That keeps a cached task at zero extra requests.
                self._cache.touch(self._cache_key, entry)
                return
        self._login()

    def _login(self):
        self._token = None
        self._token = self.auth.init_session(self._transport, self.log.debug)
        self._token_source = 'login'
        self._scope = None
        # request() must not log in again from inside a login (a server that refuses every new
        # session would recurse); the thread id, because other threads may read it meanwhile.
        self._login_thread = threading.current_thread().ident
        try:
            self._apply_scope()
        except GlpiError:
            self.close(force_kill=True)  # do not leave a session scoped to nothing behind
            raise
        finally:
            self._login_thread = None
        if self._cache is not None:
            self._cache.store(self._cache_key, self._token, active_entity=self._scope)

    def close(self, force_kill=False):
        """End the client. killSession only for a session this client opened and does not cache."""
        with self._session_lock:
            if self._token is None:
                return
            if self._token_source == 'login' and (self._cache is None or force_kill):
                try:
                    self._send_once('GET', 'killSession', None, None, self._session_headers())
                except GlpiError as exc:
                    self.log.debug('GLPI killSession failed: %s' % exc)
                except Exception:  # pylint: disable=broad-except
                    pass
            self._token = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _session_headers(self, token=None):
        token = token or self._token
        return self.auth.session_headers(token) if token else {}

    def _current_token(self):
        """The token to send, opening the session when there is none. Read under the lock: while
        another thread logs in (its token is set before the profile and entity are applied) this
        waits for the finished session instead of sending no token or an unscoped one."""
        with self._session_lock:
            self._open()
            return self._token

    def _renew_session(self, sent_token, method, path):
        """Log in again after GLPI refused ``sent_token``; return the token to replay with.

        Only the first of several threads that were refused the same token logs in: the others
        find, once they hold the lock, that the token changed since they sent their request and
        replay with the new one (one initSession, no leaked sessions, one cache write)."""
        with self._session_lock:
            if self._token is not None and self._token != sent_token:
                self.log.debug('GLPI session expired (%s %s); another request already logged in again' % (method, path))
                return self._token
            self.log.debug('GLPI session expired or killed (%s %s); logging in again' % (method, path))
            if self._cache is not None:
                self._cache.drop(self._cache_key)
            self._login()
            return self._token

    # ------------------------------------------------------------------ entity / profile scope

    def _apply_scope(self):
        """Apply options profile / entity right after initSession (or to a given session_token)."""
        profile = self.options.get('profile')
        if profile not in (None, ''):
            self.change_active_profile(self._resolve_profile(profile))
        entity = self.options.get('entity')
        if entity not in (None, ''):
            scope = {'id': self._resolve_entity(entity), 'recursive': bool(self.options.get('entity_recursive'))}
            self._change_entities(scope['id'], scope['recursive'])
            self._scope = scope

    def refresh_entities(self):
        """Re-apply the active entities. Call it after creating an Entity: GLPI hides entities
        created after the last changeActiveEntities from the session until it is called again."""
        with self._session_lock:
            self._open()
            if not self._scope:
                active = self.get_active_entities()
                self._scope = {'id': active.get('id', 0), 'recursive': bool(active.get('active_entity_recursive'))}
            self._change_entities(self._scope['id'], self._scope['recursive'])
            if self._cache is not None and self._token_source in ('login', 'cache'):
                self._cache.store(self._cache_key, self._token, active_entity=self._scope)

    def _change_entities(self, entity_id, recursive):
        ok = self.change_active_entities(entity_id, recursive)
        if not ok:
            raise GlpiInputError('GLPI refused to switch to entity %s' % (entity_id,), option='entity', value=entity_id,
                                 method='POST', path='changeActiveEntities',
                                 hint='the entity does not exist or is not in the profile\'s entities; see getMyEntities')

    def _resolve_profile(self, profile):
        text = str(profile).strip()
        if text.isdigit():
            return int(text)
        body = self.request('GET', 'getMyProfiles').body
        profiles = (body.get('myprofiles') or []) if isinstance(body, dict) else []
        found = [p for p in profiles if html.unescape(str(p.get('name', ''))) == text]
        if len(found) == 1:
            return found[0]['id']
        names = ', '.join('%s (id %s)' % (html.unescape(str(p.get('name'))), p.get('id')) for p in profiles)
        raise GlpiInputError('profile %r is not one of this user\'s profiles' % text, option='profile', value=profile,
                             hint='available profiles: %s' % (names or 'none'))

    def _resolve_entity(self, entity):
        text = str(entity).strip()
        if isinstance(entity, int) or text.isdigit():
            return int(text)
        body = self.request('GET', 'getMyEntities', params={'is_recursive': True}).body or {}
        entities = (body.get('myentities') or []) if isinstance(body, dict) else []
        names = [(e.get('id'), html.unescape(str(e.get('name', '')))) for e in entities]
        exact = [eid for eid, name in names if name == text]
        if len(exact) == 1:
            return exact[0]
        leaf = [eid for eid, name in names if name.split(' > ')[-1] == text]
        if not exact and len(leaf) == 1:
            return leaf[0]
        candidates = exact or leaf
        if candidates:
            raise GlpiInputError('entity %r matches %d entities (ids %s); give its completename or id'
                                 % (text, len(candidates), ', '.join(str(c) for c in candidates)), option='entity', value=entity)
        raise GlpiInputError('entity %r is not one of this user\'s entities' % text, option='entity', value=entity,
                             hint='give the id or the complete name, e.g. "Root entity > Europe > Paris"')

    # ------------------------------------------------------------------ low-level HTTP

    def _transport(self, method, path, headers=None, params=None):
        """Used by auth strategies: App-Token only, no session, no re-login; retries allowed for GET."""
        return self._send_with_retries(method, path, params, None, headers or {}, method in IDEMPOTENT_METHODS)

    def _send_once(self, method, path, params, json_body, extra_headers):
        url = self.base_url + '/' + path.lstrip('/')
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT}
        if self.options.get('app_token'):
            headers['App-Token'] = self.options['app_token']
        headers.update(extra_headers or {})
        data = None
        if json_body is not None:
            data = json.dumps(json_body)
            headers['Content-Type'] = 'application/json'
        resp = self._http.request(method, url, params=flatten_params(params), data=data, headers=headers,
                                  timeout=self.timeout, verify=self.verify, allow_redirects=False)
        text = resp.text if resp.content else ''
        body = None
        if text.strip():
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        if 300 <= resp.status_code < 400:
            raise GlpiResponseError('GLPI answered with a redirect', method=method, path=path, status=resp.status_code,
                                    hint='url redirects to %s; set url to the final address'
                                         % scrub(resp.headers.get('Location', '?').split('?')[0], self._secrets))
        return ApiResponse(resp.status_code, resp.headers, body)

    def _send_with_retries(self, method, path, params, json_body, headers, idempotent):
        attempts = 1 + self.retries
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            what, sent, err = None, False, None
            try:
                resp = self._send_once(method, path, params, json_body, headers)
            except requests.exceptions.SSLError as exc:
                raise GlpiTLSError('TLS error talking to GLPI: %s' % scrub(_short(exc), self._secrets), method=method, path=path)
            except requests.exceptions.ConnectTimeout as exc:
                what, sent, err = 'connect timeout', False, exc
            except requests.exceptions.Timeout as exc:
                what, sent, err = 'read timeout', True, exc
            except requests.exceptions.ConnectionError as exc:
                what, sent, err = 'connection error', not _is_connect_failure(exc), exc
            except requests.exceptions.ChunkedEncodingError as exc:
                # The answer broke off mid-way: GLPI got the request and may have acted on it.
                what, sent, err = 'answer cut off', True, exc
            except requests.exceptions.RequestException as exc:
                raise GlpiConnectionError('HTTP error talking to GLPI: %s' % scrub(_short(exc), self._secrets),
                                          method=method, path=path)
            if what is None:
                resp.attempts = attempt
                if resp.status in RETRY_STATUSES and idempotent and not last:
                    self._backoff(method, path, 'HTTP %s' % resp.status, attempt, attempts)
                    continue
                return resp
            if (idempotent or not sent) and not last:
                self._backoff(method, path, what, attempt, attempts)
                continue
            cls = GlpiTimeoutError if 'timeout' in what else GlpiConnectionError
            error = cls('GLPI at %s unreachable (%s after %d attempt%s): %s' % (
                self.base_url, what, attempt, 's' if attempt > 1 else '', scrub(_short(err), self._secrets)),
                method=method, path=path, maybe_applied=sent and not idempotent, transient=True)
            error.attempts = attempt
            raise error
        raise AssertionError('unreachable')  # pragma: no cover

    def _backoff(self, method, path, what, attempt, attempts):
        delay = min(BACKOFF_BASE * (2 ** (attempt - 1)), BACKOFF_MAX)
        self.log.warn('GLPI %s %s: %s; retrying in %.1f s (retry %d of %d)' % (method, path, what, delay, attempt, attempts - 1))
        self._sleep(delay)

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
        token = self._current_token()
        extra = dict(headers or {})
        extra.update(self._session_headers(token))
        resp = self._send_with_retries(method, path, params, json_body, extra, idempotent)
        if resp.status == 401 and resp.error_code == 'ERROR_SESSION_TOKEN_INVALID':
            if not self.auth.opens_session:
                raise self.auth.expired_error(method, path)
            if self._login_thread == threading.current_thread().ident:
                raise self._refused_new_session(method, path)
            token = self._renew_session(token, method, path)
            extra = dict(headers or {})
            extra.update(self._session_headers(token))
            resp = self._send_with_retries(method, path, params, json_body, extra, idempotent)
            if resp.status == 401 and resp.error_code == 'ERROR_SESSION_TOKEN_INVALID':
                with self._session_lock:
                    if self._token == token:  # not a newer session another thread opened meanwhile
                        self._token = None
                raise self._refused_new_session(method, path)
        if resp.status in expected:
            return resp
        error = from_response(resp.status, resp.body, method, path, secrets=self._secrets,
                              maybe_applied=(not idempotent and resp.status >= 500))
        error.attempts = resp.attempts
        raise error

    @staticmethod
    def _refused_new_session(method, path):
        return GlpiAuthError('GLPI refused the session it had just opened', method=method, path=path, status=401,
                             code='ERROR_SESSION_TOKEN_INVALID',
                             hint='GLPI cannot keep sessions: check its PHP session storage (session.save_path) '
                                  'and, behind a load balancer, that all nodes share it')

    # ------------------------------------------------------------------ paging

    def iter_pages(self, path, params=None, page_size=None, max_rows=None, rows_key=None):
        """Yield the pages (lists of rows) of a listing, following ``range`` and Content-Range.

        ``rows_key``: for /search the rows are in ``body['data']``. A ``range`` given in
        ``params`` is sent as is, in one request. Stops on: no Content-Range (empty result),
        an empty page, end+1 >= total, HTTP 200 (everything covered), ERROR_RANGE_EXCEED_TOTAL
        (the list shrank), or ``max_rows`` reached.
        """
        params = dict(params or {})
        size = max(1, min(int(page_size or DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE))
        if max_rows is not None:
            size = max(1, min(size, int(max_rows)))
        single = 'range' in params
        start = 0
        seen = 0
        while True:
            if not single:
                params['range'] = '%d-%d' % (start, start + size - 1)
            try:
                resp = self.request('GET', path, params=params, expected=(200, 206))
            except GlpiError as exc:
                if exc.code == 'ERROR_RANGE_EXCEED_TOTAL' and start > 0:
                    return
                raise
            rows = self._rows(resp, path, rows_key)
            if max_rows is not None and seen + len(rows) > max_rows:
                rows = rows[:max_rows - seen]
            seen += len(rows)
            if rows:
                yield rows
            crange = resp.content_range
            if (single or not rows or crange is None or resp.status == 200 or crange[1] + 1 >= crange[2]
                    or (max_rows is not None and seen >= max_rows)):
                return
            next_start = crange[1] + 1
            if next_start <= start:
                return
            start = next_start

    def _rows(self, resp, path, rows_key):
        body = resp.body
        if rows_key:
            if isinstance(body, dict):
                rows = body.get(rows_key) or []
            else:
                rows = body
        else:
            rows = body
        if not isinstance(rows, list):
            raise GlpiResponseError('GLPI answered a listing with %s instead of a list'
                                    % ('an empty body' if body in (None, '') else type(body).__name__),
                                    method='GET', path=path, status=resp.status,
                                    hint='GLPI answers an empty body when a searchText field or a search criterion is unknown')
        return rows

    def get_all(self, path, params=None, page_size=None, max_rows=None, rows_key=None):
        """All rows of a listing as one list (see :meth:`iter_pages`)."""
        rows = []
        for page in self.iter_pages(path, params, page_size=page_size, max_rows=max_rows, rows_key=rows_key):
            rows.extend(page)
        return rows

    # ------------------------------------------------------------------ items

    def get_item(self, itemtype, item_id, **params):
        """GET Itemtype/id (params such as expand_dropdowns=True, with_networkports=True); None on 404."""
        path = '%s/%d' % (_check_itemtype(itemtype), _check_id(item_id))
        try:
            resp = self.request('GET', path, params=params or None, expected=(200,))
        except GlpiNotFoundError as exc:
            if exc.code == 'ERROR_ITEM_NOT_FOUND' or exc.status == 404:
                return None
            raise
        if not isinstance(resp.body, (dict, str)):
            raise GlpiResponseError('GLPI answered an item read with %s' % type(resp.body).__name__, method='GET', path=path,
                                    status=resp.status)
        return resp.body

    def get_sub_items(self, itemtype, item_id, sub_itemtype, params=None, max_rows=None):
        """All rows of GET Itemtype/id/SubItemtype (e.g. User/2/Profile_User); [] when the parent is missing."""
        path = '%s/%d/%s' % (_check_itemtype(itemtype), _check_id(item_id), _check_itemtype(sub_itemtype))
        try:
            return self.get_all(path, params, max_rows=max_rows)
        except GlpiNotFoundError as exc:
            if exc.code == 'ERROR_ITEM_NOT_FOUND':
                return []
            raise

    def list_items(self, itemtype, search_text=None, is_deleted=None, params=None, max_rows=None, page_size=None):
        """All rows of GET Itemtype (every page), de-duplicated by id.

        ``search_text``: dict field -> pattern (GLPI's searchText: case-insensitive substring,
        ``^``/``$`` anchors) or a string meaning ``{'name': string}``. ``is_deleted=True`` lists
        the trash instead of the active items.
        """
        path = _check_itemtype(itemtype)
        query = dict(params or {})
        if search_text:
            if isinstance(search_text, str):
                search_text = {'name': search_text}
            for field, pattern in search_text.items():
                query['searchText[%s]' % field] = pattern
        if is_deleted is not None:
            query['is_deleted'] = bool(is_deleted)
        try:
            rows = self.get_all(path, query, page_size=page_size, max_rows=max_rows)
        except GlpiResponseError as exc:
            if search_text and exc.status == 200:
                raise GlpiInputError('GLPI answered an empty body: one of the searchText fields (%s) is not a field of %s'
                                     % (', '.join(sorted(search_text)), itemtype), option='search_text',
                                     value=sorted(search_text), method='GET', path=path, status=200)
            raise
        except GlpiError as exc:
            if search_text and exc.code == 'ERROR_FIELD_NOT_FOUND':  # GLPI 11 (10.0 answers an empty body)
                raise GlpiInputError('one of the searchText fields (%s) is not a field of %s: %s'
                                     % (', '.join(sorted(search_text)), itemtype, exc.glpi_message), option='search_text',
                                     value=sorted(search_text), method='GET', path=path, status=exc.status, code=exc.code)
            raise
        seen = set()
        unique = []
        for row in rows:
            rid = row.get('id') if isinstance(row, dict) else None
            if rid is not None:
                if rid in seen:
                    continue
                seen.add(rid)
            unique.append(row)
        return unique

    def add(self, itemtype, input):  # pylint: disable=redefined-builtin
        """POST Itemtype {"input": input}; input is a dict (returns {"id", "message"}) or a list
        (returns a list). Never retried: a lost answer raises with ``maybe_applied=True``.
        HTTP 207 raises :class:`GlpiPartialError` with the per-item results."""
        path = _check_itemtype(itemtype)
        if not isinstance(input, (dict, list)) or (isinstance(input, list) and not all(isinstance(i, dict) for i in input)):
            raise GlpiInputError('input must be a dict or a list of dicts', option='input')
        if isinstance(input, list) and not input:
            return []
        column_limits.check_input(itemtype, input, version=column_limits.version_of(self))
        resp = self.request('POST', path, json_body={'input': input}, expected=(201,))
        self._check_results('POST', path, resp)
        return resp.body

    def update(self, itemtype, input):  # pylint: disable=redefined-builtin
        """PUT Itemtype {"input": input}; every element needs an ``id`` (GLPI silently ignores
        elements without one). Returns GLPI's list ``[{"<id>": true, "message": ""}]``."""
        path = _check_itemtype(itemtype)
        items = input if isinstance(input, list) else [input]
        for item in items:
            if not isinstance(item, dict) or 'id' not in item:
                raise GlpiInputError('every element of input needs an id to update', option='input')
            _check_id(item['id'])
        if not items:
            return []
        column_limits.check_input(itemtype, input, version=column_limits.version_of(self))
        resp = self.request('PUT', path, json_body={'input': input}, expected=(200,))
        self._check_results('PUT', path, resp)
        return resp.body

    def delete(self, itemtype, input, force_purge=False):  # pylint: disable=redefined-builtin
        """Move to the trash (or purge with ``force_purge``) one id, a dict with an id, or a list of them.

        A delete that was retried (a lost or late answer) and then fails for items that are already
        gone (purge) or in the trash (trash) counts them as done: the first attempt applied them."""
        path = _check_itemtype(itemtype)
        items = input if isinstance(input, list) else [input]
        ids = [_check_id(i.get('id') if isinstance(i, dict) else i) for i in items]
        if not ids:
            return []
        try:
            if len(ids) == 1:
                resp = self.request('DELETE', '%s/%d' % (path, ids[0]), params={'force_purge': bool(force_purge)}, expected=(200,))
            else:
                resp = self.request('DELETE', path, json_body={'input': [{'id': i} for i in ids], 'force_purge': bool(force_purge)},
                                    expected=(200,))
        except GlpiNotFoundError as exc:
            if len(ids) == 1 and getattr(exc, 'attempts', 1) > 1:
                self.log.debug('GLPI DELETE %s/%d: not found after a retry, the first attempt applied it' % (path, ids[0]))
                return [{str(ids[0]): True, 'message': ''}]
            raise
        except GlpiPartialError as exc:
            if getattr(exc, 'attempts', 1) > 1:
                exc.results = self._settle_retried_delete(itemtype, exc.results, force_purge)
                if not _failed_results(exc.results):
                    return exc.results
            raise
        if resp.attempts > 1:
            resp.body = self._settle_retried_delete(itemtype, resp.body, force_purge)
        self._check_results('DELETE', path, resp)
        return resp.body

    def _settle_retried_delete(self, itemtype, results, force_purge):
        """GLPI's per-item answer to a retried DELETE, with the items the first attempt already
        deleted (read again: gone, or trashed when not purging) marked as done."""
        settled = []
        for row in results if isinstance(results, list) else [results]:
            ident = _failed_id(row) if row in _failed_results([row]) else None
            if ident is not None:
                current = self.get_item(itemtype, ident)
                if current is None or (not force_purge and current.get('is_deleted')):
                    self.log.debug('GLPI DELETE %s/%d: refused after a retry, the first attempt applied it' % (itemtype, ident))
                    row = {str(ident): True, 'message': ''}
            settled.append(row)
        return settled

    def _check_results(self, method, path, resp):
        failed = _failed_results(resp.body)
        if failed:
            raise GlpiPartialError('GLPI did not apply %d of the items' % len(failed), results=resp.body if isinstance(resp.body, list)
                                   else [resp.body], method=method, path=path, status=resp.status)

    # ------------------------------------------------------------------ search

    def search(self, itemtype, params=None, max_rows=None, page_size=None):
        """All data rows of GET search/Itemtype (every page). ``params`` may hold
        ``criteria=[{'field': 1, 'searchtype': 'contains', 'value': 'x'}]``, ``forcedisplay=[2]``, ..."""
        path = 'search/%s' % _check_itemtype(itemtype)
        return self.get_all(path, params, page_size=page_size, max_rows=max_rows, rows_key='data')

    def list_search_options(self, itemtype):
        """GET listSearchOptions/Itemtype (cached per client)."""
        _check_itemtype(itemtype)
        # Not locked: two threads missing the same itemtype at once both read it (same answer);
        # a dict assignment is atomic, so the cache never holds a partial value.
        if itemtype not in self._search_options:
            self._search_options[itemtype] = self.request('GET', 'listSearchOptions/%s' % itemtype, expected=(200,)).body
        return self._search_options[itemtype]

    # ------------------------------------------------------------------ session endpoints

    def change_active_entities(self, entity_id='all', recursive=False):
        """POST changeActiveEntities; True when GLPI accepted (it answers 200 false for unknown entities)."""
        body = {'entities_id': entity_id, 'is_recursive': bool(recursive)}
        resp = self.request('POST', 'changeActiveEntities', json_body=body, expected=(200,), idempotent=True)
        return resp.body is True

    def change_active_profile(self, profile_id):
        try:
            self.request('POST', 'changeActiveProfile', json_body={'profiles_id': int(profile_id)}, expected=(200,), idempotent=True)
        except GlpiNotFoundError:
            raise GlpiInputError('profile %s is not one of this user\'s profiles' % profile_id, option='profile', value=profile_id,
                                 method='POST', path='changeActiveProfile', status=404, code='ERROR_ITEM_NOT_FOUND')
        return True

    def get_active_entities(self):
        """{'id': .., 'active_entity_recursive': .., 'active_entities': [{'id': ..}]}"""
        return (self.request('GET', 'getActiveEntities', expected=(200,)).body or {}).get('active_entity') or {}

    def get_my_entities(self, recursive=True):
        """[{'id': .., 'name': 'Root entity > Child' (HTML-decoded)}]"""
        body = self.request('GET', 'getMyEntities', params={'is_recursive': bool(recursive)}, expected=(200,)).body or {}
        return [dict(e, name=html.unescape(str(e.get('name', '')))) for e in body.get('myentities') or []]

    def get_my_profiles(self):
        return (self.request('GET', 'getMyProfiles', expected=(200,)).body or {}).get('myprofiles') or []

    def get_active_profile(self):
        return (self.request('GET', 'getActiveProfile', expected=(200,)).body or {}).get('active_profile') or {}


def _short(exc):
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + '...'


def _is_connect_failure(exc):
    """True when the request certainly never reached the server (refused, DNS, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return isinstance(reason, NewConnectionError) or isinstance(exc.args[0] if exc.args else None, NewConnectionError)
