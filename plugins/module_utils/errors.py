# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One typed exception hierarchy for the GLPI client and the resource layer.

Every error carries where it happened (``method``, ``path`` without query
string), what GLPI said (``status``, ``code`` such as ``ERROR_RIGHT_MISSING``,
``glpi_message``) and a ``hint`` telling the user what to do. Messages never
contain tokens or passwords: the client scrubs known secrets with
:func:`scrub` before building an error, and paths never include the query
string (which may hold credentials in the query-string fallback).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# Query-string parameters that carry credentials; their values are masked.
_SECRET_PARAM_RE = re.compile(r'((?:user_token|password|session_token|app_token|login)=)[^&\s\'"]+', re.IGNORECASE)
_AUTH_HEADER_RE = re.compile(r'((?:Authorization|Session-Token|App-Token)[\'"]?\s*[:=]\s*[\'"]?)(?:(?:Basic|user_token)\s+)?[^\s\'",}]+',
                             re.IGNORECASE)
_DOC_SUFFIX_RE = re.compile(r';\s*view documentation in your browser at \S*$')
MASK = '********'
# How many of the writes done before a failure its message names (to_dict lists them all).
WRITTEN_SHOWN = 10


def scrub(text, secrets=()):
    """Return ``text`` with every known secret value and credential parameter masked."""
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    for secret in secrets or ():
        if secret and isinstance(secret, str) and len(secret) >= 1:
            text = text.replace(secret, MASK)
    text = _SECRET_PARAM_RE.sub(lambda m: m.group(1) + MASK, text)
    text = _AUTH_HEADER_RE.sub(lambda m: m.group(1) + MASK, text)
    return text


class GlpiError(Exception):
    """Base class of every error raised by this collection's client and resource layer.

    Attributes: ``message`` (summary), ``method``, ``path``, ``status`` (HTTP status or None),
    ``code`` (GLPI error code such as ``ERROR_GLPI_ADD`` or None), ``glpi_message`` (GLPI's own
    text, ``None`` when GLPI gave none), ``hint`` (what to do), ``maybe_applied`` (True when a
    write may have reached GLPI although no answer came back), ``transient`` (a retry could help),
    ``written`` (what the task wrote before it failed, in a few words each: the one way a module
    says it changed GLPI although it fails; set it with :meth:`after_writes`).
    """

    default_hint = None

    def __init__(self, message, method=None, path=None, status=None, code=None, glpi_message=None,
                 hint=None, maybe_applied=False, transient=False, body=None, written=None):
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.glpi_message = glpi_message
        self.hint = hint if hint is not None else self.default_hint
        self.maybe_applied = maybe_applied
        self.transient = transient
        self.body = body
        self.written = list(written or [])
        super(GlpiError, self).__init__(self._render())

    @property
    def changed(self):
        """True when the task wrote to GLPI before this error: it fails with changed=true."""
        return bool(self.written)

    def after_writes(self, written):
        """Record what the task wrote before this error (a list of short descriptions); returns the error."""
        self.written = list(written or [])
        return self

    def _render(self):
        text = self.message or self.__class__.__name__
        where = []
        if self.method or self.path:
            where.append(' '.join(p for p in (self.method, self.path) if p))
        if self.status is not None:
            where.append('HTTP %s' % self.status)
        if self.code:
            where.append(self.code)
        if where:
            text += ' [%s]' % ', '.join(where)
        if self.glpi_message and self.glpi_message not in text:
            text += ': %s' % self.glpi_message
        if self.written:
            shown = self.written[:WRITTEN_SHOWN]
            more = len(self.written) - len(shown)
            text += ' (written before this failure: %s%s)' % ('; '.join(shown), ' and %d more' % more if more else '')
        if self.maybe_applied:
            text += ' (the request may have been applied by GLPI)'
        if self.hint:
            text += '. Hint: %s' % self.hint
        return text

    def __str__(self):
        return self._render()

    def to_dict(self):
        """Structured fields for ``module.fail_json(msg=str(err), **err.to_dict())``."""
        data = {
            'method': self.method,
            'path': self.path,
            'status': self.status,
            'glpi_code': self.code,
            'glpi_message': self.glpi_message,
            'hint': self.hint,
        }
        if self.maybe_applied:
            data['maybe_applied'] = True
        if self.written:
            data['written'] = list(self.written)
        return data


