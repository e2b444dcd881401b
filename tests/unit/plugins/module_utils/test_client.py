# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GlpiClient against scripted answers (recorded from GLPI 10.0.12 where they exist)."""
from __future__ import absolute_import, division, print_function

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.glpi.glpi.plugins.module_utils import errors as E
from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient

from glpi_fake import APP_TOKEN, BASE, RECORDED, SESSION, USER_TOKEN


def _refused():
    reason = NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] Connection refused')
    return requests.exceptions.ConnectionError(MaxRetryError(None, '/apirest.php/Computer', reason))


def _rows(start, end, total, status=None):
    """A GET /Itemtype page as GLPI 10.0.12 shapes it."""
    body = [{'id': i + 1, 'name': 'pc-%d' % (i + 1)} for i in range(start, min(end, total - 1) + 1)]
    if status is None:
        status = 200 if start == 0 and end + 1 >= total else 206
    return (status, body, {'Content-Type': 'application/json', 'Content-Range': '%d-%d/%d' % (start, min(end, total - 1), total),
                           'Accept-Range': 'Computer 1000'})


# ---------------------------------------------------------------------------- session basics

def test_first_request_opens_session_with_app_token_and_user_token(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/32', 'item_computer_32')
    client = make_client()
    item = client.get_item('Computer', 32)
    assert item['name'] == 'gi-pc'
    init, get = fake_glpi.calls
    assert init.path == 'initSession'
    assert init.headers['Authorization'] == 'user_token ' + USER_TOKEN
    assert init.headers['App-Token'] == APP_TOKEN
    assert get.headers['Session-Token'] == SESSION
    assert get.headers['App-Token'] == APP_TOKEN
    assert 'Authorization' not in get.headers
    assert get.url == BASE + '/Computer/32'
    assert get.kwargs['allow_redirects'] is False
    assert get.kwargs['verify'] is True and get.kwargs['timeout'] == 30


def test_basic_auth_header(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {'id': 4}}))
    client = make_client(user_token=None, username='glpi', password='glpi')
    client.get_active_profile()
    assert fake_glpi.calls[0].headers['Authorization'] == 'Basic Z2xwaTpnbHBp'


