# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""inventory_v2 over a fake HlClient: pages after the first in parallel, records in the v1 shape
(complete names of tree dropdowns, the root entity), what v2 lacks warned about, templates refused."""

import threading

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import ItemSchema
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_fetch import FetchStats
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_v2 import InventoryV2, list_all


def _link(itemtype):
    return {'type': 'object', 'itemtype': itemtype}


SCHEMAS = {
    'Computer': {'endpoint': 'Assets/Computer', 'properties': {
        'id': {'type': 'integer'}, 'name': {'type': 'string'}, 'serial': {'type': 'string'}, 'is_deleted': {'type': 'boolean'},
        'location': _link('Location'), 'status': _link('State'), 'entity': _link('Entity')}},
    'Location': {'endpoint': 'Dropdowns/Location', 'properties': {'id': {'type': 'integer'}, 'completename': {'type': 'string'}}},
    'State': {'endpoint': 'Dropdowns/State', 'properties': {'id': {'type': 'integer'}, 'completename': {'type': 'string'}}},
}


class Schemas:
    def item(self, itemtype, option='itemtype'):
        return ItemSchema(itemtype, SCHEMAS[itemtype])


class FakeClient:
    api_version = 'v2'

    def __init__(self, computers):
        self.computers = computers
        self.calls = []
        self.threads = set()
        self.lock = threading.Lock()

    def request(self, method, path, params=None, **kwargs):
        with self.lock:
            self.calls.append((path, dict(params)))
            self.threads.add(threading.current_thread().name)
        if path == 'Dropdowns/Location':
            rows = [{'id': 7, 'completename': 'Paris > Floor 1'}]
        elif path == 'Dropdowns/State':
            rows = [{'id': 3, 'completename': 'Prod'}]
        else:
            rows = self.computers
        page = rows[params['start']:params['start'] + params['limit']]
        return ApiResponse(200 if len(page) == len(rows) else 206,
                           {'Content-Range': '%d-%d/%d' % (params['start'], params['start'] + len(page) - 1, len(rows))}, page)


def computers(count):
    return [{'id': n, 'name': 'pc-%d' % n, 'serial': 'S%d' % n, 'is_deleted': False, 'entity': {'id': 0, 'name': 'Root entity',
             'completename': 'Root entity'}, 'location': {'id': 7, 'name': 'Floor 1'} if n % 2 else None,
             'status': {'id': 3, 'name': 'Prod'}} for n in range(1, count + 1)]


def settings(**extra):
    base = {'itemtypes': ['Computer'], 'filters': {}, 'states': [], 'exclude_deleted': True, 'exclude_templates': True,
            'page_size': 10, 'max_concurrency': 4}
    base.update(extra)
    return base


def test_pages_after_the_first_in_parallel():
    client = FakeClient(computers(45))
    rows = list_all(client, 'Assets/Computer', 'is_deleted==0', 10, 4, FetchStats())
    assert [r['id'] for r in rows] == list(range(1, 46))
    assert client.calls[0][1]['start'] == 0 and sorted(c[1]['start'] for c in client.calls) == [0, 10, 20, 30, 40]
    assert all(c[1]['sort'] == 'id:asc' and c[1]['filter'] == 'is_deleted==0' for c in client.calls)
    assert len(client.threads) > 1


def test_records_have_the_v1_shape_and_v2_gaps_are_warned():
    client = FakeClient(computers(3))
    warnings = []
    blocks = InventoryV2(client, settings(states=['prod']), FetchStats(), warnings.append, schemas=Schemas()).fetch(
        ['name', 'entity', 'locations_id', 'state', 'serial', 'ip_addresses', 'operating_system'],
        ['name', 'locations_id', 'serial', 'ip_addresses'], 'first_ipv4')
    records = blocks[0]['records']
    assert records[0] == {'id': 1, 'name': 'pc-1', 'entity': 'Root entity', 'location': 'Paris > Floor 1', 'state': 'Prod',
                          'serial': 'S1'}
    assert records[1]['location'] is None
    assert blocks[0]['address_key'] == 'first_ipv4'
    listing = [c for c in client.calls if c[0] == 'Assets/Computer'][0][1]
    assert listing['filter'] == 'status.id=in=(3);is_deleted==0'
    assert len(warnings) == 1 and 'ip_addresses, operating_system' in warnings[0] and 'api_version: v1' in warnings[0]


def test_unknown_field_and_templates_fail_clearly():
    with pytest.raises(GlpiInputError) as err:
        InventoryV2(FakeClient([]), settings(), FetchStats(), print, schemas=Schemas()).fetch(['nosuch'], ['nosuch'], 'none')
    assert 'nosuch' in str(err.value) and 'api_version=v2' in str(err.value) and 'serial' in str(err.value)
    with pytest.raises(GlpiInputError) as err:
        InventoryV2(FakeClient([]), settings(exclude_templates=False), FetchStats(), print, schemas=Schemas())
    assert 'exclude_templates' in str(err.value) and 'api_version: v1' in str(err.value)
