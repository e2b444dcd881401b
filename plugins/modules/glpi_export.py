#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_export
short_description: Export GLPI search rows to a JSON Lines or CSV file, incrementally
version_added: 0.1.0
description:
  - Runs GLPI's search engine (C(/search/Itemtype)) with fields and criteria written by name exactly as
    M(glpi.glpi.glpi_search) takes them, and writes every row to O(path) as JSON Lines (one object a line)
    or CSV, page by page (one page in memory at a time, whatever the number of rows).
  - With O(since), only rows modified after that time; with O(state_file), only rows modified after the
    previous run's settle point (see O(settle)). Within a run, rows are paged and ordered by (C(date_mod),
    C(id)), each page asking for the rows after the previous page's last one, so rows changed in the same
    second are neither lost nor repeated, and rows changed while the export runs are not skipped.
  - With O(state_file), each run exports only the rows whose C(date_mod) is at or before its settle point,
    GLPI's current time (C(glpi_currenttime) of C(getFullSession), one request) less O(settle) seconds, and
    then saves that second as the cursor; the next run exports the rows modified after it. GLPI stamps
    C(date_mod) with the time a request started, not the time its rows are committed, so a slow request
    writes rows with a C(date_mod) behind faster ones; leaving the last O(settle) seconds to the next run
    lets those rows land before their second is passed. Rows of the last O(settle) seconds therefore come
    in the next run, not this one. The limit is that a GLPI request running longer than O(settle) seconds can
    still write rows behind the cursor, and those are not exported.
  - The rows go to a temporary file in the directory of O(path), which is flushed, fsync'ed and renamed
    over O(path) only once the last page is in; the state file is then replaced the same way. A failure
    on the way (after the retries of the connection) leaves the previous file and state file untouched
    and says how many rows had been fetched. Should the state file then fail to be written, the task fails
    with C(changed=true) and the next run exports the same rows again (rows are delivered at least once,
    never lost).
  - When no row matches, O(path) and the state file are left as they were (not rewritten, not emptied)
    and the task reports C(changed=false) and zero RV(rows); a consumer loads O(path) only when RV(rows) is
    not zero.
  - Values are plain text (GLPI 10.0's HTML encoding undone, as M(glpi.glpi.glpi_search) does, unless
    O(raw_text)); date and time columns are ISO 8601 (C(2026-12-05T14:03:00)) in the server's local time,
    without an offset, because GLPI stores and sends local times without one (compare them with other
    exports from the same server, or convert with the server's timezone); dropdowns are their names
    (completename for trees), keyed as M(glpi.glpi.glpi_search) keys them (V(locations_id) holds
    C(Paris > Floor 2)), each followed by its id under the same key with C(_id) added
    (V(locations_id_id) holds C(12); see O(dropdown_ids)); columns with several values (IP addresses) are
    JSON lists in JSON Lines and JSON arrays in CSV cells.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
  - glpi.glpi.raw_text
attributes:
  check_mode:
    support: full
    details: Every page is fetched and counted (RV(rows)); nothing is written, neither O(path) nor the state file.
  diff_mode:
    support: none
options:
  itemtype:
    description:
      - The GLPI itemtype to export (V(Computer), V(Ticket), V(User), ...).
    type: str
    required: true
  fields:
    description:
      - Columns to export, by field name as in M(glpi.glpi.glpi_search)'s O(glpi.glpi.glpi_search#module:display).
      - GLPI always adds the name column, each criterion's field; this module adds C(id) and C(date_mod).
    type: list
    elements: str
    default: []
    aliases: [display]
  criteria:
    description:
      - Search criteria, in the format of M(glpi.glpi.glpi_search)'s O(glpi.glpi.glpi_search#module:criteria)
        (fields by name, groups, criteria on linked itemtypes, dates).
    type: list
    elements: dict
    default: []
  path:
    description:
      - The file to write. Its directory must exist and be writable; checked before any search.
      - Replaced as a whole by each run that finds rows (a new file gets 0666 less the umask; an existing file keeps its permissions).
    type: path
    required: true
  format:
    description:
      - V(jsonl) (JSON Lines, UTF-8, one object a line) or V(csv) (RFC 4180, UTF-8, a header line from
        the first row's keys, CRLF line ends, quotes doubled).
    type: str
    choices: [jsonl, csv]
    default: jsonl
  since:
    description:
      - Export only rows whose C(date_mod) is after this time, in any form M(glpi.glpi.glpi_search) takes in
        a date criterion (C(2026-12-01 00:00:00), ISO 8601 with an offset converted to the server's time,
        V(-7DAY), ...).
      - With O(state_file), used only on the first run (when the state file does not exist yet).
    type: str
  state_file:
    description:
      - A JSON file holding the cursor (the settle point of the last run that exported rows, a C(date_mod)).
        Each run exports the rows modified after it and up to its own settle point and, once O(path) is
        complete, writes the new cursor (mode 0600, atomically).
      - Absent or for another itemtype, the export starts from O(since), or with every row.
      - A state file written by an earlier version (the last row's C(date_mod) and C(id)) is read too; the
        next run exports the rows modified in that second or after it (rows of that second again, at least once).
    type: path
  settle:
    description:
      - With O(state_file), the seconds before GLPI's current time that a run leaves to the next one (see
        the description), so that rows written by a GLPI request running up to that long are not missed.
      - The default, 60, is twice PHP's default C(max_execution_time) (30 s; GLPI's API does not raise it).
        That limit counts PHP's own time, not the time spent waiting on the database, so it is a guide,
        not a bound; raise O(settle) if GLPI runs longer requests (large mass updates, imports). V(0)
        exports everything up to the current second, at the risk of missing the rows of a request still running.
      - Without O(state_file), not used (every matching row is exported).
    type: int
    default: 60
  page_size:
    description:
      - Rows a request (1 to 1000).
    type: int
    default: 1000
  dropdown_ids:
    description:
      - Add, after each dropdown column of the item (its own foreign keys, C(entities_id) included),
        the dropdown's id under the column's key with C(_id) added (V(locations_id_id) next to
        V(locations_id)); null when the column is empty.
      - GLPI's search gives dropdowns by name only (its C(rawdata) has no id for them), so the module
        lists each such dropdown itemtype once a run (C(GET /Location), every page, only when a row
        names one) and matches the names. A name that several items share (the same name in two
        entities), or that no item the user can list has (a location of an entity out of the user's
        scope, a translated name), gets a null id and is named in RV(dropdown_ids); no id is guessed.
        A user without the right to read that dropdown gets null ids for it (RV(dropdown_ids) says
        C(denied)); the export itself goes on.
      - V(false) exports names only, without the listings.
    type: bool
    default: true
notes:
  - Over GLPI 11's v2 API (O(api_version=v2)) the module fails before any request, naming C(api_version),
    since the v2 API has no search with GLPI's columns to export; use the legacy API (C(api_version=v1)).
  - Every row is read from one search, so the module needs the right to search the itemtype, and to read
    the dropdowns for their ids (O(dropdown_ids)).
seealso:
  - module: glpi.glpi.glpi_search
"""

EXAMPLES = r"""
- name: Every computer with its serial, model and location, as CSV
  glpi.glpi.glpi_export:
    itemtype: Computer
    fields: [serial, computermodels_id, locations_id, date_mod]
    path: /srv/bi/computers.csv
    format: csv

- name: Tickets changed since the previous run (the first run exports the last 30 days)
  glpi.glpi.glpi_export:
    itemtype: Ticket
    fields: [status, priority, date, itilcategories_id]
    criteria:
      - field: entities_id
        searchtype: under
        value: Root entity
    since: -30DAY
    state_file: /var/lib/bi/tickets.state.json
    path: /srv/bi/tickets.jsonl
  register: tickets

- name: Load the changes only when there are some
  ansible.builtin.command: /usr/local/bin/load-tickets /srv/bi/tickets.jsonl
  when: tickets.rows > 0
  changed_when: true
"""

RETURN = r"""
path:
  description: The absolute path of the file written (or that would be written in check mode).
  returned: always
  type: str
  sample: /srv/bi/computers.csv
rows:
  description: Rows written (counted in check mode).
  returned: always
  type: int
  sample: 1200
format:
  description: The format of RV(path).
  returned: always
  type: str
  sample: jsonl
since:
  description: O(since) in the server's time as sent to GLPI, or null (no O(since), or a state file was used).
  returned: always
  type: str
  sample: "2026-12-01 00:00:00"
start:
  description:
    - The cursor the run started from, as read from O(state_file) (C(date_mod) in GLPI's form; C(id) null,
      or the last row's id in a state file of an earlier version), all null for none.
  returned: always
  type: dict
  sample: {date_mod: "2026-12-05 10:00:00", id: null}
cursor:
  description:
    - With O(state_file), the cursor after the run, as written to it; the run's settle point (GLPI's time less
      O(settle)) when rows were exported, else the cursor it started from. C(id) is null.
    - Without O(state_file), the last row's C(date_mod) and C(id).
  returned: always
  type: dict
  sample: {date_mod: "2026-12-05 10:14:02", id: null}
pages:
  description: Search requests made for the rows (one a page, plus the last, shorter or empty one).
  returned: always
  type: int
  sample: 2
requests:
  description:
    - RV(pages) plus the listings of the dropdowns for O(dropdown_ids) (the search options, cached for an
      hour, and the C(getFullSession) that tells GLPI's time with O(state_file) are not counted).
  returned: always
  type: int
  sample: 2
state_file:
  description: The absolute path of O(state_file), or null.
  returned: always
  type: str
  sample: /var/lib/bi/tickets.state.json
dropdown_ids:
  description:
    - For each dropdown column met (O(dropdown_ids)), the itemtype listed, the items listed, the requests
      it took, the names (20 at most) whose id is null because several items have them (C(ambiguous))
      or none the user can list has (C(missing)), and GLPI's refusal when the user may not read that
      dropdown (C(denied), else null).
  returned: always
  type: dict
  sample: {locations_id: {itemtype: Location, listed: 40, requests: 1, ambiguous: [Lab], missing: [], denied: null}}
columns:
  description: What each key named by the task stands for in GLPI (as M(glpi.glpi.glpi_search) returns it).
  returned: always
  type: dict
  sample: {serial: {id: 5, uid: Computer.serial, label: Serial number}}
"""

from ansible_collections.glpi.glpi.plugins.module_utils.export import Export, run_export_v2
from ansible_collections.glpi.glpi.plugins.module_utils.export_rows import FORMATS
from ansible_collections.glpi.glpi.plugins.module_utils.module import RAW_TEXT_OPTION, run_module


def run(module, client):
    return Export(client, module.params).run(module.check_mode)


def argument_spec():
    return dict(
        itemtype=dict(type="str", required=True),
        fields=dict(type="list", elements="str", default=[], aliases=["display"]),
        criteria=dict(type="list", elements="dict", default=[]),
        path=dict(type="path", required=True),
        format=dict(type="str", choices=list(FORMATS), default="jsonl"),
        since=dict(type="str"),
        state_file=dict(type="path"),
        page_size=dict(type="int", default=1000),
        settle=dict(type="int", default=60),
        dropdown_ids=dict(type="bool", default=True),
        raw_text=RAW_TEXT_OPTION,
    )


def main():
    run_module(argument_spec(), run, run_v2=run_export_v2)


if __name__ == "__main__":
    main()
