# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tickets of the HR roles: IT's tickets for a hire (hr_onboarding: one per purpose, e.g.
access and computer) and the recovery ticket of a leaver (hr_offboarding).

Each ticket carries a stable key at the start of its title, ``[hr:<purpose>:<login>]``, the way
monitoring alerts find their ticket by title (glpi_ticket): one listing of the tickets whose title
holds ``[hr:`` tells which person already has which ticket, whatever its status and whatever the
rest of the title says, so that a re-run or a changed record never opens a second one. Only the
missing tickets reach glpi_ticket (one task run each), which matches the same key once more
(every status) before it creates anything.

Controller-only (the roles reach it through the glpi.glpi.hr_role filter): the classes below
extend the roles' classes with the tickets' values and add the tickets to their result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError

from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_offboarding import Offboarding
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_onboarding import Onboarding, as_int, decoded, records_of, results_of, unique

KEY_PREFIX = '[hr:'
KEY_PATTERN = re.compile(r'\[hr:([A-Za-z0-9_-]+):([^\]]+)\]')
PURPOSE_PATTERN = re.compile(r'^[A-Za-z0-9_-]+$')
SOLVED_STATUSES = (5, 6)
ALL_STATUSES = [1, 2, 3, 4, 5, 6]
# What a person's record may show in a ticket (never the password).
RECORD_KEYS = ('login', 'firstname', 'realname', 'emails', 'phone', 'mobile', 'entity', 'profile', 'groups', 'assets')


def ticket_key(purpose, login):
    return '%s%s:%s]' % (KEY_PREFIX, purpose, login)


def ticket_index(registered):
    """"purpose|lower-case login" -> [{id, status}] of the tickets listed (newest first), from a
    glpi_item_info listing of the tickets whose title holds ``[hr:``."""
    index = {}
    for row in records_of(registered):
        match = KEY_PATTERN.search(decoded(row.get('name')))
        if match and as_int(row.get('is_deleted')) != 1:
            index.setdefault('%s|%s' % (match.group(1), match.group(2).lower()), []).append(
                {'id': row['id'], 'status': as_int(row.get('status'))})
    for found in index.values():
        found.sort(key=lambda ticket: -ticket['id'])
    return index


def opened(registered, keys):
    """key -> {id, failed, error, created, solved} of the tickets of the role's one glpi_ticket
    ``tickets:`` task (``keys``: the key of each element, in order)."""
    out = {}
    for one in results_of(registered):
        index = one.get('index')
        if isinstance(index, int) and 0 <= index < len(keys):
            out[keys[index]] = {'id': one.get('id'), 'failed': one.get('action') == 'failed', 'error': one.get('error'),
                                'created': bool(one.get('created')), 'solved': bool(one.get('solution_added'))}
    return out


def element(key, rendered, actors=None, items=None):
    """The glpi_ticket ``tickets:`` element of a ticket: the key and the rendered template
    (title, content, type, urgency, category, group, entity), the actors and items; every
    status matches (a solved or closed ticket counts)."""
    out = {'name': '%s %s' % (key, ('%s' % (rendered.get('title') or '')).strip()), 'match_statuses': ALL_STATUSES,
           'several_matches': 'newest'}
    for option, field in (('content', 'content'), ('type', 'type'), ('urgency', 'urgency'), ('category', 'category'),
                          ('ticket_entity', 'entity')):
        if rendered.get(field) not in (None, ''):
            out[option] = rendered[field]
    if rendered.get('group') not in (None, ''):
        out['assigned_groups'] = [rendered['group']]
    out.update((option, value) for option, value in (actors or {}).items() if value)
    if items:
        out['items'] = items
    return out


def rendered_of(registered, fact):
    """The templates the role's set_fact loop rendered, in order."""
    return [(one.get('ansible_facts') or {}).get(fact) or {} for one in results_of(registered)]


def outcomes(wanted, index, done):
    """[{purpose, key, id, status}] of the tickets ``wanted`` ([(purpose, login)]): opened (by
    this run, or to open in check mode), found (there already), failed or not_done; ``done`` as
    :func:`opened` gives it."""
    out = []
    for purpose, login in wanted:
        key = ticket_key(purpose, login)
        found = index.get('%s|%s' % (purpose, login.lower())) or []
        one = done.get(key)
        if one is not None and one['failed']:
            entry = {'purpose': purpose, 'key': key, 'id': None, 'status': 'failed', 'error': one['error']}
        elif one is not None:
            entry = {'purpose': purpose, 'key': key, 'id': one['id'], 'status': 'opened' if one['created'] else 'found'}
        elif found:
            entry = {'purpose': purpose, 'key': key, 'id': found[0]['id'], 'status': 'found'}
        else:
            entry = {'purpose': purpose, 'key': key, 'id': None, 'status': 'not_done'}
        out.append(entry)
    return out


def summary_of(tickets):
    """'; tickets opened: access #12; tickets found: computer #9' (nothing without tickets)."""
    text = ''
    for status in ('opened', 'found', 'solved', 'failed', 'not_done'):
        some = [ticket for ticket in tickets if ticket['status'] == status or (status == 'solved' and ticket.get('solved'))]
        if some:
            text += '; tickets %s: %s' % (status.replace('_', ' '), ', '.join(
                '%s #%s' % (ticket['purpose'], ticket['id']) if ticket['id'] else ticket['purpose'] for ticket in some))
    return text


def count(users):
    tickets = [ticket for user in users for ticket in user.get('tickets') or []]
    return dict(('tickets_' + status, len([ticket for ticket in tickets if ticket['status'] == status]))
                for status in ('opened', 'found', 'failed'))


class TicketedOnboarding(Onboarding):
    """hr_onboarding with its tickets: per person, one per purpose of hr_onboarding_tickets."""

    def purposes(self):
        purposes = unique(self.state.get('ticket_purposes') or [])
        for purpose in purposes:
            if not isinstance(purpose, str) or not PURPOSE_PATTERN.match(purpose):
                raise GlpiInputError('hr_onboarding_ticket_purposes: %r is not a purpose (letters, digits, _ and -, a key of '
                                     'hr_onboarding_tickets)' % (purpose,), option='hr_onboarding_ticket_purposes', value=purpose)
        return purposes

    def _wanted_logins(self):
        """The people whose user was written (or would be): a failed one gets no ticket."""
        statuses = dict((user['login'], user['status']) for user in Onboarding.result(self)['users'])
        return [login for login in self.logins if statuses.get(login) not in ('failed', 'not_done')]

    def ticket_filters(self):
        return {'name': KEY_PREFIX}

    def ticket_requests(self):
        """One entry per missing ticket: {purpose, key, login, person (the record, no password),
        user_id, items (the person's assets found; the task links them when the purpose's template says so)}."""
        index, ids, out = ticket_index(self.state.get('ticket_list')), self.ids(), []
        people = dict((person['login'], person) for person in self.people)
        assets = (self.state.get('checked') or {}).get('assets') or []
        for login in self._wanted_logins():
            for purpose in self.purposes():
                if index.get('%s|%s' % (purpose, login.lower())):
                    continue
                items = [{'itemtype': asset['itemtype'], 'id': asset['id']} for asset in assets
                         if asset['login'] == login and asset['found']]
                out.append({'purpose': purpose, 'key': ticket_key(purpose, login), 'login': login, 'user_id': ids.get(login),
                            'person': dict((key, people[login][key]) for key in RECORD_KEYS if people[login].get(key) is not None),
                            'items': items})
        return out

    def ticket_elements(self):
        """The tickets: of the role's one glpi_ticket task: each missing ticket with its template as
        the role's set_fact loop rendered it for the person (state['ticket_rendered'])."""
        person_as = self.state.get('ticket_person_as') or 'none'
        out = []
        rendered_all = rendered_of(self.state.get('ticket_rendered'), '__hr_onboarding_ticket')
        for request, rendered in zip(self.ticket_requests(), rendered_all):
            actors = {person_as + 's': [request['user_id']] if request['user_id'] else []} if person_as != 'none' else {}
            out.append(element(request['key'], rendered, actors, request['items'] if rendered.get('link_assets') else None))
        return out

    def _done(self):
        return opened(self.state.get('ticket_results'), [request['key'] for request in self.ticket_requests()])

    def result(self):
        result = Onboarding.result(self)
        if not self.purposes():
            return result
        index, done = ticket_index(self.state.get('ticket_list')), self._done()
        for position, user in enumerate(result['users']):
            wanted = [(purpose, user['login']) for purpose in self.purposes()] if user['status'] not in ('failed', 'not_done') else []
            user['tickets'] = outcomes(wanted, index, done)
            result['summary'][position] += summary_of(user['tickets'])
        result['counts'].update(count(result['users']))
        result['changed'] = result['changed'] or result['counts']['tickets_opened'] > 0
        return result


class TicketedOffboarding(Offboarding):
    """hr_offboarding with the recovery ticket of every leaver who has assets to take back."""

    PURPOSE = 'recovery'

    def _enabled(self):
        return bool(self.state.get('tickets_open'))

    def ticket_filters(self):
        return {'name': ticket_key(self.PURPOSE, '')[:-1]}

    def _assets_of(self, login):
        return [asset for asset in (self.state.get('checked') or {}).get('assets') or [] if asset['login'] == login]

    def ticket_requests(self):
        """One entry per leaver with assets and no recovery ticket: {purpose, key, login, user_id,
        assets (itemtype, id, name, serial), items}."""
        if not self._enabled():
            return []
        index, out = ticket_index(self.state.get('ticket_list')), []
        for user in (self.state.get('checked') or {}).get('users') or []:
            assets = self._assets_of(user['login'])
            if user['id'] is None or not assets or index.get('%s|%s' % (self.PURPOSE, user['login'].lower())):
                continue
            out.append({'purpose': self.PURPOSE, 'key': ticket_key(self.PURPOSE, user['login']), 'login': user['login'],
                        'user_id': user['id'],
                        'assets': [dict((key, asset[key]) for key in ('itemtype', 'id', 'name', 'serial')) for asset in assets],
                        'items': [{'itemtype': asset['itemtype'], 'id': asset['id']} for asset in assets]})
        return out

    def ticket_elements(self):
        """The tickets: of the role's glpi_ticket task that opens the recovery tickets (templates
        rendered per leaver by the role's set_fact loop, state['ticket_rendered'])."""
        return [element(request['key'], rendered, items=request['items']) for request, rendered in
                zip(self.ticket_requests(), rendered_of(self.state.get('ticket_rendered'), '__hr_offboarding_ticket'))]

    def solve_elements(self):
        """The tickets: of the task that solves them (solutions rendered, state['solve_rendered'])."""
        return [{'id': ticket['id'], 'state': 'solved', 'solution': rendered.get('solution') or 'Every asset is back.'}
                for ticket, rendered in zip(self.tickets_to_solve(), rendered_of(self.state.get('solve_rendered'), '__hr_offboarding_ticket'))]

    def _done(self):
        return opened(self.state.get('ticket_results'), [request['key'] for request in self.ticket_requests()])

    def _back(self, login):
        """Whether every asset of the leaver is back: taken back by this run (none left to an agent,
        none failed); a leaver with no asset left has them all back."""
        statuses = Offboarding.result(self)['users']
        for user in statuses:
            if user['login'] == login:
                return all(asset['status'] == 'unassigned' for asset in user['assets'])
        return False

    def tickets_to_solve(self):
        """[{key, id, login}] of the open recovery tickets (found or just opened) whose leaver has
        every asset back (hr_offboarding_ticket_solve)."""
        if not self._enabled() or not self.state.get('ticket_solve'):
            return []
        index, done, out = ticket_index(self.state.get('ticket_list')), self._done(), []
        for login in self.logins:
            key = ticket_key(self.PURPOSE, login)
            tickets = [ticket for ticket in index.get('%s|%s' % (self.PURPOSE, login.lower())) or []
                       if ticket['status'] not in SOLVED_STATUSES][:1]
            if key in done and done[key]['id'] and not done[key]['failed']:
                tickets = [{'id': done[key]['id']}]
            if tickets and self._back(login):
                out.append({'key': key, 'id': tickets[0]['id'], 'login': login})
        return out

    def result(self):
        result = Offboarding.result(self)
        if not self._enabled():
            return result
        index, done = ticket_index(self.state.get('ticket_list')), self._done()
        solved = opened(self.state.get('solve_results'), [ticket['key'] for ticket in self.tickets_to_solve()])
        for position, user in enumerate(result['users']):
            wanted = [(self.PURPOSE, user['login'])] if user['assets'] or index.get('%s|%s' % (self.PURPOSE, user['login'].lower())) else []
            user['tickets'] = outcomes(wanted, index, done)
            for ticket in user['tickets']:
                ticket['solved'] = bool(solved.get(ticket['key'], {}).get('solved'))
            result['summary'][position] += summary_of(user['tickets'])
        result['counts'].update(count(result['users']))
        result['counts']['tickets_solved'] = len([1 for one in solved.values() if one['solved']])
        result['changed'] = result['changed'] or result['counts']['tickets_opened'] > 0 or result['counts']['tickets_solved'] > 0
        return result
