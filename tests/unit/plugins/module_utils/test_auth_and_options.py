# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.glpi.glpi.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.glpi.glpi.plugins.module_utils import options as opts
from ansible_collections.glpi.glpi.plugins.module_utils.auth import (
    AUTH_METHODS,
    BasicAuth,
    SessionTokenAuth,
    UserTokenAuth,
    select_auth,
)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError


# ---------------------------------------------------------------------------- auth selection

@pytest.mark.parametrize('options, cls', [
    ({'user_token': 't'}, UserTokenAuth),
    ({'username': 'u', 'password': 'p'}, BasicAuth),
    ({'session_token': 's'}, SessionTokenAuth),
    ({'session_token': 's', 'user_token': 't'}, SessionTokenAuth),
    ({'user_token': 't', 'username': 'u', 'password': 'p'}, UserTokenAuth),
    ({'user_token': 't', 'username': 'u', 'password': 'p', 'auth_method': 'basic'}, BasicAuth),
    ({'user_token': 't', 'auth_method': 'auto'}, UserTokenAuth),
])
def test_select_auth(options, cls):
    assert select_auth(options).__class__ is cls


def test_select_auth_reports_choice_among_several(log):
    select_auth({'user_token': 't', 'username': 'u', 'password': 'p'}, debug=log.debug)
    assert 'using user_token' in log.debugs[0]


@pytest.mark.parametrize('options, option', [
    ({}, 'user_token'),
    ({'auth_method': 'basic', 'user_token': 't'}, 'username'),
    ({'username': 'u'}, 'password'),
    ({'auth_method': 'user_token'}, 'user_token'),
    ({'auth_method': 'session_token'}, 'session_token'),
    ({'auth_method': 'oauth2', 'user_token': 't'}, 'auth_method'),
    ({'user_token': 'has space'}, 'user_token'),
])
def test_select_auth_errors_name_the_option(options, option):
    with pytest.raises(GlpiInputError) as err:
        select_auth(options)
    assert err.value.option == option


def test_strategies_credentials():
    assert UserTokenAuth({'user_token': 'abc'}).credentials() == ({'Authorization': 'user_token abc'}, {})
    assert UserTokenAuth({'user_token': 'abc'}).credentials(in_query=True) == ({}, {'user_token': 'abc'})
    assert BasicAuth({'username': 'glpi', 'password': 'glpi'}).credentials() == ({'Authorization': 'Basic Z2xwaTpnbHBp'}, {})
    assert BasicAuth({'username': 'glpi', 'password': 'glpi'}).credentials(True) == ({}, {'login': 'glpi', 'password': 'glpi'})
    assert SessionTokenAuth({'session_token': 's'}).session_headers('s') == {'Session-Token': 's'}
    assert SessionTokenAuth.opens_session is False and UserTokenAuth.opens_session and BasicAuth.opens_session
    assert set(AUTH_METHODS) == {'user_token', 'basic', 'session_token'}


def test_identity_and_describe_hide_secrets():
    for auth, secret in ((UserTokenAuth({'user_token': 'tok-123'}), 'tok-123'),
                         (BasicAuth({'username': 'glpi', 'password': 'pw-123'}), 'pw-123'),
                         (SessionTokenAuth({'session_token': 'ses-123'}), 'ses-123')):
        assert secret not in auth.identity()
        assert secret not in auth.describe()
        assert auth.secrets() == [secret]


# ---------------------------------------------------------------------------- argument spec

