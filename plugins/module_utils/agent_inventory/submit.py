# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sending a native inventory document to GLPI, as glpi-agent does.

* :func:`inventory_endpoint`: ``<site root>/front/inventory.php`` from the connection ``url``
  (any of its forms: site root, ``apirest.php``, ``api.php[/v1|/v2]``) or ``inventory_url`` as given.
* :func:`gzip_document` / :func:`decode_answer`: the body is gzip-compressed JSON sent with
  ``Content-Type: application/x-compress-gzip``; GLPI answers compressed the same way (10.0.12
  and 11.0.6), and plain JSON for errors raised before the request was read.
* :class:`InventorySender`: one POST per document through the collection's transport (keep-alive
  session, TLS settings, timeouts, typed network errors, secrets masked) with the agent's headers
  (``GLPI-Agent-ID``, ``User-Agent``) and the authentication strategy of ``auth.py``.
* :func:`answer_error`: GLPI's answers mapped to the typed errors (disabled inventory, refused
  document, refused authentication, server failure).

Retries: GLPI's import is idempotent for the same document (the findings, both versions: an
identical resubmission updates the same Computer and keeps the ids of its ports, addresses and
software links), so a submission whose answer was lost (timeout, cut-off answer, 502/503/504) is
sent again, with a warning, up to ``retries`` times.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import json
import re
import uuid

from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiApiError, GlpiAuthError, GlpiDependencyError, GlpiInputError, GlpiNotFoundError, GlpiResponseError, GlpiServerError,
    GlpiTimeoutError, from_response, scrub)
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import site_root
from ansible_collections.glpi.glpi.plugins.module_utils import validate
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.document import AGENT_VERSION
from ansible_collections.glpi.glpi.plugins.module_utils.transport import (
    DEFAULT_RETRIES, DEFAULT_TIMEOUT, HAS_REQUESTS, ApiResponse, Transport, verify_setting)

if HAS_REQUESTS:
    import requests

USER_AGENT = 'glpi.glpi-ansible/%s' % AGENT_VERSION
INVENTORY_PATH = 'front/inventory.php'
GZIP_TYPE = 'application/x-compress-gzip'
# GLPI-Agent-ID: glpi-agent sends a UUID; ours is derived from the deviceid, so it is stable.
_AGENT_ID_NAMESPACE = uuid.UUID('6f1c2f0e-3b8e-5d5e-9a57-6c1f6a0b7e11')
DISABLED_HINT = ("enable it in Administration > Inventory (\"Enable inventory\"), or through the API: PUT "
                 "apirest.php/Config/1 {\"input\": {\"config_context\": \"inventory\", \"enabled_inventory\": 1}} "
                 "(GLPI answers 400 ERROR_GLPI_UPDATE but stores the value)")
_AUTH_HINTS = {
    'none': ('GLPI 11 requires agent authentication (Administration > Inventory > Authorization header): set '
             'inventory_auth=oauth2 with client_id/client_secret (an OAuth client allowing the client_credentials '
             'grant and the inventory scope) or inventory_auth=basic with inventory_username/inventory_password'),
    'oauth2': ('GLPI refused the OAuth2 token: the OAuth client must allow the inventory scope, and Administration > '
               'Inventory > Authorization header must be "OAuth - Client credentials" (not basic authentication)'),
    'basic': ('check inventory_username/inventory_password against Administration > Inventory (basic_auth_login and '
              'its password); a password stored through the API (PUT Config) is kept unencrypted and never matches: '
              'set it in the UI; and the Authorization header setting must be "Basic authentication"'),
}


def inventory_endpoint(url=None, inventory_url=None):
    """The URL documents are POSTed to: ``inventory_url`` as given, else ``<site root>/front/inventory.php``."""
    if inventory_url:
        text = inventory_url.strip()
        if not re.match(r'^https?://[^/?#@]+(/[^?#]*)?$', text, re.IGNORECASE):
            raise GlpiInputError('inventory_url must be an http:// or https:// URL without credentials, query string '
                                 'or fragment (e.g. https://glpi.example.com/front/inventory.php)',
                                 option='inventory_url', value=text.split('?')[0])
        return text
    if not url:
        raise GlpiInputError('url (or inventory_url) is required to know where to send the inventory', option='url')
    return site_root(url) + '/' + INVENTORY_PATH


