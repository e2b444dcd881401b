# -*- coding: utf-8 -*-
"""The tickets of the HR roles (plugins/plugin_utils/hr_tickets.py): the key each ticket carries,
which tickets are missing, which recovery tickets to solve, and what the result fact says."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.glpi.plugins.filter.hr_role import hr_role
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_tickets import ticket_index, ticket_key

USERS = {'records': [{'id': 12, 'name': 'ann'}, {'id': 13, 'name': 'bob'}]}
COMPUTERS = {'results': [{'item': 'Computer', 'records': [{'id': 1, 'name': 'pc-1', 'users_id': 12},
                                                          {'id': 2, 'name': 'pc-2', 'users_id': 13, 'is_dynamic': 1}]}]}
# ann has her access ticket, solved, under an older title (the key counts, not the rest); bob's is in the trash.
TICKETS = {'records': [{'id': 7, 'name': '[hr:access:ANN] Access for Ann Old-name', 'status': 5},
                       {'id': 8, 'name': '[hr:access:bob] Access for Bob', 'status': 1, 'is_deleted': 1},
                       {'id': 9, 'name': 'no key [hr:access', 'status': 1}]}


def test_the_key_and_the_index():
    assert ticket_key('access', 'ann') == '[hr:access:ann]'
    assert ticket_index(TICKETS) == {'access|ann': [{'id': 7, 'status': 5}]}
    assert ticket_index({'records': [{'id': 3, 'name': '[hr:recovery:a&amp;b] x', 'status': 2}]}) == {
        'recovery|a&b': [{'id': 3, 'status': 2}]}, 'GLPI stores the title HTML-encoded'


def onboarding(**more):
    current = {'users': [{'login': 'ann', 'firstname': 'Ann', 'password': 'secret', 'assets': [{'itemtype': 'Computer', 'name': 'pc-1'}]},
                         {'login': 'bob'}],
               'user_list': USERS, 'asset_lists': COMPUTERS, 'ticket_purposes': ['access', 'computer'], 'ticket_list': TICKETS}
    current.update(more)
    current['checked'] = hr_role(current, 'onboarding', 'check')
    current['user_results'] = {'results': [{'name': 'ann', 'id': 12, 'action': 'unchanged'},
                                           {'name': 'bob', 'id': 13, 'action': 'update', 'changed': True}]}
    return current


def test_onboarding_asks_for_the_missing_tickets_only():
    requests = hr_role(onboarding(), 'onboarding', 'ticket_requests')
    assert [(one['key'], one['user_id'], one['items']) for one in requests] == [
        ('[hr:computer:ann]', 12, [{'itemtype': 'Computer', 'id': 1}]), ('[hr:access:bob]', 13, []), ('[hr:computer:bob]', 13, [])]
    assert 'password' not in requests[0]['person'] and requests[0]['person']['firstname'] == 'Ann'
    assert hr_role(onboarding(ticket_purposes=[]), 'onboarding', 'ticket_requests') == []


def rendered(fact, *templates):
    return {'results': [{'ansible_facts': {fact: template}} for template in templates]}


def test_onboarding_elements_of_the_glpi_ticket_task():
    current = onboarding(ticket_person_as='observer')
    current['ticket_rendered'] = rendered('__hr_onboarding_ticket',
                                          {'title': ' Computer for Ann ', 'content': 'c', 'type': 'request', 'urgency': 'medium',
                                           'category': None, 'group': 'Desk', 'entity': None, 'link_assets': True},
                                          {'title': 'Access', 'content': None, 'link_assets': True},
                                          {'title': 'Computer', 'link_assets': False})
    assert hr_role(current, 'onboarding', 'ticket_elements') == [
        {'name': '[hr:computer:ann] Computer for Ann', 'content': 'c', 'type': 'request', 'urgency': 'medium',
         'assigned_groups': ['Desk'], 'observers': [12], 'items': [{'itemtype': 'Computer', 'id': 1}],
         'match_statuses': [1, 2, 3, 4, 5, 6], 'several_matches': 'newest'},
        {'name': '[hr:access:bob] Access', 'observers': [13], 'match_statuses': [1, 2, 3, 4, 5, 6], 'several_matches': 'newest'},
        {'name': '[hr:computer:bob] Computer', 'observers': [13], 'match_statuses': [1, 2, 3, 4, 5, 6], 'several_matches': 'newest'}]
    current['ticket_person_as'] = 'none'
    assert 'observers' not in hr_role(current, 'onboarding', 'ticket_elements')[0]


def test_onboarding_leaves_out_a_person_whose_user_failed():
    current = onboarding()
    current['user_results']['results'][1] = {'name': 'bob', 'action': 'failed', 'error': 'boom'}
    assert [one['login'] for one in hr_role(current, 'onboarding', 'ticket_requests')] == ['ann']


def test_onboarding_result_says_which_tickets_were_opened_or_found():
    current = onboarding()
    current['ticket_results'] = {'failed': True, 'results': [
        {'index': 0, 'id': 20, 'action': 'create', 'created': True, 'changed': True},
        {'index': 1, 'id': 21, 'action': 'create', 'created': True, 'changed': True},
        {'index': 2, 'id': None, 'action': 'failed', 'error': 'category: no ITILCategory'}]}
    result = hr_role(current, 'onboarding', 'result')
    assert [(ticket['purpose'], ticket['id'], ticket['status']) for ticket in result['users'][0]['tickets']] == [
        ('access', 7, 'found'), ('computer', 20, 'opened')]
    assert result['summary'][0] == 'ann: unchanged; tickets opened: computer #20; tickets found: access #7'
    assert result['users'][1]['tickets'][1]['error'] == 'category: no ITILCategory'
    assert result['counts']['tickets_opened'] == 2 and result['counts']['tickets_failed'] == 1 and result['changed']


def test_a_purpose_must_fit_the_key():
    with pytest.raises(GlpiInputError, match='hr_onboarding_ticket_purposes'):
        hr_role(onboarding(ticket_purposes=['a:b']), 'onboarding', 'ticket_requests')


def offboarding(**more):
    current = {'users': ['ann', 'bob'], 'missing': 'fail', 'itemtypes': ['Computer'], 'user_list': USERS,
               'asset_lists': COMPUTERS, 'tickets_open': True, 'ticket_solve': True, 'ticket_list': {}}
    current.update(more)
    current['checked'] = hr_role(current, 'offboarding', 'check')
    current['unassign_results'] = {'results': [{'item': {'itemtype': 'Computer', 'ids': [1]}, 'changed_ids': [1]}]}
    return current


def test_offboarding_opens_a_recovery_ticket_per_leaver_with_assets():
    requests = hr_role(offboarding(), 'offboarding', 'ticket_requests')
    assert [(one['key'], one['items']) for one in requests] == [
        ('[hr:recovery:ann]', [{'itemtype': 'Computer', 'id': 1}]), ('[hr:recovery:bob]', [{'itemtype': 'Computer', 'id': 2}])]
    assert requests[0]['assets'] == [{'itemtype': 'Computer', 'id': 1, 'name': 'pc-1', 'serial': None}]
    assert hr_role(offboarding(tickets_open=False), 'offboarding', 'ticket_requests') == []


def test_offboarding_solves_only_when_every_asset_is_back():
    current = offboarding()
    current['ticket_results'] = {'results': [{'index': 0, 'id': 30, 'action': 'create', 'created': True},
                                             {'index': 1, 'id': 31, 'action': 'create', 'created': True}]}
    # bob's computer is fed by an agent: left to him, his ticket stays open.
    assert hr_role(current, 'offboarding', 'tickets_to_solve') == [{'key': '[hr:recovery:ann]', 'id': 30, 'login': 'ann'}]
    assert hr_role(dict(current, ticket_solve=False), 'offboarding', 'tickets_to_solve') == []
    current['solve_results'] = {'results': [{'index': 0, 'id': 30, 'action': 'solve', 'solution_added': True}]}
    result = hr_role(current, 'offboarding', 'result')
    assert result['summary'][0] == 'ann: not done; assets taken back: Computer pc-1; tickets opened: recovery #30; tickets solved: recovery #30'
    assert result['counts']['tickets_solved'] == 1 and result['changed']


def test_offboarding_rerun_solves_a_found_ticket_once_nothing_is_left():
    found = {'records': [{'id': 40, 'name': '[hr:recovery:ann] Recover', 'status': 2}]}
    current = offboarding(asset_lists={'results': []}, ticket_list=found)
    current['unassign_results'] = {}
    assert hr_role(current, 'offboarding', 'ticket_requests') == []
    assert hr_role(current, 'offboarding', 'tickets_to_solve') == [{'key': '[hr:recovery:ann]', 'id': 40, 'login': 'ann'}]
    solved = {'records': [{'id': 40, 'name': '[hr:recovery:ann] Recover', 'status': 5}]}
    assert hr_role(dict(current, ticket_list=solved), 'offboarding', 'tickets_to_solve') == []
    result = hr_role(dict(current, ticket_list=solved), 'offboarding', 'result')
    assert result['users'][0]['tickets'] == [{'purpose': 'recovery', 'key': '[hr:recovery:ann]', 'id': 40, 'status': 'found', 'solved': False}]
    assert result['users'][1]['tickets'] == [], 'no asset, no ticket: none for bob'


def test_offboarding_elements_of_the_open_and_solve_tasks():
    current = offboarding()
    current['ticket_rendered'] = rendered('__hr_offboarding_ticket', {'title': 'Recover', 'content': 'pc-1'}, {'title': 'Recover'})
    assert hr_role(current, 'offboarding', 'ticket_elements')[0] == {
        'name': '[hr:recovery:ann] Recover', 'content': 'pc-1', 'items': [{'itemtype': 'Computer', 'id': 1}],
        'match_statuses': [1, 2, 3, 4, 5, 6], 'several_matches': 'newest'}
    current['ticket_results'] = {'results': [{'index': 0, 'id': 30, 'action': 'create', 'created': True}]}
    current['solve_rendered'] = rendered('__hr_offboarding_ticket', {'solution': 'All back.'})
    assert hr_role(current, 'offboarding', 'solve_elements') == [{'id': 30, 'state': 'solved', 'solution': 'All back.'}]
