# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_item over GLPI 11's v2 API: the tasks of ``ensure.Task`` (one object, or the elements of
``items``) decided by the same code as over v1 (``ensure.decide``, ``resource.changed_fields``,
``check_dynamic``, ``column_limits``) and reported the same way (``ensure.task_result``,
``ensure.outcome``); only the transport differs:

* reads: ``GET <endpoint>/<id>``; the objects named by their match keys with as few listings as
  possible: RSQL ``<key>=in=(...)`` on a text match key (GLPI 11's parser splits the list as CSV,
  so values holding ``( ) " \\`` are read one by one with ``==``), then the exact comparison on
  the client (``HlItemReader.choose``). v2 lists hold the trash too: one listing sees both.
* writes: ``POST`` (GLPI answers 302 with ``{id, href}``), ``PATCH`` of the changed fields,
  ``DELETE`` (trash), ``DELETE ?force=true`` (purge), FINDINGS #9 and #13. v2 has no bulk
  request: the elements are written one request each, at most ``WORKERS`` at a time; each one's
  failure is its own (the others go on), reported as over v1.
* dropdowns by id, exact name or completename path, found by v1's ``DropdownResolver`` over v2
  reads (``HlTicketClient``), once per name; with ``create_missing_dropdowns`` a missing one (and
  the missing levels of a path, parents first, ``parent: {id}``) is created (``POST`` on the linked
  itemtype's endpoint) after every element was validated, before the first item write.

* ``allow_move_out_of_scope``: the same check as over v1 (``entity_scope.check_entity_moves``), the
  active entities read from ``GET /Session`` (which follows the ``GLPI-Entity`` headers). GLPI 11.0.6
  writes such a move, then answers the PATCH 404 (it reads the object back, out of reach): an
  allowed move takes that 404 as done, and the object is not read back.
* diffs show dropdowns as over v1: the name the task gave, else the complete name (one ``GET`` per id).
* ``chunk_size``: v2 has no bulk request; it bounds the writes in flight (at most ``WORKERS``).

``expected_sha1`` fails over v2: GLPI's v2 API has no get_sha1 and its records differ from the
legacy ones, so no sha1 the collection returns could be checked (docs/api-v2.md).
Tasks on the same objects take turns under the write lock of ``write_lock.py`` (the same lock
names as over v1, so v1 and v2 forks take turns too).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2
from ansible_collections.glpi.glpi.plugins.module_utils.dropdowns import TREE_SEPARATOR, DropdownResolver, PendingDropdown, looks_like_id, settle
from ansible_collections.glpi.glpi.plugins.module_utils.ensure import STATES, decide, outcome, task_result
from ansible_collections.glpi.glpi.plugins.module_utils.entity_scope import check_entity_moves
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError, GlpiInputError, lost_cause
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import HlItemReader
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_tickets import HlTicketClient
from ansible_collections.glpi.glpi.plugins.module_utils.itemtypes import SAFE_ON_DYNAMIC
from ansible_collections.glpi.glpi.plugins.module_utils.resource import Match, check_dynamic
from ansible_collections.glpi.glpi.plugins.module_utils.transport import MAX_CONCURRENCY
from ansible_collections.glpi.glpi.plugins.module_utils.write_lock import WriteLock

# Requests in flight at once for the elements of ``items`` (one client's connection pool).
WORKERS = MAX_CONCURRENCY
# Longest list of values one ``=in=`` filter carries (URL-encoded), far below a server's URL limit.
IN_LIST_CHARS = 3000
# Characters GLPI 11's RSQL cannot carry inside an ``=in=(...)`` list (the list ends at the first ``)``).
NOT_IN_LIST = set('()"\\')


def parallel(work, items, workers=WORKERS):
    """[(result, GlpiError or None)] of ``work(item)`` for every item, in order, at most ``workers``
    at once (threads: module_utils has no thread pool, tests/unit/test_module_utils_no_controller_code.py).
    Any other exception is raised again once every thread ended."""
    outcomes, queue, lock, crashes = [None] * len(items), list(range(len(items))), threading.Lock(), []

    def worker():
        while True:
            with lock:
                if not queue or crashes:
                    return
                index = queue.pop(0)
            try:
                outcomes[index] = (work(items[index]), None)
            except GlpiError as error:
                outcomes[index] = (None, error)
            except Exception as error:  # pylint: disable=broad-except  # raised again below, in the caller's thread
                crashes.append(error)
    threads = [threading.Thread(target=worker) for dummy in range(min(workers, len(items)))]
    for thread in threads[1:]:
        thread.start()
    if threads:
        worker()   # the caller's thread is one of the workers
    for thread in threads[1:]:
        thread.join()
    if crashes:
        raise crashes[0]
    return outcomes


def raise_first(outcomes):
    """The results of ``parallel``'s outcomes, raising the first error (once every item was tried)."""
    for result, error in outcomes:
        if error is not None:
            raise error
        yield result


def session_entity_ids(client):
    """The ids of the active entities of a v2 token's session (``GET /Session``, after the
    ``GLPI-Entity`` headers): GLPI sends PHP's array, a list or an object keyed by id."""
    active = (client.get('Session') or {}).get('active_entities') or []
    values = active.values() if isinstance(active, dict) else active
    return sorted(int(value) for value in values if str(value).isdigit())


def _in_list_value(value):
    text = value if isinstance(value, str) else None
    return text if text and text == text.strip() and not set(text) & NOT_IN_LIST else None


class HlItemWriter:
    """The glpi_item tasks of ``params`` over an HlClient."""

    def __init__(self, client, params, check_mode=False, warn=None):
        if params.get('expected_sha1'):
            raise not_over_v2('expected_sha1', 'expected_sha1 (GLPI\'s v2 API has no get_sha1, and no sha1 of a v2 '
                              'record is one GLPI computes)')
        self.client = client
        self.params = params
        self.itemtype = params['itemtype']
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.option = 'fields' if params.get('items') is None else 'items'
        self.schemas = HlSchemas(client)
        self.reader = HlItemReader(client, self.itemtype, schemas=self.schemas, option='match')
        self.schema = self.reader.schema
        self._props = {}       # legacy field -> (v2 property, is a link)
        self._names = {}       # (linked itemtype, id) -> the name shown in diffs
        self._dropdowns = None  # v1's DropdownResolver over v2 reads (HlTicketClient)
        self.workers = max(1, min(WORKERS, int(params.get('chunk_size') or WORKERS)))
        self.pending = []
        self.created_dropdowns = []

    # -- planning ---------------------------------------------------------
    def plan(self, tasks):
        """Validate, resolve and read everything, and decide; raise before any write on bad input."""
        batch = self.option == 'items'
        column_limits.check(self.itemtype, [(task.short_label() if batch else None, task.fields)
                                            for task in tasks if task.state in ('present', 'restored')],
                            option='items' if batch else None, version=lambda: '11')
        for task in tasks:
            if task.state not in STATES:
                raise GlpiInputError("state: '%s' is not one of %s" % (task.state, ', '.join(STATES)),
                                     option='state', value=task.state)
            task.resolved = self.resolve(task.fields)
        for value in self.pending:
            column_limits.check(value.itemtype, [(None, {'name': value.name})], option='items' if batch else None,
                                version=lambda: '11')
        self._read_by_id([task for task in tasks if task.ident is not None])
        self._read_by_match([task for task in tasks if task.ident is None])
        for task in tasks:
            task.action, task.changes = decide(task.state, task.current, task.resolved, self.itemtype, task.label)
            if task.action in ('update', 'restore') and task.changes:
                check_dynamic(self.itemtype, task.current, task.changes, self.params.get('allow_dynamic_changes'))
        self._warn_unknown_dynamic(tasks)
        return tasks

    def _warn_unknown_dynamic(self, tasks):
        """GLPI 11.0.6's v2 schemas of the assets have no ``is_dynamic``: ``allow_dynamic_changes``
        cannot be checked there; say so (once) when an update changes an inventoried field."""
        if self.params.get('allow_dynamic_changes') or 'is_dynamic' in self.schema.properties \
                or 'is_dynamic' not in column_limits.column_types(self.itemtype):
            return
        risky = sorted(set(field for task in tasks if task.action in ('update', 'restore')
                           for field in task.changes if field not in SAFE_ON_DYNAMIC))
        if risky:
            self.warn('allow_dynamic_changes: GLPI\'s v2 API (api_version=v2) does not tell whether a %s is fed by an '
                      'inventory agent (its schema has no is_dynamic), so changing %s was not checked; over v1 an '
                      'inventoried %s is refused' % (self.itemtype, ', '.join(risky), self.itemtype))

    def resolve(self, fields):
        """The legacy field -> wanted value, dropdowns as ids (or PendingDropdown)."""
        wanted = {}
        for field in sorted(fields):
            prop, link = self.schema.property_of(field, self.option)
            legacy = self.schema.legacy_name(prop)
            self._props[legacy] = (prop, link)
            value = fields[field]
            if link:
                value = 0 if value in (None, '', 0) else self._link_id(field, prop, value)
            wanted[legacy] = value
        return wanted

    def wanted_and_body(self, fields):
        """(legacy field -> wanted value, the v2 body that writes them) of ``fields``."""
        wanted = self.resolve(fields)
        return wanted, self._body(wanted)

    def _link_id(self, field, prop, value):
        """The id of a dropdown named by ``value``, found by v1's resolver (``DropdownResolver`` over
        v2 reads: an exact name, or a completename path ``Paris > Floor 2``, else the one path ending
        so, with v1's messages), or with ``create_missing_dropdowns`` a PendingDropdown queued after
        its missing parents (never an entity, as over v1)."""
        text = str(value).strip()
        if looks_like_id(text):
            return int(text)
        linked = self.schema.properties[prop].get('itemtype')
        found = self._resolver().resolve(field, linked, text)
        if not isinstance(found, PendingDropdown):
            self._names[(linked, found)] = text
            return found
        if not self.params.get('create_missing_dropdowns'):
            raise GlpiInputError("%s.%s: no %s named '%s' is visible to this session" % (self.option, field, linked, text),
                                 option='%s.%s' % (self.option, field), value=text)
        if TREE_SEPARATOR in text and 'parent' not in self.schemas.item(linked).properties:
            raise not_over_v2('%s.%s' % (self.option, field), 'creating the path %r (%s has no parent over v2)' % (text, linked),
                              value=text)
        self.pending.extend(value for value in self._resolver().pending if not any(value is queued for queued in self.pending))
        return found

    def _resolver(self):
        if self._dropdowns is None:
            reads = HlTicketClient(self.client)
            reads.schemas = self.schemas   # one doc.json for the writer and its lookups
            self._dropdowns = DropdownResolver(reads, option_name=self.option, create_missing=True)
        return self._dropdowns

    def _read_by_id(self, tasks):
        for task, row in zip(tasks, raise_first(parallel(lambda task: self.reader.by_id(task.ident), tasks))):
            task.current = row
            if row is None and task.state in ('present', 'restored'):
                raise GlpiInputError('id: %s %s does not exist' % (self.itemtype, task.ident), option='id', value=task.ident)

    def _read_by_match(self, tasks):
        """Tasks whose narrowing key value fits an ``=in=`` list: a few listings for all of them;
        the others one ``==`` listing each (in parallel)."""
        matches = dict((task.index, Match.from_fields(task.match_keys, task.resolved, option='match').values)
                       for task in tasks)
        key = self._narrowing_key(tasks)
        listed = [task for task in tasks if key and _in_list_value(task.resolved[key])] if len(tasks) > 1 else []
        alone = [task for task in tasks if task not in listed]
        for task, row in zip(alone, raise_first(parallel(lambda task: self.reader.by_fields(matches[task.index]), alone))):
            task.current = row
        if listed:
            rows = {}
            for row in self._list_in(key, sorted(set(task.resolved[key] for task in listed))):
                rows.setdefault(str(row.get(self._props[key][0])), []).append(row)
            for task in listed:
                rsql = '%s=in=(...)' % self._props[key][0]
                task.current = self.reader.choose(rows.get(task.resolved[key], []), matches[task.index], rsql)

    def _narrowing_key(self, tasks):
        """The first match key every task has that is a text property of the item (not a link)."""
        for key in tasks[0].match_keys if tasks else []:
            if key in self._props and not self._props[key][1] and all(key in task.match_keys for task in tasks):
                return key
        return None

    def _list_in(self, key, values):
        """The rows whose ``key`` is one of ``values``: ``=in=`` lists of at most IN_LIST_CHARS."""
        prop, chunks = self._props[key][0], [[]]
        for value in values:
            quoted = '"%s"' % value
            if chunks[-1] and sum(len(text) + 1 for text in chunks[-1]) + len(quoted) > IN_LIST_CHARS:
                chunks.append([])
            chunks[-1].append(quoted)
        rows = []
        for chunk in chunks:
            rows += self.client.list(self.schema.endpoint, rsql='%s=in=(%s)' % (prop, ','.join(chunk)))
        return rows

    # -- writing ----------------------------------------------------------
    def apply(self, tasks):
        if self.check_mode:
            self.created_dropdowns = [str(value) for value in self.pending]
            return tasks
        self._create_pending(tasks)
        todo = [task for task in tasks if task.action != 'unchanged']
        for task, (ident, error) in zip(todo, parallel(self._write, todo, self.workers)):
            if error is not None:
                task.error = str(error)
            else:
                task.outcome_id = ident
        return tasks

    def _create_pending(self, tasks):
        for value in self.pending:
            endpoint = self.schemas.item(value.itemtype).endpoint
            parent = settle(value.parent) if value.parent_field else None
            value.id = self._post(endpoint, dict({'name': value.name}, **({'parent': {'id': parent}} if parent else {})))
            self._names[(value.itemtype, value.id)] = value.label
            self.created_dropdowns.append("%s '%s' (id %d)" % (value.itemtype, value.name, value.id))  # as over v1
        if self.pending:
            for task in tasks:
                task.resolved = dict((key, settle(value)) for key, value in task.resolved.items())
                task.changes = dict((key, settle(value)) for key, value in task.changes.items())

    def _post(self, endpoint, body):
        return int(self.client.request('POST', endpoint, json_body=body, expected=(200, 201, 302)).body.get('id'))

    def _body(self, changes):
        body = {}
        for field, value in changes.items():
            prop, link = self._props[field]
            # GLPI 11.0.6 ignores a null link: {"id": 0} is what clears it.
            body[prop] = {'id': value or 0} if link else value
        return body

    def _write(self, task):
        endpoint = self.schema.endpoint
        if task.action == 'create':
            return self._create(task)
        path = '%s/%d' % (endpoint, task.current['id'])
        if task.action in ('update', 'restore'):
            patch = self._body(task.changes)
            if task.action == 'restore':
                patch['is_deleted'] = False
            # Moved out of the session's entities (allow_move_out_of_scope): GLPI writes it, then answers 404.
            self.client.request('PATCH', path, json_body=patch, expected=(200, 404) if task.out_of_reach else (200,))
        else:
            self.client.request('DELETE', path, params={'force': 'true'} if task.action == 'purge' else None,
                                expected=(200, 204))
        return task.current['id']

    def _create(self, task):
        try:
            return self._post(self.schema.endpoint, self._body(task.changes))
        except GlpiError as error:
            if not error.maybe_applied:
                raise
            # The answer was lost: look instead of creating again (as over v1, ensure.py).
            self.warn("GLPI's answer to a create was lost (%s); checking what was created" % error)
            found = self.reader.by_fields(Match.from_fields(task.match_keys, task.resolved).values)
            if found and not found.get('is_deleted'):
                return found['id']
            raise GlpiError('the create request reached GLPI but its answer was lost (%s), and the object is not '
                            'visible yet: it may still appear; run the task again to converge (it will not create '
                            'it twice)' % lost_cause(error))

    # -- reporting --------------------------------------------------------
    def results(self, tasks, single, diff_names=False):
        for task in tasks:
            rewritten = task.error is None and not self.check_mode and task.action in ('create', 'update', 'restore')
            if single and rewritten and not task.out_of_reach:
                task.item = self.reader.by_id(task.outcome_id)
            elif task.action == 'unchanged' or self.check_mode:
                task.item = task.current
        names = self.name_of if diff_names else None
        return [task_result(task, names, with_items=single, sha1=lambda item: None) for task in tasks]

    def name_of(self, field, value):
        """A dropdown id as over v1 in diffs (``DropdownResolver.name_of``): the name the task gave,
        else the complete name (or name) of the object, read once; 0 is None but for an entity."""
        prop, link = self._props.get(field, (None, False))
        if not link or not looks_like_id(value):
            return value
        linked, ident = self.schema.properties[prop].get('itemtype'), int(value)
        if ident == 0 and linked != 'Entity':
            return None
        if (linked, ident) not in self._names:
            row = HlItemReader(self.client, linked, schemas=self.schemas).by_id(ident) or {}
            label = row.get('completename') or row.get('name')
            self._names[(linked, ident)] = label if label is not None else ident
        return self._names[(linked, ident)]


def run_item_v2(module, client, tasks):
    """glpi_item's ``run`` over v2 for ``tasks`` (``glpi_item.build_tasks``), under the write lock
    of their objects (``write_lock.py``, as over v1) so that parallel forks take turns; check mode
    takes none."""
    params = module.params
    writer = HlItemWriter(client, params, check_mode=module.check_mode, warn=module.warn)
    labels = [] if module.check_mode else [task.label for task in tasks]
    with WriteLock(client.root + '/apirest.php', params['itemtype'], labels, debug=client.log.debug):
        planned = writer.plan(tasks)
        check_entity_moves(client, params['itemtype'], planned, params.get('allow_move_out_of_scope'), option=writer.option,
                           warn=module.warn, active_ids=session_entity_ids)
        writer.apply(planned)
    single = params.get('items') is None
    return outcome(params['itemtype'], writer.results(tasks, single, module.diff_mode_wanted), writer.created_dropdowns, single)
