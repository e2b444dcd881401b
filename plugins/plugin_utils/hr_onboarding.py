# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What glpi.glpi.hr_onboarding computes between its tasks: the filters of its listings, the plan
of each user, the check of every input before the first write, the users: of its glpi_user task,
the assignments of its glpi_item tasks and its result fact.

Controller-only (the role reaches it through the glpi.glpi.hr_role filter). ``Onboarding``
takes the role's inputs and registered results (``state``, a dict; a result not registered yet is
absent or empty) and computes everything in one pass over the people, so that the role templates
little and its cost grows with the people, not with their square."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.glpi.plugins.filter.search_prefix import search_prefix
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import TREE_SEPARATOR, looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.text import html_decode
from ansible_collections.glpi.glpi.plugins.plugin_utils.hr_records import with_skipped

RESERVED_FIELDS = ('name', 'id', 'password', 'password2', 'firstname', 'realname', 'phone', 'mobile',
                   'is_active', 'profiles_id', 'entities_id')
ASSET_KEYS = ('name', 'serial')
# The registered results of the roles' tasks that write.
WRITE_TASKS = ('user_results', 'assign_results', 'state_results', 'unassign_results')


def decoded(value):
    return html_decode('' if value is None else str(value))


def as_int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def records_of(registered):
    return (registered or {}).get('records') or []


def results_of(registered):
    return (registered or {}).get('results') or []


def listings(*registered):
    return [listing for one in registered for listing in results_of(one) if isinstance(listing.get('records'), list)]


def unique(values):
    seen, out = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def user_index(logins, state):
    """lower-case login -> [{id, name, trashed}] of the GLPI users with that login in any case
    (GLPI's unique key and search ignore case), from the listings state['user_list'] and
    state['user_trash']."""
    wanted = dict((login.lower(), []) for login in logins)
    for row in records_of(state.get('user_list')) + records_of(state.get('user_trash')):
        name = decoded(row['name']) if isinstance(row.get('name'), str) else None
        if name is not None and name.lower() in wanted:
            wanted[name.lower()].append({'id': row['id'], 'name': name, 'trashed': as_int(row.get('is_deleted')) == 1})
    return dict((login, found) for login, found in wanted.items() if found)


def state_problem(role, state):
    """The problem of a state (hr_*_asset_state) that the role's look-up did not find, or None."""
    wanted, lookup = state.get('asset_state'), state.get('state_lookup') or {}
    if wanted is None or 'record' not in lookup or lookup['record'] is not None:
        return None
    return '%s_asset_state: no State %s is visible to this session' % (role, ('with id %s' if looks_like_id(wanted) else '"%s"') % wanted)


def state_query(state):
    """glpi_item_info's options that find the role's asset state (hr_*_asset_state): by id, by
    complete name when it is a path, else by name; {} when no state is asked for."""
    wanted = state.get('asset_state')
    if wanted is None:
        return {}
    if looks_like_id(wanted):
        return {'id': int(wanted)}
    return {'fields': {('completename' if TREE_SEPARATOR in wanted else 'name'): wanted}}


def failure(role, state, reason):
    """The message a role fails with: ``reason`` as is when the role wrote it, else saying whether
    something may have been written (a write task of the role registered results)."""
    if reason.startswith(role + ':'):
        return reason
    if any('results' in (state.get(task) or {}) for task in WRITE_TASKS):
        return '%s: %s (%s_result says what was done)' % (role, reason, role)
    return '%s: nothing was written: %s' % (role, reason)


