# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the client tests: a scripted fake of GLPI behind ``requests.Session.request``.

``fake_glpi`` patches ``requests.Session.request`` (so the client's real request building and
response decoding run) and answers from routes::

    fake_glpi.route('GET', 'initSession', 'init_ok')             # a recorded GLPI 10.0.12 answer
    fake_glpi.route('GET', 'Computer/1', (200, {'id': 1}))       # (status, body[, headers])
    fake_glpi.route('GET', 'Computer', [503, 'list_0_9'])        # answers in turn, the last one sticks
    fake_glpi.route('GET', 'Computer', lambda call: ...)          # computed from the call
    fake_glpi.route('POST', 'Computer', requests.exceptions.ReadTimeout('boom'))

``fake_glpi.calls`` lists what was sent (method, path, params, json, headers).
Recorded answers come from ``tests/unit/fixtures/glpi_10_0_12_responses.json``.
"""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest
import requests
from requests.structures import CaseInsensitiveDict

FIXTURE_FILE = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'glpi_10_0_12_responses.json')
BASE = 'https://glpi.example.test/apirest.php'

APP_TOKEN = 'app-SECRET-0123456789'
USER_TOKEN = 'usr-SECRET-abcdefghij'
PASSWORD = 'pw-SECRET-Passw0rd!'
SESSION = 'sess-SECRET-token-1'
SECRETS = (APP_TOKEN, USER_TOKEN, PASSWORD, SESSION)


def load_recorded():
    with open(FIXTURE_FILE) as handle:
        return json.load(handle)


RECORDED = load_recorded()


class Call:
    def __init__(self, method, url, params, data, headers, kwargs):
        self.method = method
        self.url = url
        self.path = url[len(BASE) + 1:] if url.startswith(BASE + '/') else url
        self.params = dict(params or [])
        self.param_pairs = list(params or [])
        self.json = json.loads(data) if data else None
        self.headers = CaseInsensitiveDict(headers or {})
        self.kwargs = kwargs

    def __repr__(self):
        return 'Call(%s %s %r)' % (self.method, self.path, self.params)


def make_response(spec, url='http://x'):
    if isinstance(spec, str) and spec in RECORDED:
        rec = RECORDED[spec]
        status, body, headers = rec['status'], rec['body'], rec['headers']
    elif isinstance(spec, int):
        status, body, headers = spec, '', {'Content-Type': 'text/html'}
    else:
        status, body = spec[0], spec[1]
        headers = spec[2] if len(spec) > 2 else {'Content-Type': 'application/json; charset=UTF-8'}
    resp = requests.Response()
    resp.status_code = status
    resp.headers = CaseInsensitiveDict(headers)
    if body == '' or body is None:
        resp._content = b''  # pylint: disable=protected-access
    elif isinstance(body, str) and not headers.get('Content-Type', '').startswith('application/json'):
        resp._content = body.encode('utf-8')  # pylint: disable=protected-access
    else:
        resp._content = json.dumps(body).encode('utf-8')  # pylint: disable=protected-access
    resp.encoding = 'utf-8'
    resp.url = url
    return resp


class FakeGlpi:
    def __init__(self):
        self.routes = {}
        self.calls = []

    def route(self, method, path, answers):
        if not isinstance(answers, list):
            answers = [answers]
        self.routes[(method.upper(), path)] = list(answers)
        return self

    def standard(self):
        """initSession ok, getActiveEntities, changeActiveEntities, killSession."""
        self.route('GET', 'initSession', (200, {'session_token': SESSION}))
        self.route('GET', 'killSession', (200, True))
        self.route('GET', 'getActiveEntities', 'get_active_entities')
        self.route('POST', 'changeActiveEntities', 'change_entities_true')
        return self

    def count(self, method, path):
        return len([c for c in self.calls if c.method == method and c.path == path])

    def paths(self):
        return ['%s %s' % (c.method, c.path) for c in self.calls]

    def __call__(self, session, method, url, params=None, data=None, headers=None, **kwargs):
        call = Call(method, url, params, data, headers, kwargs)
        self.calls.append(call)
        key = (method.upper(), call.path)
        if key not in self.routes:
            raise AssertionError('unexpected request %s %s' % key)
        answers = self.routes[key]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if callable(answer) and not isinstance(answer, type):
            answer = answer(call)
        if isinstance(answer, BaseException):
            raise answer
        return make_response(answer, url)


@pytest.fixture
def fake_glpi(monkeypatch):
    fake = FakeGlpi()

    def request(session, *args, **kwargs):
        return fake(session, *args, **kwargs)

    monkeypatch.setattr(requests.Session, 'request', request)
    return fake


class Recorder:
    def __init__(self):
        self.debugs = []
        self.warnings = []

    def debug(self, msg):
        self.debugs.append(msg)

    def warn(self, msg):
        self.warnings.append(msg)


@pytest.fixture
def log():
    return Recorder()


@pytest.fixture
def cache_dir(tmp_path):
    return str(tmp_path / 'glpi_sessions')


@pytest.fixture
def make_client(cache_dir, log):
    from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient
    from ansible_collections.glpi.glpi.plugins.module_utils.session_cache import SessionCache

    def factory(**overrides):
        options = dict(url='https://glpi.example.test/', app_token=APP_TOKEN, user_token=USER_TOKEN, session_cache=False,
                       retries=2)
        use_cache = overrides.pop('use_cache', False)
        options.update(overrides)
        cache = SessionCache(directory=cache_dir) if use_cache else None
        sleeps = []
        client = GlpiClient(options, log=log, session_cache=cache, sleep=sleeps.append)
        client.sleeps = sleeps
        return client

    return factory
