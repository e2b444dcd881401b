# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The glpi.glpi.poll event source: its ``main(queue, args)`` run directly, against the emulator or a real GLPI.

Every run is bounded: ``max_cycles`` stops the source by itself and ``asyncio.wait_for`` cancels it after
RUN_TIMEOUT seconds. Each test watches only its own computers (a ``name`` criterion on a unique prefix), so
other writers of a shared GLPI do not disturb it. Requests are counted by the suite's counting proxy.
"""

import asyncio
import datetime
import importlib
import json
import os
import time

import pytest

# The source as ansible-rulebook finds it in the installed collection (PEP 420 packages under ansible_collections).
poll_source = importlib.import_module('ansible_collections.glpi.glpi.extensions.eda.plugins.event_source.poll')
RUN_TIMEOUT = 60

RELIABILITY_CASES = [
    {"area": "Faults", "case": "glpi.glpi.poll: GLPI unreachable for two cycles",
     "outcome": "each cycle logged and retried after a growing pause; no event, cursors and state file unchanged; "
                "the first cycle after GLPI is back reports the change made meanwhile",
     "test": "test_glpi_down_is_retried_without_moving_the_cursor"},
    {"area": "Bad input", "case": "glpi.glpi.poll: unknown field name in criteria",
     "outcome": "the source stops at once with the collection's message naming the field; no retry loop",
     "test": "test_wrong_field_name_fails_at_once"},
    {"area": "Load and concurrency", "case": "glpi.glpi.poll: a row committed late, its date_mod 5 s behind the cursor (a slow GLPI request)",
     "outcome": "reported once by the next cycle (overlap window); a row 20 s behind is missed with overlap 10, reported with 30",
     "test": "test_a_row_committed_late_is_reported_once"},
]


class Poll:
    """Runs the source on ``server`` for a few cycles and returns the events it queued."""

    def __init__(self, server, prefix, state_file):
        self.server = server
        self.prefix = prefix
        self.state_file = state_file

    def args(self, **extra):
        args = {'url': self.server.base_url, 'app_token': self.server.app_token, 'user_token': self.server.user_token,
                'itemtypes': ['Computer'], 'criteria': [{'field': 'name', 'searchtype': 'contains', 'value': '^' + self.prefix}],
                'state_file': self.state_file, 'interval': 0.2, 'max_cycles': 1}
        args.update(extra)
        return args

    def run(self, **extra):
        queue = asyncio.Queue()

        async def go():
            await asyncio.wait_for(poll_source.main(queue, self.args(**extra)), RUN_TIMEOUT)

        asyncio.run(go())
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return events

    def state(self):
        with open(self.state_file) as handle:
            return json.load(handle)


@pytest.fixture
def poll(glpi_server, unique, tmp_path):
    return Poll(glpi_server, 'poll-%s-' % unique, str(tmp_path / 'state' / 'glpi-poll.json'))


def _add(api, name, **fields):
    fields['name'] = name
    return int(api.add('Computer', fields)['id'])


def _ids(events, kind=None):
    return [e['id'] for e in events if kind is None or e['event'] == kind]


def _next_second():
    """Sleep into the next second: GLPI's date_mod has a resolution of one second."""
    time.sleep(1.05)


def test_new_item_gives_a_new_event(api, poll):
    assert poll.run() == []          # first run: the cursor starts at the server's now
    item = _add(api, poll.prefix + 'a', serial='S-1')
    events = poll.run()
    assert _ids(events) == [item]
    event = events[0]
    assert event['itemtype'] == 'Computer' and event['event'] == 'new'
    assert event['item']['name'] == poll.prefix + 'a' and event['item']['id'] == item
    assert event['date_mod'] == event['item']['date_mod']
    assert poll.run() == []          # nothing repeated


def test_update_gives_a_changed_event(api, poll):
    item = _add(api, poll.prefix + 'b')
    poll.run(start='beginning')
    _next_second()
    api.update('Computer', {'id': item, 'comment': 'moved'})
    events = poll.run()
    assert [(e['id'], e['event']) for e in events] == [(item, 'changed')]


