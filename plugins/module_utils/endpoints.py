# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The endpoints of GLPI's legacy REST API, on top of the transport and the session.

Mixins of :class:`client.GlpiClient`, one per concern; each needs only ``self.request(...)``
(one authenticated request, errors typed) and ``self.log``:

* :class:`ScopeEndpoints`: the session's entity and profile (getMyEntities, changeActiveProfile,
  ...) and the resolution of their names to ids;
* :class:`Paging`: listings followed over ``range``/``Content-Range``;
* :class:`ItemEndpoints`: read, list, add, update and delete items (never a retried POST; a
  retried DELETE settled by reading the items again);
* :class:`SearchEndpoints`: ``search/Itemtype`` and ``listSearchOptions``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html
import re

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiPartialError,
    GlpiResponseError,
)

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000

_ITEMTYPE_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_]*(\\[A-Za-z][A-Za-z0-9_]*)*$')


def _check_itemtype(itemtype):
    if not isinstance(itemtype, str) or not _ITEMTYPE_RE.match(itemtype):
        raise GlpiInputError('invalid itemtype %r' % (itemtype,), option='itemtype', value=itemtype)
    return itemtype


def _check_id(item_id, option='id'):
    """GLPI treats /Computer/abc or /Computer/-1 as the whole list: only plain integers >= 0 pass."""
    if isinstance(item_id, bool):
        raise GlpiInputError('id must be an integer, got %r' % (item_id,), option=option, value=item_id)
    try:
        value = int(item_id)
    except (TypeError, ValueError):
        raise GlpiInputError('id must be an integer, got %r' % (item_id,), option=option, value=item_id)
    if value < 0 or str(value) != str(item_id).strip():
        raise GlpiInputError('id must be an integer >= 0, got %r' % (item_id,), option=option, value=item_id)
    return value


def _failed_results(body):
    """Per-item results that GLPI marked as failed in an add/update/delete answer."""
    rows = body if isinstance(body, list) else [body]
    failed = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        if row.get('id', True) is False or any(v is False for k, v in row.items() if k not in ('id', 'message')):
            failed.append(row)
    return failed


def _failed_id(row):
    """The item id of one per-item result ``{"<id>": false, "message": ...}``, or None."""
    for key in row:
        if key != 'message' and str(key).isdigit():
            return int(key)
    return None


