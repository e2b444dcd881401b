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

Requests: one search per chunk of values, one more for the trash when something was not found
active, one getMultipleItems per chunk of ids; listSearchOptions only when the on-disk copy of
search_options.py (per server and itemtype) is missing, expired or cannot be trusted.

Which option searches which column differs by itemtype and version, and a cached copy may be
stale (an upgraded server, a plugin, another profile). The searches ask for columns named by uid
(``uid_cols``): GLPI displays every criterion's column, so each row says which column an option
id searched (``Computer.name``) and shows the id under ``Computer.id``. A cached copy is used only
while the rows confirm it: a row naming other columns, a search GLPI refuses, or a chunk with no
row at all (nothing confirmed) makes one fresh listSearchOptions; the search is made again when the
fresh options differ for the fields it used. A chunk is as
many values or ids as fit in a query string of URL_BUDGET characters, under the 8 KB request line
of nginx's and Apache's defaults (a longer one is refused with 414).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from urllib.parse import urlencode
except ImportError:  # Python 2
    from urllib import urlencode

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiNotFoundError, GlpiPermissionError, GlpiRequestError
from ansible_collections.glpi.glpi.plugins.module_utils.request_helpers import flatten_params
from ansible_collections.glpi.glpi.plugins.module_utils.row_index import RowIndex
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields
from ansible_collections.glpi.glpi.plugins.module_utils.text import search_text_for

URL_BUDGET = 6000
# Columns whose search compares the stored text of the itemtype's own field.
_TEXT_DATATYPES = frozenset(['', 'string', 'itemlink', 'text'])


class _Stale(Exception):
    """The cached search options disagree with what GLPI's rows (or its refusal) say."""


def narrowed_rows(client, itemtype, matches, fields=None, listing_cheaper=None):
    """(rows, ids read by id) of the objects ``matches`` may accept, or None when one of them
    has no key GLPI can search, or when ``listing_cheaper(reads)`` says that listing the whole
    itemtype costs fewer than the ``reads`` this read would make (then the caller lists it).
    ``fields``: the SearchFields whose disk cache holds the options (a new one by default)."""
    fields = fields or SearchFields(client)
    try:
        return _narrowed(client, itemtype, matches, fields, listing_cheaper)
    except _Stale:
        fields.options(itemtype, fresh=True)
        return _narrowed(client, itemtype, matches, fields, listing_cheaper)


def _narrowed(client, itemtype, matches, fields, listing_cheaper):
    if listing_cheaper is not None and listing_cheaper(estimated_reads(_rough_criteria(matches))):
        return None   # decided before the options are read: a listing needs none
    options = _options(itemtype, fields.options(itemtype))
    id_option = options.get('id')
    criteria = [_criterion(options, match) for match in matches]
    if id_option is None or not criteria or any(item is None for item in criteria):
        return None   # correct with any copy of the options: the caller lists everything
    ids, unconfirmed = _search_ids(client, itemtype, criteria, options, trash=False, trusted=fields.is_fresh(itemtype))
    if unconfirmed and _changed(options, _options(itemtype, fields.options(itemtype, fresh=True)), unconfirmed):
        raise _Stale()
    rows = _read(client, itemtype, ids)
    index = RowIndex(rows)
    missing = [crit for crit, match in zip(criteria, matches) if not index.accepted(match)]
    if missing:
        trashed = _search_ids(client, itemtype, missing, options, trash=True, trusted=True)[0]
        rows += _read(client, itemtype, [ident for ident in trashed if ident not in ids])
    return rows, set(int(row['id']) for row in rows)


