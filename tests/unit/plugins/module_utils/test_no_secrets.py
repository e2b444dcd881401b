# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tokens and passwords never appear in exception text, repr, to_dict, warnings or debug messages."""
from __future__ import absolute_import, division, print_function

import json

import pytest
import requests

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError

from glpi_fake import BASE, PASSWORD, SECRETS, SESSION


def _assert_clean(err, log):
    texts = [str(err), repr(err), json.dumps(err.to_dict(), default=str)] + log.debugs + log.warnings
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, (secret, text)


def _url_with_secrets():
    # What requests puts in its exception text when the credentials travel in the query string.
    return '%s/initSession?user_token=%s&app_token=%s' % (BASE, SECRETS[1], SECRETS[0])


@pytest.mark.parametrize('failure', [
    requests.exceptions.ConnectionError("HTTPSConnectionPool: Max retries exceeded with url: " + _url_with_secrets()),
    requests.exceptions.SSLError('certificate verify failed for ' + _url_with_secrets()),
    requests.exceptions.ReadTimeout('Read timed out. url=' + _url_with_secrets()),
    requests.exceptions.InvalidURL('bad url ' + _url_with_secrets()),
])
def test_transport_exceptions_are_scrubbed(fake_glpi, make_client, log, failure):
    fake_glpi.route('GET', 'initSession', ['login_parameters_missing', failure])
    with pytest.raises(GlpiError) as err:
        make_client(retries=1).get_item('Computer', 1)
    _assert_clean(err.value, log)


def test_login_failures_do_not_echo_credentials(fake_glpi, make_client, log):
    fake_glpi.route('GET', 'initSession', (401, ['ERROR_GLPI_LOGIN', 'Incorrect username or password for %s' % PASSWORD]))
    with pytest.raises(GlpiError) as err:
        make_client(user_token=None, username='glpi', password=PASSWORD).get_item('Computer', 1)
    _assert_clean(err.value, log)


def test_session_errors_do_not_show_session_token(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'Computer/1', (401, ['ERROR_SESSION_TOKEN_INVALID', 'session_token %s seems invalid' % SESSION]))
    with pytest.raises(GlpiError) as err:
        make_client().get_item('Computer', 1)
    _assert_clean(err.value, log)


def test_retry_warnings_do_not_show_query_credentials(fake_glpi, make_client, log):
    fake_glpi.route('GET', 'initSession', ['login_parameters_missing', 503, (200, {'session_token': SESSION})])
    fake_glpi.route('GET', 'Computer/1', 'item_computer_32')
    make_client().get_item('Computer', 1)
    assert log.warnings
    for text in log.warnings + log.debugs:
        for secret in SECRETS:
            assert secret not in text


def test_client_repr_has_no_secret(make_client):
    client = make_client()
    assert all(secret not in repr(client) for secret in SECRETS)
    assert all(secret not in repr(client.auth) for secret in SECRETS)


RELIABILITY_CASES = [
    {"area": "Secrets", "case": "GLPI error body echoing the app token and the session token",
     "outcome": "masked in the exception text, its repr and to_dict (what modules return as msg and error)",
     "test": "test_glpi_error_bodies_echoing_secrets_are_scrubbed"},
    {"area": "Secrets", "case": "retried 503 whose body echoes the session token", "outcome": "masked in the retry warning and debug lines",
     "test": "test_retry_warning_does_not_echo_an_answer_secret"},
    {"area": "Secrets", "case": "transport errors (connection, TLS, timeout, bad URL) quoting credentials in the query string",
     "outcome": "masked in the exception text", "test": "test_transport_exceptions_are_scrubbed"},
]


@pytest.mark.parametrize('body', [
    ['ERROR', 'bad token %s, session %s' % (SECRETS[0], SESSION)],
    '<html>App-Token: %s Session-Token: %s</html>' % (SECRETS[0], SESSION),
])
def test_glpi_error_bodies_echoing_secrets_are_scrubbed(fake_glpi, make_client, log, body):
    fake_glpi.standard().route('GET', 'Computer/1', (400, body))
    with pytest.raises(GlpiError) as err:
        make_client().get_item('Computer', 1)
    _assert_clean(err.value, log)


def test_retry_warning_does_not_echo_an_answer_secret(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'Computer/1', [(503, '<html>upstream busy, Session-Token: %s</html>' % SESSION), 'item_computer_32'])
    make_client().get_item('Computer', 1)
    assert log.warnings
    for text in log.warnings + log.debugs:
        for secret in SECRETS:
            assert secret not in text, (secret, text)
