# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi.glpi.poll: an Event-Driven Ansible source of the GLPI items that changed, polled over the legacy API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
short_description: Poll GLPI for items created, changed or put in the trash.
description:
  - Searches GLPI (10.0 and 11.0, legacy REST API C(apirest.php)) every O(interval) seconds for the items of
    O(itemtypes) whose C(date_mod) is at or after a cursor, sorted by C(date_mod) then C(id), every page, and puts
    one event per item on the queue.
  - The cursor (the last C(date_mod) and the items read in the O(overlap) seconds before it) is kept in
    O(state_file), replaced atomically, so a restart resumes where it stopped; changes within one second, and rows
    a slow GLPI request commits up to O(overlap) seconds late, are neither lost nor repeated.
  - One search request per itemtype (two with O(deleted)) per cycle when nothing changed; the session is kept
    between cycles. When GLPI cannot be reached the error is logged, the cursor stays and the next cycle
    comes after a growing delay (O(interval) doubled at each failure, at most O(max_backoff)).
  - "Events: C(itemtype), C(id), C(event) (V(new) when the item's C(date_creation) equals its C(date_mod),
    V(deleted) for an item put in the trash, else V(changed)), C(date_mod) (GLPI's text, server time) and C(item)
    (the search row, fields by name)."
options:
  url:
    description: GLPI's API URL (ending in C(apirest.php)). Default C(GLPI_URL).
  app_token:
    description: Application token. Default C(GLPI_APP_TOKEN).
  user_token:
    description: User API token. Default C(GLPI_USER_TOKEN).
  username:
    description: Login (with O(password)) instead of a user token. Default C(GLPI_USERNAME).
  password:
    description: Password of O(username). Default C(GLPI_PASSWORD).
  validate_certs:
    description: Verify GLPI's TLS certificate.
    default: true
  ca_path:
    description: CA bundle to verify GLPI's certificate with.
  timeout:
    description: Seconds to wait for one answer.
    default: 30
  itemtypes:
    description: The itemtypes to watch (C(Ticket), C(Computer), ...).
    required: true
  criteria:
    description:
      - Search criteria by field name, as M(glpi.glpi.glpi_search) takes them; a list for every itemtype, or a dict
        of lists by itemtype. Only matching items produce events.
  deleted:
    description: Also report the items put in GLPI's trash (one more search per itemtype and cycle). A purge leaves
      no row and produces no event.
    default: false
  state_file:
    description: JSON file that keeps the cursors between runs (directory 0700, file 0600). Without it the cursors
      live in memory and every start begins at O(start).
  start:
    description: Where an itemtype seen for the first time starts. V(now) (the server's clock), V(beginning) (every
      item), or a date (C(YYYY-MM-DD HH:MM:SS) in the server's time, or ISO 8601 with an offset).
    default: now
  interval:
    description: Seconds between two cycles.
    default: 60
  max_backoff:
    description: Longest delay in seconds between cycles while GLPI fails.
    default: 600
  overlap:
    description:
      - Seconds searched again before the cursor at each cycle, for the rows a slow GLPI request commits late
        (GLPI dates C(date_mod) at the start of its request); rows already reported are dropped (their id and
        C(date_mod) are kept in O(state_file) for that long). A row committed more than O(overlap) seconds after
        a later-dated row was read is missed. 0 searches from the cursor's second only.
    default: 60
  page_size:
    description: Rows per search request.
    default: 200
  max_cycles:
    description: Stop after this many cycles (tests, one-shot runs); 0 runs until cancelled.
    default: 0
"""

EXAMPLES = r"""
- name: React to GLPI
  hosts: all
  sources:
    - glpi.glpi.poll:
        itemtypes: [Ticket]
        criteria:
          - field: status
            searchtype: equals
            value: 2
        state_file: /var/lib/eda/glpi-tickets.json
        interval: 30
  rules:
    - name: A ticket assigned to the Linux group
      condition: event.itemtype == "Ticket" and "Linux" in event.item.assigned_groups
      action:
        run_playbook:
          name: linux_ticket.yml
"""

import asyncio
import logging
import os
import sys

try:
    import ansible_collections.glpi.glpi.plugins  # noqa: F401  pylint: disable=unused-import
except ImportError:
    # ansible-rulebook runs a source as a file (runpy): the collection's modules are importable only when the
    # directory that holds ansible_collections/ is on sys.path; it is seven levels above this file.
    sys.path.append(os.path.abspath(os.path.join(os.path.dirname(__file__), *([os.pardir] * 7))))

from ansible_collections.glpi.glpi.plugins.module_utils.client import GlpiClient  # noqa: E402
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiDependencyError, GlpiError, GlpiInputError  # noqa: E402
from ansible_collections.glpi.glpi.plugins.plugin_utils.glpi_poll import DEFAULT_OVERLAP, DEFAULT_PAGE_SIZE, Poller  # noqa: E402

LOGGER = logging.getLogger(__name__)
# The client's connection options the source takes, with their environment fallbacks (as modules read them).
_OPTIONS = {'url': 'GLPI_URL', 'app_token': 'GLPI_APP_TOKEN', 'user_token': 'GLPI_USER_TOKEN', 'username': 'GLPI_USERNAME',
            'password': 'GLPI_PASSWORD', 'ca_path': 'GLPI_CA_PATH', 'validate_certs': None, 'timeout': None, 'retries': None,
            'entity': None, 'entity_recursive': None, 'profile': None}


def client_options(args):
    """The client's options from the source's arguments, GLPI_* environment variables as fallbacks (the client
    gives the others their defaults)."""
    options = {}
    for name, env in _OPTIONS.items():
        value = args.get(name)
        if value is None and env:
            value = os.environ.get(env)
        if value is not None:
            options[name] = value
    # A long-running source keeps its session in memory (no session file shared with playbooks).
    options['session_cache'] = bool(args.get('session_cache', False))
    return options


def _itemtypes(args):
    itemtypes = args.get('itemtypes')
    if isinstance(itemtypes, str):
        itemtypes = [itemtypes]
    if not itemtypes:
        raise ValueError('glpi.glpi.poll: itemtypes is required (e.g. [Ticket])')
    return list(itemtypes)


class _Log:
    def debug(self, msg):
        LOGGER.debug(msg)

    def warn(self, msg):
        LOGGER.warning(msg)


async def main(queue, args):
    """Put the changes of GLPI items on ``queue`` every ``interval`` seconds (see DOCUMENTATION)."""
    interval = float(args.get('interval', 60))
    max_backoff = float(args.get('max_backoff', 600))
    max_cycles = int(args.get('max_cycles') or 0)
    client = GlpiClient(client_options(args), log=_Log())
    loop = asyncio.get_running_loop()
    try:
        poller = None
        cycles = failures = 0
        while not max_cycles or cycles < max_cycles:
            cycles += 1
            try:
                if poller is None:
                    poller = await loop.run_in_executor(None, _poller, client, args)
                events = await loop.run_in_executor(None, poller.cycle)
            except (GlpiInputError, GlpiDependencyError):
                raise   # the source's arguments are wrong: retrying cannot help
            except GlpiError as exc:
                failures += 1
                delay = min(max_backoff, interval * 2 ** failures)
                LOGGER.error('glpi.glpi.poll: cycle failed (%s); next try in %.0f s, cursor unchanged', exc, delay)
            else:
                failures = 0
                delay = interval
                for event in events:
                    await queue.put(event)
                poller.commit()
            if not max_cycles or cycles < max_cycles:
                await asyncio.sleep(delay)
    finally:
        await loop.run_in_executor(None, client.close)


def _poller(client, args):
    return Poller(client, _itemtypes(args), criteria=args.get('criteria'), deleted=bool(args.get('deleted', False)),
                  state_file=args.get('state_file'), start=args.get('start', 'now'),
                  page_size=int(args.get('page_size') or DEFAULT_PAGE_SIZE),
                  overlap=args.get('overlap', DEFAULT_OVERLAP))


if __name__ == '__main__':

    class _PrintQueue:
        async def put(self, event):
            print(event)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {'itemtypes': ['Computer'], 'interval': 10, 'max_cycles': 3}))
