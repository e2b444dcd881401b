# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""v2 resource layer without a server: doc.json to endpoints and legacy field names, records back in
the legacy shape, RSQL values and patterns, glpi_search's criteria translated or refused."""
from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import ilike_clause, rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import ItemSchema, legacy_field, reduce_doc
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_search import HlSearch


def _link(itemtype):
    return {'type': 'object', 'x-itemtype': itemtype, 'properties': {'id': {'type': 'integer'}}}


def _list(ref):
    return {'get': {'responses': {'200': {'content': {'application/json': {
        'schema': {'type': 'array', 'items': {'$ref': '#/components/schemas/' + ref}}}}}}}}


DOC = {
    'components': {'schemas': {'Computer': {'x-itemtype': 'Computer', 'properties': {
        'id': {'type': 'integer'}, 'name': {'type': 'string'}, 'is_deleted': {'type': 'boolean'},
        'date_mod': {'type': 'string', 'format': 'date-time'}, 'serial': {'type': 'string'}, 'location': _link('Location'), 'status': _link('State'),
        'user_tech': _link('User'), 'entity': _link('Entity'), 'group': {'type': 'array'}}}}},
    'paths': {'/Assets/Computer': _list('Computer'), '/Assets/Computer/{id}': {}, '/Other/Computer': _list('Computer')},
}


@pytest.fixture
def schema():
    reduced = reduce_doc(DOC)
    assert list(reduced) == ['Computer']
    return ItemSchema('Computer', reduced['Computer'])


@pytest.mark.parametrize('prop, itemtype, field', [
    ('location', 'Location', 'locations_id'), ('status', 'State', 'states_id'), ('user_tech', 'User', 'users_id_tech'),
    ('entity', 'Entity', 'entities_id'), ('default_entity', 'Entity', 'entities_id'),
    ('category', 'ITILCategory', 'itilcategories_id'), ('type', 'ComputerType', 'computertypes_id'),
])
def test_legacy_field(prop, itemtype, field):
    assert legacy_field(prop, itemtype) == field


def test_endpoint_fields_and_legacy_shape(schema):
    assert schema.endpoint == 'Assets/Computer'
    assert schema.property_of('locations_id') == ('location', True)
    assert schema.property_of('location') == ('location', True)
    assert schema.property_of('name') == ('name', False)
    with pytest.raises(GlpiInputError) as err:
        schema.property_of('groups_id')
    assert "'groups_id'" in str(err.value) and 'v2 API' in str(err.value) and 'locations_id' in str(err.value)
    row = {'id': 3, 'name': 'pc', 'is_deleted': True, 'date_mod': '2026-12-05T02:21:44+00:00',
           'location': {'id': 2, 'name': 'Room'}, 'status': None, 'group': []}
    assert schema.to_legacy(row) == {'id': 3, 'name': 'pc', 'is_deleted': 1, 'date_mod': '2026-12-05 02:21:44',
                                     'locations_id': 2, 'states_id': 0, 'group': []}
    assert schema.to_legacy(row, expand_dropdowns=True)['locations_id'] == 'Room'


@pytest.mark.parametrize('value, expected', [
    ('web-01', 'web-01'), ('a b', '"a b"'), ('a,b;c', '"a,b;c"'), ('say "hi"', "'say \"hi\"'"), (3, '3'), (True, '1'),
])
def test_rsql_value(value, expected):
    assert rsql_value(value) == expected


def test_rsql_value_with_both_quotes_fails():
    with pytest.raises(GlpiInputError):
        rsql_value('it\'s "x"')


@pytest.mark.parametrize('pattern, clause', [
    ('web', 'name=ilike="*web*"'), ('^web', 'name=ilike="web*"'), ('web$', 'name=ilike="*web"'),
    ('^web$', 'name=ilike=web'),
])
def test_ilike_clause(pattern, clause):
    assert ilike_clause('name', pattern, 'filters.name') == clause


@pytest.mark.parametrize('pattern', ['50%', 'a*b', 'NULL'])
def test_ilike_clause_refuses_wildcards(pattern):
    with pytest.raises(GlpiInputError) as err:
        ilike_clause('name', pattern, 'criteria[0]')
    assert 'criteria[0]' in str(err.value)


class _Schemas:
    def __init__(self, schema):
        self.schema = schema

    def item(self, itemtype):
        return self.schema


def _search(schema, **params):
    base = {'itemtype': 'Computer', 'criteria': [], 'metacriteria': [], 'display': [], 'sort': None, 'order': 'ASC',
            'is_deleted': False, 'max_rows': None}
    base.update(params)
    return HlSearch(None, base, schemas=_Schemas(schema))


def test_search_translation(schema):
    search = _search(schema, criteria=[
        {'field': 'name', 'value': '^web'},
        {'field': 'locations_id', 'searchtype': 'equals', 'value': 'Paris'},
        {'field': 'states_id', 'searchtype': 'notequals', 'value': '4'},
        {'field': 'date_mod', 'searchtype': 'morethan', 'value': '2026-01-01 00:00:00'},
    ], sort='locations_id', order='DESC')
    assert search.rsql() == ('name=ilike="web*";location.name==Paris;status.id!=4;date_mod=gt="2026-01-01 00:00:00";'
                             'is_deleted==0')
    assert search.sort() == 'location.name:desc'


