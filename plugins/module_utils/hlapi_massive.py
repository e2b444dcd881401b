# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_massive_action over GLPI 11's v2 API, which has no massive actions: the actions with a
plain v2 equivalent are applied item by item, with the same decisions (``massive.plan``: missing
ids, items already in the desired state) and the same per-id report as over v1.

============================  ==========================================================
action                        over v2, per item
============================  ==========================================================
``MassiveAction:update``      ``PATCH <endpoint>/<id>`` of the one field (a dropdown by id
                              or exact name)
``MassiveAction:delete``      ``DELETE <endpoint>/<id>`` (to the trash)
``MassiveAction:restore``     ``PATCH <endpoint>/<id>`` with ``is_deleted: false``
``MassiveAction:purge``       ``DELETE <endpoint>/<id>?force=true``
============================  ==========================================================

Every other action fails before any write, naming the action and the API. ``criteria`` go
through glpi_search's v2 translation (``hlapi_search.HlSearch``: what RSQL cannot express fails
naming the criterion). An update of ``entities_id`` (an entity move) fails naming the field.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.entity_scope import FIELD as ENTITY_FIELD
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import HlItemReader
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_search import HlSearch
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_write import HlItemWriter
from ansible_collections.glpi.glpi.plugins.module_utils.massive import CORE, STATEFUL, action_key, core_verb, plan

READ_CHUNK = 50
V2_ACTIONS = tuple('%s:%s' % (CORE, verb) for verb in STATEFUL)


def _refuse(option, what):
    return not_over_v2(option, '%s (GLPI\'s v2 API has no massive actions; over v2 this module applies only %s, item by item)'
                       % (what, ', '.join(V2_ACTIONS)))


def _status_of(error):
    return 'noright' if error.status in (403, 404) else 'ko'


class HlMassive:
    """One glpi_massive_action task over an HlClient: (key, ids, entries, answers) like over v1."""

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.key = action_key(params['action'])
        self.verb = core_verb(self.key)
        if self.verb is None:
            raise _refuse('action', self.key)
        if params.get('input') and self.verb != 'update':
            raise _refuse('input', 'input for %s' % self.key)
        self.schemas = HlSchemas(client)
        self.reader = HlItemReader(client, params['itemtype'], schemas=self.schemas, option='ids')
        self.endpoint = self.reader.schema.endpoint

    def update_body(self, field, value):
        """(legacy field, wanted value with a dropdown as its id, v2 body)."""
        if field == ENTITY_FIELD:
            raise not_over_v2('field', 'an update of %s (an entity move)' % field, value=field)
        writer = HlItemWriter(self.client, {'itemtype': self.params['itemtype']})
        wanted, body = writer.wanted_and_body({field: value})
        legacy = list(wanted)[0]
        column_limits.check(self.params['itemtype'], [(None, wanted)], option='value', version=lambda: '11.0')
        return legacy, wanted[legacy], body

    def select_ids(self, criteria):
        """The ids ``criteria`` select: in the trash for a restore, everywhere for a purge."""
        trash = {'restore': [True], 'purge': [False, True]}.get(self.verb, [False])
        ids = []
        for is_deleted in trash:
            search = HlSearch(self.client, {'itemtype': self.params['itemtype'], 'criteria': criteria,
                                            'is_deleted': is_deleted}, schemas=self.schemas)
            ids += [row['id'] for row in self.client.list(self.endpoint, rsql=search.rsql()) if row['id'] not in ids]
        return ids

    def read(self, ids):
        """{id: legacy row} of the ids that exist and are visible (``id=in=(...)`` by chunks)."""
        found = {}
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start:start + READ_CHUNK]
            rsql = 'id=in=(%s)' % ','.join(str(int(ident)) for ident in chunk)
            for row in self.client.list(self.endpoint, rsql=rsql):
                found[int(row['id'])] = self.reader.schema.to_legacy(row)
        return found

    def _send(self, entry, body):
        path = '%s/%d' % (self.endpoint, entry.id)
        method, params, json_body = {'update': ('PATCH', None, body), 'restore': ('PATCH', None, {'is_deleted': False}),
                                     'delete': ('DELETE', None, None), 'purge': ('DELETE', {'force': 'true'}, None)}[self.verb]
        try:
            resp = self.client.request(method, path, params=params, json_body=json_body, expected=(200, 204))
        except GlpiError as error:
            entry.done(_status_of(error), '%s' % error)
            return {'id': entry.id, 'method': method, 'status': error.status, 'error': '%s' % error}
        entry.done('ok', 'applied (%s %s)' % (method, path))
        return {'id': entry.id, 'method': method, 'status': resp.status}

    def run(self):
        params = self.params
        field = value = body = None
        if self.verb == 'update':
            if not params.get('field') or params.get('value') is None:
                raise GlpiInputError('MassiveAction:update over api_version=v2 needs field and value',
                                     option='field', value=params.get('field'))
            field, value, body = self.update_body(params['field'], params['value'])
        if params.get('ids') is not None:
            ids = []
            for ident in params['ids']:
                if ident not in ids:
                    ids.append(ident)
        else:
            ids = self.select_ids(params['criteria'])
        entries = plan(params['itemtype'], self.verb, ids, self.read(ids) if ids else {}, field, value)
        answers = []
        for entry in entries:
            if not entry.send:
                continue
            if self.check_mode:
                entry.done('ok', 'would be applied (check mode)')
            else:
                answers.append(self._send(entry, body))
        return self.key, ids, entries, answers