class ScopeEndpoints:
    """Entity and profile of the session: applied after a login, re-applied on demand.
    Needs ``self.options`` (entity, entity_recursive, profile) and ``self._session``."""

    def _apply_scope(self):
        """Apply options profile / entity right after initSession (or to a given session_token)."""
        profile = self.options.get('profile')
        if profile not in (None, ''):
            self.change_active_profile(self._resolve_profile(profile))
        entity = self.options.get('entity')
        if entity not in (None, ''):
            scope = {'id': self._resolve_entity(entity), 'recursive': bool(self.options.get('entity_recursive'))}
            self._change_entities(scope['id'], scope['recursive'])
            self._session.scope = scope

    def refresh_entities(self):
        """Re-apply the active entities. Call it after creating an Entity: GLPI hides entities
        created after the last changeActiveEntities from the session until it is called again."""
        session = self._session
        with session.lock:
            session.open()
            if not session.scope:
                active = self.get_active_entities()
                session.scope = {'id': active.get('id', 0), 'recursive': bool(active.get('active_entity_recursive'))}
            self._change_entities(session.scope['id'], session.scope['recursive'])
            session.store()

    def _change_entities(self, entity_id, recursive):
        ok = self.change_active_entities(entity_id, recursive)
        if not ok:
            raise GlpiInputError('GLPI refused to switch to entity %s' % (entity_id,), option='entity', value=entity_id,
                                 method='POST', path='changeActiveEntities',
                                 hint='the entity does not exist or is not in the profile\'s entities; see getMyEntities')

    def _resolve_profile(self, profile):
        text = str(profile).strip()
        if looks_like_id(text):
            return int(text)
        body = self.request('GET', 'getMyProfiles').body
        profiles = (body.get('myprofiles') or []) if isinstance(body, dict) else []
        found = [p for p in profiles if html.unescape(str(p.get('name', ''))) == text]
        if len(found) == 1:
            return found[0]['id']
        names = ', '.join('%s (id %s)' % (html.unescape(str(p.get('name'))), p.get('id')) for p in profiles)
        raise GlpiInputError('profile %r is not one of this user\'s profiles' % text, option='profile', value=profile,
                             hint='available profiles: %s' % (names or 'none'))

    def _resolve_entity(self, entity):
        text = str(entity).strip()
        if looks_like_id(entity) or looks_like_id(text):
            return int(text)
        body = self.request('GET', 'getMyEntities', params={'is_recursive': True}).body or {}
        entities = (body.get('myentities') or []) if isinstance(body, dict) else []
        names = [(e.get('id'), html.unescape(str(e.get('name', '')))) for e in entities]
        exact = [eid for eid, name in names if name == text]
        if len(exact) == 1:
            return exact[0]
        leaf = [eid for eid, name in names if name.split(' > ')[-1] == text]
        if not exact and len(leaf) == 1:
            return leaf[0]
        candidates = exact or leaf
        if candidates:
            raise GlpiInputError('entity %r matches %d entities (ids %s); give its completename or id'
                                 % (text, len(candidates), ', '.join(str(c) for c in candidates)), option='entity', value=entity)
        raise GlpiInputError('entity %r is not one of this user\'s entities' % text, option='entity', value=entity,
                             hint='give the id or the complete name, e.g. "Root entity > Europe > Paris"')

    def change_active_entities(self, entity_id='all', recursive=False):
        """POST changeActiveEntities; True when GLPI accepted (it answers 200 false for unknown entities)."""
        body = {'entities_id': entity_id, 'is_recursive': bool(recursive)}
        resp = self.request('POST', 'changeActiveEntities', json_body=body, expected=(200,), idempotent=True)
        return resp.body is True

    def change_active_profile(self, profile_id):
        try:
            self.request('POST', 'changeActiveProfile', json_body={'profiles_id': int(profile_id)}, expected=(200,), idempotent=True)
        except GlpiNotFoundError:
            raise GlpiInputError('profile %s is not one of this user\'s profiles' % profile_id, option='profile', value=profile_id,
                                 method='POST', path='changeActiveProfile', status=404, code='ERROR_ITEM_NOT_FOUND')
        return True

    def get_active_entities(self):
        """{'id': .., 'active_entity_recursive': .., 'active_entities': [{'id': ..}]}"""
        return (self.request('GET', 'getActiveEntities', expected=(200,)).body or {}).get('active_entity') or {}

    def server_time(self):
        """GLPI's current time, as it stamps date_mod: getFullSession's ``glpi_currenttime`` (server's local time)."""
        resp = self.request('GET', 'getFullSession', expected=(200,))
        session = resp.body.get('session') if isinstance(resp.body, dict) else None
        now = (session or {}).get('glpi_currenttime')
        if not now:
            raise GlpiError('GLPI did not tell its current time (getFullSession: glpi_currenttime)', method='GET',
                            path='getFullSession', status=resp.status)
        return now

    def get_my_entities(self, recursive=True):
        """[{'id': .., 'name': 'Root entity > Child' (HTML-decoded)}]"""
        body = self.request('GET', 'getMyEntities', params={'is_recursive': bool(recursive)}, expected=(200,)).body or {}
        return [dict(e, name=html.unescape(str(e.get('name', '')))) for e in body.get('myentities') or []]

    def get_my_profiles(self):
        return (self.request('GET', 'getMyProfiles', expected=(200,)).body or {}).get('myprofiles') or []

    def get_active_profile(self):
        return (self.request('GET', 'getActiveProfile', expected=(200,)).body or {}).get('active_profile') or {}


