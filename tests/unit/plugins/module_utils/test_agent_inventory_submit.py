# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""agent_inventory/submit.py and auth.py: endpoint, gzip, GLPI's answers (the bodies recorded on
GLPI 10.0.12 and 11.0.6, shared/glpi-reference*/) mapped to typed errors, headers, retries."""
from __future__ import absolute_import, division, print_function

import base64
import gzip
import json

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory import auth as inv_auth
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory import submit
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiApiError, GlpiAuthError, GlpiConnectionError, GlpiInputError, GlpiNotFoundError, GlpiServerError, GlpiTimeoutError)

DOC = {"action": "inventory", "deviceid": "web-01-2026", "itemtype": "Computer",
       "content": {"versionclient": "glpi.glpi-ansible-0.1.0", "hardware": {"name": "web-01"}}}
ENDPOINT = 'https://glpi.example.test/front/inventory.php'
JSON = 'application/json'
GZ = 'application/x-compress-gzip'
HTML = 'text/html; charset=UTF-8'


@pytest.mark.parametrize('url', ['https://glpi.example.test', 'https://glpi.example.test/', 'https://glpi.example.test/apirest.php',
                                 'https://glpi.example.test/api.php', 'https://glpi.example.test/api.php/v1',
                                 'https://glpi.example.test/api.php/v2', 'https://glpi.example.test/api.php/v2/'])
def test_endpoint_from_any_form_of_url(url):
    assert submit.inventory_endpoint(url) == ENDPOINT


def test_endpoint_below_a_path_and_the_override():
    assert submit.inventory_endpoint('http://h:8820/glpi/apirest.php') == 'http://h:8820/glpi/front/inventory.php'
    assert submit.inventory_endpoint('https://x', 'https://other.test/Inventory') == 'https://other.test/Inventory'
    assert submit.token_base(None, 'https://other.test/g/front/inventory.php') == 'https://other.test/g/api.php'
    assert submit.token_base('https://glpi.example.test/apirest.php') == 'https://glpi.example.test/api.php'


@pytest.mark.parametrize('url,option', [(None, 'url'), ('ftp://x', 'url')])
def test_endpoint_refuses_missing_or_bad_url(url, option):
    with pytest.raises(GlpiInputError) as info:
        submit.inventory_endpoint(url)
    assert info.value.option == option


def test_inventory_url_with_credentials_refused():
    with pytest.raises(GlpiInputError) as info:
        submit.inventory_endpoint(None, 'https://u:p@h/front/inventory.php')
    assert info.value.option == 'inventory_url'


def test_gzip_round_trip_and_stable_bytes():
    body = submit.gzip_document(DOC)
    assert body[:2] == b'\x1f\x8b'
    assert json.loads(gzip.decompress(body)) == DOC
    assert submit.gzip_document(DOC) == body
    assert submit.decode_answer(body, GZ) == DOC


def test_decode_answer_plain_json_text_and_empty():
    assert submit.decode_answer(b'{"RESPONSE":"SEND"}', JSON) == {"RESPONSE": "SEND"}
    assert submit.decode_answer(b'Inventory is disabled', HTML) == 'Inventory is disabled'
    assert submit.decode_answer(b'', HTML) is None


def test_agent_id_is_a_stable_uuid():
    first = submit.agent_header_id('web-01-2026')
    assert first == submit.agent_header_id('web-01-2026') != submit.agent_header_id('web-02')
    assert len(first) == 36


# ---------------------------------------------------------------------------- GLPI's answers

def answer(status, body, ctype=JSON, gz=False, headers=None):
    resp = requests.Response()
    resp.status_code = status
    data = body if isinstance(body, bytes) else (json.dumps(body) if not isinstance(body, str) else body).encode('utf-8')
    if gz:
        data = gzip.compress(data)
    resp._content = data
    resp.headers = CaseInsensitiveDict({'Content-Type': ctype})
    resp.headers.update(headers or {})
    return resp


class Http:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        item = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(item, BaseException):
            raise item
        return item


class Log:
    def __init__(self):
        self.warnings = []

    def debug(self, msg):
        pass

    def warn(self, msg):
        self.warnings.append(msg)


def sender(*answers, auth=None, retries=2):
    log = Log()
    secrets = []
    snd = submit.InventorySender(ENDPOINT, {'retries': retries, 'timeout': 5}, auth or inv_auth.NoAuth(), secrets, log=log,
                                 sleep=lambda delay: None)
    snd.transport.http = Http(*answers)
    snd.log = log
    return snd


def test_accepted_answers_gzip_and_legacy():
    assert sender(answer(200, {"expiration": "24", "status": "ok"}, GZ, gz=True)).send(DOC) == {"expiration": "24", "status": "ok"}
    assert sender(answer(200, {"RESPONSE": "SEND"}, GZ, gz=True)).send(DOC) == {"RESPONSE": "SEND"}


def test_request_headers_and_body():
    snd = sender(answer(200, {"status": "ok"}, GZ, gz=True))
    snd.send(DOC)
    method, url, kwargs = snd.transport.http.sent[0]
    assert (method, url) == ('POST', ENDPOINT)
    headers = kwargs['headers']
    assert headers['Content-Type'] == 'application/x-compress-gzip'
    assert headers['GLPI-Agent-ID'] == submit.agent_header_id(DOC['deviceid'])
    assert headers['User-Agent'].startswith('glpi.glpi-ansible/')
    assert 'Authorization' not in headers
    assert json.loads(gzip.decompress(kwargs['data'])) == DOC


def test_disabled_on_10_0_is_a_clear_error():
    with pytest.raises(GlpiApiError) as info:
        sender(answer(200, 'Inventory is disabled', HTML)).send(DOC)
    assert "native inventory is disabled" in str(info.value) and 'enabled_inventory' in str(info.value)


@pytest.mark.parametrize('body,ctype', [
    ('<!DOCTYPE html><html><head><title>Access denied - GLPI</title></head><body>Access denied</body></html>', HTML),
    # 11.0.6 with Accept: application/json (measured: the collection sends that Accept header).
    ({"error": True, "title": "Access denied", "message": "You don't have permission to perform this action.",
      "trace": None}, JSON)])
def test_disabled_on_11_0_is_a_clear_error(body, ctype):
    with pytest.raises(GlpiApiError) as info:
        sender(answer(403, body, ctype)).send(DOC)
    assert "native inventory is disabled" in str(info.value) and info.value.status == 403


@pytest.mark.parametrize('message', [
    'JSON not well formed!',
    'JSON does not validate. Violations:\nAdditional properties not allowed: unknown_key at '
    '#->properties:content->properties:hardware\n'])
def test_refused_document_keeps_glpis_text(message):
    with pytest.raises(GlpiInputError) as info:
        sender(answer(400, {"status": "error", "message": message, "expiration": 24})).send(DOC)
    assert info.value.glpi_message == message
    assert info.value.option == 'facts'
    assert message.splitlines()[0] in str(info.value)


@pytest.mark.parametrize('auth_name,message,what', [
    ('none', 'Authorization header required to send an inventory', 'inventory_auth=oauth2'),
    ('oauth2', 'Access denied. Agent must authenticate using client credentials and have the "inventory" OAuth scope',
     'inventory scope'),
    ('basic', 'Access denied. Wrong login or password for basic authentication.', 'inventory_password'),
])
def test_refused_authentication_quotes_glpi_and_says_what_to_set(auth_name, message, what):
    resp = answer(401, {"status": "error", "message": message, "expiration": 24}, GZ, gz=True)
    error = submit.answer_error(submit.ApiResponse(401, resp.headers, submit.decode_answer(resp.content, GZ)),
                                '/front/inventory.php', auth_name)
    assert isinstance(error, GlpiAuthError)
    assert message in str(error) and what in str(error)


def test_server_error_and_not_found():
    with pytest.raises(GlpiServerError):
        sender(answer(500, {"status": "error", "message": "Something went wrong", "expiration": 24}), retries=0).send(DOC)
    with pytest.raises(GlpiNotFoundError):
        sender(answer(404, '<html>Not Found</html>', HTML)).send(DOC)


def test_resubmission_after_a_lost_answer_is_retried_with_a_warning():
    snd = sender(answer(502, '<html>Bad Gateway</html>', HTML), answer(200, {"status": "ok"}, GZ, gz=True))
    assert snd.send(DOC) == {"status": "ok"}
    assert len(snd.transport.http.sent) == 2
    assert 'retrying' in snd.log.warnings[0]


def test_connection_refused_is_typed():
    from urllib3.exceptions import NewConnectionError
    refused = requests.exceptions.ConnectionError(NewConnectionError(None, 'Connection refused'))
    with pytest.raises(GlpiConnectionError):
        sender(refused, retries=0).send(DOC)


# ---------------------------------------------------------------------------- agent authentication

def test_basic_auth_header_and_secret_scrubbed():
    basic = inv_auth.select_inventory_auth({'inventory_auth': 'basic', 'inventory_username': 'agent',
                                            'inventory_password': 's3cret-pw'})
    snd = sender(answer(401, {"status": "error", "message": "Access denied. Wrong login or password for basic "
                                                            "authentication. s3cret-pw", "expiration": 24}), auth=basic)
    with pytest.raises(GlpiAuthError) as info:
        snd.send(DOC)
    sent = snd.transport.http.sent[0][2]['headers']['Authorization']
    assert sent == 'Basic ' + base64.b64encode(b'agent:s3cret-pw').decode()
    assert 's3cret-pw' not in str(info.value) and len(snd.transport.http.sent) == 1


@pytest.mark.parametrize('options,option', [
    ({'inventory_auth': 'basic', 'inventory_password': 'x'}, 'inventory_username'),
    ({'inventory_auth': 'basic', 'inventory_username': 'agent'}, 'inventory_password'),
    ({'inventory_auth': 'oauth2', 'client_secret': 'x'}, 'client_id'),
    ({'inventory_auth': 'oauth2', 'client_id': 'x'}, 'client_secret'),
    ({'inventory_auth': 'kerberos'}, 'inventory_auth'),
])
def test_auth_options_checked(options, option):
    with pytest.raises(GlpiInputError) as info:
        inv_auth.select_inventory_auth(options)
    assert info.value.option == option


class FakeSource:
    def __init__(self):
        self.tokens = ['tok-1', 'tok-2']
        self.replaced = []

    def current(self):
        return self.tokens[0]

    def replace(self, sent):
        self.replaced.append(sent)
        self.tokens.pop(0)
        return self.tokens[0]


def test_oauth2_bearer_renewed_once_after_401():
    bearer = inv_auth.BearerAuth('cid', 'csecret', transport=None, use_cache=False)
    bearer.source = FakeSource()
    refused = answer(401, {"status": "error", "message": "Authorization header required to send an inventory",
                           "expiration": 24})
    snd = sender(refused, answer(200, {"status": "ok"}, GZ, gz=True), auth=bearer)
    assert snd.send(DOC) == {"status": "ok"}
    sent = [call[2]['headers']['Authorization'] for call in snd.transport.http.sent]
    assert sent == ['Bearer tok-1', 'Bearer tok-2'] and bearer.source.replaced == ['tok-1']


def test_oauth2_asks_for_the_inventory_scope():
    bearer = inv_auth.BearerAuth('cid', 'csecret', transport=None, use_cache=False)
    assert bearer.oauth._form('client_credentials')['scope'] == 'inventory'


@pytest.mark.parametrize('lost', [requests.exceptions.ReadTimeout('read timed out'), 'HTTP 504'])
def test_a_submission_glpi_may_still_be_importing_is_not_sent_again(lost):
    # Two imports of a new device running at once could make two computers: no resend, reported as maybe sent.
    first = lost if not isinstance(lost, str) else answer(504, '<html>Gateway Time-out</html>', HTML)
    snd = sender(first, answer(200, {"status": "ok"}, GZ, gz=True))
    with pytest.raises(GlpiTimeoutError) as error:
        snd.send(DOC)
    assert len(snd.transport.http.sent) == 1
    assert error.value.maybe_applied and 'not sent again' in str(error.value)