def test_close_kills_only_sessions_we_opened(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    client = make_client()
    client.get_active_profile()
    client.close()
    assert fake_glpi.count('GET', 'killSession') == 1
    client.close()
    assert fake_glpi.count('GET', 'killSession') == 1

    given = make_client(user_token=None, session_token='given-session')
    given.get_active_profile()
    given.close()
    assert fake_glpi.count('GET', 'killSession') == 1
    assert fake_glpi.calls[-1].headers['Session-Token'] == 'given-session'


def test_context_manager_closes(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    with make_client() as client:
        client.get_active_profile()
    assert fake_glpi.paths()[-1] == 'GET killSession'


def test_close_without_session_sends_nothing(fake_glpi, make_client):
    make_client().close()
    assert fake_glpi.calls == []


@pytest.mark.parametrize('name, cls', [('login_bad_password', E.GlpiAuthError), ('login_bad_user_token', E.GlpiAuthError),
                                       ('app_token_wrong', E.GlpiAuthError), ('app_token_missing', E.GlpiAuthError),
                                       ('login_inactive', E.GlpiAuthError)])
def test_login_errors(fake_glpi, make_client, name, cls):
    fake_glpi.route('GET', 'initSession', name)
    with pytest.raises(cls) as err:
        make_client().get_item('Computer', 1)
    assert err.value.code == RECORDED[name]['body'][0]
    assert err.value.path == 'initSession'
    assert fake_glpi.count('GET', 'initSession') == 1


# ---------------------------------------------------------------------------- Authorization stripped

def test_authorization_stripped_falls_back_to_query_string(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'initSession', ['login_parameters_missing', (200, {'session_token': SESSION})])
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    client = make_client()
    client.get_active_profile()
    first, second = fake_glpi.calls[:2]
    assert 'Authorization' in first.headers
    assert 'Authorization' not in second.headers
    assert second.params == {'user_token': USER_TOKEN}
    assert any('query string' in m for m in log.debugs)
    assert all(USER_TOKEN not in m for m in log.debugs + log.warnings)


def test_authorization_stripped_basic_fallback(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'initSession', ['login_parameters_missing', (200, {'session_token': SESSION})])
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(user_token=None, username='glpi', password='s3cr3t').get_active_profile()
    assert fake_glpi.calls[1].params == {'login': 'glpi', 'password': 's3cr3t'}


def test_authorization_stripped_twice_is_auth_error_with_hint(fake_glpi, make_client):
    fake_glpi.route('GET', 'initSession', 'login_parameters_missing')
    with pytest.raises(E.GlpiAuthError) as err:
        make_client().get_active_profile()
    assert fake_glpi.count('GET', 'initSession') == 2
    assert 'Authorization' in err.value.hint
    assert USER_TOKEN not in str(err.value)


# ---------------------------------------------------------------------------- re-login

def test_expired_session_relogs_once_and_replays(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'initSession', [(200, {'session_token': 'old'}), (200, {'session_token': 'new'})])
    fake_glpi.route('GET', 'Computer/32', ['item_computer_32', 'session_invalid', 'item_computer_32'])
    client = make_client()
    client.get_item('Computer', 32)
    assert client.get_item('Computer', 32)['id'] == 32
    gets = [c for c in fake_glpi.calls if c.path == 'Computer/32']
    assert [c.headers['Session-Token'] for c in gets] == ['old', 'old', 'new']
    assert fake_glpi.count('GET', 'initSession') == 2
    assert any('logging in again' in m for m in log.debugs)


def test_expired_post_is_replayed_after_relogin(fake_glpi, make_client):
    # 401 means GLPI did nothing: replaying a POST is safe.
    fake_glpi.standard().route('POST', 'Computer', ['session_invalid', 'add_ok'])
    assert make_client().add('Computer', {'name': 'crud-pc'}) == RECORDED['add_ok']['body']
    assert fake_glpi.count('POST', 'Computer') == 2


def test_session_invalid_right_after_relogin_is_clear_error(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/1', 'session_invalid')
    with pytest.raises(E.GlpiAuthError) as err:
        make_client().get_item('Computer', 1)
    assert 'just opened' in str(err.value)
    assert fake_glpi.count('GET', 'initSession') == 2
    assert fake_glpi.count('GET', 'Computer/1') == 2


def test_session_refused_while_scoping_a_new_login_does_not_log_in_again(fake_glpi, make_client):
    # The entity is applied inside the login; a 401 there must end, not start another login.
    fake_glpi.standard().route('POST', 'changeActiveEntities', 'session_invalid')
    with pytest.raises(E.GlpiAuthError) as err:
        make_client(entity=1).get_item('Computer', 1)
    assert 'just opened' in str(err.value)
    assert fake_glpi.count('GET', 'initSession') == 1
    assert fake_glpi.count('POST', 'changeActiveEntities') == 1


def test_session_token_auth_never_relogs(fake_glpi, make_client):
    fake_glpi.route('GET', 'Computer/1', 'session_invalid')
    with pytest.raises(E.GlpiAuthError) as err:
        make_client(user_token=None, session_token='given-session').get_item('Computer', 1)
    assert 'session_token' in err.value.hint
    assert fake_glpi.count('GET', 'initSession') == 0
    assert 'given-session' not in str(err.value)


# ---------------------------------------------------------------------------- retries

@pytest.mark.parametrize('method, call', [
    ('GET', lambda c: c.get_item('Computer', 32)),
    ('PUT', lambda c: c.update('Computer', {'id': 33, 'comment': 'x'})),
])
def test_idempotent_requests_retry_on_503_with_backoff(fake_glpi, make_client, log, method, call):
    fake_glpi.standard()
    path = 'Computer/32' if method == 'GET' else 'Computer'
    fake_glpi.route(method, path, [503, 502, 'item_computer_32' if method == 'GET' else 'update_ok'])
    client = make_client(retries=3)
    call(client)
    assert fake_glpi.count(method, path) == 3
    assert client.sleeps == [0.5, 1.0]
    assert len(log.warnings) == 2 and 'HTTP 503' in log.warnings[0] and 'retry 1 of 3' in log.warnings[0]


def test_retries_are_bounded(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/32', 504)
    client = make_client(retries=2)
    with pytest.raises(E.GlpiServerError) as err:
        client.get_item('Computer', 32)
    assert fake_glpi.count('GET', 'Computer/32') == 3
    assert err.value.transient and not err.value.maybe_applied
    assert err.value.attempts == 3


def test_retries_zero_disables(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/32', 503)
    with pytest.raises(E.GlpiServerError):
        make_client(retries=0).get_item('Computer', 32)
    assert fake_glpi.count('GET', 'Computer/32') == 1


def test_post_is_never_retried_on_502_and_marked_maybe_applied(fake_glpi, make_client, log):
    # nginx answers 502 to a big bulk add although GLPI created every item (FINDINGS).
    fake_glpi.standard().route('POST', 'Computer', 502)
    with pytest.raises(E.GlpiServerError) as err:
        make_client(retries=3).add('Computer', [{'name': 'a'}, {'name': 'b'}])
    assert fake_glpi.count('POST', 'Computer') == 1
    assert err.value.maybe_applied is True
    assert log.warnings == []


def test_post_read_timeout_is_maybe_applied(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', requests.exceptions.ReadTimeout('read timed out'))
    with pytest.raises(E.GlpiTimeoutError) as err:
        make_client().add('Computer', {'name': 'a'})
    assert fake_glpi.count('POST', 'Computer') == 1
    assert err.value.maybe_applied is True


def test_post_connection_refused_is_retried_because_nothing_was_sent(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', [_refused(), 'add_ok'])
    client = make_client()
    assert client.add('Computer', {'name': 'crud-pc'})['id'] == 33
    assert fake_glpi.count('POST', 'Computer') == 2


def test_post_connection_reset_is_not_retried(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', requests.exceptions.ConnectionError('Connection aborted.'))
    with pytest.raises(E.GlpiConnectionError) as err:
        make_client().add('Computer', {'name': 'a'})
    assert err.value.maybe_applied is True
    assert fake_glpi.count('POST', 'Computer') == 1


def test_get_connection_errors_are_retried_then_raise(fake_glpi, make_client, log):
    fake_glpi.standard().route('GET', 'Computer/1', requests.exceptions.ConnectionError('Connection aborted.'))
    with pytest.raises(E.GlpiConnectionError) as err:
        make_client(retries=2).get_item('Computer', 1)
    assert fake_glpi.count('GET', 'Computer/1') == 3
    assert not err.value.maybe_applied
    assert '3 attempts' in str(err.value)
    assert len(log.warnings) == 2


def test_unreachable_at_login(fake_glpi, make_client):
    fake_glpi.route('GET', 'initSession', _refused())
    with pytest.raises(E.GlpiConnectionError) as err:
        make_client(retries=1).get_item('Computer', 1)
    assert 'url' in err.value.hint
    assert fake_glpi.count('GET', 'initSession') == 2


def test_tls_error_hint_mentions_ca_path_and_validate_certs(fake_glpi, make_client):
    fake_glpi.route('GET', 'initSession', requests.exceptions.SSLError('certificate verify failed'))
    with pytest.raises(E.GlpiTLSError) as err:
        make_client().get_item('Computer', 1)
    assert 'ca_path' in str(err.value) and 'validate_certs' in str(err.value)
    assert fake_glpi.count('GET', 'initSession') == 1


def test_verify_settings(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(validate_certs=False).get_active_profile()
    assert fake_glpi.calls[-1].kwargs['verify'] is False
    make_client(ca_path='/etc/ssl/ca.pem').get_active_profile()
    assert fake_glpi.calls[-1].kwargs['verify'] == '/etc/ssl/ca.pem'
    make_client(timeout=5).get_active_profile()
    assert fake_glpi.calls[-1].kwargs['timeout'] == 5


def test_redirect_is_reported(fake_glpi, make_client):
    fake_glpi.route('GET', 'initSession', (301, '', {'Location': 'https://other.example/glpi/apirest.php/initSession?user_token=x'}))
    with pytest.raises(E.GlpiResponseError) as err:
        make_client().get_item('Computer', 1)
    assert 'https://other.example/glpi/apirest.php/initSession' in err.value.hint
    assert 'user_token=x' not in str(err.value)


def test_http_keepalive_session_shared_per_process(make_client):
    assert make_client()._http is make_client()._http  # pylint: disable=protected-access
    assert make_client()._http is not make_client(validate_certs=False)._http  # pylint: disable=protected-access


# ---------------------------------------------------------------------------- paging

def test_paging_over_several_pages(fake_glpi, make_client):
    fake_glpi.standard()
    fake_glpi.route('GET', 'Computer', lambda call: _rows(*[int(x) for x in call.params['range'].split('-')], total=29))
    rows = make_client().list_items('Computer', params={}, page_size=10)
    assert [r['id'] for r in rows] == list(range(1, 30))
    assert [c.params['range'] for c in fake_glpi.calls if c.path == 'Computer'] == ['0-9', '10-19', '20-29']


def test_paging_recorded_pages(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', ['list_0_9', 'list_10_19', 'list_20_28'])
    pages = list(make_client().iter_pages('Computer', page_size=10))
    assert [len(p) for p in pages] == [10, 10, 9]


def test_paging_stops_on_200(fake_glpi, make_client):
    # range=0-1000 on 29 items: 200 with Content-Range 0-28/29
    fake_glpi.standard().route('GET', 'Computer', 'list_0_1000')
    rows = make_client().get_all('Computer', page_size=1000)
    assert len(rows) == 29
    assert fake_glpi.count('GET', 'Computer') == 1


def test_paging_start_equal_total_gives_empty_206(fake_glpi, make_client):
    # The server said 0-28/29 then, on 29-40, 206 [] with Content-Range 29-28/29 (off-by-one server).
    fake_glpi.standard().route('GET', 'Computer', [_rows(0, 28, 30), 'list_29_40_start_eq_total'])
    rows = make_client().get_all('Computer', page_size=29)
    assert len(rows) == 29
    assert fake_glpi.count('GET', 'Computer') == 2


def test_paging_range_exceed_total_after_shrink_ends_listing(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', [_rows(0, 9, 40), 'list_range_exceed'])
    rows = make_client().get_all('Computer', page_size=10)
    assert len(rows) == 10


def test_paging_empty_result_has_no_content_range(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Manufacturer', 'list_empty_itemtype')
    assert make_client().list_items('Manufacturer') == []
    assert fake_glpi.count('GET', 'Manufacturer') == 1


def test_paging_no_match(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', 'list_no_match')
    assert make_client().list_items('Computer', search_text={'name': 'zzz-nothing'}) == []


def test_paging_user_count_bug_does_not_loop(fake_glpi, make_client):
    # /User?searchText[name]=^x$ : 1 row, Content-Range 0-2/3 (joined Profile_User rows counted)
    fake_glpi.standard().route('GET', 'User', ['user_count_bug', (206, [], {'Content-Range': '3-2/3'})])
    rows = make_client().list_items('User', search_text={'name': '^upe-user$'})
    assert [r['id'] for r in rows] == [8]
    assert fake_glpi.count('GET', 'User') == 1


def test_paging_always_sends_range_so_off_by_one_header_does_not_matter(fake_glpi, make_client):
    # Without range GLPI sends 20 rows but says 0-20/29; the client never relies on that.
    fake_glpi.standard().route('GET', 'Computer', lambda call: _rows(*[int(x) for x in call.params['range'].split('-')], total=29))
    make_client().list_items('Computer')
    assert all('range' in c.params for c in fake_glpi.calls if c.path == 'Computer')


def test_paging_deduplicates_ids_across_pages(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', [(206, [{'id': 1}, {'id': 2}], {'Content-Range': '0-1/4'}),
                                                   (200, [{'id': 2}, {'id': 3}], {'Content-Range': '2-3/4'})])
    assert [r['id'] for r in make_client().list_items('Computer', page_size=2)] == [1, 2, 3]


def test_explicit_range_and_max_rows(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', 'list_0_9')
    rows = make_client().list_items('Computer', params={'range': '0-0'}, max_rows=1)
    assert len(rows) == 1
    calls = [c for c in fake_glpi.calls if c.path == 'Computer']
    assert len(calls) == 1 and calls[0].params['range'] == '0-0'


def test_max_rows_limits_page_size(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', lambda call: _rows(*[int(x) for x in call.params['range'].split('-')], total=29))
    rows = make_client().list_items('Computer', max_rows=5)
    assert len(rows) == 5
    assert [c.params['range'] for c in fake_glpi.calls if c.path == 'Computer'] == ['0-4']


def test_list_items_params(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', 'list_no_match')
    make_client().list_items('Computer', search_text={'name': '^Alpha$', 'serial': 'SN'}, is_deleted=True,
                             params={'expand_dropdowns': True})
    call = [c for c in fake_glpi.calls if c.path == 'Computer'][0]
    assert call.params['searchText[name]'] == '^Alpha$'
    assert call.params['searchText[serial]'] == 'SN'
    assert call.params['is_deleted'] == 'true'
    assert call.params['expand_dropdowns'] == 'true'


def test_list_items_unknown_search_field_empty_body(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', 'list_unknown_search_field')
    with pytest.raises(E.GlpiInputError) as err:
        make_client().list_items('Computer', search_text={'nosuchfield': 'x'})
    assert 'nosuchfield' in str(err.value)


def test_listing_permission_error(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer', 'self_service_read')
    with pytest.raises(E.GlpiPermissionError):
        make_client().list_items('Computer')


# ---------------------------------------------------------------------------- search

def test_search_pages_and_flattens_criteria(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'search/Computer', ['search_0_4', (206, {'totalcount': 24, 'count': 5, 'data': [{'1': 'x'}] * 5},
                                                                         {'Content-Range': '5-9/24'}),
                                                          'search_20_40'])
    rows = make_client().search('Computer', {'criteria': [{'field': 1, 'searchtype': 'contains', 'value': 'ws'}],
                                             'forcedisplay': [2]}, page_size=5)
    calls = [c for c in fake_glpi.calls if c.path == 'search/Computer']
    assert calls[0].params['criteria[0][field]'] == '1'
    assert calls[0].params['forcedisplay[0]'] == '2'
    assert [c.params['range'] for c in calls] == ['0-4', '5-9', '10-14']
    assert len(rows) == 14


def test_search_empty_result(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'search/Computer', 'search_empty')
    assert make_client().search('Computer', {'criteria': [{'field': 1, 'searchtype': 'equals', 'value': 'Alpha'}]}) == []


def test_search_bad_field(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'search/Computer', 'search_bad_field')
    with pytest.raises(E.GlpiRequestError) as err:
        make_client().search('Computer', {'criteria': [{'field': 99999, 'value': 'x'}]})
    assert 'Bad field ID' in err.value.glpi_message


def test_list_search_options_is_cached(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'listSearchOptions/Computer', (200, {'1': {'name': 'Name'}}))
    client = make_client()
    assert client.list_search_options('Computer') == client.list_search_options('Computer')
    assert fake_glpi.count('GET', 'listSearchOptions/Computer') == 1


# ---------------------------------------------------------------------------- items

def test_get_item_none_on_404(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/999999', 'item_not_found')
    assert make_client().get_item('Computer', 999999) is None


def test_get_item_unknown_itemtype_raises(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'NoSuchItemtype/1', 'item_unknown_itemtype')
    with pytest.raises(E.GlpiNotFoundError) as err:
        make_client().get_item('NoSuchItemtype', 1)
    assert err.value.code == 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM'


def test_get_item_params_and_sha1(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/32', 'item_sha1')
    assert make_client().get_item('Computer', 32, get_sha1=True, get_hateoas=False) == '<sha1>'
    assert fake_glpi.calls[-1].params == {'get_sha1': 'true', 'get_hateoas': 'false'}


@pytest.mark.parametrize('bad', ['abc', -1, '1; DROP', None, True, 1.5, '01'])
def test_ids_are_validated_before_sending(fake_glpi, make_client, bad):
    # GLPI answers /Computer/abc, /Computer/-1 with the whole list.
    with pytest.raises(E.GlpiInputError):
        make_client().get_item('Computer', bad)
    assert fake_glpi.calls == []


@pytest.mark.parametrize('bad', ['Computer/1', '../x', '', None, 'Computer?x=1'])
def test_itemtypes_are_validated(fake_glpi, make_client, bad):
    with pytest.raises(E.GlpiInputError):
        make_client().list_items(bad)
    assert fake_glpi.calls == []


def test_get_sub_items(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'Computer/32/NetworkPort', (200, [{'id': 1}], {'Content-Range': '0-0/1'}))
    fake_glpi.route('GET', 'Computer/999999/NetworkPort', 'item_not_found')
    client = make_client()
    assert client.get_sub_items('Computer', 32, 'NetworkPort') == [{'id': 1}]
    assert client.get_sub_items('Computer', 999999, 'NetworkPort') == []


def test_add_single_and_bulk(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', ['add_ok', (201, [{'id': 1, 'message': ''}, {'id': 2, 'message': ''}])])
    client = make_client()
    assert client.add('Computer', {'name': 'crud-pc', 'serial': 'CRUD-1'}) == {'id': 33, 'message': 'Item successfully added: crud-pc'}
    assert fake_glpi.calls[-1].json == {'input': {'name': 'crud-pc', 'serial': 'CRUD-1'}}
    assert fake_glpi.calls[-1].headers['Content-Type'] == 'application/json'
    assert len(client.add('Computer', [{'name': 'a'}, {'name': 'b'}])) == 2
    assert client.add('Computer', []) == []


def test_add_partial_207(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', 'add_partial')
    with pytest.raises(E.GlpiPartialError) as err:
        make_client().add('Computer', [{'name': 'a'}, {'name': 'b', 'entities_id': 999999}, {'name': 'c'}])
    assert err.value.results[1]['id'] is False


def test_add_non_object_empty_body(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Computer', 'add_non_object_empty_body')
    with pytest.raises(E.GlpiInputError):
        make_client().add('Computer', [{'name': 'a'}, 'not-an-object'])
    assert fake_glpi.count('POST', 'Computer') == 0


def test_add_errors(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'Entity', 'add_duplicate_entity')
    with pytest.raises(E.GlpiConflictError):
        make_client().add('Entity', {'name': 'crud-entity', 'entities_id': 0})


def test_update(fake_glpi, make_client):
    fake_glpi.standard().route('PUT', 'Computer', ['update_ok', 'update_partial', 'update_missing_id'])
    client = make_client()
    assert client.update('Computer', {'id': 33, 'comment': 'x'}) == [{'33': True, 'message': ''}]
    assert fake_glpi.calls[-1].json == {'input': {'id': 33, 'comment': 'x'}}
    with pytest.raises(E.GlpiPartialError):
        client.update('Computer', [{'id': 33, 'otherserial': 'INV-1'}, {'id': 999999, 'otherserial': 'x'}])
    with pytest.raises(E.GlpiNotFoundError):
        client.update('Computer', {'id': 999999, 'name': 'x'})


def test_update_without_id_is_refused_locally(fake_glpi, make_client):
    # GLPI answers 200 [[]] and does nothing: refuse before sending.
    with pytest.raises(E.GlpiInputError):
        make_client().update('Computer', {'name': 'no id'})
    assert fake_glpi.calls == []


def test_update_result_with_false_is_partial(fake_glpi, make_client):
    fake_glpi.standard().route('PUT', 'Computer', (200, [{'33': False, 'message': 'nope'}]))
    with pytest.raises(E.GlpiPartialError):
        make_client().update('Computer', {'id': 33, 'name': 'x'})


def test_delete_single_and_purge(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer/33', 'delete_ok')
    client = make_client()
    assert client.delete('Computer', 33) == [{'33': True, 'message': ''}]
    assert fake_glpi.calls[-1].params == {'force_purge': 'false'}
    client.delete('Computer', {'id': 33}, force_purge=True)
    assert fake_glpi.calls[-1].params == {'force_purge': 'true'}


def test_delete_bulk_partial(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer', 'delete_partial')
    with pytest.raises(E.GlpiPartialError) as err:
        make_client().delete('Computer', [40, {'id': 999999}, 41], force_purge=True)
    assert fake_glpi.calls[-1].json == {'input': [{'id': 40}, {'id': 999999}, {'id': 41}], 'force_purge': True}
    assert len(err.value.results) == 3


def test_delete_errors(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer/999999', 'delete_not_found')
    fake_glpi.route('DELETE', 'Entity/2', 'delete_no_permission')
    client = make_client()
    with pytest.raises(E.GlpiNotFoundError):
        client.delete('Computer', 999999)
    with pytest.raises(E.GlpiPermissionError):
        client.delete('Entity', 2)


def test_purge_retried_after_lost_answer_counts_as_done(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer/33', [requests.exceptions.ReadTimeout('lost'), 'delete_not_found'])
    assert make_client().delete('Computer', 33, force_purge=True) == [{'33': True, 'message': ''}]
    assert fake_glpi.count('DELETE', 'Computer/33') == 2


def _partial_delete(*rows):
    return (207, ['ERROR_GLPI_PARTIAL_DELETE', list(rows)])


def test_bulk_purge_retried_after_late_answer_counts_gone_items_as_done(fake_glpi, make_client, log):
    # A big purge outlasts the read timeout; GLPI finishes it, and the retry finds the items gone.
    fake_glpi.standard().route('DELETE', 'Computer', [
        requests.exceptions.ReadTimeout('late'),
        _partial_delete({'40': False, 'message': 'Item not found'}, {'41': True, 'message': ''})])
    fake_glpi.route('GET', 'Computer/40', 'item_not_found')
    assert make_client().delete('Computer', [40, 41], force_purge=True) == [
        {'40': True, 'message': ''}, {'41': True, 'message': ''}]
    assert fake_glpi.count('GET', 'Computer/40') == 1
    assert any('the first attempt applied it' in message for message in log.debugs)


def test_bulk_purge_retried_still_reports_items_that_exist(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer', [
        requests.exceptions.ReadTimeout('late'),
        _partial_delete({'32': False, 'message': 'refused'}, {'41': True, 'message': ''})])
    fake_glpi.route('GET', 'Computer/32', 'item_computer_32')
    with pytest.raises(E.GlpiPartialError) as err:
        make_client().delete('Computer', [32, 41], force_purge=True)
    assert err.value.results == [{'32': False, 'message': 'refused'}, {'41': True, 'message': ''}]


def test_bulk_delete_not_retried_reads_nothing_again(fake_glpi, make_client):
    fake_glpi.standard().route('DELETE', 'Computer', 'delete_partial')
    with pytest.raises(E.GlpiPartialError):
        make_client().delete('Computer', [40, {'id': 999999}, 41], force_purge=True)
    assert not [call for call in fake_glpi.calls if call.method == 'GET' and call.path.startswith('Computer/')]


# ---------------------------------------------------------------------------- entity / profile scope

def test_entity_by_id_applied_after_login(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(entity=1, entity_recursive=True).get_active_profile()
    assert fake_glpi.paths()[:3] == ['GET initSession', 'POST changeActiveEntities', 'GET getActiveProfile']
    assert fake_glpi.calls[1].json == {'entities_id': 1, 'is_recursive': True}


def test_entity_by_completename(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyEntities', 'get_my_entities_recursive')
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(entity='Root entity > Session Child').get_active_profile()
    change = [c for c in fake_glpi.calls if c.path == 'changeActiveEntities'][0]
    assert change.json == {'entities_id': 1, 'is_recursive': False}
    assert [c for c in fake_glpi.calls if c.path == 'getMyEntities'][0].params == {'is_recursive': 'true'}


def test_entity_by_leaf_name(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyEntities', 'get_my_entities_recursive')
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(entity='Session Child').get_active_profile()
    assert [c for c in fake_glpi.calls if c.path == 'changeActiveEntities'][0].json['entities_id'] == 1


def test_entity_unknown_name(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyEntities', 'get_my_entities_recursive')
    with pytest.raises(E.GlpiInputError) as err:
        make_client(entity='Nope').get_active_profile()
    assert err.value.option == 'entity'


def test_entity_refused_by_glpi(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'changeActiveEntities', 'change_entities_false')
    with pytest.raises(E.GlpiInputError) as err:
        make_client(entity=999999).get_active_profile()
    assert err.value.option == 'entity' and err.value.value == 999999


def test_profile_by_name_then_entity(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyProfiles', 'get_my_profiles')
    fake_glpi.route('POST', 'changeActiveProfile', (200, True))
    fake_glpi.route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    make_client(profile='Super-Admin', entity=0).get_active_profile()
    assert fake_glpi.paths()[:4] == ['GET initSession', 'GET getMyProfiles', 'POST changeActiveProfile', 'POST changeActiveEntities']
    assert fake_glpi.calls[2].json == {'profiles_id': 4}


def test_profile_unknown(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyProfiles', 'get_my_profiles')
    with pytest.raises(E.GlpiInputError) as err:
        make_client(profile='Technician').get_active_profile()
    assert err.value.option == 'profile'
    assert 'Super-Admin' in err.value.hint


def test_profile_id_refused(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyProfiles', 'get_my_profiles')
    fake_glpi.route('POST', 'changeActiveProfile', 'change_profile_not_found')
    with pytest.raises(E.GlpiInputError) as err:
        make_client(profile='1').get_active_profile()
    assert err.value.option == 'profile'


def test_refresh_entities(fake_glpi, make_client):
    fake_glpi.standard()
    client = make_client()
    client.refresh_entities()
    assert fake_glpi.paths() == ['GET initSession', 'GET getActiveEntities', 'POST changeActiveEntities']
    assert fake_glpi.calls[-1].json == {'entities_id': 0, 'is_recursive': True}


def test_change_active_entities_returns_bool(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'changeActiveEntities', ['change_entities_true', 'change_entities_false'])
    client = make_client()
    assert client.change_active_entities(1) is True
    assert client.change_active_entities(999999) is False


def test_session_helpers(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getMyEntities', 'get_my_entities_recursive')
    fake_glpi.route('GET', 'getMyProfiles', 'get_my_profiles')
    client = make_client()
    assert client.get_my_entities()[0]['name'] == 'Root entity > Session Child'
    assert client.get_my_profiles()[0]['name'] == 'Super-Admin'
    assert client.get_active_entities()['id'] == 0


def test_missing_requests_library(monkeypatch):
    from ansible_collections.glpi.glpi.plugins.module_utils import client as client_mod
    monkeypatch.setattr(client_mod, 'HAS_REQUESTS', False)
    with pytest.raises(E.GlpiDependencyError):
        GlpiClient({'url': 'https://h', 'user_token': 'x'})


def test_bad_scope_kills_the_new_session(fake_glpi, make_client):
    fake_glpi.standard().route('POST', 'changeActiveEntities', 'change_entities_false')
    client = make_client(entity=999999, use_cache=True)
    with pytest.raises(E.GlpiInputError):
        client.get_active_profile()
    assert fake_glpi.paths() == ['GET initSession', 'POST changeActiveEntities', 'GET killSession']
    assert not client.has_session


def test_given_session_token_gets_entity_scope(fake_glpi, make_client):
    fake_glpi.standard().route('GET', 'getActiveProfile', (200, {'active_profile': {}}))
    client = make_client(user_token=None, session_token='given', entity=0, entity_recursive=True)
    client.get_active_profile()
    client.close()
    assert fake_glpi.paths() == ['POST changeActiveEntities', 'GET getActiveProfile']


def test_answer_cut_off_is_retried_for_get_and_maybe_applied_for_post(fake_glpi, make_client):
    cut = requests.exceptions.ChunkedEncodingError('Connection broken: IncompleteRead(0 bytes read, 64 more expected)')
    fake_glpi.standard().route('POST', 'Computer', cut)
    with pytest.raises(E.GlpiConnectionError) as err:
        make_client().add('Computer', {'name': 'a'})
    assert err.value.maybe_applied is True
    assert fake_glpi.count('POST', 'Computer') == 1
    fake_glpi.route('GET', 'Computer/32', [cut, 'item_computer_32'])
    assert make_client().get_item('Computer', 32)['id'] == 32
    assert fake_glpi.count('GET', 'Computer/32') == 2