class GlpiDependencyError(GlpiError):
    """A Python library the client needs (requests) is missing."""

    default_hint = 'install the "requests" Python library on the host that runs the module (often localhost)'


class GlpiConnectionError(GlpiError):
    """GLPI could not be reached (DNS, refused, timeout, TLS)."""

    default_hint = 'check url, that GLPI is reachable from the host running the task, and timeout'


class GlpiTimeoutError(GlpiConnectionError):
    """No answer within ``timeout`` seconds."""

    default_hint = 'the server did not answer in time; raise timeout or check the server load'


class GlpiTLSError(GlpiConnectionError):
    """TLS handshake or certificate verification failed."""

    default_hint = ('the TLS certificate could not be verified; set ca_path to the CA bundle that signed it, '
                    'or validate_certs=false only for a test server')


class GlpiServerError(GlpiError):
    """GLPI or its web server failed (5xx)."""

    default_hint = 'GLPI or its web server failed; check the GLPI and web server logs (php-errors.log, nginx/apache error log)'


class GlpiResponseError(GlpiError):
    """The answer is not what the API documents (HTML page, empty body, not JSON)."""

    default_hint = 'url must point at the GLPI site root or its apirest.php, and the REST API must be enabled in Setup > General > API'


class GlpiAuthError(GlpiError):
    """Authentication failed: login, user token, App-Token or session."""

    default_hint = 'check the credentials (user_token, or username and password) and app_token'


class GlpiSessionError(GlpiAuthError):
    """The session token is invalid or expired (ERROR_SESSION_TOKEN_INVALID)."""

    default_hint = 'the session expired or was killed; give user_token or username/password so the client can log in again'


class GlpiPermissionError(GlpiError):
    """The user's active profile lacks the right (403 ERROR_RIGHT_MISSING or 400 "You don't have permission")."""

    default_hint = ('the active profile lacks the right, or the entity is outside the active entities; check profile, '
                    'entity and entity_recursive, and the rights of the profile in GLPI')


class GlpiNotFoundError(GlpiError):
    """The item, itemtype or endpoint does not exist."""

    default_hint = 'the item does not exist (or is not visible in the active entities)'


class GlpiInputError(GlpiError):
    """Bad input detected before any write. ``option`` and ``value`` name the culprit."""

    default_hint = None

    def __init__(self, message, option=None, value=None, **kwargs):
        self.option = option
        self.value = value
        super(GlpiInputError, self).__init__(message, **kwargs)

    def _render(self):
        text = super(GlpiInputError, self)._render()
        if self.option and self.option not in (self.message or ''):
            text = 'option %s: %s' % (self.option, text)
        return text

    def to_dict(self):
        data = super(GlpiInputError, self).to_dict()
        data['option'] = self.option
        return data


class GlpiApiError(GlpiError):
    """Any other error GLPI reported (ERROR_GLPI_ADD with a reason, ERROR_BAD_ARRAY, ERROR, ...)."""

    default_hint = "see GLPI's message; GLPI's logs (files/_log/php-errors.log, sql-errors.log) may say more"


class GlpiRequestError(GlpiApiError):
    """GLPI rejected the request shape (bad JSON, no ``input``, bad range, bad search criteria)."""

    default_hint = 'the request sent to GLPI was malformed; this is probably a bug in glpi.glpi, please report it'


class GlpiConflictError(GlpiError):
    """The server state conflicts with the request: duplicate entry, or the item changed since it was read (sha1)."""

    default_hint = 'the item changed in GLPI or already exists; read it again and retry'


