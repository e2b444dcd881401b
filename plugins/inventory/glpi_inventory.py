# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: glpi_inventory
short_description: GLPI assets (computers, network equipment, printers, ...) as Ansible hosts
version_added: 0.1.0
description:
  - Reads assets from GLPI's search engine (C(search/Itemtype) of the legacy REST API) and turns
    each one into a host with flat host vars (C(glpi_location), C(glpi_state), C(glpi_ip_addresses), ...)
    holding names, not ids.
  - Only the columns in O(fields) (plus what the groups, O(hostname) and O(ansible_host) need) are
    requested. Every page is fetched, several at once (O(max_concurrency)) over one GLPI session;
    the number of requests is the number of pages plus a constant (one C(listSearchOptions) per
    itemtype, kept on disk for an hour and shared with the search module), never a request per host.
  - Groups out of the box (O(builtin_groups)), named O(group_prefix) + kind + sanitised value
    (lower case, anything but letters, digits and C(_) becomes C(_)); entity and location groups are
    nested following the complete name (C(glpi_entity_root_entity) contains C(glpi_entity_root_entity_europe)).
  - Restrict to an entity (and its sub-entities) with the connection options O(entity) and O(entity_recursive).
  - "Duplicate host names: items are taken in O(itemtypes) order, then by id; the first keeps the name,
    every later one becomes C(<name>_<id>) (C(<name>_<itemtype>_<id>) if that is taken too), with one
    warning that counts them. An item without a name becomes C(<itemtype>_<id>) (lower case)."
  - The configuration file name must end with C(.glpi.yml) or C(.glpi.yaml).
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection.plugins
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; marks the file as a GLPI inventory source.
    type: str
    required: true
    choices: [glpi.glpi.glpi_inventory]
  itemtypes:
    description:
      - GLPI itemtypes whose items become hosts, for example C(Computer), C(NetworkEquipment),
        C(Printer), C(Phone), C(Peripheral), C(Monitor).
    type: list
    elements: str
    default: [Computer]
  fields:
    description:
      - Search fields to fetch and expose as host vars (named O(vars_prefix) + field). Names as in
        M(glpi.glpi.glpi_item) and the search module, resolved through C(listSearchOptions), for example
        C(serial), C(otherserial), C(uuid), C(comment), C(date_mod) (columns of the item),
        C(location), C(state), C(entity), C(type), C(model), C(manufacturer), C(user), C(group),
        C(user_tech), C(group_tech), C(operating_system), C(operating_system_version), C(domain),
        C(ip_addresses), C(mac_addresses), C(location_town), ... (linked values by their class
        name). A foreign key (C(locations_id)), the search option id (V(31)), its uid
        (C(Computer.Location.completename)) or its display name are accepted too, in any case (the same names
        as in M(glpi.glpi.glpi_search)). The host var is always named after the short name.
      - C(id) and C(name) are always fetched. Dropdown values come back as names (tree dropdowns as
        complete names C(Paris > Floor 1)). Network columns are lists.
      - A name that no listed itemtype knows fails with the closest valid names; a name that only
        some itemtypes know is skipped for the others.
      - Heavy columns slow GLPI's search down, so keep this list short.
    type: list
    elements: str
    default: [name, entity, location, state, type, manufacturer, model, serial, otherserial, uuid,
              operating_system, operating_system_version, ip_addresses]
  filters:
    description:
      - Search criteria by field name (any name O(fields) accepts), ANDed.
      - A dict mapping field names to values uses searchtype C(contains) (case-insensitive substring; C(^) and C($)
        anchor, so V(^web-) means "starts with").
      - A list is checked and translated like the O(glpi.glpi.glpi_search#module:criteria) of M(glpi.glpi.glpi_search),
        dicts with C(field), C(value), C(searchtype) (default C(contains); it must be one the field offers, for
        example C(equals), C(notequals), C(lessthan), C(morethan), C(under), C(notunder)) and C(link) (C(AND),
        C(OR), C(AND NOT), C(OR NOT)), or C(link) and C(criteria) for a nested group. C(equals), C(notequals),
        C(under) and C(notunder) on a dropdown take its name or complete name (C(Paris > Floor 1)) as well as its id.
      - An unknown field or a searchtype the field does not offer fails before any item is read, naming the
        closest valid fields. Every itemtype in O(itemtypes) must know each filter field (unlike O(fields),
        skipping it would let every item of the other itemtypes through); use one inventory file per itemtype then.
      - Values with C(&), C(<) or C(>) and dates follow the rules of M(glpi.glpi.glpi_search) (compared on the
        client, checked before any search); a value with C(&), C(<) or C(>) on a linked itemtype fails on GLPI 10.0.
    type: raw
    default: {}
  states:
    description:
      - Only items whose status (GLPI state, complete name, case-insensitive) is one of these.
    type: list
    elements: str
    default: []
  exclude_deleted:
    description:
      - Leave out items in GLPI's trash. With V(false) they are fetched too (one more search per
        itemtype) and get C(glpi_is_deleted=true).
    type: bool
    default: true
  exclude_templates:
    description:
      - Leave out templates. GLPI's search engine never returns templates; with V(false) they are
        read with one more listing per itemtype (C(GET Itemtype), only columns of the item and
        dropdown names) and get C(glpi_is_template=true). O(filters) and O(states) do not apply to templates.
    type: bool
    default: true
  hostname:
    description:
      - How hosts are named. V(name) is the GLPI name; V(fqdn) is the name followed by the item's first
        GLPI domain (unless the name already ends with it); anything else is a Jinja expression over
        the host vars, as in O(compose), for example V(glpi_name ~ '-' ~ glpi_serial). An empty result,
        or an error when O(strict=false), falls back to V(name).
    type: str
    default: name
  ansible_host:
    description:
      - Which value becomes C(ansible_host). V(first_ipv4) and V(first_ipv6) take the first address of that
        family from the item's network ports, skipping loopback, link-local and unspecified addresses;
        V(first_ip) takes the first of either; V(none) sets nothing. Any other value names a field
        (fetched automatically); a list value gives its first element.
    type: str
    default: first_ipv4
  vars_prefix:
    description: Prefix of the host vars made from O(fields) (C(glpi_location), C(glpi_id), ...).
    type: str
    default: glpi_
  group_prefix:
    description: Prefix of the built-in group names.
    type: str
    default: glpi_
  builtin_groups:
    description:
      - Built-in groups to make. Their fields are fetched even when not in O(fields).
      - V(entity) and V(location) are trees (one nested group per level), the others flat.
    type: list
    elements: str
    choices: [entity, location, state, itemtype, type, manufacturer, model, operating_system]
    default: [entity, location, state, itemtype, type, manufacturer, model, operating_system]
  page_size:
    description: Rows per search request (GLPI allows at most 1000).
    type: int
    default: 1000
  max_concurrency:
    description:
      - How many pages are fetched at the same time over the one session. GLPI answers requests of
        one session in parallel; the gain is bounded by the server's cores. V(1) fetches one after another.
        More than V(16) (the connections a client keeps) is lowered to 16 with a warning.
    type: int
    default: 4