def token_base(url=None, inventory_url=None):
    """``<site root>/api.php`` for the OAuth2 token request (GLPI 11)."""
    if url:
        return site_root(url) + '/api.php'
    root = re.sub(r'/(front/inventory\.php|Inventory)/?$', '', inventory_endpoint(None, inventory_url).rstrip('/'))
    return root + '/api.php'


def agent_header_id(deviceid):
    """The ``GLPI-Agent-ID`` header for a deviceid: a UUID, the same for the same deviceid."""
    return str(uuid.uuid5(_AGENT_ID_NAMESPACE, deviceid))


def gzip_document(document):
    """The request body: compact UTF-8 JSON, gzip-compressed (mtime 0: the same document, the same bytes)."""
    data = json.dumps(document, separators=(',', ':'), ensure_ascii=False, sort_keys=True).encode('utf-8')
    return gzip.compress(data, mtime=0)


def decode_answer(content, content_type=None):
    """GLPI's answer: gunzipped when it is gzip (by type or magic bytes), then JSON, else text (None when empty)."""
    content = content or b''
    if content[:2] == b'\x1f\x8b' or 'gzip' in (content_type or '').lower():
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError):
            pass  # not gzip after all: keep the bytes as they came
    text = content.decode('utf-8', 'replace')
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _message_of(body):
    if isinstance(body, dict) and isinstance(body.get('message'), str):
        return body['message']
    return None


def answer_error(resp, path, auth_name='none', secrets=(), document_option='facts'):
    """The typed error for an answer that is not an accepted inventory, or None when it is one."""
    body, status = resp.body, resp.status
    where = dict(method='POST', path=path, status=status)
    if status == 200 and isinstance(body, dict) and (body.get('status') == 'ok' or body.get('RESPONSE') == 'SEND'):
        return None
    disabled = isinstance(body, str) and 'inventory is disabled' in body.lower()
    if disabled or status == 403:
        # 10.0: 200 text/html "Inventory is disabled". 11.0: 403 "Access denied", an HTML page, or with
        # Accept: application/json {"error": true, "title": "Access denied", "message": ...}; the endpoint
        # answers 403 for nothing else (InventoryController).
        return GlpiApiError("GLPI's native inventory is disabled", hint=DISABLED_HINT, **where)
    message = scrub(_message_of(body), secrets)
    if status == 400 and message:
        return GlpiInputError('GLPI refused the inventory document', option=document_option, glpi_message=message,
                              hint='the document does not follow the inventory format GLPI expects', **where)
    if status == 401:
        return GlpiAuthError('GLPI refused the inventory submission (agent authentication)', glpi_message=message,
                             hint=_AUTH_HINTS.get(auth_name, _AUTH_HINTS['none']), **where)
    if status >= 500:
        return GlpiServerError('GLPI failed to import the inventory', glpi_message=message,
                               transient=status in (502, 503, 504), **where)
    if status in (404, 405):
        return GlpiNotFoundError('No GLPI inventory endpoint at this address', glpi_message=message,
                                 hint='url must be the GLPI site root (or its apirest.php/api.php), or set '
                                      'inventory_url to <site root>/front/inventory.php', **where)
    if status == 200:
        return GlpiResponseError("GLPI's answer to the inventory is not an agent answer", glpi_message=scrub(
            message or (body if isinstance(body, str) else json.dumps(body))[:200], secrets),
            hint='inventory_url (or url) must lead to GLPI\'s front/inventory.php', **where)
    error = from_response(status, body, 'POST', path, secrets=secrets)
    if message and not error.glpi_message:
        error.glpi_message = message
    return error


