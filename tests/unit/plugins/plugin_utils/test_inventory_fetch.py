"""inventory_fetch: paging over a mocked client and records keyed by short names."""

import json
import math
import os
import threading
from unittest import mock

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.client import ApiResponse, GlpiClient
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_fetch import FetchStats, fetch_records, fetch_rows, fetch_templates
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchOptions

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SCHEMA = os.path.join(REPO, 'tests', 'emulator', 'glpi_emulator', 'schema')
TRANSCRIPT = os.path.join(REPO, 'tests', 'fidelity', 'transcripts', 'search.json')


def schema_options(itemtype):
    with open(os.path.join(SCHEMA, '%s.json' % itemtype)) as handle:
        return json.load(handle)['search_options']


@pytest.fixture(scope='module')
def computer():
    return SearchOptions('Computer', schema_options('Computer'))


def ids(opts, *names):
    return [opts.resolve(name) for name in names]


class FakeSearch:
    """search/Itemtype over ``total`` rows, answering like GLPI (206 partial, 200 complete)."""

    def __init__(self, total, extra=None):
        self.total = total
        self.extra = extra or {}
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, method, path, params=None, expected=None, **kwargs):
        with self.lock:
            self.calls.append((method, path, dict(params)))
        start, end = (int(x) for x in params['range'].split('-'))
        if start > self.total:
            raise GlpiError('range', code='ERROR_RANGE_EXCEED_TOTAL', status=400)
        data = [dict({'1': 'pc-%d' % i, '2': i, '80': 'Root entity &#62; Child'}, **self.extra) for i in range(start, min(end + 1, self.total))]
        body = {'totalcount': self.total, 'count': len(data), 'content-range': '%d-%d/%d' % (start, end, self.total)}
        if data:
            body['data'] = data
        return ApiResponse(206 if len(data) < self.total else 200, {}, body)


def client_for(fake):
    client = mock.create_autospec(GlpiClient, instance=True)
    client.request.side_effect = fake
    return client


@pytest.mark.parametrize('total,size,workers', [(0, 1000, 4), (1, 1000, 4), (2500, 1000, 4), (2500, 1000, 1), (10000, 1000, 8), (7, 3, 2)])
def test_pages_are_ceil_total_over_size(total, size, workers):
    fake = FakeSearch(total)
    stats = FetchStats()
    rows = fetch_rows(client_for(fake), 'Computer', ['2', '1', '80'], page_size=size, max_concurrency=workers, stats=stats)
    assert [r['2'] for r in rows] == list(range(total))
    assert stats.requests == len(fake.calls) == max(1, int(math.ceil(total / float(size))))
    first = fake.calls[0][2]
    assert first['forcedisplay'] == [2, 1, 80] and first['sort'] == 2 and first['order'] == 'ASC'
    assert sorted(c[2]['range'] for c in fake.calls) == sorted('%d-%d' % (s, s + size - 1) for s in range(0, max(total, 1), size))


def test_rows_inserted_while_paging_are_not_doubled():
    fake = FakeSearch(5)
    original = fake.__call__

    def shifting(method, path, params=None, **kwargs):
        resp = original(method, path, params=params, **kwargs)
        if params['range'].startswith('3-'):
            resp.body['data'].insert(0, {'1': 'pc-2', '2': 2})  # the last row of page 1 again
        return resp
    client = mock.create_autospec(GlpiClient, instance=True)
    client.request.side_effect = shifting
    rows = fetch_rows(client, 'Computer', ['2', '1'], page_size=3)
    assert [r['2'] for r in rows] == [0, 1, 2, 3, 4]


def test_criteria_and_trash_are_sent():
    fake = FakeSearch(1)
    crit = [{'field': 1, 'searchtype': 'contains', 'value': 'x'}]
    fetch_rows(client_for(fake), 'Printer', ['2'], criteria=crit, is_deleted=True)
    method, path, params = fake.calls[0]
    assert (method, path) == ('GET', 'search/Printer')
    assert params['criteria'] == crit and params['is_deleted'] == 1


def test_records_are_named_decoded_and_ip_lists(computer):
    fake = FakeSearch(2, extra={'126': '10.0.0.1', '3': 'Paris &#62; Floor 1', '31': None})
    records = fetch_records(client_for(fake), computer, ids(computer, 'location', 'state', 'ip_addresses', 'entity'))
    assert records[0] == {'id': 0, 'name': 'pc-0', 'location': 'Paris > Floor 1', 'state': None,
                          'ip_addresses': ['10.0.0.1'], 'entity': 'Root entity > Child'}
    assert fake.calls[0][2]['forcedisplay'] == [2, 1, 3, 31, 126, 80]


def test_recorded_search_body(computer):
    """A /search answer recorded on GLPI 10.0.12 (forcedisplay 2, 5, 23) turned into records."""
    with open(TRANSCRIPT) as handle:
        steps = json.load(handle)['steps']
    step = [s for s in steps if (s['request'].get('query') or {}).get('forcedisplay[2]') == '23'][0]
    recorded = step['response']
    client = mock.create_autospec(GlpiClient, instance=True)
    client.request.return_value = ApiResponse(recorded['status'], recorded['headers'], recorded['body'])
    records = fetch_records(client, computer, ids(computer, 'serial', 'manufacturer', 'entity'))
    assert records == [{'id': 32, 'name': 'gi-pc', 'serial': 'GI-001', 'manufacturer': 'HoldoutMaker', 'entity': 'Root entity'}]
    assert client.request.call_count == 1


def test_empty_body_is_a_clear_error(computer):
    client = mock.create_autospec(GlpiClient, instance=True)
    client.request.return_value = ApiResponse(200, {}, None)
    with pytest.raises(GlpiError) as err:
        fetch_records(client, computer, [])
    assert 'empty body' in str(err.value)


def test_templates_from_item_listing(computer):
    client = mock.create_autospec(GlpiClient, instance=True)
    client.list_items.return_value = [{'id': 9, 'name': '', 'serial': 'T', 'locations_id': 'Paris &#62; A', 'is_template': 1}]
    records = fetch_templates(client, computer, ids(computer, 'serial', 'location', 'ip_addresses', 'operating_system'))
    client.list_items.assert_called_once_with('Computer', search_text={'is_template': '^1$'}, params={'expand_dropdowns': True},
                                              page_size=1000)
    assert records == [{'id': 9, 'name': '', 'serial': 'T', 'location': 'Paris > A', 'ip_addresses': [],
                        'operating_system': None, 'is_template': True}]
