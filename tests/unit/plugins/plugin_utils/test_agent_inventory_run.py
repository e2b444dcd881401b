# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/agent_inventory_run.py: the controller run of glpi_agent_inventory with the other
modules' steps (document, schema, summary, state) and the sender replaced by fakes."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiBatchError, GlpiInputError, GlpiServerError, GlpiTimeoutError)
from ansible_collections.glpi.glpi.plugins.plugin_utils import agent_inventory_run as runner


class State:
    def __init__(self, computer_id, serial='S1', summary=None):
        self.computer_id = computer_id
        self.serial = serial
        self.locked_fields = []
        self.summary = summary or {}


def build_document(facts, deviceid=None, include_loopback=False, tag=None):
    if facts.get('broken'):
        raise GlpiInputError('content.hardware.name: bad', option='facts')
    return {'action': 'inventory', 'deviceid': deviceid or facts['machine_id'], 'itemtype': 'Computer',
            'content': {'versionclient': 'x', 'hardware': {'name': facts['hostname']}, 'bios': {'ssn': facts.get('serial', 'S1')}}}


def summary_of_document(document):
    return {'name': document['content']['hardware']['name'], 'serial': document['content']['bios']['ssn']}


def compare(state, doc_summary):
    changed = [key for key in doc_summary if state.summary.get(key) != doc_summary[key]]
    return bool(changed), {'before': dict((k, state.summary.get(k)) for k in changed),
                           'after': dict((k, doc_summary[k]) for k in changed)}


def duplicate_trap(state, document):
    if state.serial != document['content']['bios']['ssn']:
        return "GLPI's computer %s has serial %s." % (state.computer_id, state.serial)
    return None


class Glpi:
    """The states before and after the submissions (read_states), counting the reads."""

    def __init__(self, before, after=None):
        self.before = before
        self.after = after if after is not None else before
        self.reads = []
        self.closed = False

    def read_states(self, client, deviceids, documents=None, map_fn=map):
        self.reads.append(list(deviceids))
        source = self.before if len(self.reads) == 1 else self.after
        known = [d for d in deviceids if source.get(d) is not None]
        states = dict((d, None) for d in deviceids)
        states.update(zip(known, map_fn(self.read_one, [source[d] for d in known])))
        return states

    def read_one(self, state):
        return state

    def find_agents(self, client, deviceids):
        self.reads.append(list(deviceids))
        return dict((d, {'deviceid': d, 'itemtype': 'Computer', 'items_id': self.after[d].computer_id})
                    for d in deviceids if self.after.get(d) is not None)

    def close(self):
        self.closed = True


class Sender:
    def __init__(self, fail=()):
        self.fail = fail
        self.sent = []
        self.lock = threading.Lock()

    def send(self, document, document_option='facts'):
        if document['deviceid'] in self.fail:
            raise GlpiServerError('GLPI failed to import the inventory', status=500)
        with self.lock:
            self.sent.append(document['deviceid'])
        return {'status': 'ok'}


def steps(glpi):
    return runner.Steps(build_document, None, lambda document: None, summary_of_document, glpi.read_states, compare,
                        duplicate_trap, glpi.find_agents)


def facts(name, **more):
    data = {'hostname': name, 'machine_id': 'id-' + name}
    data.update(more)
    return data


def run(params, task_vars, glpi, sender, check_mode=False):
    full = dict(parallel=8, read_state=True, skip_unchanged=False, allow_duplicate=False)
    full.update(params)
    warnings = []
    inv = runner.InventoryRun(full, steps=steps(glpi), client_factory=lambda: glpi, sender=sender, warn=warnings.append)
    jobs = runner.jobs_from(full, task_vars)
    inv.run(jobs, check_mode=check_mode)
    return jobs, warnings


def hostvars(**hosts):
    return {'hostvars': dict((name, {'ansible_facts': value}) for name, value in hosts.items())}


def test_current_host_facts_by_default_created_then_computer_id_read_back():
    glpi = Glpi({}, after={'id-web': State(7, summary={'name': 'web', 'serial': 'S1'})})
    sender = Sender()
    jobs, warnings = run({}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, glpi, sender)
    result = runner.single_result(jobs[0], diff_wanted=True)
    assert result['action'] == 'created' and result['changed'] and result['computer_id'] == 7
    assert result['diff']['after'] == {'name': 'web', 'serial': 'S1'}
    assert sender.sent == ['id-web'] and glpi.reads == [['id-web'], ['id-web']] and glpi.closed and not warnings


def test_unchanged_is_sent_but_not_changed_and_skipped_on_request():
    known = {'id-web': State(7, summary={'name': 'web', 'serial': 'S1'})}
    task_vars = {'inventory_hostname': 'web', 'ansible_facts': facts('web')}
    sender = Sender()
    jobs, dummy = run({}, task_vars, Glpi(known), sender)
    assert (jobs[0].action, jobs[0].changed, sender.sent) == ('unchanged', False, ['id-web'])
    sender = Sender()
    jobs, dummy = run({'skip_unchanged': True}, task_vars, Glpi(known), sender)
    assert (jobs[0].action, jobs[0].changed, sender.sent) == ('skipped', False, [])


