# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

import json
import os
import stat

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache, cache_key

from glpi_fake import APP_TOKEN, PASSWORD, SESSION, USER_TOKEN


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _files(directory):
    return [f for f in os.listdir(directory) if f.endswith('.json')]


def test_cache_file_modes_and_name_without_secrets(fake_glpi, make_client, cache_dir):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(use_cache=True).get_active_profile()
    assert _mode(cache_dir) == 0o700
    names = _files(cache_dir)
    assert len(names) == 1
    path = os.path.join(cache_dir, names[0])
    assert _mode(path) == 0o600
    name = names[0]
    assert len(name) == 64 + len('.json')
    for secret in (USER_TOKEN, APP_TOKEN, SESSION):
        assert secret not in name
    with open(path) as handle:
        entry = json.load(handle)
    assert entry['session_token'] == SESSION
    assert USER_TOKEN not in json.dumps(entry)
    assert entry['active_entity'] is None  # no entity option: GLPI's default scope, nothing to store


def test_cached_session_reused_by_next_task_without_login(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    first = make_client(use_cache=True)
    first.get_active_profile()
    first.close()  # a cached session is kept for the next task
    assert fake_glpi.count('GET', 'killSession') == 0
    fake_glpi.calls[:] = []
    make_client(use_cache=True).get_active_profile()
    # no initSession and no extra request: the cached token is used as is
    assert fake_glpi.paths() == ['GET getActiveProfile']
    assert fake_glpi.calls[0].headers['Session-Token'] == SESSION
    assert any('reusing the cached session' in m for m in log.debugs)
    assert all(SESSION not in m for m in log.debugs)


def test_invalid_cached_session_is_replaced(fake_glpi, make_client, cache_dir):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(use_cache=True).get_active_profile()
    fake_glpi.route('GET', 'initSession', (200, {'session_token': 'fresh-session'}))
    fake_glpi.route('GET', 'getActiveProfile', ['session_invalid', (200, {'active_profile': {}})])
    fake_glpi.calls[:] = []
    make_client(use_cache=True).get_active_profile()
    # the dead cached token shows on the first request: log in again, replay it
    assert fake_glpi.paths() == ['GET getActiveProfile', 'GET initSession', 'GET getActiveProfile']
    assert fake_glpi.calls[-1].headers['Session-Token'] == 'fresh-session'
    with open(os.path.join(cache_dir, _files(cache_dir)[0])) as handle:
        assert json.load(handle)['session_token'] == 'fresh-session'


def test_cache_key_depends_on_url_identity_entity_profile():
    base = cache_key('https://a/apirest.php', 'user_token:x', None, None, None)
    assert base != cache_key('https://b/apirest.php', 'user_token:x', None, None, None)
    assert base != cache_key('https://a/apirest.php', 'user_token:y', None, None, None)
    assert base != cache_key('https://a/apirest.php', 'user_token:x', 1, None, None)
    assert base != cache_key('https://a/apirest.php', 'user_token:x', None, None, 'Technician')
    assert base == cache_key('https://a/apirest.php', 'user_token:x', None, None, None)


def test_wrong_password_never_reuses_a_cached_session(make_client, cache_dir):
    right = make_client(user_token=None, username='glpi', password=PASSWORD, use_cache=True)
    wrong = make_client(user_token=None, username='glpi', password='other', use_cache=True)
    assert right._cache_key != wrong._cache_key  # pylint: disable=protected-access
    assert PASSWORD not in right._cache_key  # pylint: disable=protected-access
    assert PASSWORD not in right.auth.identity()


def test_session_cache_false_opens_and_kills(fake_glpi, cache_dir):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    client = GlpiClient(dict(url='https://glpi.example.test', user_token=USER_TOKEN, session_cache=False))
    assert client._cache is None  # pylint: disable=protected-access
    client.get_active_profile()
    client.close()
    assert fake_glpi.paths() == ['GET initSession', 'GET getActiveProfile', 'GET killSession']


def test_session_token_auth_is_never_cached(make_client, cache_dir):
    client = make_client(user_token=None, session_token='given', use_cache=True)
    assert client._cache is None  # pylint: disable=protected-access


def test_idle_entries_expire(tmp_path):
    now = [1000.0]
    cache = SessionCache(directory=str(tmp_path / 'c'), max_idle=100, now=lambda: now[0])
    cache.store('k', 'tok')
    assert cache.load('k')['session_token'] == 'tok'
    now[0] += 101
    assert cache.load('k') is None
    assert not os.path.exists(str(tmp_path / 'c' / 'k.json'))


def test_world_readable_entries_are_ignored(tmp_path):
    cache = SessionCache(directory=str(tmp_path / 'c'))
    cache.store('k', 'tok')
    os.chmod(str(tmp_path / 'c' / 'k.json'), 0o644)
    assert cache.load('k') is None


def test_existing_open_directory_is_tightened(tmp_path):
    directory = tmp_path / 'c'
    directory.mkdir(mode=0o755)
    os.chmod(str(directory), 0o755)
    SessionCache(directory=str(directory)).store('k', 'tok')
    assert _mode(str(directory)) == 0o700


def test_unwritable_cache_is_not_fatal(tmp_path, log):
    blocker = tmp_path / 'file'
    blocker.write_text('x')
    cache = SessionCache(directory=str(blocker / 'sub'), debug=log.debug)
    assert cache.store('k', 'tok') is None
    assert cache.load('k') is None
    assert log.debugs and 'tok' not in log.debugs[0]


def test_garbage_entry_is_ignored(tmp_path):
    cache = SessionCache(directory=str(tmp_path / 'c'))
    cache.store('k', 'tok')
    path = str(tmp_path / 'c' / 'k.json')
    with open(path, 'w') as handle:
        handle.write('{not json')
    assert cache.load('k') is None


RELIABILITY_CASES = [
    {"area": "Secrets", "case": "session cache: one file per identity", "outcome": "user_token, another user_token, password, another user, "
     "another password: five files, mode 0600 in a 0700 directory, none reused by another identity",
     "test": "test_identities_never_share_a_cached_session"},
]

IDENTITIES = [
    dict(user_token=USER_TOKEN),
    dict(user_token='usr-SECRET-second-token'),
    dict(user_token=None, username='glpi', password=PASSWORD),
    dict(user_token=None, username='tech', password=PASSWORD),
    dict(user_token=None, username='glpi', password='pw-SECRET-other'),
    dict(user_token=USER_TOKEN, auth_method='basic', username='glpi', password=PASSWORD),  # basic chosen: the glpi/PASSWORD identity
]


def test_identities_never_share_a_cached_session(fake_glpi, make_client, cache_dir):
    tokens = ['sess-SECRET-%d' % index for index in range(len(IDENTITIES))]
    fake_glpi.standard().route('GET', 'initSession', [(200, {'session_token': token}) for token in tokens])
    fake_glpi.route('GET', 'getActiveProfile', [(200, {'active_profile': {}})] * (2 * len(IDENTITIES)))
    for identity in IDENTITIES:
        client = make_client(use_cache=True, **identity)
        client.get_active_profile()
        client.close()
    assert fake_glpi.count('GET', 'initSession') == 5, 'the last identity is the third one again: its session is reused'
    names = _files(cache_dir)
    assert len(names) == 5
    assert _mode(cache_dir) == 0o700 and all(_mode(os.path.join(cache_dir, name)) == 0o600 for name in names)
    fake_glpi.calls[:] = []
    for index, identity in enumerate(IDENTITIES[:5]):
        make_client(use_cache=True, **identity).get_active_profile()
        assert fake_glpi.calls[-1].headers['Session-Token'] == tokens[index]
    assert fake_glpi.count('GET', 'initSession') == 0
