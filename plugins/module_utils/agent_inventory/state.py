# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What GLPI holds for the computers of native inventory agents, read over the legacy API.

``read_states(client, deviceids)`` finds the agents (legacy itemtype ``Agent``, field
``deviceid``) and reads each known computer; ``compare`` tells whether a document would change
it; ``duplicate_trap`` detects the locked-field trap before a document is sent.

Requests (measured on GLPI 10.0.12 and 11.0.6): the agents in one request (one deviceid: a
``searchText`` listing; several: the Agent listing, one request per 1000 agents of the GLPI),
then per known computer 2 reads (the computer with its expansions, its Item_OperatingSystem;
the controller reads several computers at once, ``map_fn``),
plus its Lockedfield rows: always without ``documents``, with them only for a computer whose
serial or uuid differs from its document's (the only case the trap explanation needs them).
50 known hosts: 101 requests, 1.0 s on 10.0.12 and 1.5 s on 11.0.6 (20 and 30 ms a host).
GLPI's search engine cannot give an agent's itemtype (search option 15 is items_id alone), so
the listing is read, not the search.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.agent_inventory.summary import (
    restrict_to,
    summary_of_document,
    summary_of_glpi,
)
from ansible_collections.glpi.glpi.plugins.module_utils.endpoints import MAX_PAGE_SIZE

COMPUTER_EXPANSIONS = dict(expand_dropdowns=True, with_networkports=True, with_softwares=True, with_devices=True,
                           with_disks=True)
TRAP_FIELDS = ('serial', 'uuid')


class ComputerState:
    """GLPI's computer for one agent: ids, identity, locked fields and its summary."""

    def __init__(self, computer_id, agent_id, name=None, serial=None, uuid=None, locked_fields=None, summary=None):
        self.computer_id = computer_id
        self.agent_id = agent_id
        self.name = name
        self.serial = serial
        self.uuid = uuid
        self.locked_fields = list(locked_fields or [])
        self.summary = summary or {}

    def __repr__(self):
        return 'ComputerState(computer_id=%r, agent_id=%r, name=%r)' % (self.computer_id, self.agent_id, self.name)

    def __eq__(self, other):
        return isinstance(other, ComputerState) and vars(self) == vars(other)

    def __ne__(self, other):
        return not self == other


def find_agents(client, deviceids):
    """{deviceid: Agent row} for the deviceids GLPI knows (one request unless GLPI has over 1000 agents)."""
    wanted = set(deviceids)
    if not wanted:
        return {}
    if len(wanted) == 1:
        # searchText is a LIKE ('_' matches any character): the exact deviceid is checked below.
        rows = client.list_items('Agent', search_text={'deviceid': '^%s$' % next(iter(wanted))})
    else:
        rows = client.list_items('Agent', page_size=MAX_PAGE_SIZE)
    found = {}
    for row in rows:
        if row.get('deviceid') in wanted:
            found[row['deviceid']] = row
    return found


def _locked_fields(client, computer_id):
    rows = client.get_sub_items('Computer', computer_id, 'Lockedfield')
    return sorted(set(row.get('field') for row in rows if row.get('field')))


def _differs(computer, document):
    """True when the computer's serial or uuid is not the document's (the duplicate trap's case)."""
    doc_summary = summary_of_document(document)
    glpi = summary_of_glpi(computer, None, keys=[key for key in TRAP_FIELDS if key in doc_summary])
    return any(glpi[key] != doc_summary[key] for key in glpi)


def read_state(client, agent, document=None):
    """The ComputerState of one Agent row, None when it points to no computer (or a missing one)."""
    if agent.get('itemtype') != 'Computer' or not agent.get('items_id'):
        return None
    computer_id = int(agent['items_id'])
    computer = client.get_item('Computer', computer_id, **COMPUTER_EXPANSIONS)
    if not isinstance(computer, dict):
        return None
    systems = client.get_sub_items('Computer', computer_id, 'Item_OperatingSystem', params={'expand_dropdowns': True})
    system = systems[0] if systems else None
    locked = []
    if document is None or _differs(computer, document):
        locked = _locked_fields(client, computer_id)
    summary = summary_of_glpi(computer, system)
    return ComputerState(computer_id, agent.get('id'), name=summary['name'], serial=summary['serial'], uuid=summary['uuid'],
                         locked_fields=locked, summary=summary)


def read_states(client, deviceids, documents=None, map_fn=map):
    """{deviceid: ComputerState or None} (None: no agent yet, or no computer behind it).

    ``documents``: optional {deviceid: document}; with it the Lockedfield rows are read only
    for the computers whose serial or uuid differs from their document's.
    ``map_fn``: how the known computers are read (``map``: one after the other; the controller
    passes a thread pool's ``map`` to read them in parallel: the client is thread-safe, and
    module_utils has no thread pool of its own).
    """
    agents = find_agents(client, deviceids)
    known = [deviceid for deviceid in deviceids if agents.get(deviceid)]

    def read_one(deviceid):
        document = None if documents is None else (documents.get(deviceid) or {})
        return read_state(client, agents[deviceid], document)
    states = dict((deviceid, None) for deviceid in deviceids)
    states.update(zip(known, map_fn(read_one, known)))
    return states


def compare(state, doc_summary):
    """(changed, {"before", "after"}) of sending a document of summary ``doc_summary``.

    Only the keys the document carries are compared; the diff holds the keys that differ.
    No state (no agent, or no computer): GLPI will create one, changed.
    """
    if state is None:
        return True, {'before': {}, 'after': dict(doc_summary)}
    before = restrict_to(state.summary, doc_summary.keys())
    changed_keys = [key for key in doc_summary if before.get(key) != doc_summary[key]]
    diff = {'before': dict((key, before.get(key)) for key in changed_keys),
            'after': dict((key, doc_summary[key]) for key in changed_keys)}
    return bool(changed_keys), diff


def duplicate_trap(state, document):
    """None, or why sending ``document`` would make GLPI create a second computer.

    GLPI's import rule matches a computer by serial + uuid: when the computer the agent points
    to has another serial or uuid (typically a manual edit, which locks the field), GLPI does
    not match it, creates a new computer and re-points the agent to it.
    """
    if state is None:
        return None
    doc_summary = summary_of_document(document)
    mismatches = []
    for field in TRAP_FIELDS:
        if field in doc_summary and getattr(state, field) != doc_summary[field]:
            mismatches.append("%s is %r in GLPI but %r in the document" % (field, getattr(state, field), doc_summary[field]))
    if not mismatches:
        return None
    locked = ', '.join(state.locked_fields) if state.locked_fields else 'none'
    return ("GLPI's computer %d (%r), the one agent %r points to, does not match the document: %s "
            "(locked fields of the computer: %s). GLPI's import rule matches by serial + uuid, so it would "
            "create a second computer and re-point the agent to it. Set the field back in GLPI (and unlock it), "
            "or set allow_duplicate: true to send anyway."
            % (state.computer_id, state.name, (document or {}).get('deviceid'), '; '.join(mismatches), locked))
