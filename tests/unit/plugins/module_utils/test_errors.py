# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error mapping of every answer FINDINGS.md lists, from the recorded GLPI 10.0.12 bodies."""
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import errors as E
from ansible_collections.glpi.glpi.plugins.module_utils.errors import from_response, scrub

from glpi_fake import RECORDED, SECRETS

# recorded answer -> (expected class, expected code)
CASES = {
    'login_bad_password': (E.GlpiAuthError, 'ERROR_GLPI_LOGIN'),
    'login_inactive': (E.GlpiAuthError, 'ERROR_GLPI_LOGIN'),
    'login_bad_user_token': (E.GlpiAuthError, 'ERROR_GLPI_LOGIN_USER_TOKEN'),
    'app_token_missing': (E.GlpiAuthError, 'ERROR_APP_TOKEN_PARAMETERS_MISSING'),
    'app_token_wrong': (E.GlpiAuthError, 'ERROR_WRONG_APP_TOKEN_PARAMETER'),
    'login_parameters_missing': (E.GlpiAuthError, 'ERROR_LOGIN_PARAMETERS_MISSING'),
    'session_invalid': (E.GlpiSessionError, 'ERROR_SESSION_TOKEN_INVALID'),
    'session_missing': (E.GlpiAuthError, 'ERROR_SESSION_TOKEN_MISSING'),
    'read_right_missing': (E.GlpiPermissionError, 'ERROR_RIGHT_MISSING'),
    'self_service_read': (E.GlpiPermissionError, 'ERROR_RIGHT_MISSING'),
    'self_service_add': (E.GlpiPermissionError, 'ERROR_GLPI_ADD'),
    'delete_no_permission': (E.GlpiPermissionError, 'ERROR_GLPI_DELETE'),
    'item_not_found': (E.GlpiNotFoundError, 'ERROR_ITEM_NOT_FOUND'),
    'change_profile_not_found': (E.GlpiNotFoundError, 'ERROR_ITEM_NOT_FOUND'),
    'delete_not_found': (E.GlpiNotFoundError, 'ERROR_GLPI_DELETE'),
    'update_missing_id': (E.GlpiNotFoundError, 'ERROR_GLPI_UPDATE'),
    'update_id_mismatch': (E.GlpiNotFoundError, 'ERROR_GLPI_UPDATE'),
    'item_unknown_itemtype': (E.GlpiNotFoundError, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM'),
    'unknown_endpoint': (E.GlpiNotFoundError, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM'),
    'add_duplicate_entity': (E.GlpiConflictError, 'ERROR_GLPI_ADD'),
    'add_password_mismatch': (E.GlpiApiError, 'ERROR_GLPI_ADD'),
    'add_empty_list': (E.GlpiRequestError, 'ERROR_GLPI_ADD'),
    'delete_root_entity': (E.GlpiApiError, 'ERROR_GLPI_DELETE'),
    'add_partial': (E.GlpiPartialError, 'ERROR_GLPI_PARTIAL_ADD'),
    'update_partial': (E.GlpiPartialError, 'ERROR_GLPI_PARTIAL_UPDATE'),
    'delete_partial': (E.GlpiPartialError, 'ERROR_GLPI_PARTIAL_DELETE'),
    'list_range_exceed': (E.GlpiRequestError, 'ERROR_RANGE_EXCEED_TOTAL'),
    'list_bad_range': (E.GlpiRequestError, 'ERROR'),
    'search_bad_field': (E.GlpiRequestError, 'ERROR'),
    'search_malformed': (E.GlpiRequestError, 'ERROR'),
    'json_invalid': (E.GlpiRequestError, 'ERROR_JSON_PAYLOAD_INVALID'),
    'bad_array': (E.GlpiRequestError, 'ERROR_BAD_ARRAY'),
    'entity_cycle_500': (E.GlpiServerError, None),
    'add_non_object_empty_body': (E.GlpiResponseError, None),
    'list_unknown_search_field': (E.GlpiResponseError, None),
    'massive_all_missing_422': (E.GlpiApiError, None),
}


def _error(name, **kwargs):
    rec = RECORDED[name]
    return from_response(rec['status'], rec['body'], rec['request']['method'], rec['request']['path'].lstrip('/'), **kwargs)


@pytest.mark.parametrize('name', sorted(CASES))
def test_recorded_errors_map_to_typed_exceptions(name):
    cls, code = CASES[name]
    err = _error(name)
    assert err.__class__ is cls, '%s -> %s' % (name, type(err).__name__)
    assert isinstance(err, E.GlpiError)
    assert err.code == code
    assert err.status == RECORDED[name]['status']
    assert err.method == RECORDED[name]['request']['method']
    assert err.path
    assert err.hint, 'every mapped error says what to do'
    text = str(err)
    assert err.path in text and str(err.status) in text
    if code:
        assert code in text
    # GLPI's documentation suffix is dropped from the message
    assert 'view documentation in your browser' not in text


def test_message_may_be_null_empty_list_or_empty_string():
    for body in (['ERROR_GLPI_UPDATE', None], ['ERROR_GLPI_ADD', []], ['ERROR_GLPI_DELETE', ''], ['ERROR_X']):
        err = from_response(400, body, 'PUT', 'Computer/1')
        assert err.code == body[0]
        assert err.glpi_message is None
        assert 'None' not in str(err) and '[]' not in str(err)


def test_unknown_code_is_generic_api_error():
    err = from_response(400, ['ERROR_SOMETHING_NEW', 'new thing'], 'GET', 'Foo')
    assert err.__class__ is E.GlpiApiError
    assert err.code == 'ERROR_SOMETHING_NEW' and err.glpi_message == 'new thing'


@pytest.mark.parametrize('status, cls, transient', [
    (502, E.GlpiServerError, True), (503, E.GlpiServerError, True), (504, E.GlpiServerError, True),
    (500, E.GlpiServerError, False), (401, E.GlpiAuthError, False), (403, E.GlpiPermissionError, False),
    (404, E.GlpiNotFoundError, False),
])
def test_status_without_glpi_body(status, cls, transient):
    err = from_response(status, '', 'GET', 'Computer')
    assert err.__class__ is cls
    assert err.transient is transient
    assert err.code is None


def test_html_body_is_response_error_with_snippet():
    err = from_response(200, '<html><body>' + 'x' * 500 + '</body></html>', 'GET', 'Computer')
    assert isinstance(err, E.GlpiResponseError)
    assert len(err.glpi_message) < 210
    assert 'apirest.php' in err.hint


def test_partial_error_carries_results():
    err = _error('add_partial')
    assert [r['id'] for r in err.results][:2] == [34, False]
    assert err.to_dict()['results'] == err.results
    err = _error('delete_partial')
    assert {'999999': False, 'message': 'Item not found'} in err.results


def test_maybe_applied_is_rendered_and_exported():
    err = from_response(502, '', 'POST', 'Computer', maybe_applied=True)
    assert err.maybe_applied
    assert 'may have been applied' in str(err)
    assert err.to_dict()['maybe_applied'] is True


def test_input_error_names_option_and_value():
    err = E.GlpiInputError('must be an integer', option='id', value='abc')
    assert str(err).startswith('option id:')
    assert err.to_dict()['option'] == 'id'
    assert err.value == 'abc'


def test_to_dict_fields():
    data = _error('read_right_missing').to_dict()
    assert data['status'] == 403 and data['glpi_code'] == 'ERROR_RIGHT_MISSING' and data['method'] == 'GET'
    assert data['hint']


def test_scrub_masks_secrets_and_credential_parameters():
    text = ('url /apirest.php/initSession?user_token=abc123&login=glpi&password=p%40ss&app_token=zzz '
            'Authorization: user_token tok-1 Session-Token: s3 ' + SECRETS[1])
    out = scrub(text, SECRETS)
    for secret in ('abc123', 'p%40ss', 'zzz', 'tok-1', 's3', SECRETS[1]):
        assert secret not in out
    assert 'user_token=********' in out
    assert scrub(None) is None


def test_glpi_message_is_scrubbed():
    err = from_response(400, ['ERROR', 'bad value %s here' % SECRETS[2]], 'GET', 'x', secrets=SECRETS)
    assert SECRETS[2] not in str(err) and SECRETS[2] not in repr(err) and SECRETS[2] not in err.glpi_message


def test_hierarchy():
    assert issubclass(E.GlpiSessionError, E.GlpiAuthError)
    assert issubclass(E.GlpiTLSError, E.GlpiConnectionError)
    assert issubclass(E.GlpiTimeoutError, E.GlpiConnectionError)
    assert issubclass(E.GlpiRequestError, E.GlpiApiError)
    for cls in (E.GlpiConnectionError, E.GlpiAuthError, E.GlpiPermissionError, E.GlpiNotFoundError, E.GlpiInputError,
                E.GlpiPartialError, E.GlpiConflictError, E.GlpiServerError, E.GlpiResponseError, E.GlpiDependencyError):
        assert issubclass(cls, E.GlpiError)
    assert 'ca_path' in E.GlpiTLSError.default_hint and 'validate_certs' in E.GlpiTLSError.default_hint


# -- failing after a write: the one way ------------------------------------------
def test_an_error_without_writes_fails_unchanged():
    error = E.GlpiApiError('GLPI refused to add the item', method='POST', path='Computer', status=400)
    assert error.changed is False and 'written' not in error.to_dict()
    assert 'written before this failure' not in str(error)
    assert E.failure_result(error) == {'msg': str(error), 'error': error.to_dict(), 'changed': False}


def test_after_writes_declares_what_was_written():
    error = E.GlpiServerError('GLPI failed', method='PUT', path='Ticket/4', status=500).after_writes(['ticket urgency'])
    assert error.changed is True and error.written == ['ticket urgency']
    assert error.to_dict()['written'] == ['ticket urgency']
    assert '(written before this failure: ticket urgency)' in str(error)
    result = E.failure_result(error)
    assert result['changed'] is True and result['error']['written'] == ['ticket urgency']


def test_the_message_names_the_first_writes_and_counts_the_rest():
    error = E.GlpiError('boom', written=['w%d' % n for n in range(E.WRITTEN_SHOWN + 3)])
    assert 'w%d and 3 more)' % (E.WRITTEN_SHOWN - 1) in str(error)
    assert len(error.to_dict()['written']) == E.WRITTEN_SHOWN + 3


def test_a_batch_error_carries_the_module_result():
    error = E.GlpiBatchError('1 of 2 Computer objects failed: #1: no', written=['#0 create id 5'],
                             result={'changed': True, 'results': [{'index': 0}, {'index': 1}], 'msg': 'old'})
    result = E.failure_result(error)
    assert result['results'] == [{'index': 0}, {'index': 1}]
    assert result['msg'] == str(error) and result['changed'] is True and result['error']['written'] == ['#0 create id 5']


# GLPI 11's v2 API answers errors as {status, title, detail} (glpi-reference-hlapi transcripts).
@pytest.mark.parametrize('status, body, cls, code, text', [
    (400, {'status': 'ERROR_INVALID_PARAMETER', 'title': 'Invalid OAuth token', 'detail': 'Access token has been revoked'},
     E.GlpiRequestError, 'ERROR_INVALID_PARAMETER', 'Invalid OAuth token Access token has been revoked'),
    (400, {'status': 'ERROR', 'title': 'Invalid filter', 'detail': {'filter': 'bad operator'}},
     E.GlpiRequestError, 'ERROR', 'Invalid filter (filter: bad operator)'),
    (401, {'status': 'ERROR_UNAUTHENTICATED', 'title': 'You are not authenticated', 'detail': None},
     E.GlpiAuthError, 'ERROR_UNAUTHENTICATED', 'You are not authenticated'),
    (403, {'status': 'ERROR_RIGHT_MISSING', 'title': 'You do not have the right', 'detail': None},
     E.GlpiPermissionError, 'ERROR_RIGHT_MISSING', 'You do not have the right'),
    (404, {'status': 'ERROR_ITEM_NOT_FOUND', 'title': 'The requested item was not found', 'detail': None},
     E.GlpiNotFoundError, 'ERROR_ITEM_NOT_FOUND', 'The requested item was not found'),
    (500, {'status': 'ERROR', 'title': 'Internal error', 'detail': None}, E.GlpiServerError, 'ERROR', 'Internal error'),
])
def test_v2_errors_map_like_legacy_ones(status, body, cls, code, text):
    error = from_response(status, body, 'PATCH', 'api.php/v2/Assets/Computer/1', maybe_applied=status >= 500)
    assert error.__class__ is cls
    assert (error.code, error.glpi_message, error.status) == (code, text, status)
    assert error.maybe_applied == (status >= 500)
    assert 'apirest.php' not in str(error)   # the legacy API's url hint is not for v2 answers


def test_v2_error_text_is_scrubbed():
    error = from_response(400, {'status': 'ERROR', 'title': 'echo s3cr3t-token', 'detail': None}, secrets=['s3cr3t-token'])
    assert 's3cr3t-token' not in str(error) and 's3cr3t-token' not in str(error.glpi_message)
