# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_ticket over GLPI 11's v2 API: the same decisions (``tickets.py``: the ticket found by
title and status, the plan of fields, links and followup, the solution, the status), over the
calls of GLPI 11.0.6's ITILController:

* the ticket: ``GET|POST /Assistance/Ticket``, ``PATCH|DELETE /Assistance/Ticket/{id}``
  (``?force=true`` purges); its status is ``{id, name}`` and is written as ``status``;
* requesters, observers, assignees and their groups: ``GET|POST .../TeamMember``
  (``{type: User|Group, id, role: requester|assigned|observer}``); GLPI lists them without their
  type, which the ``href`` of each member tells (``/front/user.form.php?id=N``);
* followups and solutions: ``GET|POST .../Timeline/Followup`` and ``.../Timeline/Solution``.

:class:`HlTicketClient` offers ``tickets.py`` the calls of the legacy client it makes, on these
routes, with rows in the legacy shape (``hlapi_schema.ItemSchema.to_legacy``, the status as its
number). A ticket is created with its fields first, then its team and its followup
(:class:`HlTicketTask`): v2 has no ``_users_id_*`` or ``_followup`` input.

Not over v2, failing before any write naming the option and the API: ``items`` (GLPI 11.0.6 has
no v2 route for a ticket's items). A followup added with ``state=solved`` or ``closed`` cannot
carry ``_no_reopen`` over v2 (GLPI drops unknown input): see the module's notes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import HlItemReader, rsql_value
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.tickets import ACTORS, TicketTask

TICKET_PATH = 'Assistance/Ticket'
ROLES = {1: 'requester', 2: 'assigned', 3: 'observer'}
ROLE_NUMBERS = dict((name, number) for number, name in ROLES.items())
# Link itemtype -> (member type, legacy key, the form its members' href names)
MEMBERS = {'Ticket_User': ('User', 'users_id', '/user.form.php'), 'Group_Ticket': ('Group', 'groups_id', '/group.form.php')}
TIMELINE = {'ITILFollowup': 'Followup', 'ITILSolution': 'Solution'}
# The v2 property holding what the legacy API calls ``name``.
NAME_PROPERTIES = {'User': 'username'}


def check_params(params):
    if params.get('items'):
        raise not_over_v2('items', 'linking items to a ticket (GLPI 11.0.6 has no v2 route for Item_Ticket)')


class HlTicketClient:
    """The calls ``tickets.py`` (and the resolver, finder and link writer it uses) make of the
    legacy client, over an :class:`hlapi_client.HlClient`."""

    api_version = 'v2'

    def __init__(self, client):
        self.hl = client
        self.log = client.log
        # search_escape.server_version's cache: the v2 API is GLPI 11's (column_limits reads it).
        self._glpi_version_text = '11.0'
        self.schemas = HlSchemas(client)
        self._readers = {}

    def _reader(self, itemtype):
        if itemtype not in self._readers:
            self._readers[itemtype] = HlItemReader(self.hl, itemtype, schemas=self.schemas)
        return self._readers[itemtype]

    def _legacy(self, itemtype, row):
        out = self._reader(itemtype).schema.to_legacy(row)
        if not isinstance(out, dict):
            return out
        if isinstance(out.get('status'), dict) and itemtype == 'Ticket':
            out['status'] = out['status'].get('id')
            out.pop('team', None)
        if itemtype in NAME_PROPERTIES:
            out.setdefault('name', out.get(NAME_PROPERTIES[itemtype]))
        return out

    def _path(self, itemtype, ident=None):
        endpoint = self._reader(itemtype).schema.endpoint
        return endpoint if ident is None else '%s/%d' % (endpoint, int(ident))

    # -- reads ------------------------------------------------------------------------------
    def get_item(self, itemtype, ident):
        return self._legacy(itemtype, self.hl.get(self._path(itemtype, ident)))

    def list_items(self, itemtype, search_text=None, is_deleted=False, **dummy):
        """The rows of ``itemtype`` (in the trash or not), narrowed by the legacy searchText
        patterns where RSQL can (``^x$`` as ``==``, else a substring); the callers compare exactly."""
        clauses = [self._narrow(itemtype, key, pattern) for key, pattern in sorted((search_text or {}).items())]
        rsql = ';'.join(clause for clause in clauses if clause) or None
        rows = self.hl.list(self._path(itemtype), rsql=rsql)
        return [self._legacy(itemtype, row) for row in rows if bool(row.get('is_deleted')) == bool(is_deleted)]

    @staticmethod
    def _narrow(itemtype, key, pattern):
        prop = NAME_PROPERTIES.get(itemtype, key) if key == 'name' else key
        text = '%s' % (pattern,)
        exact = len(text) > 1 and text.startswith('^') and text.endswith('$')
        core = text[1:-1] if exact else text
        try:
            value = rsql_value(core if exact else '*%s*' % core)
        except GlpiInputError:
            return None  # both quote characters: no narrowing, the caller compares every row
        return '%s%s%s' % (prop, '==' if exact else '=ilike=', value)

    def get_sub_items(self, itemtype, ident, link):
        path = '%s/%d' % (TICKET_PATH, int(ident))
        if link in MEMBERS:
            kind, key, form = MEMBERS[link]
            return [{key: member.get('id'), 'type': ROLE_NUMBERS.get(member.get('role'))}
                    for member in self.hl.get(path + '/TeamMember') or []
                    if form in str(member.get('href') or '')]
        if link in TIMELINE:
            return [entry.get('item') or {} for entry in self.hl.get('%s/Timeline/%s' % (path, TIMELINE[link])) or []]
        raise not_over_v2(link, 'reading a ticket\'s %s' % link)

    def get_active_entities(self):
        raise not_over_v2('entity', 'an entity by name (give its id)')

    def refresh_entities(self):
        """The v2 API has no session to refresh: the token sees every entity of its profile."""

    # -- writes -----------------------------------------------------------------------------
    def _ticket_body(self, fields):
        schema = self._reader('Ticket').schema
        body = {}
        for field, value in fields.items():
            if field.startswith('_') or field in ('id', 'items_id'):
                continue  # actors, items and the first followup: HlTicketTask writes them apart
            if field == 'status':
                body['status'] = value
                continue
            prop, link = schema.property_of(field, 'fields')
            body[prop] = {'id': value} if link else (bool(value) if field == 'is_deleted' else value)
        return body

    def add(self, itemtype, body):
        if itemtype == 'Ticket':
            resp = self.hl.request('POST', TICKET_PATH, json_body=self._ticket_body(body), expected=(200, 201, 302))
            return {'id': (resp.body or {}).get('id')}
        rows = body if isinstance(body, list) else [body]
        if itemtype in MEMBERS:
            kind, key = MEMBERS[itemtype][:2]
            for row in rows:
                self.hl.request('POST', '%s/%d/TeamMember' % (TICKET_PATH, int(row['tickets_id'])),
                                json_body={'type': kind, 'id': int(row[key]), 'role': ROLES[row['type']]},
                                expected=(200, 201))
            return [{'id': None} for dummy in rows] if isinstance(body, list) else {'id': None}
        if itemtype in TIMELINE:
            data = dict((k, v) for k, v in body.items() if k in ('content', 'is_private'))
            if 'is_private' in data:
                data['is_private'] = bool(data['is_private'])
            path = '%s/%d/Timeline/%s' % (TICKET_PATH, int(body['items_id']), TIMELINE[itemtype])
            return {'id': (self.hl.request('POST', path, json_body=data, expected=(200, 201, 302)).body or {}).get('id')}
        raise not_over_v2(itemtype, 'adding a %s' % itemtype)

    def update(self, itemtype, body):
        if itemtype != 'Ticket':
            raise not_over_v2(itemtype, 'updating a %s' % itemtype)
        self.hl.request('PATCH', self._path('Ticket', body['id']), json_body=self._ticket_body(body))
        return [{str(body['id']): True}]

    def delete(self, itemtype, body, force_purge=False):
        if itemtype != 'Ticket':
            raise not_over_v2(itemtype, 'deleting a %s' % itemtype)
        self.hl.request('DELETE', self._path('Ticket', body['id']), params={'force': 'true'} if force_purge else None,
                        expected=(200, 204))
        return [{str(body['id']): True}]


class HlTicketTask(TicketTask):
    """``TicketTask`` over v2: a ticket is created with its fields, then its team and its first
    followup, each one write (v2 takes no ``_users_id_*`` nor ``_followup`` input)."""

    def create(self):
        ident = super(HlTicketTask, self).create()
        for actor in ACTORS:
            rows = self.request.links.get(actor.option)
            if rows:
                self.write('links %s' % actor.option, self.client.add, actor.link,
                           [dict(row, tickets_id=ident) for row, dummy in rows])
        if self.request.followup:
            self.write('followup', self.client.add, 'ITILFollowup', self.followup_body(ident, self.request.followup))
        return ident