class Paging:
    """Listings of any length, page by page."""

    def iter_pages(self, path, params=None, page_size=None, max_rows=None, rows_key=None):
        """Yield the pages (lists of rows) of a listing, following ``range`` and Content-Range.

        ``rows_key``: for /search the rows are in ``body['data']``. A ``range`` given in
        ``params`` is sent as is, in one request. Stops on: no Content-Range (empty result),
        an empty page, end+1 >= total, HTTP 200 (everything covered), ERROR_RANGE_EXCEED_TOTAL
        (the list shrank), or ``max_rows`` reached.
        """
        params = dict(params or {})
        size = max(1, min(int(page_size or DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE))
        if max_rows is not None:
            size = max(1, min(size, int(max_rows)))
        single = 'range' in params
        start = 0
        seen = 0
        while True:
            if not single:
                params['range'] = '%d-%d' % (start, start + size - 1)
            try:
                resp = self.request('GET', path, params=params, expected=(200, 206))
            except GlpiError as exc:
                if exc.code == 'ERROR_RANGE_EXCEED_TOTAL' and start > 0:
                    return
                raise
            rows = self._rows(resp, path, rows_key)
            if max_rows is not None and seen + len(rows) > max_rows:
                rows = rows[:max_rows - seen]
            seen += len(rows)
            if rows:
                yield rows
            crange = resp.content_range
            if (single or not rows or crange is None or resp.status == 200 or crange[1] + 1 >= crange[2]
                    or (max_rows is not None and seen >= max_rows)):
                return
            next_start = crange[1] + 1
            if next_start <= start:
                return
            start = next_start

    def _rows(self, resp, path, rows_key):
        body = resp.body
        if rows_key:
            if isinstance(body, dict):
                rows = body.get(rows_key) or []
            else:
                rows = body
        else:
            rows = body
        if not isinstance(rows, list):
            raise GlpiResponseError('GLPI answered a listing with %s instead of a list'
                                    % ('an empty body' if body in (None, '') else type(body).__name__),
                                    method='GET', path=path, status=resp.status,
                                    hint='GLPI answers an empty body when a searchText field or a search criterion is unknown')
        return rows

    def get_all(self, path, params=None, page_size=None, max_rows=None, rows_key=None):
        """All rows of a listing as one list (see :meth:`iter_pages`)."""
        rows = []
        for page in self.iter_pages(path, params, page_size=page_size, max_rows=max_rows, rows_key=rows_key):
            rows.extend(page)
        return rows


class ItemEndpoints:
    """Items of an itemtype: read, list, add, update, delete."""

    def get_item(self, itemtype, item_id, **params):
        """GET Itemtype/id (params such as expand_dropdowns=True, with_networkports=True); None on 404."""
        path = '%s/%d' % (_check_itemtype(itemtype), _check_id(item_id))
        try:
            resp = self.request('GET', path, params=params or None, expected=(200,))
        except GlpiNotFoundError as exc:
            if exc.code == 'ERROR_ITEM_NOT_FOUND' or exc.status == 404:
                return None
            raise
        if not isinstance(resp.body, (dict, str)):
            raise GlpiResponseError('GLPI answered an item read with %s' % type(resp.body).__name__, method='GET', path=path,
                                    status=resp.status)
        return resp.body

    def get_sub_items(self, itemtype, item_id, sub_itemtype, params=None, max_rows=None):
        """All rows of GET Itemtype/id/SubItemtype (e.g. User/2/Profile_User); [] when the parent is missing."""
        path = '%s/%d/%s' % (_check_itemtype(itemtype), _check_id(item_id), _check_itemtype(sub_itemtype))
        try:
            return self.get_all(path, params, max_rows=max_rows)
        except GlpiNotFoundError as exc:
            if exc.code == 'ERROR_ITEM_NOT_FOUND':
                return []
            raise

    def list_items(self, itemtype, search_text=None, is_deleted=None, params=None, max_rows=None, page_size=None):
        """All rows of GET Itemtype (every page), de-duplicated by id.

        ``search_text``: dict field -> pattern (GLPI's searchText: case-insensitive substring,
        ``^``/``$`` anchors) or a string meaning ``{'name': string}``. ``is_deleted=True`` lists
        the trash instead of the active items.
        """
        path = _check_itemtype(itemtype)
        query = dict(params or {})
        if search_text:
            if isinstance(search_text, str):
                search_text = {'name': search_text}
            for field, pattern in search_text.items():
                query['searchText[%s]' % field] = pattern
        if is_deleted is not None:
            query['is_deleted'] = bool(is_deleted)
        try:
            rows = self.get_all(path, query, page_size=page_size, max_rows=max_rows)
        except GlpiResponseError as exc:
            if search_text and exc.status == 200:
                raise GlpiInputError('GLPI answered an empty body: one of the searchText fields (%s) is not a field of %s'
                                     % (', '.join(sorted(search_text)), itemtype), option='search_text',
                                     value=sorted(search_text), method='GET', path=path, status=200)
            raise
        except GlpiError as exc:
            if search_text and exc.code == 'ERROR_FIELD_NOT_FOUND':  # GLPI 11 (10.0 answers an empty body)
                raise GlpiInputError('one of the searchText fields (%s) is not a field of %s: %s'
                                     % (', '.join(sorted(search_text)), itemtype, exc.glpi_message), option='search_text',
                                     value=sorted(search_text), method='GET', path=path, status=exc.status, code=exc.code)
            raise
        seen = set()
        unique = []
        for row in rows:
            rid = row.get('id') if isinstance(row, dict) else None
            if rid is not None:
                if rid in seen:
                    continue
                seen.add(rid)
            unique.append(row)
        return unique

    def add(self, itemtype, input):  # pylint: disable=redefined-builtin
        """POST Itemtype {"input": input}; input is a dict (returns {"id", "message"}) or a list
        (returns a list). Never retried: a lost answer raises with ``maybe_applied=True``.
        HTTP 207 raises :class:`GlpiPartialError` with the per-item results."""
        path = _check_itemtype(itemtype)
        if not isinstance(input, (dict, list)) or (isinstance(input, list) and not all(isinstance(i, dict) for i in input)):
            raise GlpiInputError('input must be a dict or a list of dicts', option='input')
        if isinstance(input, list) and not input:
            return []
        column_limits.check_input(itemtype, input, version=column_limits.version_of(self))
        resp = self.request('POST', path, json_body={'input': input}, expected=(201,))
        self._check_results('POST', path, resp)
        return resp.body

    def update(self, itemtype, input):  # pylint: disable=redefined-builtin
        """PUT Itemtype {"input": input}; every element needs an ``id`` (GLPI silently ignores
        elements without one). Returns GLPI's list ``[{"<id>": true, "message": ""}]``."""
        path = _check_itemtype(itemtype)
        items = input if isinstance(input, list) else [input]
        for item in items:
            if not isinstance(item, dict) or 'id' not in item:
                raise GlpiInputError('every element of input needs an id to update', option='input')
            _check_id(item['id'])
        if not items:
            return []
        column_limits.check_input(itemtype, input, version=column_limits.version_of(self))
        resp = self.request('PUT', path, json_body={'input': input}, expected=(200,))
        self._check_results('PUT', path, resp)
        return resp.body

    def delete(self, itemtype, input, force_purge=False):  # pylint: disable=redefined-builtin
        """Move to the trash (or purge with ``force_purge``) one id, a dict with an id, or a list of them.

        A delete that was retried (a lost or late answer) and then fails for items that are already
        gone (purge) or in the trash (trash) counts them as done: the first attempt applied them."""
        path = _check_itemtype(itemtype)
        items = input if isinstance(input, list) else [input]
        ids = [_check_id(i.get('id') if isinstance(i, dict) else i) for i in items]
        if not ids:
            return []
        try:
            if len(ids) == 1:
                resp = self.request('DELETE', '%s/%d' % (path, ids[0]), params={'force_purge': bool(force_purge)}, expected=(200,))
            else:
                resp = self.request('DELETE', path, json_body={'input': [{'id': i} for i in ids], 'force_purge': bool(force_purge)},
                                    expected=(200,))
        except GlpiNotFoundError as exc:
            if len(ids) == 1 and getattr(exc, 'attempts', 1) > 1:
                self.log.debug('GLPI DELETE %s/%d: not found after a retry, the first attempt applied it' % (path, ids[0]))
                return [{str(ids[0]): True, 'message': ''}]
            raise
        except GlpiPartialError as exc:
            if getattr(exc, 'attempts', 1) > 1:
                exc.results = self._settle_retried_delete(itemtype, exc.results, force_purge)
                if not _failed_results(exc.results):
                    return exc.results
            raise
        if resp.attempts > 1:
            resp.body = self._settle_retried_delete(itemtype, resp.body, force_purge)
        self._check_results('DELETE', path, resp)
        return resp.body

    def _settle_retried_delete(self, itemtype, results, force_purge):
        """GLPI's per-item answer to a retried DELETE, with the items the first attempt already
        deleted (read again: gone, or trashed when not purging) marked as done."""
        settled = []
        for row in results if isinstance(results, list) else [results]:
            ident = _failed_id(row) if row in _failed_results([row]) else None
            if ident is not None:
                current = self.get_item(itemtype, ident)
                if current is None or (not force_purge and current.get('is_deleted')):
                    self.log.debug('GLPI DELETE %s/%d: refused after a retry, the first attempt applied it' % (itemtype, ident))
                    row = {str(ident): True, 'message': ''}
            settled.append(row)
        return settled

    def _check_results(self, method, path, resp):
        failed = _failed_results(resp.body)
        if failed:
            raise GlpiPartialError('GLPI did not apply %d of the items' % len(failed), results=resp.body if isinstance(resp.body, list)
                                   else [resp.body], method=method, path=path, status=resp.status)


class SearchEndpoints:
    """GLPI's search engine; ``self._search_options`` caches listSearchOptions per itemtype."""

    def search(self, itemtype, params=None, max_rows=None, page_size=None):
        """All data rows of GET search/Itemtype (every page). ``params`` may hold
        ``criteria=[{'field': 1, 'searchtype': 'contains', 'value': 'x'}]``, ``forcedisplay=[2]``, ..."""
        path = 'search/%s' % _check_itemtype(itemtype)
        return self.get_all(path, params, page_size=page_size, max_rows=max_rows, rows_key='data')

    def list_search_options(self, itemtype):
        """GET listSearchOptions/Itemtype (cached per client)."""
        _check_itemtype(itemtype)
        # Not locked: two threads missing the same itemtype at once both read it (same answer);
        # a dict assignment is atomic, so the cache never holds a partial value.
        if itemtype not in self._search_options:
            self._search_options[itemtype] = self.request('GET', 'listSearchOptions/%s' % itemtype, expected=(200,)).body
        return self._search_options[itemtype]