def _validate(params, monkeypatch=None, env=None):
    for key in ('GLPI_URL', 'GLPI_APP_TOKEN', 'GLPI_USER_TOKEN', 'GLPI_USERNAME', 'GLPI_PASSWORD', 'GLPI_SESSION_TOKEN',
                'GLPI_VALIDATE_CERTS'):
        monkeypatch.delenv(key, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    validator = ArgumentSpecValidator(opts.glpi_argument_spec(), **opts.glpi_module_kwargs())
    return validator.validate(params)


def test_argument_spec_secrets_are_no_log():
    spec = opts.glpi_argument_spec()
    for name in ('app_token', 'user_token', 'password', 'session_token'):
        assert spec[name]['no_log'] is True
    assert 'no_log' not in spec['username']
    assert set(spec) == set(opts.CONNECTION_OPTIONS)
    spec['url']['required'] = False
    assert opts.glpi_argument_spec()['url']['required'] is True  # a fresh copy each time


def test_argument_spec_env_fallbacks(monkeypatch):
    result = _validate({}, monkeypatch, env={'GLPI_URL': 'https://g', 'GLPI_USER_TOKEN': 'tok', 'GLPI_APP_TOKEN': 'app',
                                             'GLPI_VALIDATE_CERTS': 'false'})
    assert not result.error_messages, result.error_messages
    params = result.validated_parameters
    assert params['url'] == 'https://g' and params['user_token'] == 'tok' and params['app_token'] == 'app'
    assert params['validate_certs'] is False
    assert params['session_cache'] is True and params['timeout'] == 30 and params['auth_method'] == 'auto'
    assert 'tok' in result._no_log_values  # pylint: disable=protected-access


def test_argument_spec_requires_credentials(monkeypatch):
    result = _validate({'url': 'https://g'}, monkeypatch)
    assert result.error_messages
    assert 'one of the following is required' in result.error_messages[0]


def test_argument_spec_username_needs_password(monkeypatch):
    result = _validate({'url': 'https://g', 'username': 'glpi'}, monkeypatch)
    assert any('parameters are required together' in m for m in result.error_messages)


def test_env_token_plus_task_credentials_is_not_an_error(monkeypatch):
    result = _validate({'url': 'https://g', 'username': 'glpi', 'password': 'glpi', 'auth_method': 'basic'}, monkeypatch,
                       env={'GLPI_USER_TOKEN': 'tok'})
    assert not result.error_messages
    assert select_auth(result.validated_parameters).__class__ is BasicAuth


def test_connection_options_subset():
    params = dict((name, None) for name in opts.CONNECTION_OPTIONS)
    params.update(url='https://g', name='pc', state='present')
    assert set(opts.connection_options(params)) == set(opts.CONNECTION_OPTIONS)


def test_check_requirements(monkeypatch):
    class Module:
        def fail_json(self, **kwargs):
            raise SystemExit(kwargs)

    monkeypatch.setattr(opts, 'HAS_REQUESTS', False)
    with pytest.raises(SystemExit) as exc:
        opts.check_requirements(Module())
    assert 'requests' in exc.value.args[0]['msg']


def test_module_log():
    class Module:
        _verbosity = 3

        def __init__(self):
            self.debugs, self.warnings = [], []

        def debug(self, msg):
            self.debugs.append(msg)

        def warn(self, msg):
            self.warnings.append(msg)

    module = Module()
    mlog = opts.ModuleLog(module)
    mlog.debug('d')
    mlog.warn('w')
    assert mlog.messages == ['d'] and module.warnings == ['w']


# ---------------------------------------------------------------------------- doc fragment

def test_doc_fragment_matches_argument_spec():
    module_doc = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    plugin_doc = yaml.safe_load(ModuleDocFragment.PLUGINS)['options']
    spec = opts.glpi_argument_spec()
    assert set(module_doc) == set(spec) == set(plugin_doc)
    for name, entry in spec.items():
        doc = module_doc[name]
        assert doc['type'] == entry['type'], name
        assert doc.get('default') == entry.get('default'), name
        assert doc.get('required', False) == entry.get('required', False), name
        assert doc.get('choices') == entry.get('choices'), name
        assert plugin_doc[name]['type'] == entry['type'], name
        assert plugin_doc[name].get('default') == entry.get('default'), name
        fallback = entry.get('fallback')
        if fallback:
            assert fallback[1][0] in ' '.join(doc['description']), name
            assert {'name': fallback[1][0]} in plugin_doc[name]['env'], name
