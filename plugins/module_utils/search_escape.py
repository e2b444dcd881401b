# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Search criteria with ``& < >`` in a text value, which GLPI 10.0 never matches.

GLPI 10.0 compares a ``contains`` value as typed with text it stores HTML-encoded: ``R&D``,
``<lab>``, ``&#60;lab&#62;`` and ``&lt;lab&gt;`` all match nothing (and ``notcontains`` matches
everything). GLPI 11.0 matches the text. The same answer is had from both versions this way:

* a criterion at the top level of criteria joined with AND (``AND`` / ``AND NOT``) on a text
  column is sent with the longest part of its value GLPI can search (text_match.TextPattern),
  or left out when it is negated or has no such part, and the rows are then compared on the
  client (:class:`RowFilter`), as GLPI 11.0 compares them;
* anywhere else (inside a group, with OR, on a column GLPI displays differently from what it
  searches) the criterion is sent as is when the server is GLPI 11 or later, and refused with
  its name on GLPI 10.0 (one getGlpiConfig request, only then).

API (search_query.SearchQuery uses it)::

    mark = Mark(where, option, oid, pattern_value, negate, meta)   # put on a built criterion
    built = plan(built, row_filter, rows_by_uid, version)           # the criteria GLPI is sent
    row_filter.accepts(row)              # a search row keyed by uid (uid_cols) or option id
    row_filter.option_ids                # columns GLPI must display for the comparison
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.text_match import TextPattern

MARK = '_client_match'
# Datatypes whose displayed value is the searched text (users are shown by their full name).
TEXT_DATATYPES = frozenset(['', 'string', 'text', 'itemlink', 'dropdown', 'email', 'weblink'])
AND_LINKS = ('AND', 'AND NOT')


class Mark:
    """A criterion GLPI 10.0 cannot match: its place, column and value."""

    def __init__(self, where, option, oid, value, negate, meta):
        self.where = where
        self.uid = option.get('uid')
        self.oid = None if meta else str(oid)
        self.pattern = TextPattern(value)
        self.negate = negate
        self.meta = meta
        self.textual = (option.get('datatype') or '') in TEXT_DATATYPES and option.get('table') != 'glpi_users'


class RowFilter:
    """The criteria compared on the client; every one must accept a row."""

    def __init__(self):
        self.tests = []       # (uid, oid, TextPattern, negate)
        self.option_ids = []  # columns GLPI is not asked to search but must display

    def __bool__(self):
        return bool(self.tests)

    __nonzero__ = __bool__

    def add(self, mark, negate, sent):
        self.tests.append((mark.uid, mark.oid, mark.pattern, negate))
        if not sent and mark.oid is not None and mark.oid not in self.option_ids:
            self.option_ids.append(mark.oid)

    def accepts(self, row):
        """GLPI 11.0's answer for ``row``; a multi-valued column keeps the values that match, as
        GLPI shows only the joined rows its WHERE kept."""
        for uid, oid, pattern, negate in self.tests:
            key = uid if uid in row else oid
            value = row.get(key)
            if isinstance(value, list):
                kept = [item for item in value if pattern.matches(item)]
                if not negate:
                    row[key] = kept[0] if len(kept) == 1 else kept
                found = bool(kept)
            else:
                found = pattern.matches(value)
            if found == negate:
                return False
        return True


def plan(built, row_filter, rows_by_uid, version):
    """The criteria GLPI is sent, marks removed; the client's part goes to ``row_filter``.
    ``version``: a callable giving the server's GLPI version, asked only when a mark cannot be
    compared on the client."""
    all_and = all(entry.get('link', 'AND') in AND_LINKS for entry in built[1:])
    out = []
    for entry in built:
        mark = entry.pop(MARK, None)
        if 'criteria' in entry:
            _unmark(entry['criteria'], version, 'inside a group')
        if mark is None:
            out.append(entry)
            continue
        negate = mark.negate != ('NOT' in entry.get('link', ''))
        sent = not negate and mark.pattern.server is not None
        reason = _reason(mark, all_and, rows_by_uid, sent)
        if reason:
            _check_version(mark, version, reason)
            out.append(entry)
            continue
        row_filter.add(mark, negate, sent)
        if sent:
            entry['value'] = mark.pattern.server
            out.append(entry)
    return out


def unmark(built, version, reason):
    """Marks of criteria that can only go to GLPI as they are (metacriteria): checked and removed."""
    _unmark(built, version, reason)
    return built


def _reason(mark, all_and, rows_by_uid, sent):
    if not all_and:
        return 'in criteria joined with OR'
    if not mark.textual:
        return 'on a column GLPI displays differently from what it searches'
    if mark.meta and not rows_by_uid:
        return 'on a linked itemtype here (its column is not told apart from the item\'s own)'
    if mark.meta and not sent:
        return 'negated or without a searchable part on a linked itemtype'
    return None


def _unmark(entries, version, reason):
    for entry in entries:
        mark = entry.pop(MARK, None)
        if mark is not None:
            _check_version(mark, version, reason)
        if 'criteria' in entry:
            _unmark(entry['criteria'], version, reason)


def _check_version(mark, version, reason):
    text = version() or ''
    major = text.split('.')[0]
    if major.isdigit() and int(major) >= 11:
        return
    raise GlpiInputError(
        "%s: GLPI %s never matches a text value with &, < or > (%r); the collection compares such values itself "
        "only in criteria joined with AND at the top level, not %s" % (mark.where, text or '10.0', mark.pattern.text, reason),
        option=mark.where, value=mark.pattern.text,
        hint='move the criterion to the top level, or search a part of the value without these characters')


def server_version(client):
    """The GLPI version (``cfg_glpi.version`` of getGlpiConfig), read once per client."""
    cached = getattr(client, '_glpi_version_text', None)
    if cached is None:
        body = client.request('GET', 'getGlpiConfig', expected=(200,)).body
        config = body.get('cfg_glpi') if isinstance(body, dict) else None
        cached = str((config or {}).get('version') or '')
        client._glpi_version_text = cached  # pylint: disable=protected-access
    return cached