class Onboarding:
    """The role's state (inputs and registered results) and what follows from it."""

    def __init__(self, state):
        self.state = state
        self.people = state.get('users') or []
        self.logins = [person['login'] for person in self.people]
        self._cache = {}

    def _once(self, name, compute):
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    # -- before the reads -------------------------------------------------------------------------
    def assets(self):
        """One entry per asset to assign: {login, itemtype, key, value} (no password in it)."""
        def compute():
            out = []
            for person in self.people:
                for asset in person.get('assets') or []:
                    key = 'name' if asset.get('name') is not None else 'serial'
                    out.append({'login': person['login'], 'itemtype': asset['itemtype'], 'key': key, 'value': str(asset[key])})
            return out
        return self._once('assets', compute)

    def asset_itemtypes(self):
        return unique(asset['itemtype'] for asset in self.assets())

    def user_filters(self):
        found = search_prefix(self.logins)
        return {'name': found} if found else {}

    def asset_filters(self):
        """itemtype -> the filters of its listing (name or serial; nothing when both are used)."""
        out = {}
        for itemtype in self.asset_itemtypes():
            assets = [asset for asset in self.assets() if asset['itemtype'] == itemtype]
            keys = unique(asset['key'] for asset in assets)
            found = search_prefix([asset['value'] for asset in assets]) if len(keys) == 1 else ''
            out[itemtype] = {keys[0]: found} if found else {}
        return out

    # -- the users --------------------------------------------------------------------------------
    def user_index(self):
        return self._once('user_index', lambda: user_index(self.logins, self.state))

    def trash_needed(self):
        return len(self.user_index()) < len(set(login.lower() for login in self.logins))

    def plans(self):
        """login -> {id, trashed, exists_as, ambiguous, authorization, profile, entity, recursive,
        default_profile, default_entity}: a new user gets the person's or the default authorization,
        default profile and entity; an existing user only what the person gives."""
        return self._once('plans', lambda: dict((person['login'], self._plan(person)) for person in self.people))

    def _plan(self, person):
        state = self.state
        matches = self.user_index().get(person['login'].lower(), [])
        exact = [match for match in matches if match['name'] == person['login']]
        candidates = [match for match in exact if not match['trashed']] or exact
        user = candidates[0] if len(candidates) == 1 else None
        given = dict((key, person.get(key)) for key in ('profile', 'entity', 'recursive'))
        new = not candidates
        return {
            'id': user['id'] if user else None, 'trashed': user['trashed'] if user else False,
            'exists_as': matches[0]['name'] if matches and not exact else None,
            'ambiguous': [match['id'] for match in candidates] if len(candidates) > 1 else [],
            'authorization': new or any(value is not None for value in given.values()),
            'profile': state.get('default_profile') if given['profile'] is None else given['profile'],
            'entity': state.get('default_entity') if given['entity'] is None else given['entity'],
            'recursive': state.get('default_recursive') if given['recursive'] is None else given['recursive'],
            'default_profile': new or given['profile'] is not None,
            'default_entity': new or given['entity'] is not None}

    def refs(self):
        """The profiles, entities and groups the people name: [{itemtype, value, who}]."""
        def compute():
            plans, out = self.plans(), []
            for person in self.people:
                plan = plans[person['login']]
                if plan['authorization']:
                    out.append({'itemtype': 'Profile', 'value': plan['profile'], 'who': person['login']})
                    if str(plan['entity']) != '0':
                        out.append({'itemtype': 'Entity', 'value': plan['entity'], 'who': person['login']})
                for group in person.get('groups') or []:
                    value = group.get('group') if isinstance(group, dict) else group
                    out.append({'itemtype': 'Group', 'value': value, 'who': person['login']})
            return out
        return self._once('refs', compute)

    def ref_itemtypes(self):
        return unique(ref['itemtype'] for ref in self.refs())

    # -- the assets -------------------------------------------------------------------------------
    def asset_index(self):
        """"Itemtype|key|value" -> the assets found with that value (active, then trashed), templates left out."""
        def compute():
            wanted = dict(('%s|%s|%s' % (asset['itemtype'], asset['key'], asset['value']), []) for asset in self.assets())
            for listing in listings(self.state.get('asset_lists'), self.state.get('asset_trash')):
                for row in listing['records']:
                    if as_int(row.get('is_template')):
                        continue
                    for key in ASSET_KEYS:
                        if row.get(key) is not None:
                            found = wanted.get('%s|%s|%s' % (listing['item'], key, decoded(row[key])))
                            if found is not None and row not in found:
                                found.append(row)
            return wanted
        return self._once('asset_index', compute)

    def _rows(self, asset):
        return self.asset_index()['%s|%s|%s' % (asset['itemtype'], asset['key'], asset['value'])]

    def unfound_itemtypes(self):
        return unique(asset['itemtype'] for asset in self.assets() if not self._rows(asset))

    def foreign_owners(self):
        """The ids of the users that own an asset to assign to somebody else."""
        if self.state.get('reassign_assets'):
            return []
        plans = self.plans()
        return unique(as_int(row.get('users_id')) for asset in self.assets() for row in self._rows(asset)
                      if as_int(row.get('users_id')) not in (0, plans[asset['login']]['id']))

    # -- the check before any write ---------------------------------------------------------------
    def check(self):
        """{plans, assets, state_id, problems}: every problem stops the role before its first write."""
        problems = self._login_problems() + self._person_problems() + self._ref_problems()
        assets = self._checked_assets(problems)
        problems += self._state_problems()
        return {'plans': self.plans(), 'assets': assets, 'state_id': self._state_id(), 'problems': problems}

    def _state_id(self):
        lookup = self.state.get('state_lookup') or {}
        return lookup.get('id')

    def _login_problems(self):
        problems, counts = [], {}
        for login in self.logins:
            counts[login.lower()] = counts.get(login.lower(), 0) + 1
        reported = set()
        for login in self.logins:
            if counts[login.lower()] > 1 and login.lower() not in reported:
                reported.add(login.lower())
                problems.append('login %s is listed more than once (GLPI logins ignore case)' % login)
        for login in self.logins:
            plan = self.plans()[login]
            if plan['exists_as'] is not None:
                problems.append('login %s: GLPI already has the user %s (GLPI logins ignore case); give that login to update it'
                                % (login, plan['exists_as']))
            elif plan['ambiguous']:
                problems.append('login %s: %d GLPI users have this login (ids %s)'
                                % (login, len(plan['ambiguous']), ', '.join(str(ident) for ident in plan['ambiguous'])))
        return problems

    def _user_columns(self):
        read = records_of(self.state.get('user_list')) + records_of(self.state.get('user_trash'))
        read += [one.get('record') for one in results_of(self.state.get('owner_lookup')) if one.get('record')]
        return list(read[0].keys()) if read else []

    def _person_problems(self):
        """Emails and fields, as glpi_user checks them (the columns of User from any user read)."""
        problems, columns = [], self._user_columns()
        for person in self.people:
            for email in person.get('emails') or []:
                if '@' not in str(email or '').strip(' @'):
                    problems.append('login %s: %r is not an email address' % (person['login'], email))
            for field in (person.get('fields') or {}):
                if field in RESERVED_FIELDS:
                    problems.append('login %s: fields.%s cannot be set through fields (use the key of the person or a role option)'
                                    % (person['login'], field))
                elif columns and field not in columns:
                    problems.append('login %s: fields.%s: User has no such field' % (person['login'], field))
        return problems

    def _known(self):
        """"Itemtype|id|n" and "Itemtype|name or completename|text" -> ids, from the listings of the references."""
        known = {}
        for listing in listings(self.state.get('ref_lists')):
            for row in listing['records']:
                known['%s|id|%s' % (listing['item'], row['id'])] = [row['id']]
                for key in ('name', 'completename'):
                    if row.get(key) is not None:
                        known.setdefault('%s|%s|%s' % (listing['item'], key, decoded(row[key])), []).append(row['id'])
        return known

    def _ref_problems(self):
        """Profiles, entities and groups: by id, name or path (trees), as glpi_user resolves them."""
        known, who, problems = self._known(), {}, []
        for ref in self.refs():
            who.setdefault((ref['itemtype'], str(ref['value'])), []).append(ref['who'])
        done = set()
        for ref in self.refs():
            what = (ref['itemtype'], str(ref['value']))
            if what not in done:
                done.add(what)
                problem = self._ref_problem(ref, ', '.join(unique(who[what])), known)
                if problem:
                    problems.append(problem)
        return problems

    def _ref_problem(self, ref, who, known):
        itemtype, value = ref['itemtype'], ref['value']
        if looks_like_id(value):
            if '%s|id|%s' % (itemtype, int(value)) not in known:
                return '%s %s (for %s): no %s with this id is visible to this session' % (itemtype, value, who, itemtype)
            return None
        if not isinstance(value, str) or not value.strip():
            return '%s %r (for %s): expected a name or an id' % (itemtype, value, who)
        by_path = ' > ' in value and itemtype in ('Entity', 'Group')
        ids = known.get('%s|%s|%s' % (itemtype, 'completename' if by_path else 'name', value), [])
        if by_path and not ids:
            rows = [row for listing in listings(self.state.get('ref_lists')) if listing['item'] == itemtype for row in listing['records']]
            ids = [row['id'] for row in rows if isinstance(row.get('completename'), str) and row['completename'].endswith(' > ' + value)]
        if not ids:
            return "%s '%s' (for %s): no %s with this name is visible to this session" % (itemtype, value, who, itemtype)
        if len(ids) > 1:
            return "%s '%s' (for %s): %d %s objects have this name (ids %s); give the id or the full path" % (
                itemtype, value, who, len(ids), itemtype, ', '.join(str(ident) for ident in ids))
        return None

    def _checked_assets(self, problems):
        seen, out = set(), []
        for asset in self.assets():
            out.append(self._checked_asset(asset, problems, seen))
        return out

    def _checked_asset(self, asset, problems, seen):
        label = '%s %s "%s" (for %s)' % (asset['itemtype'], asset['key'], asset['value'], asset['login'])
        rows = self._rows(asset)
        candidates = [row for row in rows if as_int(row.get('is_deleted')) != 1] or rows
        record = candidates[0] if len(candidates) == 1 else {}
        checked = dict(asset, found=bool(record), id=record.get('id'),
                       name=decoded(record['name']) if record.get('name') is not None else None,
                       serial=decoded(record['serial']) if record.get('serial') is not None else None,
                       users_id=as_int(record.get('users_id')), states_id=as_int(record.get('states_id')),
                       is_deleted=as_int(record.get('is_deleted')) == 1, is_dynamic=as_int(record.get('is_dynamic')) == 1)
        if len(candidates) > 1:
            problems.append(label + ': %d assets have this %s (ids %s)' % (
                len(candidates), asset['key'], ', '.join(str(row['id']) for row in candidates)))
        elif not record:
            problems.append(label + ': no such asset is visible to this session')
        elif checked['is_deleted']:
            problems.append(label + ': the asset is in the trash (id %s)' % record['id'])
        else:
            problems.extend(label + ': ' + problem for problem in self._asset_problems(asset, checked, seen))
        return checked

    def _asset_problems(self, asset, checked, seen):
        problems, key = [], '%s/%s' % (asset['itemtype'], checked['id'])
        if key in seen:
            problems.append('the asset (id %s) is listed more than once' % checked['id'])
        seen.add(key)
        owner, user_id = checked['users_id'], self.plans()[asset['login']]['id']
        if not self.state.get('reassign_assets') and owner not in (0, user_id):
            problems.append('the asset (id %s) belongs to %s (set hr_onboarding_reassign_assets to take it)'
                            % (checked['id'], self._owner(owner)))
        if checked['is_dynamic'] and owner != user_id and not self.state.get('allow_dynamic_changes'):
            problems.append('the asset (id %s) is fed by an inventory agent (is_dynamic=1), which sets its user;'
                            ' assigning it through the API locks the field (set hr_onboarding_allow_dynamic_changes'
                            ' to assign it anyway)' % checked['id'])
        return problems

    def _owner(self, owner):
        for one in results_of(self.state.get('owner_lookup')):
            if one.get('item') == owner and one.get('record') and one['record'].get('name') is not None:
                return '%s (user id %s)' % (decoded(one['record']['name']), owner)
        return 'user id %s' % owner

    def _state_problems(self):
        problem = state_problem('hr_onboarding', self.state)
        return [problem] if problem else []

    # -- the writes -------------------------------------------------------------------------------
    def user_elements(self):
        """The users: of the one glpi_user task, in the order of the people (passwords included:
        only the task's no_log option sees them)."""
        plans, state, out = self.state.get('checked', {}).get('plans') or self.plans(), self.state, []
        for person in self.people:
            plan = plans[person['login']]
            user = {'name': person['login'], 'update_password': state.get('update_password', 'on_create'),
                    'purge_groups': bool(state.get('purge_groups')),
                    'purge_profiles': bool(state.get('purge_profiles')) and plan['authorization'],
                    'fields': person.get('fields') or {}}
            user.update((key, person[key]) for key in ('firstname', 'realname', 'phone', 'mobile') if person.get(key))
            if person.get('password'):
                user['user_password'] = person['password']
            user.update((key, person[key]) for key in ('emails', 'groups') if person.get(key) is not None)
            if plan['authorization']:
                user['profiles'] = [{'profile': plan['profile'], 'entity': plan['entity'], 'recursive': plan['recursive']}]
            if plan['default_profile']:
                user['profiles_id'] = plan['profile']
            if plan['default_entity']:
                user['entities_id'] = plan['entity']
            if person.get('inactive_until'):   # a future starter (hr_records): created inactive, else left alone
                if plan['id'] is None:
                    user['is_active'] = False
            elif state.get('activate'):
                user['is_active'] = True
            out.append(user)
        return out

    def _done_users(self):
        """login -> the users: result of that person (none: not written)."""
        return dict((done['name'], done) for done in results_of(self.state.get('user_results')) if 'name' in done)

    def ids(self):
        """login -> id after the users task (none for a person not written, or to create in check mode)."""
        return dict((login, None if done.get('action') == 'failed' else done.get('id')) for login, done in self._done_users().items())

    def _in_state(self, asset):
        checked = self.state.get('checked') or {}
        return self.state.get('asset_state') is None or asset['states_id'] == checked.get('state_id')

    def assignments(self):
        """[{itemtype, elements: [{id, users_id[, states_id]}]}] for the users with an id; an asset
        that already has its user and state is not sent."""
        checked, ids, by_type = self.state.get('checked') or {}, self.ids(), {}
        for asset in checked.get('assets') or []:
            user_id = ids.get(asset['login'])
            if not asset['found'] or user_id is None or (asset['users_id'] == user_id and self._in_state(asset)):
                continue
            element = {'id': asset['id'], 'users_id': user_id}
            if not self._in_state(asset):
                element['states_id'] = self.state.get('asset_state')
            by_type.setdefault(asset['itemtype'], []).append(element)
        return [{'itemtype': itemtype, 'elements': by_type[itemtype]} for itemtype in unique(
            asset['itemtype'] for asset in checked.get('assets') or []) if itemtype in by_type]

    def _assigned(self):
        """"Itemtype/id" -> {changed, changed_fields, failed, error} of each asset sent."""
        out = {}
        for task in results_of(self.state.get('assign_results')):
            if not isinstance(task.get('item'), dict):
                continue
            done = dict((one.get('index'), one) for one in task.get('results') or [])
            for index, element in enumerate(task['item']['elements']):
                one = done.get(index)
                out['%s/%s' % (task['item']['itemtype'], element['id'])] = {
                    'changed': bool(one and one.get('changed')), 'changed_fields': (one or {}).get('changed_fields') or [],
                    'failed': one is None or one.get('action') == 'failed',
                    'error': one.get('error') if one else task.get('msg')}
        return out

    def state_query(self):
        return state_query(self.state)

    # -- the outcome ------------------------------------------------------------------------------
    def failure(self):
        """The message the role fails with (rescue:), naming the people or itemtypes that failed."""
        failed = self.state.get('failed_result') or {}
        reasons = ['%s: %s' % (one['item'].get('itemtype') if isinstance(one.get('item'), dict) else one.get('item'), one.get('msg', 'failed'))
                   for one in failed.get('results') or [] if isinstance(one, dict) and one.get('failed')]
        reason = '; '.join(reasons) if reasons else str(failed.get('msg', 'a task failed'))
        match = re.match(r'users\[(\d+)\]', reason)
        if match and int(match.group(1)) < len(self.logins):
            reason = 'login %s: %s' % (self.logins[int(match.group(1))], reason)
        return failure('hr_onboarding', self.state, reason)

    def result(self):
        """hr_onboarding_result: what was done and what was not, per person and asset."""
        checked = self.state.get('checked') or {}
        plans, done_users, assigned = checked.get('plans') or {}, self._done_users(), self._assigned()
        sent = set('%s/%s' % (task['itemtype'], element['id']) for task in self.assignments() for element in task['elements'])
        users, summary = [], []
        for login in self.logins:
            user = done_users.get(login)
            status = self._user_status(user)
            assets = [self._asset_outcome(asset, status, user, assigned, sent)
                      for asset in checked.get('assets') or [] if asset['login'] == login]
            entry = {'login': login, 'id': user['id'] if user and user.get('id') is not None else plans.get(login, {}).get('id'),
                     'status': status, 'changed_fields': (user or {}).get('changed_fields') or [],
                     'changes': (user or {}).get('changes') or {}, 'assets': assets}
            if status == 'failed':
                entry['error'] = user.get('error')
            users.append(entry)
            taken = [asset for asset in assets if asset['status'] == 'assigned']
            summary.append('%s: %s%s' % (login, status.replace('_', ' '), '; assets assigned: ' + ', '.join(
                '%s %s' % (asset['itemtype'], asset['name']) for asset in taken) if taken else ''))
        return with_skipped(self._totals(users, summary), self.state)

    @staticmethod
    def _user_status(user):
        if user is None:
            return 'not_done'
        if user.get('action') == 'failed':
            return 'failed'
        return {'create': 'created', 'restore': 'restored'}.get(user.get('action'), 'updated' if user.get('changed') else 'unchanged')

    def _asset_outcome(self, asset, status, user, assigned, sent):
        key = '%s/%s' % (asset['itemtype'], asset['id'])
        done = assigned.get(key)
        if done:
            outcome = 'failed' if done['failed'] else (
                'assigned' if done['changed'] and 'users_id' in done['changed_fields'] else ('updated' if done['changed'] else 'unchanged'))
        elif status in ('not_done', 'failed') or not asset['found'] or key in sent:
            outcome = 'not_done'
        elif user.get('id') is None:
            outcome = 'assigned'
        elif asset['users_id'] == user['id'] and self._in_state(asset):
            outcome = 'unchanged'
        else:
            outcome = 'not_done'
        entry = {'itemtype': asset['itemtype'], 'id': asset['id'], 'name': asset['name'], 'serial': asset['serial'], 'status': outcome}
        if outcome == 'failed':
            entry['error'] = done['error']
        return entry

    def _totals(self, users, summary):
        error = self.state.get('error')
        assets = [asset for user in users for asset in user['assets']]

        def count(items, *statuses):
            return len([item for item in items if item['status'] in statuses])
        done = self._done_users()
        changed = any((done.get(user['login']) or {}).get('changed') for user in users) or count(assets, 'assigned', 'updated') > 0
        return {'changed': bool(changed), 'failed': error is not None, 'error': error,
                'problems': (self.state.get('checked') or {}).get('problems') or [], 'users': users, 'summary': summary,
                'counts': {'created': count(users, 'created'), 'updated': count(users, 'updated', 'restored'),
                           'unchanged': count(users, 'unchanged'), 'failed': count(users, 'failed'),
                           'not_done': count(users, 'not_done'), 'assets_assigned': count(assets, 'assigned'),
                           'assets_failed': count(assets, 'failed')}}


def compute(role_class, state, what):
    """``what`` of a role's ``state``: one of the public methods of ``role_class`` that take no argument."""
    if what.startswith('_') or not callable(getattr(role_class, what, None)):
        raise ValueError('%s: unknown value %r' % (role_class.__name__, what))
    return getattr(role_class(state), what)()
