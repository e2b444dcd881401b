# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OAuth2 strategy of GLPI 11's v2 API over a fake transport: grants, cache, refresh before
expiry, the revoked-token retry, the cache lock, client_credentials, scope headers, masking."""
from __future__ import absolute_import, division, print_function

import multiprocessing
import os
import stat
import time

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import hlapi_client, oauth2
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import make_client, resolve_api_version
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiAuthError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.transport import ApiResponse

RELIABILITY_CASES = [
    {"area": "Secrets", "case": "v2: client_secret, password and OAuth2 tokens in a refused grant or a failed request",
     "outcome": "masked in the error; the token cache file is 0600 under a 0700 directory and named by a SHA-256",
     "test": "test_secrets_masked_and_cache_private"},
    {"area": "Load and concurrency", "case": "v2: forks refreshing the same cached OAuth2 token at once",
     "outcome": "one refresh (a refresh revokes the previous token on GLPI 11); the others read the new token",
     "test": "test_concurrent_refresh_takes_turns"},
]

OPTIONS = {'url': 'http://glpi.test', 'client_id': 'cid', 'client_secret': 'csecret', 'username': 'glpi',
           'password': 'pw-secret', 'scope': 'api', 'timeout': 30, 'retries': 0}


class FakeTransport:
    """Answers POST token with numbered tokens and GET v2/... from a script."""

    def __init__(self, lifetime=3600, resources=None):
        self.lifetime = lifetime
        self.calls = []
        self.secrets = []
        self.count = 0
        self.revoked = set()
        self.resources = resources or {}
        self.delay = 0

    def send(self, method, path, params, json_body, headers, idempotent):
        self.calls.append((method, path, dict(json_body or {}), dict(headers or {})))
        if path == 'token':
            return self._token(json_body)
        token = headers.get('Authorization', '')[len('Bearer '):]
        if token in self.revoked:
            return ApiResponse(400, {}, {'status': 'ERROR_INVALID_PARAMETER', 'title': 'Invalid OAuth token',
                                         'detail': 'Access token has been revoked'})
        return self.resources.get(path, ApiResponse(200, {}, {'ok': token}))

    def _token(self, form):
        if form.get('client_secret') != 'csecret':
            return ApiResponse(401, {}, {'error': 'invalid_client', 'error_description': 'Client authentication failed'})
        time.sleep(self.delay)   # a slow token endpoint: parallel forks overlap
        self.count += 1
        body = {'token_type': 'Bearer', 'expires_in': self.lifetime, 'access_token': 'access-%d' % self.count}
        if form['grant_type'] != 'client_credentials':
            body['refresh_token'] = 'refresh-%d' % self.count
        if form['grant_type'] == 'refresh_token':
            self.revoked.add('access-' + form['refresh_token'].split('-')[1])
        return ApiResponse(200, {}, body)

    def grants(self):
        return [call[2]['grant_type'] for call in self.calls if call[1] == 'token']


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def client(tmp_path, transport, clock=None, **extra):
    options = dict(OPTIONS, **extra)
    cache = oauth2.TokenCache(directory=str(tmp_path / 'cache')) if options.get('session_cache', True) else None
    return hlapi_client.HlClient(options, transport=transport, token_cache=cache, now=clock or Clock())


def test_password_grant_form_and_bearer(tmp_path):
    fake = FakeTransport()
    resp = client(tmp_path, fake).request('GET', 'Session')
    assert resp.body == {'ok': 'access-1'}
    form = fake.calls[0][2]
    assert form == {'grant_type': 'password', 'client_id': 'cid', 'client_secret': 'csecret', 'username': 'glpi',
                    'password': 'pw-secret', 'scope': 'api'}
    assert fake.calls[1][3]['Authorization'] == 'Bearer access-1'


def test_token_cached_across_clients(tmp_path):
    fake = FakeTransport()
    client(tmp_path, fake).request('GET', 'Session')
    client(tmp_path, fake).request('GET', 'Session')
    assert fake.grants() == ['password']


def test_refreshed_before_expiry(tmp_path):
    fake, clock = FakeTransport(lifetime=3600), Clock()
    client(tmp_path, fake, clock).request('GET', 'Session')
    clock.t += 3600 - oauth2.REFRESH_MARGIN + 1
    resp = client(tmp_path, fake, clock).request('GET', 'Session')
    assert fake.grants() == ['password', 'refresh_token']
    assert resp.body == {'ok': 'access-2'}
    assert [c[2].get('refresh_token') for c in fake.calls if c[1] == 'token'] == [None, 'refresh-1']


def test_revoked_token_rereads_cache_then_replays(tmp_path):
    """Another fork refreshed (revoking ours): one re-read of the cache, no new grant."""
    fake, clock = FakeTransport(), Clock()
    mine = client(tmp_path, fake, clock)
    mine.request('GET', 'Session')
    clock.t += 3600 - oauth2.REFRESH_MARGIN + 1
    client(tmp_path, fake, clock).request('GET', 'Session')   # the other fork refreshes: access-1 revoked
    clock.t -= 3600  # our in-memory token still looks fresh to us
    mine.tokens.token['expires_at'] = clock.t + 3600
    assert mine.request('GET', 'Session').body == {'ok': 'access-2'}
    assert fake.grants() == ['password', 'refresh_token']


def test_revoked_token_without_newer_cache_grants_once(tmp_path):
    fake = FakeTransport()
    c = client(tmp_path, fake)
    c.request('GET', 'Session')
    fake.revoked.add('access-1')
    assert c.request('GET', 'Session').body == {'ok': 'access-2'}
    assert fake.grants() == ['password', 'password']


def test_revoked_twice_fails(tmp_path):
    fake = FakeTransport()
    c = client(tmp_path, fake, session_cache=False)
    c.request('GET', 'Session')
    fake.revoked.update({'access-1', 'access-2'})
    with pytest.raises(Exception) as err:
        c.request('GET', 'Session')
    assert 'Invalid OAuth token' in str(err.value)
    assert fake.grants() == ['password', 'password']


def test_client_credentials_refused_on_resources_says_why(tmp_path):
    fake = FakeTransport(resources={'v2/Assets/Computer': ApiResponse(401, {}, {
        'status': 'ERROR_UNAUTHENTICATED', 'title': 'You are not authenticated',
        'detail': 'The Authorization header is missing or invalid'})})
    c = client(tmp_path, fake, username=None, password=None)
    with pytest.raises(GlpiAuthError) as err:
        c.request('GET', 'Assets/Computer')
    assert fake.calls[0][2]['grant_type'] == 'client_credentials'
    assert 'carries no GLPI user' in str(err.value)


def test_scope_headers(tmp_path):
    fake = FakeTransport()
    client(tmp_path, fake, entity='3', entity_recursive=True, profile=4).request('GET', 'Session')
    headers = fake.calls[-1][3]
    assert (headers['GLPI-Entity'], headers['GLPI-Entity-Recursive'], headers['GLPI-Profile']) == ('3', 'true', '4')


@pytest.mark.parametrize('extra, option', [
    ({'client_secret': None}, 'client_secret'),
    ({'client_id': ''}, 'client_id'),
    ({'password': None}, 'password'),
    ({'entity': 'Root entity > Paris'}, 'entity'),
    ({'profile': 'Technician'}, 'profile'),
    ({'scope': ' '}, 'scope'),
])
def test_validation_names_the_option(tmp_path, extra, option):
    with pytest.raises(GlpiInputError) as err:
        client(tmp_path, FakeTransport(), **extra)
    assert err.value.option == option
    assert option in str(err.value)


def test_secrets_masked_and_cache_private(tmp_path):
    fake = FakeTransport()
    c = client(tmp_path, fake)
    c.request('GET', 'Session')
    bad = client(tmp_path / 'other', fake, client_secret='wrong-secret')
    with pytest.raises(GlpiAuthError) as err:
        bad.request('GET', 'Session')
    assert 'invalid_client' in str(err.value) and 'wrong-secret' not in str(err.value)
    fake.resources['v2/Fail'] = ApiResponse(400, {}, {'status': 'ERROR', 'title': 'echo access-1 pw-secret csecret'})
    with pytest.raises(Exception) as err:
        c.request('GET', 'Fail')
    for secret in ('access-1', 'pw-secret', 'csecret'):
        assert secret not in str(err.value)
    directory = tmp_path / 'cache'
    assert stat.S_IMODE(os.stat(str(directory)).st_mode) == 0o700
    files = [f for f in os.listdir(str(directory)) if f.endswith('.json')]
    assert len(files) == 1 and len(files[0].split('.')[0]) == 64
    assert stat.S_IMODE(os.stat(str(directory / files[0])).st_mode) == 0o600


def _fork_refresh(directory, queue):
    fake = FakeTransport()
    fake.count = 10 + os.getpid() % 1000 * 10
    fake.delay = 0.3
    cache = oauth2.TokenCache(directory=directory)
    clock = Clock()
    clock.t = 1000.0 + 3600
    c = hlapi_client.HlClient(OPTIONS, transport=fake, token_cache=cache, now=clock)
    c.request('GET', 'Session')
    queue.put(fake.grants())


def test_concurrent_refresh_takes_turns(tmp_path):
    """Four processes find the same token about to expire: one refresh in all."""
    directory = str(tmp_path / 'cache')
    seed = FakeTransport()
    hlapi_client.HlClient(OPTIONS, transport=seed, token_cache=oauth2.TokenCache(directory=directory),
                          now=Clock()).request('GET', 'Session')
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_fork_refresh, args=args) for args in [(directory, queue)] * 4]
    for proc in procs:
        proc.start()
    grants = [queue.get(timeout=30) for proc in procs]
    for proc in procs:
        proc.join(30)
    assert sorted(sum(grants, [])) == ['refresh_token']


@pytest.mark.parametrize('options, expected', [
    ({'client_id': 'c', 'client_secret': 's'}, 'v2'),
    ({'client_id': 'c', 'client_secret': 's', 'username': 'u', 'password': 'p'}, 'v2'),
    ({'client_id': 'c', 'client_secret': 's', 'user_token': 't'}, 'v1'),
    ({'client_id': 'c', 'client_secret': 's', 'username': 'u', 'password': 'p', 'auth_method': 'basic'}, 'v1'),
    ({'client_id': 'c', 'client_secret': 's', 'auth_method': 'auto'}, 'v2'),
    ({'client_id': 'c'}, 'v1'),
    ({'user_token': 't', 'api_version': 'v2'}, 'v2'),
    ({'client_id': 'c', 'client_secret': 's', 'api_version': 'v1'}, 'v1'),
])
def test_api_version_auto(options, expected):
    assert resolve_api_version(options) == expected


def test_api_version_bad_value_and_module_without_v2():
    with pytest.raises(GlpiInputError) as err:
        resolve_api_version({'api_version': 'v3'})
    assert err.value.option == 'api_version' and "'v3'" in str(err.value)
    with pytest.raises(GlpiInputError) as err:
        make_client(dict(OPTIONS, api_version='v2'), v2=False, who='glpi_ticket')
    assert 'glpi_ticket does not speak' in str(err.value)
