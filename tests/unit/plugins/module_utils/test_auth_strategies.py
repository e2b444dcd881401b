# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The auth strategies (auth.py) and the session that drives them (session.py), each through its
seams: a scripted transport instead of HTTP, a strategy instead of GLPI, no GlpiClient."""
from __future__ import absolute_import, division, print_function

import base64

import pytest

from glpi_fake import PASSWORD, SESSION, USER_TOKEN

from ansible_collections.glpi.glpi.plugins.module_utils.auth import BasicAuth, GlpiAuth, SessionTokenAuth, UserTokenAuth
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiAuthError, GlpiInputError, GlpiResponseError
from ansible_collections.glpi.glpi.plugins.module_utils.session import Session
from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache
from ansible_collections.glpi.glpi.plugins.module_utils.transport import ApiResponse

MISSING = (400, ['ERROR_LOGIN_PARAMETERS_MISSING', 'parameter(s) login, password or user_token are missing'])


class ScriptedTransport:
    """``transport(method, path, headers=, params=)`` and ``send_once``: answers in turn, the last sticks."""

    def __init__(self, *answers):
        self.answers = list(answers) or [(200, {'session_token': SESSION})]
        self.calls = []

    def __call__(self, method, path, headers=None, params=None):
        self.calls.append((method, path, dict(headers or {}), dict(params or {})))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return ApiResponse(answer[0], {}, answer[1])

    def send_once(self, method, path, params, json_body, headers):
        return self(method, path, headers=headers, params=params)


# ---------------------------------------------------------------------------- strategies

@pytest.mark.parametrize('auth, header', [
    (UserTokenAuth({'user_token': USER_TOKEN}), 'user_token ' + USER_TOKEN),
    (BasicAuth({'username': 'glpi', 'password': PASSWORD}),
     'Basic ' + base64.b64encode(('glpi:' + PASSWORD).encode()).decode()),
])
def test_login_strategies_open_a_session_with_the_authorization_header(auth, header):
    transport = ScriptedTransport()
    debugs = []
    assert auth.init_session(transport, debugs.append) == SESSION
    assert transport.calls == [('GET', 'initSession', {'Authorization': header}, {})]
    assert auth.opens_session and debugs == ['GLPI initSession: new session opened with %s' % auth.describe()]


@pytest.mark.parametrize('auth, params', [
    (UserTokenAuth({'user_token': USER_TOKEN}), {'user_token': USER_TOKEN}),
    (BasicAuth({'username': 'glpi', 'password': PASSWORD}), {'login': 'glpi', 'password': PASSWORD}),
])
def test_stripped_authorization_header_retried_once_in_the_query_string(auth, params):
    transport = ScriptedTransport(MISSING, (200, {'session_token': SESSION}))
    debugs = []
    assert auth.init_session(transport, debugs.append) == SESSION
    assert transport.calls[1] == ('GET', 'initSession', {}, params)
    assert all(PASSWORD not in d and USER_TOKEN not in d for d in debugs)


def test_refused_login_raises_the_mapped_error_without_the_credentials():
    auth = UserTokenAuth({'user_token': USER_TOKEN})
    transport = ScriptedTransport((401, ['ERROR_GLPI_LOGIN_USER_TOKEN', 'invalid user_token %s' % USER_TOKEN]))
    with pytest.raises(GlpiAuthError) as err:
        auth.init_session(transport)
    assert err.value.path == 'initSession' and USER_TOKEN not in str(err.value) and len(transport.calls) == 1


@pytest.mark.parametrize('body', [{}, {'session_token': ''}, {'session_token': 5}, 'text', None])
def test_login_answer_without_a_token_is_a_response_error(body):
    with pytest.raises(GlpiResponseError):
        UserTokenAuth({'user_token': USER_TOKEN}).init_session(ScriptedTransport((200, body)))


def test_session_token_strategy_sends_nothing_and_cannot_renew():
    auth = SessionTokenAuth({'session_token': SESSION})
    transport = ScriptedTransport()
    assert auth.init_session(transport) == SESSION and transport.calls == []
    assert not auth.opens_session
    error = auth.expired_error('GET', 'Computer/1')
    assert isinstance(error, GlpiAuthError) and error.code == 'ERROR_SESSION_TOKEN_INVALID' and SESSION not in str(error)


def test_interface_shared_by_every_strategy():
    auth = UserTokenAuth({'user_token': USER_TOKEN})
    assert auth.session_headers('t') == {'Session-Token': 't'}
    assert auth.is_expired(ApiResponse(401, {}, ['ERROR_SESSION_TOKEN_INVALID', 'x']))
    assert not auth.is_expired(ApiResponse(401, {}, ['ERROR_GLPI_LOGIN_USER_TOKEN', 'x']))
    assert not auth.is_expired(ApiResponse(200, {}, ['ERROR_SESSION_TOKEN_INVALID']))
    transport = ScriptedTransport((200, True))
    auth.end_session(transport, 't')
    assert transport.calls == [('GET', 'killSession', {'Session-Token': 't'}, {})]
    for method in ('validate', 'identity', 'credentials'):
        with pytest.raises(NotImplementedError):
            getattr(GlpiAuth({}), method)()


# ---------------------------------------------------------------------------- session over a strategy

def session(auth=None, transport=None, cache=None, scoped=False):
    auth = auth or UserTokenAuth({'user_token': USER_TOKEN})
    transport = transport or ScriptedTransport((200, {'session_token': SESSION}), (200, {'session_token': 'second'}))
    sess = Session(auth, transport, cache=cache, cache_id=('https://g/apirest.php', None, None, None), secrets=[],
                   scoped=scoped)
    sess.logins = []
    sess.on_login = lambda: sess.logins.append(sess.token)
    return sess


def test_open_logs_in_once_applies_the_scope_and_masks_the_token():
    sess = session()
    assert sess.current_token() == SESSION and sess.current_token() == SESSION
    assert [c[1] for c in sess.transport.calls] == ['initSession']
    assert sess.logins == [SESSION] and sess.source == 'login' and SESSION in sess.secrets
    assert sess.headers() == {'Session-Token': SESSION}


def test_cached_session_reused_without_a_request(tmp_path):
    cache = SessionCache(directory=str(tmp_path))
    first = session(cache=cache)
    first.open()
    first.scope = {'id': 3, 'recursive': True}
    first.store()
    first.close()
    assert [c[1] for c in first.transport.calls] == ['initSession']  # cached: not killed
    second = session(cache=cache)
    assert second.current_token() == SESSION and second.transport.calls == []
    assert second.source == 'cache' and second.scope == {'id': 3, 'recursive': True} and second.logins == []


def test_renew_drops_the_cache_and_logs_in_again(tmp_path):
    cache = SessionCache(directory=str(tmp_path))
    sess = session(cache=cache)
    sess.open()
    assert sess.renew(SESSION, 'GET', 'Computer/1') == 'second'
    assert cache.load(sess.cache_key)['session_token'] == 'second'
    assert sess.renew(SESSION, 'GET', 'Computer/1') == 'second'  # refused the old token: already renewed
    assert [c[1] for c in sess.transport.calls] == ['initSession', 'initSession']


def test_refused_after_renewal_forgets_the_token():
    sess = session()
    sess.open()
    error = sess.refused(SESSION, 'GET', 'Computer/1')
    assert error.code == 'ERROR_SESSION_TOKEN_INVALID' and 'session.save_path' in error.hint and sess.token is None


def test_no_second_login_from_inside_a_login():
    sess = session()
    errors = []

    def on_login():
        try:
            sess.renew(sess.token, 'GET', 'getMyProfiles')
        except GlpiAuthError as exc:
            errors.append(exc)
            raise
    sess.on_login = on_login
    with pytest.raises(GlpiAuthError):
        sess.open()
    assert len(errors) == 1 and sess.token is None
    assert [c[1] for c in sess.transport.calls] == ['initSession', 'killSession']  # the unscoped session is ended


def test_scope_failure_ends_the_new_session():
    sess = session()

    def on_login():
        raise GlpiInputError('no such entity', option='entity')
    sess.on_login = on_login
    with pytest.raises(GlpiInputError):
        sess.open()
    assert [c[1] for c in sess.transport.calls] == ['initSession', 'killSession'] and sess.token is None


def test_given_session_token_is_used_as_is():
    sess = session(auth=SessionTokenAuth({'session_token': SESSION}))
    assert sess.current_token() == SESSION and sess.source == 'given' and sess.logins == []
    with pytest.raises(GlpiAuthError) as err:
        sess.renew(SESSION, 'GET', 'Computer/1')
    assert 'cannot be renewed' in err.value.hint
    sess.close()
    assert sess.transport.calls == []  # never killed: it is not ours


def test_given_session_token_scoped_when_an_entity_or_profile_is_asked():
    sess = session(auth=SessionTokenAuth({'session_token': SESSION}), scoped=True)
    sess.open()
    assert sess.logins == [SESSION]


@pytest.mark.parametrize('use_cache, force_kill, killed', [(False, False, True), (True, False, False), (True, True, True)])
def test_close_ends_only_an_uncached_session_of_its_own(tmp_path, use_cache, force_kill, killed):
    sess = session(cache=SessionCache(directory=str(tmp_path)) if use_cache else None)
    sess.open()
    sess.close(force_kill=force_kill)
    assert ('killSession' in [c[1] for c in sess.transport.calls]) is killed and sess.token is None