class GlpiPartialError(GlpiError):
    """HTTP 207: a bulk add/update/delete where some items failed. ``results`` holds GLPI's per-item list."""

    default_hint = 'some items were applied and others not; see results'

    def __init__(self, message, results=None, **kwargs):
        self.results = results if results is not None else []
        super(GlpiPartialError, self).__init__(message, **kwargs)

    def to_dict(self):
        data = super(GlpiPartialError, self).to_dict()
        data['results'] = self.results
        return data


class GlpiBatchError(GlpiError):
    """Some elements of a task over many objects failed, others may have been written.

    ``result`` is the module result to report with the failure (per-element outcomes, summary,
    diff); ``written`` names the elements written, as for any error after a write."""

    def __init__(self, message, result=None, **kwargs):
        self.result = dict(result or {})
        super(GlpiBatchError, self).__init__(message, **kwargs)


def failure_result(error):
    """The module result of a task that failed with ``error``: the one shape of every failure
    (``msg``, ``error`` with the structured fields, ``changed`` when something was written)."""
    result = dict(getattr(error, 'result', None) or {})
    result.update(msg=str(error), error=error.to_dict(), changed=error.changed)
    return result


# ---------------------------------------------------------------------------
# Mapping of GLPI answers to exceptions
# ---------------------------------------------------------------------------

_APP_TOKEN_HINT = ('check app_token: it must be the App-Token of an active API client in Setup > General > API whose '
                   'IPv4 range allows this host')
_LOGIN_PARAMS_HINT = ('GLPI saw no credentials; the web server may strip the Authorization header '
                      '(Apache + PHP-FPM: add "CGIPassAuth On" or a SetEnvIf Authorization rule)')

# code -> (exception class, summary, hint or None for the class default)
_CODE_MAP = {
    'ERROR_GLPI_LOGIN': (GlpiAuthError, 'Login failed', 'check username and password; the account may be inactive'),
    'ERROR_GLPI_LOGIN_USER_TOKEN': (GlpiAuthError, 'Login failed',
                                    'check user_token (Remote access key in the user preferences, API access enabled in Setup > General > API)'),
    'ERROR_LOGIN_PARAMETERS_MISSING': (GlpiAuthError, 'Login failed', _LOGIN_PARAMS_HINT),
    'ERROR_APP_TOKEN_PARAMETERS_MISSING': (GlpiAuthError, 'App-Token missing', _APP_TOKEN_HINT),
    'ERROR_WRONG_APP_TOKEN_PARAMETER': (GlpiAuthError, 'App-Token refused', _APP_TOKEN_HINT),
    'ERROR_SESSION_TOKEN_MISSING': (GlpiAuthError, 'Session token missing', None),
    'ERROR_SESSION_TOKEN_INVALID': (GlpiSessionError, 'Session token invalid or expired', None),
    'ERROR_NOT_ALLOWED_IP': (GlpiAuthError, 'Host not allowed', 'add this host to the IPv4 range of the API client in Setup > General > API'),
    'ERROR_LOGIN_WITH_CREDENTIALS_DISABLED': (GlpiAuthError, 'Login with username/password is disabled',
                                              'enable "login with credentials" in Setup > General > API, or use user_token'),
    'ERROR_LOGIN_WITH_TOKEN_DISABLED': (GlpiAuthError, 'Login with user_token is disabled',
                                        'enable "login with external token" in Setup > General > API, or use username/password'),
    'ERROR_API_DISABLED': (GlpiAuthError, 'The REST API is disabled', 'enable the REST API in Setup > General > API'),
    'ERROR_RIGHT_MISSING': (GlpiPermissionError, 'Permission denied', None),
    'ERROR_ITEM_NOT_FOUND': (GlpiNotFoundError, 'Item not found', None),
    'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM': (GlpiNotFoundError, 'Unknown itemtype or endpoint',
                                                'check the itemtype name (e.g. Computer, NetworkPort) and that the plugin providing it is enabled'),
    'ERROR_RESOURCE_MISSING': (GlpiRequestError, 'Resource missing', None),
    'ERROR_RANGE_EXCEED_TOTAL': (GlpiRequestError, 'Range exceeds total', 'the list shrank while it was read; run again'),
    'ERROR_JSON_PAYLOAD_INVALID': (GlpiRequestError, 'Invalid JSON payload', None),
    'ERROR_JSON_PAYLOAD_FORBIDDEN': (GlpiRequestError, 'GET must not have a body', None),
    'ERROR_BAD_ARRAY': (GlpiRequestError, 'Bad input array', None),
    'ERROR_MASSIVEACTION_KEY': (GlpiRequestError, 'Invalid massive action', None),
    'ERROR_MASSIVEACTION_NO_IDS': (GlpiRequestError, 'Massive action without ids', None),
    'ERROR_GLPI_ADD': (GlpiApiError, 'GLPI refused to add the item', 'see the GLPI message; GLPI logs may say more'),
    'ERROR_GLPI_UPDATE': (GlpiApiError, 'GLPI refused to update the item', 'see the GLPI message; GLPI logs may say more'),
    'ERROR_GLPI_DELETE': (GlpiApiError, 'GLPI refused to delete the item', 'see the GLPI message; GLPI logs may say more'),
    'ERROR_GLPI_PARTIAL_ADD': (GlpiPartialError, 'Some items were not added', None),
    'ERROR_GLPI_PARTIAL_UPDATE': (GlpiPartialError, 'Some items were not updated', None),
    'ERROR_GLPI_PARTIAL_DELETE': (GlpiPartialError, 'Some items were not deleted', None),
    'ERROR': (GlpiRequestError, 'GLPI rejected the request', None),
}