def test_check_mode_sends_nothing_and_reports_the_diff():
    known = {'id-web': State(7, summary={'name': 'old', 'serial': 'S1'})}
    sender = Sender()
    jobs, dummy = run({}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, Glpi(known), sender, check_mode=True)
    result = runner.single_result(jobs[0], diff_wanted=True)
    assert sender.sent == [] and result['changed'] and result['action'] == 'updated' and not result['sent']
    assert result['diff']['before'] == {'name': 'old'} and result['diff']['after'] == {'name': 'web'}


def test_duplicate_trap_fails_the_host_and_sends_nothing():
    known = {'id-web': State(7, serial='MANUAL-EDIT', summary={'name': 'web', 'serial': 'MANUAL-EDIT'})}
    sender = Sender()
    jobs, dummy = run({}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, Glpi(known), sender)
    with pytest.raises(GlpiInputError) as info:
        runner.single_result(jobs[0], diff_wanted=False)
    assert 'MANUAL-EDIT' in str(info.value) and 'Nothing was sent' in str(info.value) and sender.sent == []


def test_allow_duplicate_sends_and_the_second_computer_is_reported():
    known = {'id-web': State(7, serial='MANUAL-EDIT', summary={'name': 'web', 'serial': 'MANUAL-EDIT'})}
    glpi = Glpi(known, after={'id-web': State(9)})
    sender = Sender()
    jobs, warnings = run({'allow_duplicate': True}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, glpi, sender)
    assert sender.sent == ['id-web'] and jobs[0].computer_id == 9 and jobs[0].changed
    assert 'allow_duplicate' in warnings[0]
    assert 'second computer' in warnings[1] and 'computer 9' in warnings[1] and 'computer 7' in warnings[1]


def test_read_state_false_reads_nothing_and_reports_sent():
    glpi = Glpi({})
    sender = Sender()
    jobs, dummy = run({'read_state': False}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, glpi, sender)
    assert glpi.reads == [] and (jobs[0].action, jobs[0].changed) == ('sent', True) and sender.sent == ['id-web']


def test_no_facts_for_the_current_host():
    with pytest.raises(GlpiInputError) as info:
        run({}, {'inventory_hostname': 'web'}, Glpi({}), Sender())
    assert 'gather facts first' in str(info.value)


def test_bulk_partial_failure_names_hosts_sent_and_not_sent():
    glpi = Glpi({'id-b': State(2, summary={'name': 'b', 'serial': 'S1'})})
    sender = Sender(fail=('id-d',))
    task_vars = hostvars(a=facts('a'), b=facts('b'), c={}, d=facts('d'), e=facts('e', broken=True))
    jobs, dummy = run({'hosts': ['a', 'b', 'c', 'd', 'e', 'zz']}, task_vars, glpi, sender)
    assert sorted(sender.sent) == ['id-a', 'id-b'] and glpi.reads[0] == ['id-a', 'id-b', 'id-d']
    with pytest.raises(GlpiBatchError) as info:
        runner.bulk_result(jobs, diff_wanted=True)
    error = info.value
    assert '4 of 6 hosts failed' in str(error) and 'Sent: a, b.' in str(error) and 'Not sent: c, d, e, zz.' in str(error)
    assert 'c: ' in str(error) and 'gather facts first' in str(error) and 'zz is not in the inventory' in str(error)
    by_host = dict((item['host'], item) for item in error.result['results'])
    assert by_host['a']['action'] == 'created' and by_host['b']['action'] == 'unchanged' and by_host['d']['failed']
    assert error.result['counts']['failed'] == 4 and error.result['counts']['submitted'] == 2
    assert error.changed and [d['before_header'] for d in error.result['diff']] == ['a (GLPI)']


def test_bulk_all_good_in_parallel():
    names = ['h%02d' % i for i in range(20)]
    sender = Sender()
    jobs, dummy = run({'hosts': names, 'parallel': 4}, hostvars(**dict((n, facts(n)) for n in names)), Glpi({}), sender)
    result = runner.bulk_result(jobs, diff_wanted=False)
    assert sorted(sender.sent) == ['id-' + n for n in names] and result['counts']['created'] == 20 and result['changed']


def test_bulk_same_deviceid_twice_is_refused_for_the_second():
    task_vars = hostvars(a=facts('a'), b=dict(facts('b'), machine_id='id-a'))
    sender = Sender()
    jobs, dummy = run({'hosts': ['a', 'b']}, task_vars, Glpi({}), sender)
    assert sender.sent == ['id-a'] and 'deviceid id-a of host a' in str(jobs[1].error)