def test_start_now_skips_older_items(api, poll):
    _add(api, poll.prefix + 'old')
    _next_second()
    assert poll.run(start='now') == []


def test_same_second_changes_neither_lost_nor_repeated(api, poll):
    """Rows sharing the cursor's second: those already seen are dropped, the others come once."""
    for attempt in range(5):
        ids = [_add(api, '%s%d-%d' % (poll.prefix, attempt, i)) for i in range(3)]
        rows = {r['id']: r['date_mod'] for r in poll.run(start='beginning', state_file=None)}
        if rows[ids[0]] == rows[ids[1]]:
            break
    else:
        pytest.skip('the server never wrote two computers in the same second')
    second = rows[ids[0]]
    os.makedirs(os.path.dirname(poll.state_file), exist_ok=True)
    with open(poll.state_file, 'w') as handle:
        json.dump({'version': 1, 'cursors': {'Computer': {'date_mod': second, 'ids': [ids[0]]}}}, handle)
    os.chmod(poll.state_file, 0o600)
    events = poll.run(page_size=1)
    expected = sorted(i for i, d in rows.items() if d >= second and i != ids[0])
    assert sorted(_ids(events)) == expected and len(events) == len(set(_ids(events)))
    assert ids[1] in _ids(events)
    assert poll.run(page_size=1) == []


def _shift(date_mod, seconds):
    moment = datetime.datetime.strptime(date_mod, '%Y-%m-%d %H:%M:%S') + datetime.timedelta(seconds=seconds)
    return moment.strftime('%Y-%m-%d %H:%M:%S')


def test_a_row_committed_late_is_reported_once(api, poll):
    """GLPI dates date_mod at the start of its request: a slow request commits a row dated behind the cursor.
    GLPI (CommonDBTM::add) keeps a date_mod given in the input, which writes such a row on demand."""
    assert poll.run(start='beginning') == []
    item = _add(api, poll.prefix + 'l1')
    [event] = poll.run()
    cursor = poll.state()['cursors']['Computer']['date_mod']
    assert event['id'] == item and cursor == event['date_mod']
    late = _add(api, poll.prefix + 'l2', date_mod=_shift(cursor, -5))
    assert api.get_item('Computer', late)['date_mod'] == _shift(cursor, -5)
    assert [(e['id'], e['date_mod']) for e in poll.run()] == [(late, _shift(cursor, -5))]
    assert poll.run() == []                                    # reported once
    too_late = _add(api, poll.prefix + 'l3', date_mod=_shift(cursor, -20))
    assert poll.run(overlap=10) == []                          # the limit: older than the window
    assert _ids(poll.run(overlap=30)) == [too_late]


def test_a_version_1_state_file_is_migrated(api, poll):
    """A state file of the previous version keeps its cursor: nothing before it is reported again."""
    before = _add(api, poll.prefix + 'm1')
    _next_second()
    at = _add(api, poll.prefix + 'm2')
    second = api.get_item('Computer', at)['date_mod']
    os.makedirs(os.path.dirname(poll.state_file), exist_ok=True)
    with open(poll.state_file, 'w') as handle:
        json.dump({'version': 1, 'cursors': {'Computer': {'date_mod': second, 'ids': [at]}}}, handle)
    os.chmod(poll.state_file, 0o600)
    assert poll.run() == []                      # neither m2 (seen) nor m1 (before the cursor) again
    state = poll.state()
    assert state['version'] == 2 and before not in [pair[0] for pair in state['cursors']['Computer']['seen']]
    assert state['cursors']['Computer']['date_mod'] == second and [at, second] in state['cursors']['Computer']['seen']
    after = _add(api, poll.prefix + 'm3')
    assert _ids(poll.run()) == [after]


def test_restart_resumes_from_the_state_file(api, poll):
    poll.run()
    first = _add(api, poll.prefix + 'r1')
    assert _ids(poll.run()) == [first]
    cursor = poll.state()['cursors']['Computer']
    assert [first, cursor['date_mod']] in cursor['seen']
    assert oct(os.stat(poll.state_file).st_mode & 0o777) == oct(0o600)
    second = _add(api, poll.prefix + 'r2')     # changed while no source runs
    assert _ids(poll.run()) == [second]        # a new run (a restart) picks it up from the file
    assert poll.run() == []


