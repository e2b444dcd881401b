# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The controller side of ``glpi.glpi.glpi_agent_inventory`` (its action plugin runs this in-process).

One task, one or many hosts (``hosts``); per host a :class:`HostJob`. The steps, in order:

1. ``jobs_from``: facts of the current host (``facts``, default the task's ``ansible_facts``),
   of each host in ``hosts`` (``hostvars[h].ansible_facts``), or a prebuilt ``document``;
2. ``build``: the native document (``document.build_document``) validated against the schema;
   a host whose facts cannot be built fails alone;
3. ``read_before`` (``read_state``): GLPI's state of every deviceid in one ``state.read_states``
   call (the known computers read ``parallel`` at a time, at most the client's pool), then per host the duplicate trap (fails that host, nothing sent, unless
   ``allow_duplicate``), the comparison (changed, diff) and the action;
4. ``send_all`` (not in check mode): the submissions, ``parallel`` at a time;
5. ``read_after``: the Agents again (one listing), for the computer id and to catch a second
   computer GLPI created anyway (a warning naming both ids).

The steps of the other helpers' modules (document, schema, summary, state) come through
:class:`Steps` so the tests can replace them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.auth import select_inventory_auth
from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.submit import (
    InventorySender, inventory_endpoint, token_base)
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiBatchError, GlpiError, GlpiInputError
from ansible_collections.glpi.glpi.plugins.module_utils.transport import MAX_CONCURRENCY, transport_for

MAX_PARALLEL = 32
NO_FACTS = ('no facts for host %s: gather facts first (gather_facts: true, or the setup module; '
            'package_facts for the software list)')


class Steps:
    """The building blocks of the other modules of the package, imported when first used."""

    def __init__(self, build_document=None, device_id=None, validate_document=None, summary_of_document=None,
                 read_states=None, compare=None, duplicate_trap=None, find_agents=None):
        self.build_document = build_document
        self.device_id = device_id
        self.validate_document = validate_document
        self.summary_of_document = summary_of_document
        self.read_states = read_states
        self.compare = compare
        self.duplicate_trap = duplicate_trap
        self.find_agents = find_agents

    @classmethod
    def default(cls):
        from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory import document, schema, state, summary
        return cls(document.build_document, document.device_id, schema.validate_document, summary.summary_of_document,
                   state.read_states, state.compare, state.duplicate_trap, state.find_agents)


class HostJob:
    """One host's submission and its outcome."""

    def __init__(self, host, facts=None, document=None):
        self.host = host
        self.facts = facts
        self.document = document
        self.deviceid = document.get('deviceid') if isinstance(document, Mapping) else None
        self.state = None
        self.summary = None
        self.diff = None
        self.action = None
        self.changed = False
        self.send = False
        self.sent = False
        self.computer_id = None
        self.error = None

    @property
    def failed(self):
        return self.error is not None

    def fail(self, error):
        self.error = error if isinstance(error, GlpiError) else GlpiInputError(str(error))
        self.send = False

    def result(self):
        msg = str(self.error) if self.error else None
        return dict(host=self.host, deviceid=self.deviceid, computer_id=self.computer_id, action=self.action,
                    changed=self.changed, failed=self.failed, msg=msg, sent=self.sent)


def plain(value):
    """``value`` as plain dicts, lists and strings (hostvars hold lazy, tagged containers)."""
    if isinstance(value, Mapping):
        return dict((str(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def jobs_from(params, task_vars):
    """The HostJobs of a task: the prebuilt ``document``, ``hosts`` from hostvars, or the current host."""
    current = task_vars.get('inventory_hostname') or 'localhost'
    if params.get('document') is not None:
        return [HostJob(current, document=plain(params['document']))]
    if params.get('hosts') is None:
        facts = params.get('facts')
        if facts is None:
            facts = task_vars.get('ansible_facts')
        if not facts:
            raise GlpiInputError(NO_FACTS % current, option='facts')
        return [HostJob(current, facts=plain(facts))]
    if params.get('deviceid'):
        raise GlpiInputError('deviceid names one device: it cannot be given with hosts (each host gets its own '
                             'from its facts)', option='deviceid', value=params['deviceid'])
    hostvars = task_vars.get('hostvars') or {}
    jobs = []
    for host in params['hosts']:
        job = HostJob(str(host))
        jobs.append(job)
        if host not in hostvars:
            job.fail(GlpiInputError('host %s is not in the inventory' % host, option='hosts', value=host))
            continue
        facts = hostvars[host].get('ansible_facts')
        if not facts:
            job.fail(GlpiInputError(NO_FACTS % host, option='hosts', value=host))
        else:
            job.facts = plain(facts)
    return jobs


def build(jobs, params, steps):
    """The document of every job (built from facts unless given), validated; failures stay per host."""
    for job in jobs:
        if job.failed:
            continue
        try:
            if job.document is None:
                job.document = steps.build_document(job.facts, deviceid=params.get('deviceid') or None,
                                                    include_loopback=bool(params.get('include_loopback')),
                                                    tag=params.get('tag') or None)
            steps.validate_document(job.document)
            job.deviceid = job.document.get('deviceid')
        except GlpiError as error:
            job.fail(error)
        except (AttributeError, TypeError, ValueError) as error:
            # facts of an unexpected shape (set by hand or by a custom fact module): this host fails alone
            job.fail(GlpiInputError('host %s: facts of an unexpected shape (%s: %s)' % (job.host, type(error).__name__, error),
                                    option='facts'))
    seen = {}
    for job in jobs:
        if not job.failed and job.deviceid in seen:
            job.fail(GlpiInputError('host %s has the deviceid %s of host %s (the same machine id or product uuid): '
                                    'GLPI would merge them into one computer' % (job.host, job.deviceid, seen[job.deviceid]),
                                    option='hosts', value=job.host))
        elif not job.failed:
            seen[job.deviceid] = job.host


def decide(job, params, steps, states, warn):
    """Trap, comparison and action of one built job, from GLPI's state (``states`` None: read_state off)."""
    if states is None:
        job.action, job.changed, job.send = 'sent', True, True
        return
    job.state = states.get(job.deviceid)
    trap = steps.duplicate_trap(job.state, job.document) if job.state is not None else None
    if trap and not params.get('allow_duplicate'):
        job.fail(GlpiInputError('%s Nothing was sent for host %s.' % (trap, job.host), option='allow_duplicate'))
        return
    if trap:
        warn('host %s: %s Sent anyway (allow_duplicate=true): GLPI will create a second computer.' % (job.host, trap))
    job.summary = steps.summary_of_document(job.document)
    if job.state is None:
        job.action, job.changed, job.send = 'created', True, True
        job.diff = {'before': {}, 'after': job.summary}
        return
    job.computer_id = job.state.computer_id
    job.changed, job.diff = steps.compare(job.state, job.summary)
    job.changed = bool(job.changed) or bool(trap)
    if job.changed:
        job.action, job.send = 'updated', True
    elif params.get('skip_unchanged'):
        job.action, job.send = 'skipped', False
    else:
        job.action, job.send = 'unchanged', True


class InventoryRun:
    """One task's run. ``client_factory()``: the legacy-API client for the state reads (called only
    when ``read_state``); ``sender``: an InventorySender, built from the options when None."""

    def __init__(self, params, steps=None, client_factory=None, sender=None, warn=None, log=None):
        self.params = params
        self.steps = steps or Steps.default()
        self.client_factory = client_factory
        self.sender = sender
        self.warnings = []
        self.warn = warn or self.warnings.append
        self.log = log
        self.client = None

    def _sender(self):
        if self.sender is None:
            self.sender = make_sender(self.params, self.log)
        return self.sender

    def run(self, jobs, check_mode=False):
        """Builds, reads, decides, sends (not in check mode) and reads back; returns ``jobs``."""
        parallel = self.params.get('parallel') or 8
        if not 1 <= parallel <= MAX_PARALLEL:
            raise GlpiInputError('parallel must be between 1 and %d, got %s' % (MAX_PARALLEL, parallel),
                                 option='parallel', value=parallel)
        build(jobs, self.params, self.steps)
        try:
            states = self.read_states(jobs) if self.params.get('read_state', True) else None
            for job in jobs:
                if not job.failed:
                    decide(job, self.params, self.steps, states, self.warn)
            if not check_mode and any(job.send for job in jobs):
                self._sender()
                self.send_all([job for job in jobs if job.send], parallel)
                if states is not None:
                    self.read_after([job for job in jobs if job.sent])
        finally:
            if self.client is not None:
                self.client.close()
        return jobs

    def read_states(self, jobs):
        deviceids = [job.deviceid for job in jobs if not job.failed]
        if not deviceids:
            return {}
        if self.client is None:
            self.client = self.client_factory()
        workers = min(self.params.get('parallel') or 8, MAX_CONCURRENCY, len(deviceids))
        if workers <= 1:
            return self.steps.read_states(self.client, deviceids, documents=self._documents(jobs))
        # The known computers are read `parallel` at a time (at most the client's connection pool).
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return self.steps.read_states(self.client, deviceids, documents=self._documents(jobs), map_fn=pool.map)

    @staticmethod
    def _documents(jobs):
        # With the documents, the Lockedfield rows are read only for a computer that differs from its document.
        return dict((job.deviceid, job.document) for job in jobs if not job.failed)

    def send_all(self, jobs, parallel):
        def send_one(job):
            try:
                self.sender.send(job.document, document_option='document' if job.facts is None else 'facts')
                job.sent = True
            except GlpiError as error:
                job.fail(error)
                # No answer while GLPI may still be importing it: it may have changed GLPI.
                job.changed = bool(error.maybe_applied)
        if len(jobs) == 1 or parallel == 1:
            for job in jobs:
                send_one(job)
            return
        with ThreadPoolExecutor(max_workers=min(parallel, len(jobs))) as pool:
            list(pool.map(send_one, jobs))

    def read_after(self, jobs):
        """The Agents again (one listing): the computer each now points to, and the duplicate GLPI made anyway."""
        if not jobs:
            return
        try:
            agents = self.steps.find_agents(self.client, [job.deviceid for job in jobs])
        except GlpiError as error:
            self.warn('the inventories were sent, but reading their agents back failed: %s' % error)
            return
        for job in jobs:
            agent = agents.get(job.deviceid) or {}
            if agent.get('itemtype') != 'Computer' or not agent.get('items_id'):
                continue
            before, job.computer_id = job.computer_id, int(agent['items_id'])
            if before and before != job.computer_id:
                job.changed, job.action = True, 'created'
                self.warn('host %s: GLPI created a second computer: agent %s now points to computer %s instead of '
                          'computer %s (an import rule did not match it, typically a serial or uuid edited in GLPI); '
                          'merge or delete one of them' % (job.host, job.deviceid, job.computer_id, before))


def make_sender(params, log=None):
    """The InventorySender of the options: endpoint, TLS/timeout/retries, agent authentication."""
    secrets = []
    endpoint = inventory_endpoint(params.get('url'), params.get('inventory_url'))
    token_transport = None
    if (params.get('inventory_auth') or 'none') == 'oauth2':
        # The token request is an ordinary JSON POST to <site>/api.php/token.
        token_transport = transport_for(token_base(params.get('url'), params.get('inventory_url')), params, secrets, log)
    auth = select_inventory_auth(params, token_transport=token_transport,
                                 debug=getattr(log, 'debug', None))
    return InventorySender(endpoint, params, auth, secrets, log=log)


def _host_diff(job):
    return dict(before=job.diff.get('before', {}), after=job.diff.get('after', {}),
                before_header='%s (GLPI)' % job.host, after_header='%s (facts)' % job.host)


def single_result(job, diff_wanted):
    """The result of a task for the current host alone; its failure raised."""
    if job.failed:
        raise job.error.after_writes(['inventory of %s maybe sent' % job.host] if job.changed else [])
    result = dict(changed=job.changed, deviceid=job.deviceid, computer_id=job.computer_id, action=job.action,
                  sent=job.sent)
    if diff_wanted and job.diff and job.changed:
        result['diff'] = _host_diff(job)
    return result


def bulk_result(jobs, diff_wanted):
    """The result of a task over ``hosts``: per host, counts; a GlpiBatchError naming the hosts sent
    and not sent when any failed."""
    counts = dict((name, 0) for name in ('created', 'updated', 'unchanged', 'skipped', 'sent', 'failed'))
    for job in jobs:
        if job.failed:
            counts['failed'] += 1
        elif job.action in counts:
            counts[job.action] += 1
    counts['submitted'] = sum(1 for job in jobs if job.sent)
    result = dict(changed=any(job.changed and not job.failed for job in jobs), results=[job.result() for job in jobs],
                  counts=counts)
    if diff_wanted:
        result['diff'] = [_host_diff(job) for job in jobs if job.diff and job.changed and not job.failed]
    failed = [job for job in jobs if job.failed]
    if not failed:
        return result
    sent = [job.host for job in jobs if job.sent]
    maybe = [job.host for job in failed if job.changed]
    unsent = [job.host for job in jobs if not job.sent and job.host not in maybe]
    msg = '%d of %d hosts failed: %s. Sent: %s.%s Not sent: %s.' % (
        len(failed), len(jobs), '; '.join('%s: %s' % (job.host, job.error) for job in failed),
        ', '.join(sent) or 'none', ' Maybe sent (no answer): %s.' % ', '.join(maybe) if maybe else '',
        ', '.join(unsent) or 'none')
    # What changed GLPI, as a success would report it (sent and changed), and what may have.
    written = ['inventory of %s sent' % job.host for job in jobs if job.sent and job.changed]
    raise GlpiBatchError(msg, result=result, written=written + ['inventory of %s maybe sent' % host for host in maybe])