_NO_PERMISSION = "you don't have permission"
_DUPLICATE_MARKERS = ('duplicate entry', 'already exists')


def lost_cause(error):
    """Why the answer to a write was lost, in a few words: ``HTTP 502``, ``no answer within the
    timeout`` or ``connection broken``; for the messages of a write that may have been applied."""
    if error.status is not None:
        return 'HTTP %s' % error.status
    if isinstance(error, GlpiTimeoutError):
        return 'no answer within the timeout'
    return 'connection broken'


def _text_of(value):
    """GLPI's second element: a string, null, [] or ''. Normalise to str or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return _DOC_SUFFIX_RE.sub('', value).strip() or None
    if isinstance(value, (list, dict)) and not value:
        return None
    return str(value)


def _classify_write_error(code, text):
    """Refine ERROR_GLPI_ADD/UPDATE/DELETE by their message (all are HTTP 400)."""
    low = (text or '').lower()
    if _NO_PERMISSION in low:
        return GlpiPermissionError, 'Permission denied', None
    if code == 'ERROR_GLPI_DELETE' and 'item not found' in low:
        return GlpiNotFoundError, 'Item not found', None
    if code == 'ERROR_GLPI_UPDATE' and text is None:
        return (GlpiNotFoundError, 'GLPI refused to update the item',
                'the item does not exist, or the id in the path differs from the id in input')
    if code == 'ERROR_GLPI_DELETE' and text is None:
        return GlpiApiError, 'GLPI refused to delete the item', 'this item cannot be deleted (e.g. the root entity)'
    if code == 'ERROR_GLPI_ADD' and text is None:
        return GlpiRequestError, 'GLPI refused to add the items', 'the input list was empty'
    if any(m in low for m in _DUPLICATE_MARKERS):
        return GlpiConflictError, 'Duplicate item', 'an item with the same unique key (e.g. name under the same parent) already exists'
    return None


def _v2_error(body):
    """(code, message) of GLPI 11's v2 error body ``{status, title, detail}``, else None."""
    if not (isinstance(body, dict) and isinstance(body.get('status'), str) and 'title' in body):
        return None
    detail = body.get('detail')
    text = ' '.join(t for t in (body.get('title'), detail if isinstance(detail, str) else None) if t)
    if isinstance(detail, dict) and detail:
        text += ' (%s)' % ', '.join('%s: %s' % item for item in sorted(detail.items()))
    return body['status'], text or None