@pytest.mark.parametrize('params,option', [({'hosts': ['a'], 'deviceid': 'x'}, 'deviceid'), ({'parallel': 33}, 'parallel')])
def test_bad_options(params, option):
    with pytest.raises(GlpiInputError) as info:
        run(params, dict(hostvars(a=facts('a')), inventory_hostname='a', ansible_facts=facts('a')), Glpi({}), Sender())
    assert info.value.option == option


def test_plain_turns_mappings_and_tagged_strings_into_builtins():
    class Tagged(str):
        pass

    value = runner.plain({'a': (Tagged('x'), {'b': 1})})
    assert value == {'a': ['x', {'b': 1}]} and value['a'][0].__class__ is str


class BarrierGlpi(Glpi):
    """Each computer read waits until ``count`` reads are in flight at once: serial reads break the barrier."""

    def __init__(self, before, count):
        super(BarrierGlpi, self).__init__(before)
        self.barrier = threading.Barrier(count, timeout=5)

    def read_one(self, state):
        self.barrier.wait()
        return state


def test_known_computers_are_read_in_parallel():
    names = ['h%02d' % i for i in range(6)]
    known = dict(('id-' + n, State(index + 1, summary={'name': n, 'serial': 'S1'})) for index, n in enumerate(names))
    glpi = BarrierGlpi(known, count=3)
    sender = Sender()
    jobs, dummy = run({'hosts': names, 'parallel': 3}, hostvars(**dict((n, facts(n)) for n in names)), glpi, sender)
    assert [job.action for job in jobs] == ['unchanged'] * 6 and [job.computer_id for job in jobs] == [1, 2, 3, 4, 5, 6]


def test_parallel_one_reads_one_after_the_other():
    names = ['a', 'b']
    known = dict(('id-' + n, State(index + 1, summary={'name': n, 'serial': 'S1'})) for index, n in enumerate(names))
    glpi = Glpi(known)
    seen = []
    glpi.read_one = lambda state: seen.append(threading.current_thread().name) or state
    jobs, dummy = run({'hosts': names, 'parallel': 1}, hostvars(a=facts('a'), b=facts('b')), glpi, Sender())
    assert seen == [threading.current_thread().name] * 2 and [job.action for job in jobs] == ['unchanged'] * 2


class SenderWithoutAnswer(Sender):
    """GLPI got the document but gave no answer in time (it may still be importing it)."""

    def send(self, document, document_option='facts'):
        if document['deviceid'] in self.fail:
            raise GlpiTimeoutError('GLPI did not answer the inventory', maybe_applied=True)
        return Sender.send(self, document, document_option)


def test_a_host_maybe_sent_is_reported_so_and_counts_as_a_change():
    glpi = Glpi({'id-a': State(1, summary={'name': 'a', 'serial': 'S1'})})
    jobs, dummy = run({'hosts': ['a', 'b']}, hostvars(a=facts('a'), b=facts('b')), glpi, SenderWithoutAnswer(fail=('id-b',)))
    with pytest.raises(GlpiBatchError) as info:
        runner.bulk_result(jobs, diff_wanted=False)
    assert 'Sent: a. Maybe sent (no answer): b. Not sent: none.' in str(info.value)
    # a was sent unchanged: only b, which may have changed GLPI, is written.
    assert info.value.written == ['inventory of b maybe sent'] and info.value.changed
    jobs, dummy = run({}, {'inventory_hostname': 'b', 'ansible_facts': facts('b')}, Glpi({}), SenderWithoutAnswer(fail=('id-b',)))
    with pytest.raises(GlpiTimeoutError) as info:
        runner.single_result(jobs[0], diff_wanted=False)
    assert info.value.changed


def test_a_second_computer_made_by_glpi_is_a_change_even_when_the_document_was_unchanged():
    glpi = Glpi({'id-web': State(7, summary={'name': 'web', 'serial': 'S1'})}, after={'id-web': State(9)})
    jobs, warnings = run({}, {'inventory_hostname': 'web', 'ansible_facts': facts('web')}, glpi, Sender())
    assert (jobs[0].action, jobs[0].changed, jobs[0].computer_id) == ('created', True, 9) and 'second computer' in warnings[0]


def test_facts_of_an_unexpected_shape_fail_that_host_alone():
    def picky_build(facts, **options):
        return facts['default_ipv4'].get('address')   # a string where a dict is expected: AttributeError
    glpi = Glpi({})
    inv_steps = steps(glpi)
    inv_steps.build_document = picky_build
    jobs = runner.jobs_from({'hosts': ['a']}, hostvars(a=facts('a', default_ipv4='192.0.2.1')))
    runner.build(jobs, {}, inv_steps)
    assert jobs[0].failed and 'unexpected shape' in str(jobs[0].error) and 'AttributeError' in str(jobs[0].error)