def test_items_put_in_the_trash_give_deleted_events(api, poll):
    item = _add(api, poll.prefix + 'd')
    kept = _add(api, poll.prefix + 'k')
    poll.run(deleted=True)
    _next_second()
    api.delete('Computer', item)
    events = poll.run(deleted=True)
    assert [(e['id'], e['event']) for e in events] == [(item, 'deleted')]
    assert kept not in _ids(events)
    _next_second()
    api.delete('Computer', item, force_purge=True)   # a purge leaves nothing to find
    assert poll.run(deleted=True) == []


def test_every_page_is_read(api, poll):
    poll.run()
    ids = [_add(api, '%s%02d' % (poll.prefix, i)) for i in range(7)]
    events = poll.run(page_size=3)
    assert sorted(_ids(events)) == sorted(ids)
    assert poll.run(page_size=3) == []


def test_criteria_by_field_name(api, poll):
    poll.run(criteria=[{'field': 'serial', 'searchtype': 'contains', 'value': '^' + poll.prefix + 'SN$'}])
    _add(api, poll.prefix + 'other', serial='nope')
    wanted = _add(api, poll.prefix + 'match', serial=poll.prefix + 'SN')
    events = poll.run(criteria=[{'field': 'serial', 'searchtype': 'contains', 'value': '^' + poll.prefix + 'SN$'}])
    assert _ids(events) == [wanted]
    assert events[0]['item']['serial'] == poll.prefix + 'SN'


def test_wrong_field_name_fails_at_once(poll):
    with pytest.raises(Exception, match='nosuchfield'):
        poll.run(criteria=[{'field': 'nosuchfield', 'value': 'x'}])


def test_one_request_per_cycle_when_nothing_changed(api, poll, counters):
    _add(api, poll.prefix + 'n')
    poll.run(start='beginning')
    counts = {}
    for cycles in (2, 6):
        counters.reset()
        assert poll.run(max_cycles=cycles) == []
        counts[cycles] = counters.read()
    extra = dict((k, counts[6]['by_endpoint'].get(k, 0) - counts[2]['by_endpoint'].get(k, 0))
                 for k in counts[6]['by_endpoint'])
    assert counts[6]['total'] - counts[2]['total'] == 4
    assert {k: v for k, v in extra.items() if v} == {'GET search/Computer': 4}
    assert counts[6]['sessions']['initSession'] <= 1


def test_glpi_down_is_retried_without_moving_the_cursor(api, poll, tmp_path):
    poll.run()
    before = poll.state()
    down = poll.run(url='http://127.0.0.1:9/apirest.php', max_cycles=2, interval=0.05, max_backoff=0.1, timeout=2, retries=0)
    assert down == [] and poll.state() == before
    item = _add(api, poll.prefix + 'back')
    assert _ids(poll.run()) == [item]


# ----------------------------------------------------------------------------------- ansible-rulebook, end to end

RULEBOOK = """---
- name: glpi.glpi.poll end to end
  hosts: all
  sources:
    - glpi.glpi.poll:
        url: {url}
        app_token: {app_token}
        user_token: {user_token}
        itemtypes: [Computer]
        criteria:
          - field: name
            searchtype: contains
            value: "^{prefix}"
        start: beginning
        interval: 1
        max_cycles: 60
  rules:
    - name: A new computer writes its name to a file
      condition: event.itemtype == "Computer" and event.event == "new"
      actions:
        - run_playbook:
            name: {playbook}
        - shutdown:
            message: seen
"""

PLAYBOOK = """---
- name: Write the event down
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Copy the computer's name
      ansible.builtin.copy:
        content: "{{{{ ansible_eda.event.item.name }}}} {{{{ ansible_eda.event.id }}}}"
        dest: {out}
        mode: "0600"
"""


