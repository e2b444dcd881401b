# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""transport.Transport alone: retries, error mapping and secret masking, through its seams
(``http``: anything with ``request(...)``; ``sleep``; ``backoff_base``), no session, no client."""
from __future__ import absolute_import, division, print_function

import pytest
import requests
from urllib3.exceptions import NewConnectionError

from glpi_fake import APP_TOKEN, SESSION, USER_TOKEN, Recorder, make_response

from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiAuthError,
    GlpiConnectionError,
    GlpiResponseError,
    GlpiServerError,
    GlpiTimeoutError,
    GlpiTLSError,
)
from ansible_collections.glpi.glpi.plugins.module_utils.transport import BACKOFF_MAX, Transport, verify_setting

BASE = 'https://glpi.example.test/apirest.php'


class Http:
    """Stands in for the requests.Session: answers (or raises) in turn, the last one sticks."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return make_response(answer, url)


def transport(*answers, retries=2, **kwargs):
    log = Recorder()
    sleeps = []
    secrets = kwargs.pop('secrets', [APP_TOKEN, USER_TOKEN])
    tr = Transport(BASE, retries=retries, app_token=APP_TOKEN, secrets=secrets, log=log, sleep=sleeps.append, **kwargs)
    tr.http = Http(*answers)
    tr.sleeps, tr.recorder = sleeps, log
    return tr


def refused():
    """What requests raises when nothing listens: the request never left."""
    return requests.exceptions.ConnectionError(NewConnectionError(None, 'Connection refused'))


# ---------------------------------------------------------------------------- retries

@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
def test_idempotent_request_retried_on_502_503_504_then_answered(method):
    tr = transport(502, 503, (200, {'ok': True}))
    resp = tr.send(method, 'Computer/1', None, None, {}, True)
    assert resp.status == 200 and resp.attempts == 3
    assert tr.sleeps == [0.5, 1.0]
    assert [w.split(': ', 1)[1] for w in tr.recorder.warnings] == [
        'HTTP 502; retrying in 0.5 s (retry 1 of 2)', 'HTTP 503; retrying in 1.0 s (retry 2 of 2)']


def test_post_is_not_retried_on_a_server_error_and_maps_to_maybe_applied():
    tr = transport(502, (201, {'id': 1}))
    resp = tr.send('POST', 'Computer', None, {'input': {}}, {}, False)
    assert resp.status == 502 and resp.attempts == 1 and tr.sleeps == []
    error = tr.error(resp, 'POST', 'Computer', idempotent=False)
    assert isinstance(error, GlpiServerError) and error.maybe_applied and error.attempts == 1


def test_post_retried_when_the_connection_was_refused():
    tr = transport(refused(), (201, {'id': 7}))
    assert tr.send('POST', 'Computer', None, {'input': {}}, {}, False).body == {'id': 7}
    assert len(tr.http.sent) == 2 and tr.sleeps == [0.5]


@pytest.mark.parametrize('exc, what', [
    (requests.exceptions.ReadTimeout('read timed out'), 'read timeout'),
    (requests.exceptions.ChunkedEncodingError('cut'), 'answer cut off'),
    (requests.exceptions.ConnectionError('reset by peer'), 'connection error'),
])
def test_post_that_may_have_reached_glpi_is_never_retried(exc, what):
    tr = transport(exc, (201, {'id': 7}))
    with pytest.raises(GlpiConnectionError) as err:
        tr.send('POST', 'Computer', None, {'input': {}}, {}, False)
    assert len(tr.http.sent) == 1 and tr.sleeps == []
    assert err.value.maybe_applied is True and err.value.transient is True and err.value.attempts == 1
    assert what in str(err.value)


def test_retries_exhausted_raise_a_timeout_naming_the_attempts():
    tr = transport(requests.exceptions.ConnectTimeout('connect timed out'))
    with pytest.raises(GlpiTimeoutError) as err:
        tr.send('GET', 'Computer', None, None, {}, True)
    assert err.value.attempts == 3 and err.value.maybe_applied is False
    assert 'connect timeout after 3 attempts' in str(err.value)
    assert tr.sleeps == [0.5, 1.0]


def test_last_retryable_answer_is_returned_after_the_retries():
    tr = transport(503, retries=1)
    resp = tr.send('GET', 'Computer', None, None, {}, True)
    assert resp.status == 503 and resp.attempts == 2


def test_no_retry_with_retries_zero():
    tr = transport(503, retries=0)
    assert tr.send('GET', 'Computer', None, None, {}, True).attempts == 1
    assert tr.sleeps == [] and tr.recorder.warnings == []