notes:
  - A run opens one GLPI session (or reuses the cached one, see O(session_cache)) and, when it opened
    an uncached session, closes it at the end. With O(cache=true) and a fresh cache entry, no request
    at all is made.
  - Changing O(fields), O(filters) or O(itemtypes) invalidates the cached entry.
  - Over GLPI 11's v2 API (O(api_version=v2), or O(api_version=auto) with O(client_id) and O(client_secret)) the same
    configuration gives the same hosts, groups and host vars from one listing per itemtype (RSQL filter, pages in
    parallel once the first gives the total) plus one request per hundred locations and states in use (their complete
    names). GLPI 11.0's v2 API has no network addresses, operating system nor domain, so those host vars, the
    C(operating_system) group, C(ansible_host) from addresses and O(hostname=fqdn) are left out with one warning
    (set O(ansible_host) to a field, or use O(api_version=v1)). It lists templates with the items and cannot tell them
    apart, so O(exclude_templates=false) fails and templates are not left out. O(entity) and O(profile) are ids there.
    O(filters) follow M(glpi.glpi.glpi_search) over v2.
  - Host variables hold plain text on GLPI 10.0 and 11.0 alike (C(a & b), where GLPI 10.0 sends C(a &#38; b)).
    For the text exactly as GLPI sent it, read the item with the P(glpi.glpi.glpi_lookup#lookup) plugin's
    O(glpi.glpi.glpi_lookup#lookup:raw_text) option.
"""

EXAMPLES = r"""
---
# inventory/prod.glpi.yml -- tokens from the environment (GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN)
plugin: glpi.glpi.glpi_inventory
---
# all computers and network equipment of one entity and its sub-entities, production only
plugin: glpi.glpi.glpi_inventory
url: https://glpi.example.com
app_token: "{{ lookup('ansible.builtin.env', 'GLPI_APP_TOKEN') }}"
itemtypes: [Computer, NetworkEquipment]
entity: Root entity > Europe
entity_recursive: true
states: [Production]
filters:
  name: ^srv-
hostname: fqdn
fields: [location, state, serial, operating_system, ip_addresses, user]
keyed_groups:
  - key: glpi_user
    prefix: owner
compose:
  ansible_user: "'admin' if glpi_operating_system is search('Windows') else 'root'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/glpi_inventory
cache_timeout: 600
---
# criteria in GLPI's own form
plugin: glpi.glpi.glpi_inventory
filters:
  - {field: location, searchtype: under, value: 12}
  - {field: date_mod, searchtype: morethan, value: "2025-01-01 00:00:00"}
ansible_host: name
"""

import gc
import hashlib
import ipaddress
import json
import re
import time

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display

from ansible_collections.glpi.glpi.plugins.module_utils.auth import select_auth
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import make_client, resolve_api_version
from ansible_collections.glpi.glpi.plugins.module_utils.client import HAS_REQUESTS, MAX_CONCURRENCY
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
from ansible_collections.glpi.glpi.plugins.plugin_utils.connection import DisplayLog, options_from_plugin
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_fetch import FetchStats, fetch_records, fetch_templates
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_groups import FastConstructed
from ansible_collections.glpi.glpi.plugins.plugin_utils.inventory_v2 import InventoryV2

display = Display()

CACHE_FORMAT = 1
BUILTIN_GROUP_FIELDS = {'entity': 'entity', 'location': 'location', 'state': 'state', 'type': 'type',
                        'manufacturer': 'manufacturer', 'model': 'model', 'operating_system': 'operating_system'}
TREE_GROUPS = ('entity', 'location')
ADDRESS_RULES = ('first_ipv4', 'first_ipv6', 'first_ip', 'none')
_GROUP_CHARS_RE = re.compile(r'[^a-z0-9_]+')


def sanitize(text):
    """Group name part: lower case, anything but [a-z0-9_] -> '_', no doubled or edge '_'."""
    return re.sub(r'_+', '_', _GROUP_CHARS_RE.sub('_', str(text).lower())).strip('_')


def tree_parts(value):
    return [p.strip() for p in str(value).split(' > ') if p.strip()]


def first_address(values, rule):
    """First usable address of ``values`` (list or str) by ``rule`` (first_ipv4/first_ipv6/first_ip)."""
    for text in values if isinstance(values, list) else [values]:
        try:
            addr = ipaddress.ip_address(str(text).strip())
        except ValueError:
            continue
        if addr.is_loopback or addr.is_link_local or addr.is_unspecified:
            continue
        if rule == 'first_ip' or (rule == 'first_ipv4') == (addr.version == 4):
            return str(addr)
    return None


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = 'glpi.glpi.glpi_inventory'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(('.glpi.yml', '.glpi.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        settings = self._settings()
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache')
        data = None
        if use_cache and cache:
            try:
                data = self._cache[cache_key]
            except KeyError:
                data = None
            if not isinstance(data, dict) or data.get('format') != CACHE_FORMAT or data.get('fingerprint') != settings['fingerprint']:
                data = None
        started = time.time()
        # Tens of thousands of small dicts: the cyclic GC would rescan the growing heap again and
        # again (time grew faster than the item count); nothing here makes reference cycles.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            if data is None:
                data = self._fetch(settings)
                if use_cache:
                    self._cache[cache_key] = data
            else:
                display.vvv('glpi.glpi: glpi_inventory: cache hit for %s, no request made' % path)
            fetched = time.time()
            self._populate(data, settings)
        finally:
            if gc_was_enabled:
                gc.enable()
        display.vvv('glpi.glpi: glpi_inventory: read in %.2f s, hosts and groups built in %.2f s' % (fetched - started, time.time() - fetched))

    # ------------------------------------------------------------------ options

    def _settings(self):
        itemtypes = [str(t).strip() for t in self.get_option('itemtypes') or [] if str(t).strip()]
        if not itemtypes:
            raise AnsibleParserError('glpi_inventory: itemtypes must name at least one itemtype')
        page_size = self.get_option('page_size')
        if not 1 <= page_size <= 1000:
            raise AnsibleParserError('glpi_inventory: page_size must be between 1 and 1000, got %s' % page_size)
        concurrency = self.get_option('max_concurrency')
        if concurrency < 1:
            raise AnsibleParserError('glpi_inventory: max_concurrency must be at least 1, got %s' % concurrency)
        if concurrency > MAX_CONCURRENCY:
            display.warning('glpi.glpi.glpi_inventory: max_concurrency %s is more than the %d connections a client keeps; using %d'
                            % (concurrency, MAX_CONCURRENCY, MAX_CONCURRENCY))
            concurrency = MAX_CONCURRENCY
        filters = self.get_option('filters') or {}
        if not isinstance(filters, (dict, list)):
            raise AnsibleParserError('glpi_inventory: filters must be a dict {field: value} or a list of criteria, got %r' % (filters,))
        fields = [str(f) for f in self.get_option('fields') or []]
        hostname = self.get_option('hostname') or 'name'  # not stripped: a template must keep its trust tag
        if hostname.strip() in ('name', 'fqdn'):
            hostname = hostname.strip()
        ansible_host = (self.get_option('ansible_host') or 'first_ipv4').strip()
        groups = list(self.get_option('builtin_groups') or [])
        settings = {
            'itemtypes': itemtypes, 'fields': fields, 'filters': filters,
            'states': [str(s) for s in self.get_option('states') or []],
            'exclude_deleted': self.get_option('exclude_deleted'), 'exclude_templates': self.get_option('exclude_templates'),
            'hostname': hostname, 'ansible_host': ansible_host, 'builtin_groups': groups,
            'page_size': page_size, 'max_concurrency': concurrency,
        }
        # what decides the fetched rows; a change makes the cached entry stale
        fetch_keys = ('itemtypes', 'fields', 'filters', 'states', 'exclude_deleted', 'exclude_templates', 'hostname',
                      'ansible_host', 'builtin_groups')
        conn = options_from_plugin(self.get_option)
        try:
            # The account matters: another user may see other entities (hashed, never shown).
            account = select_auth(conn).identity()
        except GlpiError:
            account = None
        # The App-Token too: GLPI checks it on every request, so a wrong one must not be hidden by a cache hit.
        app_token = conn.get('app_token')
        app = hashlib.sha256(str(app_token).encode('utf-8')).hexdigest() if app_token else None
        try:
            api = resolve_api_version(conn)
        except GlpiError:
            api = None
        # over v2 the OAuth client counts too (a wrong secret must not be hidden by a cache hit)
        oauth = hashlib.sha256(('%s:%s' % (conn.get('client_id'), conn.get('client_secret'))).encode('utf-8')).hexdigest()
        scope = [conn.get('url'), account, app, conn.get('entity'), conn.get('entity_recursive'), conn.get('profile'), api,
                 oauth if api == 'v2' else None]
        blob = json.dumps([scope] + [settings[k] for k in fetch_keys], sort_keys=True, default=str)
        settings['fingerprint'] = hashlib.sha256(blob.encode('utf-8')).hexdigest()
        return settings

    @staticmethod
    def _option_of(opts, name, option):
        """The option id ``name`` designates for this itemtype, None when it has none (another
        listed itemtype may know it); an ambiguous name fails."""
        found = opts.find(name)
        if len(found) > 1:
            opts.resolve(name, option)
        return found[0] if found else None

    def _wanted_options(self, opts, settings, explicit):
        """Search options to fetch for one itemtype. ``explicit`` collects the user's field names that it knows."""
        wanted = []

        def add(oid):
            if oid and oid not in wanted:
                wanted.append(oid)
        for name in settings['fields']:
            oid = self._option_of(opts, name, 'fields')
            if oid is not None:
                explicit.add(name)
                if opts.option(oid).get('nodisplay'):
                    raise GlpiInputError("fields: '%s' (%s) cannot be displayed by GLPI's search" % (name, opts.describe(oid)),
                                         option='fields', value=name)
                add(oid)
        for group in settings['builtin_groups']:
            add(self._option_of(opts, BUILTIN_GROUP_FIELDS[group], 'builtin_groups') if group in BUILTIN_GROUP_FIELDS else None)
        if settings['hostname'] == 'fqdn':
            add(self._option_of(opts, 'domain', 'hostname'))
        rule = settings['ansible_host']
        if rule in ADDRESS_RULES[:3]:
            add(self._option_of(opts, 'ip_addresses', 'ansible_host'))
        elif rule not in ADDRESS_RULES:
            add(opts.resolve(rule, 'ansible_host'))
        return wanted

    @staticmethod
    def _wanted_names(settings):
        """Field names to read over v2: fields, the built-in groups' fields, what hostname and ansible_host need."""
        names = list(settings['fields'])
        names += [BUILTIN_GROUP_FIELDS[g] for g in settings['builtin_groups'] if g in BUILTIN_GROUP_FIELDS]
        names += ['domain'] if settings['hostname'] == 'fqdn' else []
        rule = settings['ansible_host']
        names += ['ip_addresses'] if rule in ADDRESS_RULES[:3] else ([] if rule in ADDRESS_RULES else [rule])
        return names

    @staticmethod
    def _status_option(opts):
        """The item's own status: by its foreign key (search_options.py rule 3), since a name such as
        "State" can also mean the location's state."""
        found = opts.find('states_id')
        if len(found) != 1:
            raise GlpiInputError('states: %s has no status (State) field to filter on' % opts.itemtype, option='states',
                                 value=opts.itemtype)
        return found[0]

    @staticmethod
    def _criteria(search_fields, itemtype, settings):
        """The SearchQuery of filters and states (None without), validated like glpi_search's (search_query.py)."""
        filters = settings['filters']
        if isinstance(filters, dict):
            filters = [{'field': k, 'value': v} for k, v in filters.items()]
        criteria = list(filters)
        if settings['states']:
            status = InventoryModule._status_option(search_fields.options(itemtype))
            states = [{'field': status, 'searchtype': 'contains', 'value': '^%s$' % name} for name in settings['states']]
            for entry in states[1:]:
                entry['link'] = 'OR'
            group = {'criteria': states}
            if criteria:
                group['link'] = 'AND'
            criteria.append(group)
        if not criteria:
            return None
        return SearchQuery(search_fields, itemtype, criteria=criteria, option_names={'criteria': 'filters'}, rows_by_uid=False)

    # ------------------------------------------------------------------ fetch

    def _plan(self, search_fields, settings, fresh):
        """(itemtype, SearchOptions, option ids, SearchQuery or None) per itemtype; GlpiInputError on unknown names."""
        plans = []
        explicit = set()
        for itemtype in settings['itemtypes']:
            opts = search_fields.options(itemtype, fresh=fresh)
            wanted = self._wanted_options(opts, settings, explicit)
            plans.append((itemtype, opts, wanted, self._criteria(search_fields, itemtype, settings)))
        unknown = [f for f in settings['fields'] if f not in explicit]
        if unknown:
            opts = plans[0][1]
            hints = ['%s (closest: %s)' % (f, ', '.join(opts.suggestions(f)) or 'none') for f in unknown]
            raise GlpiInputError('fields: not a search field of %s: %s' % (', '.join(settings['itemtypes']), '; '.join(hints)),
                                 option='fields', value=unknown)
        return plans

    def _fetch(self, settings):
        if not HAS_REQUESTS:
            raise AnsibleError('glpi_inventory requires the Python library "requests" on the controller')
        stats = FetchStats()
        try:
            options = options_from_plugin(self.get_option)
            client = make_client(options, log=DisplayLog(display), v2=True, who='glpi_inventory')
        except GlpiError as exc:
            raise AnsibleParserError('glpi_inventory: %s' % exc)
        try:
            result = {'format': CACHE_FORMAT, 'fingerprint': settings['fingerprint'], 'itemtypes': []}
            if getattr(client, 'api_version', 'v1') == 'v2':
                rule = settings['ansible_host']
                checked = settings['fields'] + ([] if rule in ADDRESS_RULES else [rule])  # names that must exist
                result['itemtypes'] = InventoryV2(client, settings, stats, display.warning).fetch(
                    self._wanted_names(settings), checked, rule)
                display.vvv('glpi.glpi: glpi_inventory read %d items with %d v2 requests' % (stats.rows, stats.requests))
                return result
            search_fields = SearchFields(client)  # listSearchOptions, cached on disk (search_options.py)
            try:
                plans = self._plan(search_fields, settings, fresh=False)
            except GlpiInputError:
                plans = self._plan(search_fields, settings, fresh=True)  # a stale cached copy must not reject a valid name
            for itemtype, opts, wanted, query in plans:
                criteria = query.params.get('criteria') if query else None
                row_filter = query.row_filter if query else None  # values with & < > (search_escape.py)
                records = fetch_records(client, opts, wanted, criteria=criteria, page_size=settings['page_size'],
                                        max_concurrency=settings['max_concurrency'], stats=stats, row_filter=row_filter)
                if not settings['exclude_deleted']:
                    trashed = fetch_records(client, opts, wanted, criteria=criteria, is_deleted=True, page_size=settings['page_size'],
                                            max_concurrency=settings['max_concurrency'], stats=stats, row_filter=row_filter)
                    for record in records:
                        record['is_deleted'] = False
                    for record in trashed:
                        record['is_deleted'] = True
                    records = sorted(records + trashed, key=lambda r: r['id'])
                if not settings['exclude_templates']:
                    templates = fetch_templates(client, opts, wanted, page_size=settings['page_size'], stats=stats)
                    for record in records:
                        record['is_template'] = False
                    records = sorted(records + templates, key=lambda r: r['id'])
                records.sort(key=lambda r: r['id'])  # duplicate names: the lowest id keeps the name
                rule = settings['ansible_host']
                address_key = rule if rule in ADDRESS_RULES else opts.short_name(opts.resolve(rule, 'ansible_host'))
                result['itemtypes'].append({'itemtype': itemtype, 'address_key': address_key, 'records': records})
            display.vvv('glpi.glpi: glpi_inventory read %d items with %d search requests' % (stats.rows, stats.requests))
            return result
        except GlpiError as exc:
            raise AnsibleParserError('glpi_inventory: %s' % exc)
        finally:
            client.close()

    # ------------------------------------------------------------------ populate

    def _populate(self, data, settings):
        prefix = self.get_option('vars_prefix') or ''
        gprefix = self.get_option('group_prefix') or ''
        strict = self.get_option('strict')
        # plain-variable entries are resolved once per distinct value, the rest by ansible-core per host
        constructed = FastConstructed(self, self.get_option('compose'), self.get_option('groups'), self.get_option('keyed_groups'), strict)
        builtin = settings['builtin_groups']
        taken = set()
        known_vars = set()
        renamed = 0
        self._group_cache = {}
        for block in data['itemtypes']:
            itemtype = block['itemtype']
            itemtype_group = gprefix + 'itemtype_' + sanitize(itemtype) if 'itemtype' in builtin else None
            if itemtype_group:
                self.inventory.add_group(itemtype_group)
            for record in block['records']:
                hostvars = dict((prefix + k, v) for k, v in record.items())
                hostvars[prefix + 'itemtype'] = itemtype
                name = self._host_name(itemtype, record, hostvars, settings['hostname'], strict)
                if name in taken:
                    renamed += 1
                    name = '%s_%s' % (name, record['id'])
                    if name in taken:
                        name = '%s_%s_%s' % (name.rsplit('_', 1)[0], sanitize(itemtype), record['id'])
                taken.add(name)
                self.inventory.add_host(name)
                address = self._address(record, block.get('address_key'))
                if address:
                    hostvars['ansible_host'] = address
                self._set_vars(name, hostvars, known_vars)
                if itemtype_group:
                    self.inventory.add_child(itemtype_group, name)
                self._builtin_groups(name, record, builtin, gprefix)
                if constructed.active:
                    constructed.apply(name, hostvars)
        if renamed:
            display.warning('glpi.glpi.glpi_inventory: %d host name%s used by more than one item; later items (by id) '
                            'were named <name>_<id>' % (renamed, ' was' if renamed == 1 else 's were'))

    def _set_vars(self, name, hostvars, known_vars):
        """Host vars of a new host. ansible-core's set_variable checks each name (and warns once for an
        invalid one); a name it has seen is not checked again, the values go straight into the host's
        vars, which is all set_variable does for a name the host does not hold yet."""
        host = self.inventory.hosts[name]
        if known_vars.issuperset(hostvars) and not any(var in host.vars for var in hostvars):
            host.vars.update(hostvars)
            return
        for var, value in hostvars.items():
            self.inventory.set_variable(name, var, value)
        known_vars.update(hostvars)

    def _host_name(self, itemtype, record, hostvars, rule, strict):
        name = str(record.get('name') or '').strip()
        if rule == 'fqdn' and name:
            domain = record.get('domain')
            domain = domain[0] if isinstance(domain, list) and domain else domain
            if domain and not name.lower().endswith('.' + str(domain).lower()):
                name = '%s.%s' % (name, domain)
        elif rule not in ('name', 'fqdn'):
            try:
                value = self._compose(rule, hostvars)
            except Exception as exc:  # pylint: disable=broad-except
                if strict:
                    raise AnsibleParserError('glpi_inventory: hostname expression %r failed for %s %s: %s'
                                             % (rule, itemtype, record.get('id'), exc))
                value = None
            if value not in (None, '') and str(value).strip():
                name = str(value).strip()
        return name or '%s_%s' % (itemtype.lower(), record['id'])

    @staticmethod
    def _address(record, rule):
        if rule in (None, 'none'):
            return None
        if rule in ADDRESS_RULES:
            return first_address(record.get('ip_addresses') or [], rule)
        value = record.get(rule)
        if isinstance(value, list):
            value = value[0] if value else None
        return str(value) if value not in (None, '') else None

    def _builtin_groups(self, host, record, builtin, gprefix):
        for kind in builtin:
            field = BUILTIN_GROUP_FIELDS.get(kind)
            value = record.get(field) if field else None
            if isinstance(value, list):
                value = value[0] if value else None
            if value in (None, ''):
                continue
            group = self._group_cache.get((kind, value))
            if group is None:
                group = self._group_cache[(kind, value)] = self._make_group(kind, value, gprefix)
            if group:
                self.inventory.add_child(group, host)

    def _make_group(self, kind, value, gprefix):
        """The group for one value (made once per value); trees get one nested group per level."""
        if kind not in TREE_GROUPS:
            part = sanitize(value)
            return self.inventory.add_group('%s%s_%s' % (gprefix, kind, part)) if part else ''
        parent = ''
        path = ''
        for part in tree_parts(value):
            part = sanitize(part)
            if not part:
                continue
            path = (path + '_' if path else '') + part
            group = self.inventory.add_group('%s%s_%s' % (gprefix, kind, path))
            if parent:
                self.inventory.add_child(parent, group)
            parent = group
        return parent