def _rulebook_command():
    """ansible-rulebook (ANSIBLE_RULEBOOK, else PATH) and a Java runtime, or the reason to skip.

    In CI (CI=true) a missing one fails the test: CI installs both, and a skipped check must not pass there.
    """
    import shutil

    missing = pytest.fail if os.environ.get('CI') == 'true' else pytest.skip
    command = os.environ.get('ANSIBLE_RULEBOOK') or shutil.which('ansible-rulebook')
    if not command or not os.access(command, os.X_OK):
        missing('ansible-rulebook not found (pip install ansible-rulebook, or set ANSIBLE_RULEBOOK to its path)')
    java_home = os.environ.get('JAVA_HOME')
    if not shutil.which('java') and not (java_home and os.access(os.path.join(java_home, 'bin', 'java'), os.X_OK)):
        missing('ansible-rulebook needs a Java runtime (Debian: default-jre-headless); none found')
    return command


def test_ansible_rulebook_runs_a_playbook_for_a_new_computer(api, glpi_server, collections_path, unique, tmp_path):
    import subprocess

    command = _rulebook_command()
    prefix = 'rulebook-%s-' % unique
    item = _add(api, prefix + 'pc')
    out = tmp_path / 'seen.txt'
    (tmp_path / 'seen.yml').write_text(PLAYBOOK.format(out=out))
    (tmp_path / 'rulebook.yml').write_text(RULEBOOK.format(url=glpi_server.base_url, app_token=glpi_server.app_token,
                                                           user_token=glpi_server.user_token, prefix=prefix,
                                                           playbook=tmp_path / 'seen.yml'))
    (tmp_path / 'inventory.yml').write_text('all:\n  hosts:\n    localhost:\n      ansible_connection: local\n'
                                            '      ansible_python_interpreter: "{{ ansible_playbook_python }}"\n')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_COLLECTIONS_PATHS=collections_path)
    env.pop('PYTHONPATH', None)   # the collection comes from ANSIBLE_COLLECTIONS_PATH, as it would when installed
    done = subprocess.run([command, '--rulebook', str(tmp_path / 'rulebook.yml'), '-i', str(tmp_path / 'inventory.yml')],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=180, check=False)
    assert out.is_file(), 'no playbook ran (rc %s)\n%s\n%s' % (done.returncode, done.stdout[-3000:], done.stderr[-3000:])
    assert out.read_text() == '%spc %d' % (prefix, item)


def test_the_stories_of_the_example_rulebooks(api, poll):
    """A ticket assigned to a group (Group_Ticket sets the ticket's date_mod) and a computer set to a state."""
    group = int(api.add('Group', {'name': poll.prefix + 'Linux'})['id'])
    state = int(api.add('State', {'name': poll.prefix + 'To wipe'})['id'])
    ticket = int(api.add('Ticket', {'name': poll.prefix + 'ticket', 'content': 'disk full'})['id'])
    computer = _add(api, poll.prefix + 'pc')
    try:
        tickets = {'itemtypes': ['Ticket'], 'criteria': [{'field': 'group', 'searchtype': 'equals', 'value': poll.prefix + 'Linux'}],
                   'state_file': poll.state_file + '.tickets'}
        wipes = {'criteria': [{'field': 'state', 'searchtype': 'equals', 'value': poll.prefix + 'To wipe'}]}
        assert poll.run(**tickets) == [] and poll.run(**wipes) == []
        _next_second()
        api.add('Group_Ticket', {'tickets_id': ticket, 'groups_id': group, 'type': 2})
        api.update('Computer', {'id': computer, 'states_id': state})
        [assigned] = poll.run(**tickets)
        assert (assigned['itemtype'], assigned['id'], assigned['item']['group']) == ('Ticket', ticket, poll.prefix + 'Linux')
        [wipe] = poll.run(**wipes)
        assert (wipe['id'], wipe['event'], wipe['item']['state']) == (computer, 'changed', poll.prefix + 'To wipe')
    finally:
        api.delete('Ticket', ticket, force_purge=True)
        api.delete('Computer', computer, force_purge=True)
        api.delete('Group', group, force_purge=True)
        api.delete('State', state, force_purge=True)