def test_backoff_base_seam_and_cap():
    tr = transport(503, retries=6, backoff_base=2.0)
    tr.send('GET', 'Computer', None, None, {}, True)
    assert tr.sleeps == [2.0, 4.0, BACKOFF_MAX, BACKOFF_MAX, BACKOFF_MAX, BACKOFF_MAX]


def test_tls_error_is_not_retried():
    tr = transport(requests.exceptions.SSLError('certificate verify failed'))
    with pytest.raises(GlpiTLSError):
        tr.send('GET', 'initSession', None, None, {}, True)
    assert len(tr.http.sent) == 1


def test_other_request_errors_map_to_connection_errors():
    tr = transport(requests.exceptions.InvalidURL('bad url'))
    with pytest.raises(GlpiConnectionError) as err:
        tr.send('GET', 'Computer', None, None, {}, True)
    assert not isinstance(err.value, GlpiTimeoutError) and len(tr.http.sent) == 1


# ---------------------------------------------------------------------------- request building

def test_request_carries_app_token_user_agent_json_and_php_params():
    tr = transport((200, []))
    tr.send('POST', '/Computer', {'criteria': [{'field': 1}], 'expand_dropdowns': True}, {'input': {'name': 'x'}},
            {'Session-Token': SESSION}, False)
    method, url, kwargs = tr.http.sent[0]
    assert (method, url) == ('POST', BASE + '/Computer')
    assert kwargs['headers']['App-Token'] == APP_TOKEN and kwargs['headers']['Session-Token'] == SESSION
    assert kwargs['headers']['User-Agent'] == 'ansible-glpi.glpi' and kwargs['headers']['Content-Type'] == 'application/json'
    assert kwargs['params'] == [('criteria[0][field]', '1'), ('expand_dropdowns', 'true')]
    assert kwargs['allow_redirects'] is False and kwargs['data'] == '{"input": {"name": "x"}}'


def test_called_as_a_function_it_is_the_auth_strategies_transport():
    tr = transport((200, {'session_token': SESSION}))
    resp = tr('GET', 'initSession', headers={'Authorization': 'user_token ' + USER_TOKEN})
    assert resp.body == {'session_token': SESSION}
    assert tr.http.sent[0][2]['headers']['Authorization'] == 'user_token ' + USER_TOKEN


def test_bodies_decoded_json_text_or_none():
    assert transport((200, {'a': 1})).send('GET', 'x', None, None, {}, True).body == {'a': 1}
    assert transport((500, 'Fatal error', {'Content-Type': 'text/html'})).send('GET', 'x', None, None, {}, True).body == 'Fatal error'
    assert transport((200, '')).send('GET', 'x', None, None, {}, True).body is None


@pytest.mark.parametrize('options, verify', [
    ({}, True), ({'validate_certs': None}, True), ({'validate_certs': False, 'ca_path': '/ca.pem'}, False),
    ({'validate_certs': True, 'ca_path': '/ca.pem'}, '/ca.pem'),
])
def test_verify_setting(options, verify):
    assert verify_setting(options) == verify


# ---------------------------------------------------------------------------- masking

def test_secrets_masked_in_network_errors_and_retry_warnings():
    tr = transport(requests.exceptions.ConnectionError('boom user_token=%s App-Token %s' % (USER_TOKEN, APP_TOKEN)))
    with pytest.raises(GlpiConnectionError) as err:
        tr.send('GET', 'Computer', None, None, {}, True)
    text = str(err.value) + ' '.join(tr.recorder.warnings)
    assert USER_TOKEN not in text and APP_TOKEN not in text and '***' in str(err.value)


def test_a_token_added_later_to_the_secrets_is_masked_too():
    secrets = [APP_TOKEN]
    tr = transport((401, ['ERROR_SESSION_TOKEN_INVALID', 'session %s is gone' % SESSION]), secrets=secrets)
    secrets.append(SESSION)  # what the session does with every token it holds
    resp = tr.send('GET', 'Computer/1', None, None, {'Session-Token': SESSION}, True)
    error = tr.error(resp, 'GET', 'Computer/1', idempotent=True)
    assert isinstance(error, GlpiAuthError) and SESSION not in str(error) and SESSION not in repr(error.glpi_message)
    tr.log.warn('echo %s' % SESSION)
    assert SESSION not in tr.recorder.warnings[-1]


def test_redirect_is_an_error_without_the_query_string():
    tr = transport((302, '', {'Location': 'https://other.example/apirest.php/initSession?user_token=%s' % USER_TOKEN}))
    with pytest.raises(GlpiResponseError) as err:
        tr.send('GET', 'initSession', None, None, {}, True)
    assert USER_TOKEN not in err.value.hint and 'https://other.example/apirest.php/initSession' in err.value.hint
