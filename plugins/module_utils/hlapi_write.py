# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_item over GLPI 11's v2 API, one object per task: the decisions of ``ensure.Ensurer``
(create, update, restore, trash, purge, unchanged; check mode; diff of the fields the task set)
over ``POST`` (GLPI answers 302 with ``{id, href}``), ``PATCH``, ``DELETE`` (trash) and
``DELETE ?force=true`` (purge), FINDINGS #9 and #13.

Tasks on the same object take turns under the write lock of ``write_lock.py``.
Dropdown fields take an id or a name; a name is looked up exactly on the linked itemtype's own v2
endpoint (several matches fail with their ids). Not over v2 yet, each failing naming the option:
``items`` (bulk), ``expected_sha1``, ``create_missing_dropdowns``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import HlItemReader
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.write_lock import WriteLock

UNSUPPORTED = (('items', 'bulk items'), ('expected_sha1', 'expected_sha1 (v2 has no get_sha1)'),
               ('create_missing_dropdowns', 'create_missing_dropdowns'))


def _refuse(option, what):
    return GlpiInputError('%s: %s is not available over GLPI\'s v2 API yet (api_version=v2); use api_version: v1'
                          % (option, what), option=option)


def _same(current, wanted):
    if isinstance(wanted, bool):
        wanted = int(wanted)
    if current is None or wanted is None:
        return current in (None, '') and wanted in (None, '')
    return str(current) == str(wanted)


class HlItemWriter:
    """One glpi_item task (``params``) over an HlClient."""

    def __init__(self, client, params, check_mode=False):
        for option, what in UNSUPPORTED:
            if params.get(option):
                raise _refuse(option, what)
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.schemas = HlSchemas(client)
        self.reader = HlItemReader(client, params['itemtype'], schemas=self.schemas, option='match')
        self.schema = self.reader.schema

    def _link_id(self, field, prop, value):
        text = str(value).strip()
        if looks_like_id(text):
            return int(text)
        linked = self.schema.properties[prop].get('itemtype')
        reader = HlItemReader(self.client, linked, schemas=self.schemas, option='fields.%s' % field)
        row = reader.by_fields({'name': text})
        if row is None:
            raise GlpiInputError('fields.%s: no %s named %r' % (field, linked, text), option='fields', value=value)
        return row['id']

    def resolve(self, fields):
        """(legacy field -> wanted value with links as ids, v2 body)."""
        wanted, body = {}, {}
        for field in sorted(fields):
            prop, link = self.schema.property_of(field, 'fields')
            legacy = self.schema.legacy_name(prop)
            value = fields[field]
            if link:
                value = 0 if value in (None, '', 0) else self._link_id(field, prop, value)
                body[prop] = {'id': value} if value else None
            else:
                body[prop] = value
            wanted[legacy] = value
        return wanted, body

    def find(self, wanted):
        if self.params.get('id') is not None:
            current = self.reader.by_id(self.params['id'])
            if current is None and self.params['state'] in ('present', 'restored'):
                raise GlpiInputError('id: %s %s does not exist' % (self.params['itemtype'], self.params['id']),
                                     option='id', value=self.params['id'])
            return current
        keys = self.params.get('match') or ['name']
        missing = [key for key in keys if key not in wanted]
        if missing:
            raise GlpiInputError('match: %s not in fields' % ', '.join(missing), option='match', value=missing)
        return self.reader.by_fields(dict((key, wanted[key]) for key in keys))

    def decide(self, current, wanted):
        state = self.params['state']
        in_trash = bool(current and current.get('is_deleted'))
        changes = dict((k, v) for k, v in wanted.items() if current is None or not _same(current.get(k), v))
        if state in ('present', 'restored'):
            if current is None:
                if state == 'restored':
                    raise GlpiInputError('no %s in the trash matches' % self.params['itemtype'], option='state', value=state)
                return 'create', changes
            return ('restore' if in_trash else ('update' if changes else 'unchanged')), changes
        if state == 'absent':
            return ('unchanged' if current is None or in_trash else 'trash'), {}
        return ('purge' if current is not None else 'unchanged'), {}

    def apply(self, action, current, body, changes):
        endpoint = self.schema.endpoint
        if action == 'create':
            return self.client.request('POST', endpoint, json_body=body, expected=(200, 201, 302)).body.get('id')
        ident = current['id']
        if action in ('update', 'restore'):
            patch = dict((p, v) for p, v in body.items() if self._changed(p, changes))
            if action == 'restore':
                patch['is_deleted'] = False
            self.client.request('PATCH', '%s/%d' % (endpoint, ident), json_body=patch)
        elif action in ('trash', 'purge'):
            self.client.request('DELETE', '%s/%d' % (endpoint, ident), params={'force': 'true'} if action == 'purge' else None,
                                expected=(200, 204))
        return ident

    def _changed(self, prop, changes):
        return self.schema.legacy_name(prop) in changes

    def run(self):
        wanted, body = self.resolve(self.params.get('fields') or {})
        current = self.find(wanted)
        action, changes = self.decide(current, wanted)
        ident = current['id'] if current else None
        if action != 'unchanged' and not self.check_mode:
            ident = self.apply(action, current, body, changes)
        before = dict((k, current.get(k)) for k in wanted) if current else {}
        after = {} if action in ('trash', 'purge') else dict(before, **changes)
        item = self.reader.by_id(ident) if ident is not None and action != 'purge' and not self.check_mode else current
        return {'changed': action != 'unchanged', 'id': ident, 'action': action, 'item': item, 'sha1': None,
                'changed_fields': sorted(changes) if action in ('create', 'update', 'restore') else [],
                'summary': {action: 1}, 'created_dropdowns': [], 'diff': item_diff(before, after)}


def run_item_v2(module, client):
    """glpi_item's ``run`` over v2 (one object per task), under the write lock of its object
    (``write_lock.py``, as over v1) so that parallel forks take turns; check mode takes none."""
    params = module.params
    writer = HlItemWriter(client, params, check_mode=module.check_mode)
    fields = params.get('fields') or {}
    label = 'id %s' % params['id'] if params.get('id') is not None else repr(
        sorted((key, str(fields.get(key))) for key in params.get('match') or ['name']))
    with WriteLock(client.root + '/apirest.php', params['itemtype'], [] if module.check_mode else [label],
                   debug=client.log.debug):
        return writer.run()
