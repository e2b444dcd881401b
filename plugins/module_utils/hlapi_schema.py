# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Itemtypes and legacy field names over GLPI 11's v2 API, read from GLPI's own OpenAPI
document (``/api.php/v2/doc.json``, public).

* Endpoints: a path ``/Section/Name`` whose GET answers an array of a schema with ``x-itemtype``
  T (and that has ``/Section/Name/{id}``) is T's endpoint: ``Computer`` -> ``Assets/Computer``,
  ``Location`` -> ``Dropdowns/Location``, ``User`` -> ``Administration/User``.
* Fields: GLPI strips its ``x-field`` (the column) from the document, so a link property is
  mapped back to its legacy column with GLPI's foreign key convention, from its ``x-itemtype``
  and its name: ``location`` (Location) -> ``locations_id``, ``status`` (State) -> ``states_id``,
  ``user_tech`` (User) -> ``users_id_tech``, ``default_entity`` (Entity) -> ``entities_id``.
  Other scalar properties keep their name (``name``, ``serial``, ``comment``, ``is_deleted``).
  A field v2 does not expose is a :class:`GlpiInputError` naming the field and the API.

The reduced document (endpoints and properties) is cached on disk with the search options
(``search_options.SearchOptionsCache``: private directory, one hour).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import field_for
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchOptionsCache

DOC_PATH = 'doc.json'
# Scalar properties whose column has another name (their x-field, stripped from the document):
# AdministrationController's User.username is the legacy ``name``.
RENAMED = {'User': {'username': 'name'}}
CACHE_NAME = '__hlapi_doc_v2.1__'
_JSON = 'application/json'


def legacy_field(prop, itemtype):
    """The legacy column of the link property ``prop`` to ``itemtype``."""
    fkey = field_for(itemtype)
    word = itemtype.lower()
    if prop.startswith(word + '_'):
        return fkey + prop[len(word):]
    return fkey


def _list_schema(operation):
    content = ((operation or {}).get('responses') or {}).get('200', {}).get('content') or {}
    schema = (content.get(_JSON) or {}).get('schema') or {}
    if schema.get('type') != 'array':
        return None
    ref = (schema.get('items') or {}).get('$ref') or ''
    return ref.rsplit('/', 1)[-1] or None


def reduce_doc(doc):
    """``{itemtype: {'endpoint': path, 'schema': name, 'properties': {prop: {'type', 'itemtype'}}}}``."""
    schemas = (doc.get('components') or {}).get('schemas') or {}
    paths = doc.get('paths') or {}
    reduced = {}
    for path, ops in sorted(paths.items()):
        name = _list_schema((ops or {}).get('get'))
        if '{' in path or not name or path + '/{id}' not in paths:
            continue
        schema = schemas.get(name) or {}
        itemtype = schema.get('x-itemtype')
        if not itemtype or itemtype in reduced:
            continue
        props = {}
        for prop, spec in (schema.get('properties') or {}).items():
            props[prop] = {'type': spec.get('type'), 'itemtype': spec.get('x-itemtype'), 'format': spec.get('format')}
        reduced[itemtype] = {'endpoint': path.strip('/'), 'schema': name, 'properties': props}
    return reduced


class ItemSchema:
    """One itemtype over v2: its endpoint and its legacy field <-> v2 property mapping."""

    def __init__(self, itemtype, entry):
        self.itemtype = itemtype
        self.endpoint = entry['endpoint']
        self.properties = entry['properties']
        self.links = {}      # legacy column -> property (link to another itemtype)
        self.renamed = dict(RENAMED.get(itemtype, {}))   # property -> legacy column
        for prop, spec in sorted(self.properties.items()):
            if spec.get('type') == 'object' and spec.get('itemtype'):
                self.links.setdefault(legacy_field(prop, spec['itemtype']), prop)
        self._legacy_of = dict((prop, field) for field, prop in self.links.items())  # property -> legacy column

    def property_of(self, field, option='fields'):
        """(property, is_link) for a legacy field name (or a v2 property name)."""
        if field in self.links:
            return self.links[field], True
        for prop, column in self.renamed.items():
            if field == column:
                return prop, False
        spec = self.properties.get(field)
        if spec is not None and spec.get('type') not in ('object', 'array'):
            return field, False
        if spec is not None and spec.get('type') == 'object' and spec.get('itemtype'):
            return field, True
        raise GlpiInputError('%s: field %r of %s is not exposed by GLPI\'s v2 API (api_version=v2, endpoint %s); '
                             'it offers: %s' % (option, field, self.itemtype, self.endpoint, ', '.join(self.known_fields())),
                             option=option, value=field)

    def legacy_name(self, prop):
        """The legacy field name of the v2 property ``prop`` (``location`` -> ``locations_id``)."""
        return self._legacy_of.get(prop) or self.renamed.get(prop, prop)

    def known_fields(self):
        scalars = [self.renamed.get(p, p) for p, s in self.properties.items() if s.get('type') not in ('object', 'array')]
        return sorted(scalars + list(self.links))

    def to_legacy(self, record, expand_dropdowns=False):
        """A v2 object in the legacy shape: link objects as ``<table>_id`` (id, or name with
        ``expand_dropdowns``; 0 when empty), booleans as 0/1, date-times as ``YYYY-MM-DD HH:MM:SS``
        (GLPI 11 writes them in the server's time with its offset), other properties unchanged."""
        if not isinstance(record, dict):
            return record
        out = {}
        for prop, value in record.items():
            if prop in self._legacy_of:
                out[self._legacy_of[prop]] = _link_value(value, expand_dropdowns)
            elif isinstance(value, bool):
                out[prop] = int(value)
            elif self.properties.get(prop, {}).get('format') == 'date-time':
                out[prop] = legacy_datetime(value)
            else:
                out[self.renamed.get(prop, prop)] = value
        return out


def legacy_datetime(value):
    """``2026-12-05T02:21:44+00:00`` -> ``2026-12-05 02:21:44`` (the legacy API's form)."""
    if isinstance(value, str) and len(value) >= 19 and value[10] == 'T':
        return value[:10] + ' ' + value[11:19]
    return value


def _link_value(value, expand):
    if not isinstance(value, dict) or value.get('id') in (None, 0):
        return 0
    if expand:
        return value.get('name') if value.get('name') is not None else value.get('id')
    return value.get('id')


class HlSchemas:
    """The v2 schemas of one server, from its doc.json (disk cache shared by processes)."""

    def __init__(self, client, cache=None):
        self.client = client
        self.cache = cache if cache is not None else SearchOptionsCache(debug=client.log.debug)
        self._doc = None

    def _load(self, fresh=False):
        if self._doc is not None and not fresh:
            return self._doc
        doc = None if fresh else self.cache.load(self.client.base_url, CACHE_NAME)
        if doc is None:
            doc = reduce_doc(self.client.request('GET', DOC_PATH).body or {})
            self.cache.store(self.client.base_url, CACHE_NAME, doc)
        self._doc = doc
        return doc

    def item(self, itemtype, option='itemtype'):
        """The ItemSchema of ``itemtype``; GlpiInputError naming the itemtypes v2 offers."""
        doc = self._load()
        if itemtype not in doc:
            doc = self._load(fresh=True)
        if itemtype not in doc:
            raise GlpiInputError('%s: GLPI\'s v2 API (api_version=v2) has no endpoint for itemtype %r; it offers: %s'
                                 % (option, itemtype, ', '.join(sorted(doc))), option=option, value=itemtype)
        return ItemSchema(itemtype, doc[itemtype])