def estimated_reads(criteria):
    """Requests of the active search and of getMultipleItems for ``criteria`` (ids of 7 digits);
    the trash, searched only for what is missing, comes on top."""
    searches = len(list(_chunks([dict(item, link='OR') for item in criteria], 'criteria')))
    one_id = len(urlencode(flatten_params({'items': {len(criteria): {'itemtype': 'Computer', 'items_id': 1000000}}}))) + 1
    return searches + -(-len(criteria) * one_id // URL_BUDGET)


def _rough_criteria(matches):
    """The criteria of ``matches`` as _criterion makes them, with a two-digit option id and the
    first text value of each match: close enough to count the chunks before the options are read."""
    rough = []
    for match in matches:
        texts = [match.values.get(key) for key in match.keys if isinstance(match.values.get(key), str)]
        rough.append({'field': 99, 'searchtype': 'contains', 'value': '^%s$' % (texts[0] if texts else '')})
    return rough


def linked_rows(client, itemtype, parent_uid, parent_ids):
    """Rows (as GET Itemtype/id answers) of the relation ``itemtype`` whose parent is one of
    ``parent_ids``: ``parent_uid`` is the uid of the parent's search option (``Profile_User.User.name``),
    searched with ``equals`` and the ids, OR-ed by chunks. None when the itemtype has no such option."""
    options = client.list_search_options(itemtype) or {}
    parent_option, id_option = _option_id(options, parent_uid), _option_id(options, '%s.id' % itemtype)
    if parent_option is None or id_option is None:
        return None
    criteria = [{'field': parent_option, 'searchtype': 'equals', 'value': ident} for ident in parent_ids]
    ids = []
    for row in _rows_by_chunk(client, itemtype, criteria, [id_option]):
        ident = row.get(str(id_option))
        if ident is not None and int(ident) not in ids:
            ids.append(int(ident))
    return _read(client, itemtype, ids)


def column_by_id(client, itemtype, ids, uid):
    """{id: [values]} of the search column ``uid`` (a multi-valued one such as ``User.UserEmail.email``)
    for the objects ``ids`` (active ones: the trash is not searched), or None when there is no such
    column. GLPI answers a list, one value, or null for each object."""
    options = client.list_search_options(itemtype) or {}
    column, id_option = _option_id(options, uid), _option_id(options, '%s.id' % itemtype)
    if column is None or id_option is None:
        return None
    found = {}
    criteria = [{'field': id_option, 'searchtype': 'equals', 'value': ident} for ident in ids]
    for row in _rows_by_chunk(client, itemtype, criteria, [id_option, column]):
        value = row.get(str(column))
        found[int(row[str(id_option)])] = [] if value is None else (value if isinstance(value, list) else [value])
    return found


def _rows_by_chunk(client, itemtype, criteria, display):
    """Search rows of ``criteria`` OR-ed, by chunks that fit in URL_BUDGET (no trash: relations have none)."""
    for chunk in _chunks([dict(item, link='OR') for item in criteria], 'criteria'):
        chunk[0] = dict((key, value) for key, value in chunk[0].items() if key != 'link')
        for row in client.search(itemtype, {'criteria': chunk, 'forcedisplay': display}):
            if isinstance(row, dict):
                yield row


def _option_id(options, uid):
    for oid, option in options.items():
        if isinstance(option, dict) and str(oid).isdigit() and option.get('uid') == uid:
            return int(oid)
    return None


def _options(itemtype, search_options):
    """{field name: option id} of the itemtype's own text columns, plus 'id'."""
    found = {}
    prefix = '%s.' % itemtype
    for oid in search_options.ids():
        option = search_options.option(oid)
        uid = option.get('uid') or ''
        field = uid[len(prefix):] if uid.startswith(prefix) else None
        if field == 'id' or (field and option.get('field') == field and (option.get('datatype') or '') in _TEXT_DATATYPES):
            found.setdefault(field, int(oid))
    return found


def _changed(cached, fresh, names):
    return any(cached.get(name) != fresh.get(name) for name in set(names) | set(['id']))


def _criterion(options, match):
    for key in match.keys:
        value = match.values.get(key)
        if key in options and key != 'id' and isinstance(value, str):
            pattern = search_text_for(value)
            if pattern is not None:
                return {'field': options[key], 'searchtype': 'contains', 'value': pattern}
    return None


def _search_ids(client, itemtype, criteria, options, trash, trusted):
    """(ids found, names of the fields no row confirmed). Rows are keyed by uid: a row that does not
    show ``Itemtype.<field>`` for each criterion, or a search GLPI refuses, means that the options
    (a cached copy unless ``trusted``) are stale."""
    names = dict((oid, name) for name, oid in options.items())
    ids, unconfirmed = [], set()
    linked = [dict(item, link='OR') for item in criteria]
    for chunk in _chunks(linked, 'criteria'):
        chunk[0] = dict((key, value) for key, value in chunk[0].items() if key != 'link')
        used = set(names[crit['field']] for crit in chunk) | set(['id'])
        params = {'criteria': chunk, 'forcedisplay': [options['id']], 'is_deleted': 1 if trash else 0, 'uid_cols': 1}
        rows = _search(client, itemtype, params, trusted)
        if not rows:
            unconfirmed |= used
        for row in rows:
            if not trusted and not all('%s.%s' % (itemtype, name) in row for name in used):
                raise _Stale()
            ident = row.get('%s.id' % itemtype)
            if ident is not None and int(ident) not in ids:
                ids.append(int(ident))
    return ids, (set() if trusted else unconfirmed)


def _search(client, itemtype, params, trusted):
    try:
        rows = client.search(itemtype, params)
    except GlpiRequestError:   # "Bad field ID in search criteria": an option gone since it was cached
        if trusted:
            raise
        raise _Stale()
    return [row for row in rows if isinstance(row, dict)]


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
        length = len(urlencode(flatten_params({name: {len(chunk): entry}}))) + 1   # name[i][...] pairs
        if chunk and size + length > URL_BUDGET:
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += length
    if chunk:
        yield chunk
