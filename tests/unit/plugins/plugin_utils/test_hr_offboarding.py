# -*- coding: utf-8 -*-
"""The computations of the role glpi.glpi.hr_offboarding (plugins/plugin_utils/hr_offboarding.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.glpi.plugins.filter.hr_role import hr_role

USERS = {'records': [{'id': 12, 'name': 'ann'}, {'id': 13, 'name': 'Bob'}, {'id': 14, 'name': 'cy', 'is_deleted': 1}]}
ASSETS = {'results': [{'item': 'Computer', 'records': [
    {'id': 1, 'name': 'pc-1', 'users_id': 12}, {'id': 2, 'name': 'pc-2', 'users_id': 13, 'is_dynamic': 1},
    {'id': 3, 'name': 'pc-3', 'users_id': 99}, {'id': 4, 'name': 'tpl', 'users_id': 12, 'is_template': 1}]}]}


def offboarding(state, what):
    return hr_role(state, 'offboarding', what)


def state(users, **more):
    base = {'users': users, 'missing': 'fail', 'remove_groups': True, 'remove_profiles': False,
            'itemtypes': ['Computer', 'Monitor', 'Computer'], 'user_list': USERS, 'asset_lists': ASSETS}
    base.update(more)
    return base


def test_logins_each_once_in_any_case_and_the_filters():
    current = state(['ann', 'ANN', 'bob'])
    assert offboarding(current, 'user_filters') == {}
    assert offboarding(current, 'asset_itemtypes') == ['Computer', 'Monitor']
    assert offboarding(current, 'asset_filters') == {'users_id': '^1'}
    assert not offboarding(current, 'trash_needed')


def test_check_finds_the_users_and_their_assets():
    checked = offboarding(state(['ann', 'bob', 'cy']), 'check')
    assert [(user['login'], user['name'], user['id'], user['trashed']) for user in checked['users']] == [
        ('ann', 'ann', 12, False), ('bob', 'Bob', 13, False), ('cy', 'cy', 14, True)]
    assert [(asset['id'], asset['login'], asset['keep']) for asset in checked['assets']] == [(1, 'ann', False), (2, 'bob', True)]
    assert checked['problems'] == [] and 'Computer 2' in checked['warnings'][0]


@pytest.mark.parametrize('missing, problems, warnings', [('fail', 1, 0), ('skip', 0, 1)])
def test_a_missing_login(missing, problems, warnings):
    checked = offboarding(state(['ghost'], missing=missing), 'check')
    assert (len(checked['problems']), len(checked['warnings'])) == (problems, warnings)


def test_elements_leave_a_trashed_user_alone_and_result():
    current = state(['ann', 'cy'])
    current['checked'] = offboarding(current, 'check')
    assert offboarding(current, 'user_elements') == [
        {'name': 'ann', 'state': 'disabled', 'purge_groups': True, 'purge_profiles': False, 'groups': []}]
    assert offboarding(current, 'by_itemtype') == [{'itemtype': 'Computer', 'ids': [1]}]
    current['user_results'] = {'results': [{'name': 'ann', 'id': 12, 'action': 'update', 'changed': True, 'changed_fields': ['is_active']}]}
    current['unassign_results'] = {'results': [{'item': {'itemtype': 'Computer', 'ids': [1]}, 'changed_ids': [1]}]}
    result = offboarding(current, 'result')
    assert [user['status'] for user in result['users']] == ['deactivated', 'trashed']
    assert result['summary'][0] == 'ann: deactivated; assets taken back: Computer pc-1'
    assert result['counts']['assets_unassigned'] == 1 and result['changed']


def test_a_failure_says_whether_something_was_written():
    current = state(['ann'], failed_result={'msg': 'boom'})
    assert offboarding(current, 'failure') == 'hr_offboarding: nothing was written: boom'
    current['user_results'] = {'results': []}
    assert offboarding(current, 'failure') == 'hr_offboarding: boom (hr_offboarding_result says what was done)'
    assert [user['status'] for user in offboarding(current, 'result')['users']] == ['not_done']
