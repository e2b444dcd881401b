# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What glpi.glpi.hr_offboarding computes between its tasks: the filters of its listings, the check
of every input before the first write, the users: of its glpi_user task, the ids of its massive
actions and its result fact. Controller-only (the role reaches it through the
glpi.glpi.hr_role filter); ``state`` is the role's inputs and registered results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.filter.search_prefix import search_prefix
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_onboarding import (
    as_int, decoded, failure, listings, results_of, state_problem, state_query, unique, user_index)
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_records import with_skipped

OUTCOMES = {'changed': 'unassigned', 'failed': 'failed', 'unchanged': 'unchanged'}
STATUSES = ('deactivated', 'updated', 'unchanged', 'trashed', 'skipped', 'failed', 'not_done')


class Offboarding:
    """The role's state (inputs and registered results) and what follows from it."""

    def __init__(self, state):
        self.state = state
        lowered, self.logins = set(), []
        for login in state.get('users') or []:   # each once: GLPI's logins ignore case
            if login.lower() not in lowered:
                lowered.add(login.lower())
                self.logins.append(login)
        self._index = None

    def user_index(self):
        if self._index is None:
            self._index = user_index(self.logins, self.state)
        return self._index

    def user_filters(self):
        found = search_prefix(self.logins)
        return {'name': found} if found else {}

    def trash_needed(self):
        return len(self.user_index()) < len(self.logins)

    def asset_itemtypes(self):
        return unique(self.state.get('itemtypes') or []) if self.user_index() else []

    def asset_filters(self):
        """The filters of the asset listings: the users_id of the users found."""
        found = search_prefix(unique(user['id'] for users in self.user_index().values() for user in users))
        return {'users_id': found} if found else {}

    # -- the check before any write ---------------------------------------------------------------
    def check(self):
        """{users: [{login, name, id, trashed}], assets: [...], problems, warnings}."""
        users, problems, warnings = [], [], []
        for login in self.logins:
            users.append(self._user(login, problems))
        missing = [user['login'] for user in users if user['id'] is None]
        if missing and self.state.get('missing', 'fail') == 'fail':
            problems.append('no user with the login %s is visible to this session (set hr_offboarding_missing to skip to offboard the others)'
                            % ', '.join(missing))
        elif missing:
            warnings.append('skips %s: no user with this login is visible to this session' % ', '.join(missing))
        problem = state_problem('hr_offboarding', self.state)
        if problem:
            problems.append(problem)
        assets = self._assets(users)
        kept = [asset for asset in assets if asset['keep']]
        if kept:
            warnings.append('leaves %d assets fed by an inventory agent (is_dynamic=1) to their user: %s'
                            ' (set hr_offboarding_allow_dynamic_changes to take them back)'
                            % (len(kept), ', '.join('%s %s' % (asset['itemtype'], asset['id']) for asset in kept)))
        return {'users': users, 'assets': assets, 'problems': problems, 'warnings': warnings}

    def _user(self, login, problems):
        matches = self.user_index().get(login.lower(), [])
        group = [match for match in matches if match['name'] == login] or matches
        candidates = [match for match in group if not match['trashed']] or group
        if len(candidates) > 1:
            problems.append('login %s: %d GLPI users have this login (ids %s)'
                            % (login, len(candidates), ', '.join(str(match['id']) for match in candidates)))
        user = candidates[0] if candidates else {}
        return {'login': login, 'name': user.get('name'), 'id': user.get('id'), 'trashed': user.get('trashed', False)}

    def _assets(self, users):
        owners = dict((user['id'], user['login']) for user in users if user['id'] is not None)
        assets = []
        for listing in listings(self.state.get('asset_lists')):
            for row in listing['records']:
                if row.get('users_id') not in owners or as_int(row.get('is_template')):
                    continue
                dynamic = as_int(row.get('is_dynamic')) == 1
                assets.append({'login': owners[row['users_id']], 'itemtype': listing['item'], 'id': row['id'],
                               'name': decoded(row['name']) if row.get('name') is not None else None,
                               'serial': decoded(row['serial']) if row.get('serial') is not None else None,
                               'dynamic': dynamic, 'keep': dynamic and not self.state.get('allow_dynamic_changes')})
        return assets

    # -- the writes -------------------------------------------------------------------------------
    def user_elements(self):
        """The users: of the one glpi_user task: the users found, not in the trash (glpi_user would
        restore a trashed one), disabled."""
        state, out = self.state, []
        for user in (state.get('checked') or {}).get('users') or []:
            if user['id'] is None or user['trashed']:
                continue
            element = {'name': user['name'], 'state': 'disabled', 'purge_groups': bool(state.get('remove_groups')),
                       'purge_profiles': bool(state.get('remove_profiles'))}
            element.update((option, []) for option, remove in (('groups', 'remove_groups'), ('profiles', 'remove_profiles'))
                           if state.get(remove))
            out.append(element)
        return out

    def by_itemtype(self):
        """[{itemtype, ids}] of the assets to take back."""
        assets = [asset for asset in (self.state.get('checked') or {}).get('assets') or [] if not asset['keep']]
        return [{'itemtype': itemtype, 'ids': sorted(set(asset['id'] for asset in assets if asset['itemtype'] == itemtype))}
                for itemtype in unique(asset['itemtype'] for asset in assets)]

    def state_query(self):
        return state_query(self.state)

    # -- the outcome ------------------------------------------------------------------------------
    def failure(self):
        failed = self.state.get('failed_result') or {}
        reasons = ['%s: %s' % (self._label(one.get('item')), one.get('msg', 'failed'))
                   for one in failed.get('results') or [] if isinstance(one, dict) and one.get('failed')]
        return failure('hr_offboarding', self.state, '; '.join(reasons) if reasons else str(failed.get('msg', 'a task failed')))

    @staticmethod
    def _label(item):
        if isinstance(item, dict):
            return item.get('name', item.get('itemtype', item))
        return item

    @staticmethod
    def _massive(registered):
        """"Itemtype/id" -> 'changed', 'failed' or 'unchanged' of the massive action tasks."""
        out = {}
        for task in results_of(registered):
            if not isinstance(task.get('item'), dict):
                continue
            for ident in task['item']['ids']:
                key = '%s/%s' % (task['item']['itemtype'], ident)
                if ident in (task.get('changed_ids') or []):
                    out[key] = 'changed'
                else:
                    out[key] = 'failed' if ident in (task.get('failed_ids') or []) or 'changed_ids' not in task else 'unchanged'
        return out

    def result(self):
        checked = self.state.get('checked') or {}
        names = dict((user['name'], user['login']) for user in checked.get('users') or [] if user['name'] is not None)
        done = dict((names.get(one['name'], one['name']), one) for one in results_of(self.state.get('user_results')) if 'name' in one)
        unassigned, restated = self._massive(self.state.get('unassign_results')), self._massive(self.state.get('state_results'))
        users = checked.get('users') or [{'login': login, 'name': None, 'id': None, 'trashed': False, 'unread': True}
                                         for login in self.logins]
        out, summary, changed = [], [], False
        for user in users:
            account = done.get(user['login'])
            status = self._status(user, account)
            assets = [self._asset(asset, unassigned, restated) for asset in checked.get('assets') or [] if asset['login'] == user['login']]
            changed = changed or bool(account and account.get('changed')) or any(
                asset['status'] == 'unassigned' or asset['state_changed'] for asset in assets)
            entry = {'login': user['login'], 'glpi_login': user['name'], 'id': user['id'], 'status': status,
                     'changed_fields': (account or {}).get('changed_fields') or [], 'changes': (account or {}).get('changes') or {},
                     'assets': assets}
            if status == 'failed':
                entry['error'] = account.get('error')
            out.append(entry)
            summary.append(self._summary(user, status, assets))
        return with_skipped(self._totals(out, summary, changed, checked), self.state)

    @staticmethod
    def _status(user, account):
        if user.get('unread'):
            return 'not_done'
        if user['id'] is None:
            return 'skipped'
        if user['trashed']:
            return 'trashed'
        if account is None:
            return 'not_done'
        if account.get('action') == 'failed':
            return 'failed'
        if 'is_active' in (account.get('changed_fields') or []):
            return 'deactivated'
        return 'updated' if account.get('changed') else 'unchanged'

    @staticmethod
    def _asset(asset, unassigned, restated):
        key = '%s/%s' % (asset['itemtype'], asset['id'])
        return {'itemtype': asset['itemtype'], 'id': asset['id'], 'name': asset['name'], 'serial': asset['serial'],
                'status': 'dynamic' if asset['keep'] else OUTCOMES.get(unassigned.get(key), 'not_done'),
                'state_changed': restated.get(key) == 'changed'}

    @staticmethod
    def _summary(user, status, assets):
        def names(status):
            return ', '.join('%s %s' % (asset['itemtype'], asset['name']) for asset in assets if asset['status'] == status)
        taken, kept = names('unassigned'), names('dynamic')
        return '%s%s: %s%s%s' % (
            user['login'], ' (GLPI login %s)' % user['name'] if user['name'] is not None and user['name'] != user['login'] else '',
            'skipped (no user with this login is visible to this session)' if status == 'skipped' else status.replace('_', ' '),
            '; assets taken back: ' + taken if taken else '', '; left to the inventory agent: ' + kept if kept else '')

    def _totals(self, users, summary, changed, checked):
        assets = [asset for user in users for asset in user['assets']]
        counts = dict((status, len([user for user in users if user['status'] == status])) for status in STATUSES)
        counts.update(('assets_' + status, len([asset for asset in assets if asset['status'] == status]))
                      for status in ('unassigned', 'dynamic', 'failed'))
        error = self.state.get('error')
        return {'changed': changed, 'failed': error is not None, 'error': error, 'problems': checked.get('problems') or [],
                'users': users, 'summary': summary, 'missing': [user['login'] for user in users if user['status'] == 'skipped'],
                'counts': counts}