@pytest.mark.parametrize('criteria, rsql', [
    ([{'field': 'name', 'value': 'a'}, {'link': 'OR', 'field': 'serial', 'value': 'b'}],
     '(name=ilike="*a*",serial=ilike="*b*");is_deleted==0'),
    ([{'field': 'name', 'value': 'a'}, {'link': 'OR', 'field': 'serial', 'value': 'b'}, {'field': 'state', 'searchtype': 'equals', 'value': 3}],
     '(name=ilike="*a*",serial=ilike="*b*";status.id==3);is_deleted==0'),
    ([{'field': 'name', 'value': 'a'}, {'link': 'AND', 'criteria': [
        {'field': 'serial', 'value': 'b'}, {'link': 'OR', 'field': 'locations_id', 'searchtype': 'equals', 'value': 'Paris'}]}],
     'name=ilike="*a*";(serial=ilike="*b*",location.name==Paris);is_deleted==0'),
    ([{'field': 'name', 'value': 'a'}, {'link': 'AND NOT', 'criteria': [
        {'field': 'serial', 'searchtype': 'equals', 'value': 'b'}, {'link': 'OR', 'field': 'date_mod', 'searchtype': 'lessthan', 'value': '2026-01-01'}]}],
     'name=ilike="*a*";serial!=b;date_mod=ge=2026-01-01;is_deleted==0'),
    ([{'link': 'AND NOT', 'criteria': [{'field': 'serial', 'searchtype': 'equals', 'value': 'b'},
                                       {'field': 'location.name', 'searchtype': 'notequals', 'value': 'x'}]}],
     '(serial!=b,location.name==x);is_deleted==0'),
    ([{'field': 'name', 'searchtype': 'notcontains', 'value': 'x'}], 'is_deleted==0'),
    ([{'field': 'name', 'value': 'a'}, {'link': 'AND NOT', 'field': 'serial', 'value': 'x'}], 'name=ilike="*a*";is_deleted==0'),
])
def test_search_links_groups_and_not(schema, criteria, rsql):
    assert _search(schema, criteria=criteria).rsql() == rsql


def test_search_notcontains_is_checked_on_the_client(schema):
    search = _search(schema, criteria=[{'field': 'name', 'searchtype': 'notcontains', 'value': '^web'},
                                       {'link': 'AND NOT', 'field': 'locations_id', 'value': 'paris'}])
    search.rsql()
    rows = [{'name': 'web-1', 'location': None}, {'name': 'db-1', 'location': {'id': 1, 'name': 'Paris 2'}},
            {'name': 'db-2', 'location': None}, {'name': None, 'location': {'id': 2, 'name': 'Lyon'}}]
    assert [r['name'] for r in rows if all(c.accepts(r) for c in search.client_checks)] == ['db-2', None]


@pytest.mark.parametrize('criteria, where, what', [
    ([{'field': 'name', 'value': 'a'}, {'link': 'OR NOT', 'field': 'name', 'value': 'b'}], 'criteria[1]', 'negated contains'),
    ([{'field': 'name', 'value': 'a'}, {'link': 'OR', 'field': 'name', 'searchtype': 'notcontains', 'value': 'b'}],
     'criteria[1]', 'negated contains'),
    ([{'itemtype': 'NetworkPort', 'field': 'mac', 'value': 'x'}], 'criteria[0]', 'NetworkPort'),
    ([{'field': 'locations_id', 'searchtype': 'under', 'value': 'x'}], 'criteria[0]', 'under'),
    ([{'field': 'date_mod', 'searchtype': 'lessthan', 'value': 'NOW'}], 'criteria[0]', 'NOW'),
])
def test_search_refusals_name_the_criterion(schema, criteria, where, what):
    with pytest.raises(GlpiInputError) as err:
        _search(schema, criteria=criteria).rsql()
    assert where in str(err.value) and what in str(err.value) and 'api_version: v1' in str(err.value)


def test_user_login_is_the_legacy_name():
    """AdministrationController's User.username has x-field name, which the document strips."""
    user = ItemSchema('User', {'endpoint': 'Administration/User', 'properties': {
        'id': {'type': 'integer'}, 'username': {'type': 'string'}, 'realname': {'type': 'string'},
        'default_profile': {'type': 'object', 'itemtype': 'Profile'}}})
    assert user.property_of('name') == ('username', False)
    assert user.legacy_name('username') == 'name'
    assert 'name' in user.known_fields() and 'username' not in user.known_fields()
    assert user.to_legacy({'id': 5, 'username': 'jdoe', 'realname': 'Doe', 'default_profile': {'id': 4}}) == {
        'id': 5, 'name': 'jdoe', 'realname': 'Doe', 'profiles_id': 4}


def test_completename_path_is_refused_in_search_and_reads(schema):
    with pytest.raises(GlpiInputError) as err:
        _search(schema, criteria=[{'field': 'locations_id', 'searchtype': 'equals', 'value': 'A > B'}]).rsql()
    assert 'criteria[0]' in str(err.value) and 'completename' in str(err.value)