class InventoryTransport(Transport):
    """The collection's Transport for one inventory URL: the body is already gzip bytes, the answer
    is decoded from gzip. Retries, backoff warnings and the typing of network errors are Transport's,
    except that a submission GLPI may still be importing (no answer in time, 504) is never sent again:
    two imports of a new device running at once could make two computers. It fails as maybe sent."""

    def _failure(self, exc, method, path):
        if isinstance(exc, requests.exceptions.ReadTimeout):
            raise self.still_importing('no answer within %s s' % self.timeout, method, path)
        return super(InventoryTransport, self)._failure(exc, method, path)

    def still_importing(self, what, method, path):
        return GlpiTimeoutError('GLPI at %s did not answer the inventory (%s): it may still be importing it, so it is '
                                'not sent again; run again once GLPI is done' % (self.base_url, what),
                                method=method, path=path, maybe_applied=True, transient=True)

    def send_once(self, method, path, params, json_body, extra_headers):
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT, 'Content-Type': GZIP_TYPE}
        headers.update(extra_headers or {})
        resp = self.http.request(method, self.base_url, data=json_body, headers=headers, timeout=self.timeout,
                                 verify=self.verify, allow_redirects=False)
        if resp.status_code == 504:
            raise self.still_importing('HTTP 504 from a proxy in front of it', method, path)
        answer = ApiResponse(resp.status_code, resp.headers, decode_answer(resp.content, resp.headers.get('Content-Type')))
        if 300 <= resp.status_code < 400:
            raise GlpiResponseError('GLPI answered the inventory with a redirect', method=method, path=path,
                                    status=resp.status_code,
                                    hint='set inventory_url (or url) to the final address %s'
                                         % scrub(resp.headers.get('Location', '?').split('?')[0], self.secrets))
        return answer


def inventory_transport(endpoint, options, secrets, log, sleep=None):
    """The InventoryTransport for ``endpoint`` with the connection's TLS, timeout and retries options."""
    if not HAS_REQUESTS:
        raise GlpiDependencyError('the Python library requests is needed on the controller to send inventories')
    validate.at_least('timeout', options.get('timeout'), 1)
    validate.at_least('retries', options.get('retries'), 0)
    retries = options.get('retries')
    kwargs = {'sleep': sleep} if sleep is not None else {}
    return InventoryTransport(endpoint, verify=verify_setting(options), timeout=float(options.get('timeout') or DEFAULT_TIMEOUT),
                              retries=DEFAULT_RETRIES if retries is None else max(0, int(retries)), secrets=secrets,
                              log=log, **kwargs)


class InventorySender:
    """Submits documents to one endpoint. Thread-safe (the bulk sends from a thread pool)."""

    def __init__(self, endpoint, options, auth, secrets, log=None, sleep=None):
        self.endpoint = endpoint
        self.path = re.sub(r'^https?://[^/]+', '', endpoint) or '/'
        self.auth = auth
        self.secrets = secrets
        self.transport = inventory_transport(endpoint, options, secrets, log, sleep=sleep)

    def send(self, document, document_option='facts'):
        """POST ``document``; returns GLPI's decoded answer (dict) or raises the typed error."""
        body = gzip_document(document)
        headers = {'GLPI-Agent-ID': agent_header_id(str(document.get('deviceid')))}
        resp = self._post(body, headers)
        if resp.status == 401 and self.auth.renew(headers):
            resp = self._post(body, headers)
        error = answer_error(resp, self.path, self.auth.name, self.secrets, document_option)
        if error is not None:
            error.attempts = resp.attempts
            raise error
        return resp.body

    def _post(self, body, headers):
        headers.update(self.auth.headers())
        self.secrets.extend(s for s in self.auth.secrets() if s not in self.secrets)
        # idempotent=True: resubmitting the same document after GLPI finished with it is safe (measured); what
        # GLPI may still be importing is not resent (InventoryTransport).
        return self.transport.send('POST', self.path, None, body, headers, True)
