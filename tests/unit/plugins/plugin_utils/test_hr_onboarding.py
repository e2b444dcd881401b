# -*- coding: utf-8 -*-
"""The computations of the role glpi.glpi.hr_onboarding (plugins/plugin_utils/hr_onboarding.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible_collections.glpi.glpi.plugins.filter.hr_role import hr_role

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "hr_onboarding: a login listed twice in different case", "outcome": "fails naming the login; nothing written",
     "test": "test_problems"},
    {"area": "Load and concurrency", "case": "hr_onboarding: the role's check of 5,000 people", "outcome": "in Python, linear, well under a second",
     "test": "test_check_grows_linearly"},
]

DEFAULTS = {'default_profile': 'Self-Service', 'default_entity': 0, 'default_recursive': False, 'activate': True,
            'update_password': 'on_create', 'purge_groups': False, 'purge_profiles': False}
REFS = {'results': [{'item': 'Profile', 'records': [{'id': 1, 'name': 'Self-Service'}, {'id': 4, 'name': 'Technician'}]},
                    {'item': 'Group', 'records': [{'id': 2, 'name': 'Staff', 'completename': 'Staff'},
                                                  {'id': 3, 'name': 'Dev', 'completename': 'R &#38; D &#62; Dev'}]}]}


def onboarding(state, what):
    return hr_role(state, 'onboarding', what)


def state(users, **more):
    return dict(DEFAULTS, users=users, ref_lists=REFS, **more)


def test_filters_narrow_to_the_logins_and_assets():
    people = [{'login': 'jdoe', 'assets': [{'itemtype': 'Computer', 'name': 'pc-1'}]},
              {'login': 'jdupont', 'assets': [{'itemtype': 'Computer', 'name': 'pc-2'}, {'itemtype': 'Monitor', 'serial': 7}]}]
    assert onboarding(state(people), 'user_filters') == {'name': '^jd'}
    assert onboarding(state(people), 'asset_filters') == {'Computer': {'name': '^pc-'}, 'Monitor': {'serial': '^7$'}}


def test_a_new_user_gets_the_default_authorization_an_existing_one_only_what_is_given():
    people = [{'login': 'new'}, {'login': 'old'}, {'login': 'moved', 'entity': 5}]
    listing = {'records': [{'id': 8, 'name': 'old'}, {'id': 9, 'name': 'moved'}]}
    plans = onboarding(state(people, user_list=listing), 'plans')
    assert plans['new']['id'] is None and plans['new']['authorization'] and plans['new']['default_profile']
    assert plans['old']['id'] == 8 and not plans['old']['authorization'] and not plans['old']['default_entity']
    assert plans['moved']['authorization'] and plans['moved']['entity'] == 5 and plans['moved']['default_entity']
    assert not plans['moved']['default_profile']
    elements = onboarding(state(people, user_list=listing), 'user_elements')
    assert elements[0]['profiles'] == [{'profile': 'Self-Service', 'entity': 0, 'recursive': False}]
    assert 'profiles' not in elements[1] and 'profiles_id' not in elements[1]
    assert elements[2]['entities_id'] == 5 and 'profiles_id' not in elements[2]


def test_a_trashed_user_is_found_and_a_stored_encoding_decoded():
    people = [{'login': 'a&b'}]
    trash = {'records': [{'id': 3, 'name': 'a&#38;b', 'is_deleted': 1}]}
    assert onboarding(state(people), 'trash_needed')
    assert onboarding(state(people, user_trash=trash), 'plans')['a&b']['trashed']


@pytest.mark.parametrize('people, listing, problem', [
    ([{'login': 'Ann'}, {'login': 'ann'}], [], 'login Ann is listed more than once (GLPI logins ignore case)'),
    ([{'login': 'ann'}], [{'id': 1, 'name': 'Ann'}], 'login ann: GLPI already has the user Ann'),
    ([{'login': 'ann', 'emails': ['ann.example.com']}], [], "login ann: 'ann.example.com' is not an email address"),
    ([{'login': 'ann', 'fields': {'password': 'x'}}], [], 'login ann: fields.password cannot be set through fields'),
    ([{'login': 'ann', 'profile': 'Tech'}], [], "Profile 'Tech' (for ann): no Profile with this name is visible"),
    ([{'login': 'ann', 'groups': ['Ops']}], [], "Group 'Ops' (for ann): no Group with this name is visible"),
    ([{'login': 'ann', 'groups': [99]}], [], 'Group 99 (for ann): no Group with this id is visible'),
])
def test_problems(people, listing, problem):
    problems = onboarding(state(people, user_list={'records': listing}), 'check')['problems']
    assert any(one.startswith(problem) for one in problems), problems


def test_a_group_by_path_and_by_the_end_of_its_path():
    for value in ('R & D > Dev', 3):
        assert onboarding(state([{'login': 'ann', 'groups': [value]}]), 'check')['problems'] == []


def assets_state(owner=0, dynamic=0, **more):
    people = [{'login': 'ann', 'assets': [{'itemtype': 'Computer', 'name': 'pc-1'}]}]
    lists = {'results': [{'item': 'Computer', 'records': [{'id': 7, 'name': 'pc-1', 'users_id': owner, 'is_dynamic': dynamic}]}]}
    return state(people, user_list={'records': [{'id': 2, 'name': 'ann'}]}, asset_lists=lists, **more)


def test_an_asset_of_somebody_else_is_refused_unless_reassigned():
    owners = {'results': [{'item': 5, 'record': {'id': 5, 'name': 'bob'}}]}
    assert onboarding(assets_state(owner=5), 'foreign_owners') == [5]
    problems = onboarding(assets_state(owner=5, owner_lookup=owners), 'check')['problems']
    assert problems == ['Computer name "pc-1" (for ann): the asset (id 7) belongs to bob (user id 5) (set hr_onboarding_reassign_assets to take it)']
    assert onboarding(assets_state(owner=5, reassign_assets=True), 'check')['problems'] == []


def test_an_asset_fed_by_an_agent_is_refused_unless_allowed():
    assert 'inventory agent' in onboarding(assets_state(dynamic=1), 'check')['problems'][0]
    assert onboarding(assets_state(dynamic=1, allow_dynamic_changes=True), 'check')['problems'] == []


def test_assignments_and_result():
    current = assets_state()
    current['checked'] = onboarding(current, 'check')
    current['user_results'] = {'results': [{'name': 'ann', 'id': 2, 'action': 'none', 'changed': False}]}
    assert onboarding(current, 'assignments') == [{'itemtype': 'Computer', 'elements': [{'id': 7, 'users_id': 2}]}]
    current['assign_results'] = {'results': [{'item': {'itemtype': 'Computer', 'elements': [{'id': 7, 'users_id': 2}]},
                                              'results': [{'index': 0, 'changed': True, 'changed_fields': ['users_id']}]}]}
    result = onboarding(current, 'result')
    assert result['changed'] and result['users'][0]['assets'][0]['status'] == 'assigned'
    assert result['summary'] == ['ann: unchanged; assets assigned: Computer pc-1']
    assert result['counts']['assets_assigned'] == 1


def test_a_failure_before_any_write_names_the_person():
    current = state([{'login': 'henry'}, {'login': 'ivy'}],
                    failed_result={'msg': "users[1].usertitles_id: no UserTitle named 'x' is visible to this session"})
    assert onboarding(current, 'failure') == ("hr_onboarding: nothing was written: login ivy: users[1].usertitles_id: "
                                              "no UserTitle named 'x' is visible to this session")
    current['error'] = 'boom'
    result = onboarding(current, 'result')
    assert result['failed'] and [user['status'] for user in result['users']] == ['not_done', 'not_done']


def test_check_grows_linearly():
    people = [{'login': 'u%05d' % n, 'emails': ['u%05d@example.com' % n], 'groups': ['Staff'],
               'assets': [{'itemtype': 'Computer', 'name': 'pc-%05d' % n}]} for n in range(5000)]
    lists = {'results': [{'item': 'Computer', 'records': [{'id': n, 'name': 'pc-%05d' % n, 'users_id': 0} for n in range(5000)]}]}
    started = time.perf_counter()
    checked = onboarding(state(people, asset_lists=lists), 'check')
    assert checked['problems'] == [] and time.perf_counter() - started < 5


def test_an_unknown_value_is_refused():
    with pytest.raises(ValueError):
        onboarding(state([]), '_plan')


@pytest.mark.parametrize("role", ["onboarding", "offboarding"])
@pytest.mark.parametrize("asset_state, query", [
    (None, {}), (3, {"id": 3}), ("12", {"id": 12}), ("In use", {"fields": {"name": "In use"}}),
    ("Stock > Returned", {"fields": {"completename": "Stock > Returned"}}),
])
def test_the_asset_state_is_looked_up_by_id_path_or_name(role, asset_state, query):
    assert hr_role({"asset_state": asset_state, "users": []}, role, "state_query") == query
