# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading items over GLPI 11's v2 API the way ``item_reader.ItemReader`` does over v1, with the
results in the legacy shape (``hlapi_schema.ItemSchema.to_legacy``).

* ``by_id``: ``GET <endpoint>/<id>``, None when absent.
* ``by_fields``: RSQL ``==`` on every field (links by ``.id`` or ``.name``), all pages, then the
  exact comparison on the client (GLPI's ``==`` follows the database collation, which ignores
  case); an active item before a trashed one; several matches fail with the count and the ids.
* ``all``: the legacy ``filters`` (searchText: case-insensitive substring, ``^``/``$`` anchors)
  as RSQL ``=ilike=`` with ``*`` wildcards; v2 lists hold trashed items too, so the trash (or
  not) is chosen on ``is_deleted``.

What v2 cannot express fails naming the option and the API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import looks_like_id
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import table_word

RSQL_SPECIAL = set(',;()=!<>\'"*~ ')


def rsql_value(value, option='fields'):
    """An RSQL value: quoted when it holds an RSQL character (GLPI 11 has no escape inside quotes)."""
    text = value if isinstance(value, str) else str(int(value) if isinstance(value, bool) else value)
    if text and not (set(text) & RSQL_SPECIAL):
        return text
    if '"' not in text:
        return '"%s"' % text
    if "'" not in text:
        return "'%s'" % text
    raise GlpiInputError('%s: %r holds both quote characters, which GLPI\'s v2 filters (RSQL) cannot express '
                         '(api_version=v2); use api_version: v1' % (option, value), option=option, value=value)


def ilike_clause(prop, pattern, where):
    """GLPI's searchText ``pattern`` (substring, ``^``/``$`` anchors, any case) as ``prop=ilike=``;
    ``*`` and ``%`` (wildcards there) and ``NULL`` fail naming ``where``."""
    text = '' if pattern is None else str(pattern)
    if '*' in text or '%' in text or text == 'NULL':
        raise GlpiInputError('%s: %r cannot be expressed over GLPI\'s v2 API (api_version=v2): * and %% are wildcards '
                             'in its filters, NULL has no equivalent; use api_version: v1' % (where, pattern),
                             option=where.split('.')[0].split('[')[0], value=pattern)
    start = text.startswith('^')
    end = text.endswith('$') and len(text) > int(start)
    core = text[1 if start else 0:len(text) - 1 if end else len(text)]
    like = ('' if start else '*') + core + ('' if end else '*')
    return '%s=ilike=%s' % (prop, rsql_value(like, where))


def link_clause(prop, operator, value, where, option):
    """A clause on the link property ``prop``: by ``.id`` for an id, else by ``.name``; a completename
    path (``A > B``) fails naming ``where`` (v2 links carry only the name)."""
    text = '' if value is None else str(value).strip()
    if looks_like_id(text):
        return '%s.id%s%s' % (prop, operator, text)
    if '>' in text:
        raise GlpiInputError('%s: a completename path (%r) is not available over GLPI\'s v2 API (api_version=v2); '
                             'give the id or the name' % (where, value), option=option, value=value)
    return '%s.name%s%s' % (prop, operator, rsql_value(text, option))


def resolve_field(schema, name, where):
    """(property, is_link) of a field name as the v1 search and inventory take it: a legacy column or
    foreign key (``locations_id``), a v2 property (``location``), a link's short name (``state`` for
    ``states_id``, i.e. ``status``) or a link's ``.name`` (``location.name``)."""
    text = str(name)
    base = text[:-len('.name')] if text.endswith('.name') else text
    try:
        return schema.property_of(base, where)
    except GlpiInputError:
        alias = table_word(base) + '_id'
        if alias in schema.links:
            return schema.links[alias], True
        raise


class HlItemReader:
    """``ItemReader``'s interface over a :class:`hlapi_client.HlClient`."""

    plain = True

    def __init__(self, client, itemtype, expand_dropdowns=False, related=None, sub_itemtypes=None, option='fields',
                 schemas=None):
        if related:
            raise not_over_v2('related', 'related data (with_%s)' % related[0])
        if sub_itemtypes:
            raise not_over_v2('sub_itemtypes', 'reading sub itemtypes')
        self.client = client
        self.itemtype = itemtype
        self.expand_dropdowns = bool(expand_dropdowns)
        self.option = option
        self.schema = (schemas or HlSchemas(client)).item(itemtype)

    def _legacy(self, row):
        return self.schema.to_legacy(row, self.expand_dropdowns)

    def by_id(self, ident):
        return self._legacy(self.client.get('%s/%d' % (self.schema.endpoint, int(ident))))

    def _clause(self, field, value):
        prop, link = self.schema.property_of(field, self.option)
        if not link:
            return '%s==%s' % (prop, rsql_value(value, self.option))
        return link_clause(prop, '==', value, '%s.%s' % (self.option, field), self.option)

    def _matches(self, row, fields):
        raw = self.schema.to_legacy(row, expand_dropdowns=False)
        named = self.schema.to_legacy(row, expand_dropdowns=True)
        for field, value in fields.items():
            key = field if field in raw else self.schema.links.get(field, field)
            want = str(value).strip() if value is not None else None
            if want is not None and looks_like_id(want) and str(raw.get(key)) == want:
                continue
            if str(named.get(key)) != str(value) and raw.get(key) != value:
                return False
        return True

    def by_fields(self, fields):
        if not isinstance(fields, dict) or not fields:
            raise GlpiInputError('%s must be a non-empty dict of field values' % self.option, option=self.option, value=fields)
        rsql = ';'.join(self._clause(f, fields[f]) for f in sorted(fields))
        return self.choose(self.client.list(self.schema.endpoint, rsql=rsql), fields, rsql)

    def choose(self, rows, fields, rsql):
        """The one row of ``rows`` (a v2 listing read with ``rsql``) whose ``fields`` are exactly
        those values, in the legacy shape: an active one before a trashed one, None without any;
        several fail with the count and the ids."""
        rows = [row for row in rows if self._matches(row, fields)]
        active = [row for row in rows if not row.get('is_deleted')]
        chosen = active or rows
        if len(chosen) > 1:
            raise GlpiInputError('%s: %d %s items match %s (filter %s): ids %s; add fields' % (
                self.option, len(chosen), self.itemtype, sorted(fields), rsql, ', '.join(str(r.get('id')) for r in chosen)),
                option=self.option, value=sorted(fields))
        return self._legacy(chosen[0]) if chosen else None

    def all(self, filters=None, is_deleted=False, max_rows=None):
        rsql = ';'.join(self._pattern(f, filters[f]) for f in sorted(filters or {})) or None
        rows = self.client.list(self.schema.endpoint, rsql=rsql)
        rows = [row for row in rows if bool(row.get('is_deleted')) == bool(is_deleted)]
        return [self._legacy(row) for row in rows][:max_rows]

    def _pattern(self, field, pattern):
        # The legacy searchText compares the column itself: a link's id (``locations_id: '^3$'``), not its name.
        prop, link = self.schema.property_of(field, 'filters')
        return ilike_clause(prop + '.id' if link else prop, pattern, 'filters.%s' % field)


def reader_for(client, itemtype, **kwargs):
    """The reader of ``itemtype`` for ``client``'s API: HlItemReader over v2, ItemReader over v1."""
    if getattr(client, 'api_version', 'v1') == 'v2':
        return HlItemReader(client, itemtype, **kwargs)
    from ansible_collections.glpi.glpi.plugins.module_utils.item_reader import ItemReader
    return ItemReader(client, itemtype, **kwargs)
