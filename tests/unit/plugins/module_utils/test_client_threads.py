# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One GlpiClient shared by several threads (as the inventory plugin's parallel paging does).

The fake GLPI makes the interleavings happen on purpose: a Barrier holds every thread's
request until all of them were sent with the same (expired) token, Events order the rest.
The waits with a short timeout are the ones that only a client without the session lock
would satisfy: with it they time out, always, and the test passes.
"""
from __future__ import absolute_import, division, print_function

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache

THREADS = 4
WAIT = 10.0     # upper bound of the waits that must end (a bug hangs no longer than this)
NOT_COMING = 0.5  # how long to wait for a request that only an unlocked client would send


def _tokens(*first):
    """initSession answers: the given tokens, then 'extra-1', 'extra-2', ... (one per leaked session)."""
    sequence = itertools.chain(first, ('extra-%d' % n for n in itertools.count(1)))
    lock = threading.Lock()

    def answer(call):
        with lock:
            return (200, {'session_token': next(sequence)})
    return answer


def _item(item_id):
    return (200, {'id': item_id, 'name': 'pc-%d' % item_id})


def _in_parallel(calls):
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result(timeout=WAIT) for future in futures]


@pytest.mark.parametrize('use_cache', [False, True])
def test_threads_refused_the_same_token_open_one_new_session(fake_glpi, make_client, log, monkeypatch, use_cache):
    stored = []
    real_store = SessionCache.store

    def store(self, key, session_token, **kwargs):
        stored.append(session_token)
        return real_store(self, key, session_token, **kwargs)

    monkeypatch.setattr(SessionCache, 'store', store)
    fake_glpi.standard().route('GET', 'initSession', _tokens('old', 'new'))
    all_sent = threading.Barrier(THREADS, timeout=WAIT)

    def computer(call):
        if call.headers['Session-Token'] == 'old':
            all_sent.wait()  # every thread has sent its request with the dead token before any sees the 401
            return 'session_invalid'
        return _item(int(call.path.split('/')[1]))

    ids = list(range(1, THREADS + 1))
    for item_id in ids:
        fake_glpi.route('GET', 'Computer/%d' % item_id, computer)
    client = make_client(use_cache=use_cache)
    client.open()

    items = _in_parallel([lambda n=n: client.get_item('Computer', n) for n in ids])

    assert [item['id'] for item in items] == ids
    assert fake_glpi.count('GET', 'initSession') == 2  # the first session, then one re-login for all threads
    assert fake_glpi.count('GET', 'killSession') == 0
    sent = sorted(c.headers['Session-Token'] for c in fake_glpi.calls if c.path.startswith('Computer/'))
    assert sent == ['new'] * THREADS + ['old'] * THREADS
    assert len([m for m in log.debugs if 'logging in again' in m]) == 1
    assert stored == (['old', 'new'] if use_cache else [])


def test_threads_starting_together_open_one_session(fake_glpi, make_client):
    tokens = _tokens('first')
    logins = threading.Barrier(THREADS, timeout=NOT_COMING)
    started = threading.Barrier(THREADS, timeout=WAIT)

    def init_session(call):
        try:
            logins.wait()  # only an unlocked client sends THREADS initSession at once
        except threading.BrokenBarrierError:
            pass
        return tokens(call)

    fake_glpi.standard().route('GET', 'initSession', init_session)
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {'id': 4}}))
    client = make_client()

    def first_request():
        started.wait()
        return client.get_active_profile()

    assert _in_parallel([first_request] * THREADS) == [{'id': 4}] * THREADS
    assert fake_glpi.count('GET', 'initSession') == 1
    assert set(c.headers['Session-Token'] for c in fake_glpi.calls if c.path == 'getActiveProfile') == {'first'}


def test_no_request_uses_the_new_session_before_its_entity_is_applied(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'initSession', _tokens('old', 'new'))
    scoping = threading.Event()
    other_sent = threading.Event()
    scoped = threading.Event()

    def change_entities(call):
        if call.headers['Session-Token'] == 'new':
            scoping.set()
            other_sent.wait(NOT_COMING)  # only an unlocked client sends the other request now
            scoped.set()
        return 'change_entities_true'

    seen = []

    def computer_2(call):
        seen.append((call.headers.get('Session-Token'), scoped.is_set()))
        other_sent.set()
        return _item(2)

    fake_glpi.route('POST', 'changeActiveEntities', change_entities)
    fake_glpi.route('GET', 'Computer/1', lambda call: 'session_invalid' if call.headers['Session-Token'] == 'old' else _item(1))
    fake_glpi.route('GET', 'Computer/2', computer_2)
    client = make_client(entity=3)
    client.open()

    with ThreadPoolExecutor(max_workers=2) as pool:
        relogin = pool.submit(client.get_item, 'Computer', 1)
        assert scoping.wait(WAIT)
        other = pool.submit(client.get_item, 'Computer', 2)
        assert relogin.result(timeout=WAIT)['id'] == 1
        assert other.result(timeout=WAIT)['id'] == 2
    assert seen == [('new', True)]
    assert fake_glpi.count('GET', 'initSession') == 2
