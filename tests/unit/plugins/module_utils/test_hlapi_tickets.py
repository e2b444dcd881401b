# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_ticket's and glpi_massive_action's v2 layer without a server: the legacy calls tickets.py makes
mapped to ITILController's routes (team members told apart by their href, status as its number, the
legacy searchText patterns as RSQL), and the massive actions v2 cannot do refused before any request."""
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_massive import HlMassive
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_tickets import HlTicketClient, check_params

TICKET = {'x-itemtype': 'Ticket', 'properties': {
    'id': {'type': 'integer'}, 'name': {'type': 'string'}, 'urgency': {'type': 'integer'},
    'is_deleted': {'type': 'boolean'}, 'status': {'type': 'object', 'properties': {'id': {'type': 'integer'}}},
    'category': {'type': 'object', 'x-itemtype': 'ITILCategory'}, 'entity': {'type': 'object', 'x-itemtype': 'Entity'},
    'team': {'type': 'array'}}}
DOC = {'endpoint': 'Assistance/Ticket', 'schema': 'Ticket',
       'properties': dict((p, {'type': s.get('type'), 'itemtype': s.get('x-itemtype'), 'format': None})
                          for p, s in TICKET['properties'].items())}


class Answer:
    def __init__(self, body, status=200):
        self.body, self.status = body, status


class FakeHl:
    """An HlClient that answers from a dict of GET paths and records every request."""

    base_url = 'http://glpi.test/api.php'

    def __init__(self, answers=None):
        self.answers = answers or {}
        self.sent = []
        self.log = type('Log', (), {'debug': staticmethod(lambda message: None)})()

    def get(self, path, params=None):
        self.sent.append(('GET', path, None))
        return self.answers.get(path)

    def list(self, path, rsql=None, **dummy):
        self.sent.append(('LIST', path, rsql))
        return self.answers.get(path, [])

    def request(self, method, path, params=None, json_body=None, **dummy):
        self.sent.append((method, path, json_body))
        return Answer({'id': 7}, 302 if method == 'POST' else 200)


@pytest.fixture
def tickets(monkeypatch):
    def make(answers=None):
        client = HlTicketClient(FakeHl(answers))
        monkeypatch.setattr(client.schemas, 'item', lambda itemtype, option='itemtype': _schema())
        return client
    return make


def _schema():
    from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import ItemSchema
    return ItemSchema('Ticket', DOC)


def test_ticket_in_the_legacy_shape(tickets):
    client = tickets({'Assistance/Ticket/3': {'id': 3, 'name': 't', 'is_deleted': False, 'status': {'id': 4, 'name': 'Pending'},
                                              'category': {'id': 9, 'name': 'Disks'}, 'entity': {'id': 0}, 'team': []}})
    assert client.get_item('Ticket', 3) == {'id': 3, 'name': 't', 'is_deleted': 0, 'status': 4,
                                            'itilcategories_id': 9, 'entities_id': 0}


def test_team_members_told_apart_by_href(tickets):
    team = [{'id': 4, 'role': 'assigned', 'href': '/front/user.form.php?id=4'},
            {'id': 4, 'role': 'requester', 'href': '/front/group.form.php?id=4'},
            {'id': 5, 'role': 'observer', 'href': '/front/user.form.php?id=5'},
            {'id': 1, 'role': 'assigned', 'href': '/front/supplier.form.php?id=1'}]
    client = tickets({'Assistance/Ticket/3/TeamMember': team})
    assert client.get_sub_items('Ticket', 3, 'Ticket_User') == [{'users_id': 4, 'type': 2}, {'users_id': 5, 'type': 3}]
    assert client.get_sub_items('Ticket', 3, 'Group_Ticket') == [{'groups_id': 4, 'type': 1}]


def test_writes_map_to_itil_routes(tickets):
    client = tickets()
    client.add('Ticket', {'name': 't', 'urgency': 4, 'itilcategories_id': 9, 'entities_id': 0,
                          '_users_id_assign': [4], '_followup': {'content': 'x'}, 'items_id': {'Computer': [1]}})
    client.add('Group_Ticket', [{'tickets_id': 7, 'groups_id': 2, 'type': 1}])
    client.add('ITILFollowup', {'itemtype': 'Ticket', 'items_id': 7, 'content': 'news', 'is_private': 0, '_no_reopen': 1})
    client.update('Ticket', {'id': 7, 'status': 6, 'is_deleted': 0})
    client.delete('Ticket', {'id': 7}, force_purge=True)
    assert client.hl.sent == [
        ('POST', 'Assistance/Ticket', {'name': 't', 'urgency': 4, 'category': {'id': 9}, 'entity': {'id': 0}}),
        ('POST', 'Assistance/Ticket/7/TeamMember', {'type': 'Group', 'id': 2, 'role': 'requester'}),
        ('POST', 'Assistance/Ticket/7/Timeline/Followup', {'content': 'news', 'is_private': False}),
        ('PATCH', 'Assistance/Ticket/7', {'status': 6, 'is_deleted': False}),
        ('DELETE', 'Assistance/Ticket/7', None)]


@pytest.mark.parametrize('pattern, rsql', [
    ('^disk /var above 90%$', 'name=="disk /var above 90%"'),
    ('web-01', 'name=ilike="*web-01*"'),
    ('^say "it\'s"$', None),
])
def test_search_text_as_rsql(tickets, pattern, rsql):
    client = tickets()
    client.list_items('Ticket', search_text={'name': pattern})
    assert client.hl.sent == [('LIST', 'Assistance/Ticket', rsql)]


def test_items_fail_over_v2():
    with pytest.raises(GlpiInputError) as err:
        check_params({'items': [{'itemtype': 'Computer', 'id': 1}]})
    assert 'items' in str(err.value) and 'api_version=v2' in str(err.value)


@pytest.mark.parametrize('action', ['MassiveAction:amend_comment', 'Infocom:activate', 'add_contract'])
def test_massive_actions_without_v2_equivalent_fail_before_any_request(action):
    hl = FakeHl()
    with pytest.raises(GlpiInputError) as err:
        HlMassive(hl, {'itemtype': 'Computer', 'action': action, 'ids': [1], 'input': {}})
    message = str(err.value)
    assert (action if ':' in action else 'MassiveAction:' + action) in message and 'api_version=v2' in message
    assert 'MassiveAction:update' in message and hl.sent == []