def from_response(status, body, method=None, path=None, secrets=(), maybe_applied=False):
    """Build the right :class:`GlpiError` for an HTTP answer that is not a success.

    ``body`` is the decoded JSON (``["ERROR_X", message]`` for legacy GLPI errors, ``{status, title,
    detail}`` for GLPI 11's v2 API), a raw string when the answer was not JSON, or None/'' when
    empty. ``secrets`` are masked out of any text kept.
    """
    v2 = _v2_error(body)
    if v2:
        return _from_status(status, body, dict(method=method, path=path, status=status, code=v2[0],
                                               glpi_message=scrub(v2[1], secrets), maybe_applied=maybe_applied), v2=True)
    code = None
    glpi_message = None
    results = None
    if isinstance(body, list) and len(body) in (1, 2) and isinstance(body[0], str) and body[0].startswith('ERROR'):
        code = body[0]
        second = body[1] if len(body) > 1 else None
        if isinstance(second, list) and second and code.startswith('ERROR_GLPI_PARTIAL'):
            results = second
        else:
            glpi_message = _text_of(second)
    elif isinstance(body, str) and body.strip():
        snippet = body.strip()
        glpi_message = (snippet[:200] + '...') if len(snippet) > 200 else snippet
    glpi_message = scrub(glpi_message, secrets)
    kwargs = dict(method=method, path=path, status=status, code=code, glpi_message=glpi_message,
                  maybe_applied=maybe_applied, body=body if code is None and not isinstance(body, str) else None)

    if code:
        cls, summary, hint = _CODE_MAP.get(code, (GlpiApiError, 'GLPI error', None))
        if code in ('ERROR_GLPI_ADD', 'ERROR_GLPI_UPDATE', 'ERROR_GLPI_DELETE'):
            refined = _classify_write_error(code, glpi_message)
            if refined:
                cls, summary, hint = refined
        if code == 'ERROR_LOGIN_PARAMETERS_MISSING' and path and 'initSession' not in path:
            hint = None
        if cls is GlpiPartialError:
            return GlpiPartialError(summary, results=results, hint=hint, **kwargs)
        return cls(summary, hint=hint, **kwargs)
    return _from_status(status, body, kwargs)


def _from_status(status, body, kwargs, v2=False):
    """The error for an answer without a legacy error code, by its HTTP status (``v2``: GLPI 11's
    v2 API, whose every error carries its own code and message)."""
    if status is not None and status >= 500:
        if status in (502, 503, 504):
            summary = 'GLPI is unavailable (proxy or server overloaded)'
        else:
            summary = 'GLPI failed with an internal error'
        return GlpiServerError(summary, transient=status in (502, 503, 504), **kwargs)
    if status == 401:
        return GlpiAuthError('Authentication required', **kwargs)
    if status == 403:
        return GlpiPermissionError('Permission denied', **kwargs)
    if status == 404:
        return GlpiNotFoundError('Not found', hint=None if v2 else 'check url (it must lead to apirest.php) and the path',
                                 **kwargs)
    if status == 400 and v2:
        return GlpiRequestError('GLPI refused the request', **kwargs)
    if status == 422 and isinstance(body, dict):
        return GlpiApiError('GLPI could not apply the action to any item',
                            hint='none of the ids could be processed (missing items or missing rights); see body', **kwargs)
    if body in (None, '') or (isinstance(body, str) and not body.strip()):
        return GlpiResponseError('GLPI answered with an empty body',
                                 hint='GLPI answers an empty body for unknown searchText fields, malformed search '
                                      'criteria, non-object bulk input and unknown itemtypes in getMultipleItems',
                                 **kwargs)
    if isinstance(body, str):
        return GlpiResponseError('GLPI answered with something that is not JSON', **kwargs)
    return GlpiApiError('Unexpected answer from GLPI', **kwargs)
