# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read only the objects a batch names, however large the table.

One search for the ids (the match values OR-ed, by chunks, each the searchText expression of
text.search_text_for: ``^v$``, or the longest safe part of a value GLPI cannot anchor), then
one getMultipleItems for the rows, which are what GET Itemtype/id answers. The search is a
superset; the Finder compares exactly on the client (Match.accepts), as for a single task. The
trash is searched only for the tasks no active row matched (a single task's rule)::

    rows, by_id = narrowed_rows(client, 'Computer', matches)   # None: cannot narrow, list it all

Requests: listSearchOptions (once per client), one search per chunk of values, one more for the
trash when something was not found active, one getMultipleItems per chunk of ids. A chunk is as
many values or ids as fit in a query string of URL_BUDGET characters, under the 8 KB request line
of nginx's and Apache's defaults (a longer one is refused with 414).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from urllib.parse import urlencode
except ImportError:  # Python 2
    from urllib import urlencode

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiNotFoundError, GlpiPermissionError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params
from ansible_collections.glpi.glpi.plugins.module_utils.text import search_text_for

URL_BUDGET = 6000
# Columns whose search compares the stored text of the itemtype's own field.
_TEXT_DATATYPES = frozenset(['', 'string', 'itemlink', 'text'])


def narrowed_rows(client, itemtype, matches):
    """(rows, ids read by id) of the objects ``matches`` may accept, or None when one of them
    has no key GLPI can search (then the caller lists the whole itemtype)."""
    options = _options(client, itemtype)
    id_option = options.get('id')
    criteria = [_criterion(options, match) for match in matches]
    if id_option is None or not criteria or any(item is None for item in criteria):
        return None
    ids = _search_ids(client, itemtype, criteria, id_option, trash=False)
    rows = _read(client, itemtype, ids)
    missing = [crit for crit, match in zip(criteria, matches) if not any(match.accepts(row) for row in rows)]
    if missing:
        trashed = _search_ids(client, itemtype, missing, id_option, trash=True)
        rows += _read(client, itemtype, [ident for ident in trashed if ident not in ids])
    return rows, set(int(row['id']) for row in rows)


def linked_rows(client, itemtype, parent_uid, parent_ids):
    """Rows (as GET Itemtype/id answers) of the relation ``itemtype`` whose parent is one of
    ``parent_ids``: ``parent_uid`` is the uid of the parent's search option (``Profile_User.User.name``),
    searched with ``equals`` and the ids, OR-ed by chunks. None when the itemtype has no such option."""
    options = client.list_search_options(itemtype) or {}
    parent_option, id_option = _option_id(options, parent_uid), _option_id(options, '%s.id' % itemtype)
    if parent_option is None or id_option is None:
        return None
    if not parent_ids:
        return []
    criteria = [{'field': parent_option, 'searchtype': 'equals', 'value': ident} for ident in parent_ids]
    return _read(client, itemtype, _search_ids(client, itemtype, criteria, id_option, trash=None))


def column_by_id(client, itemtype, ids, uid):
    """{id: [values]} of the search column ``uid`` (a multi-valued one such as ``User.UserEmail.email``)
    for the objects ``ids`` (active ones: the trash is not searched), or None when there is no such
    column. GLPI answers a list, one value, or null for each object."""
    options = client.list_search_options(itemtype) or {}
    column, id_option = _option_id(options, uid), _option_id(options, '%s.id' % itemtype)
    if column is None or id_option is None:
        return None
    found = {}
    criteria = [dict({'field': id_option, 'searchtype': 'equals', 'value': ident}, link='OR') for ident in ids]
    for chunk in _chunks(criteria, 'criteria'):
        chunk[0] = dict((key, value) for key, value in chunk[0].items() if key != 'link')
        for row in client.search(itemtype, {'criteria': chunk, 'forcedisplay': [id_option, column]}):
            value = row.get(str(column))
            found[int(row[str(id_option)])] = [] if value is None else (value if isinstance(value, list) else [value])
    return found


def _option_id(options, uid):
    for oid, option in options.items():
        if isinstance(option, dict) and str(oid).isdigit() and option.get('uid') == uid:
            return int(oid)
    return None


def _options(client, itemtype):
    """{field name: option id} of the itemtype's own text columns, plus 'id'."""
    found = {}
    for oid, option in (client.list_search_options(itemtype) or {}).items():
        if not isinstance(option, dict) or not str(oid).isdigit():
            continue
        uid = option.get('uid') or ''
        prefix = '%s.' % itemtype
        field = uid[len(prefix):] if uid.startswith(prefix) else None
        if field == 'id' or (field and option.get('field') == field and (option.get('datatype') or '') in _TEXT_DATATYPES):
            found.setdefault(field, int(oid))
    return found


def _criterion(options, match):
    for key in match.keys:
        value = match.values.get(key)
        if key in options and key != 'id' and isinstance(value, str):
            pattern = search_text_for(value)
            if pattern is not None:
                return {'field': options[key], 'searchtype': 'contains', 'value': pattern}
    return None


def _search_ids(client, itemtype, criteria, id_option, trash):
    ids = []
    linked = [dict(item, link='OR') for item in criteria]
    for chunk in _chunks(linked, 'criteria'):
        chunk[0] = dict((key, value) for key, value in chunk[0].items() if key != 'link')
        params = {'criteria': chunk, 'forcedisplay': [id_option]}
        if trash is not None:  # None: an itemtype without a trash
            params['is_deleted'] = 1 if trash else 0
        for row in client.search(itemtype, params):
            ident = row.get(str(id_option)) if isinstance(row, dict) else None
            if ident is not None and int(ident) not in ids:
                ids.append(int(ident))
    return ids


def _read(client, itemtype, ids):
    """Rows of GET Itemtype/id (default options) for ``ids``; one GET per id only for a chunk
    GLPI refuses whole (an id gone or out of reach since the search)."""
    rows = []
    for items in _chunks([{'itemtype': itemtype, 'items_id': ident} for ident in ids], 'items'):
        chunk = [item['items_id'] for item in items]
        params = {'items': items}
        try:
            body = client.request('GET', 'getMultipleItems', params=params, expected=(200,)).body
        except (GlpiNotFoundError, GlpiPermissionError):
            body = None
        if isinstance(body, list) and len(body) == len(chunk) and all(isinstance(row, dict) and 'id' in row for row in body):
            rows.extend(body)
            continue
        for ident in chunk:
            try:
                row = client.get_item(itemtype, ident)
            except GlpiPermissionError:
                row = None
            if isinstance(row, dict):
                rows.append(row)
    return rows


def _chunks(entries, name):
    """``entries`` cut so that each chunk, sent as ``name[i][...]``, fits in URL_BUDGET."""
    chunk, size = [], 0
    for entry in entries:
        length = len(urlencode(flatten_params({name: [entry] * (len(chunk) + 1)})[-len(entry):])) + 1
        if chunk and size + length > URL_BUDGET:
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += length
    if chunk:
        yield chunk
