#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_search
short_description: Search GLPI with criteria written by field name
version_added: 0.1.0
description:
  - Runs GLPI's search engine (C(/search/Itemtype)), the one behind GLPI's list views, with
    criteria, groups, links and criteria on linked itemtypes written by field name instead of
    GLPI's numeric search option ids.
  - Field names are resolved through C(listSearchOptions), kept for an hour in
    C(~/.ansible/tmp/glpi_search_options/) (one file per server and itemtype, no secret in it).
    An unknown name fails with the closest valid names.
  - Every page is fetched. Results come back as a list of dicts keyed by field name.
  - Never changes anything.
author:
  - glpi.glpi contributors (@glpi-ansible)
extends_documentation_fragment:
  - glpi.glpi.connection
  - glpi.glpi.attributes
  - glpi.glpi.raw_text
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
options:
  itemtype:
    description:
      - The GLPI itemtype to search (V(Computer), V(Ticket), V(User), ...).
    type: str
    required: true
  criteria:
    description:
      - The search criteria, combined in order.
      - Each criterion is a dict with C(field), C(searchtype) (default V(contains)), C(value) and
        C(link) (V(AND) default, V(OR), V(AND NOT), V(OR NOT)).
      - C(field) names a search option by its uid without the itemtype (V(Location.completename),
        V(Infocom.buy_date)), by the column name for the item's own columns (V(name), V(serial),
        V(date_mod)), by the foreign key for a dropdown of the item (V(locations_id),
        V(manufacturers_id), V(users_id_tech)), by its full uid (V(Computer.Location.completename)),
        by its numeric id, by its short name (V(location), V(state), V(model), V(operating_system),
        V(ip_addresses), V(user_tech), the host var names of the C(glpi.glpi.glpi_inventory) inventory plugin) or by
        its display name (V(Inventory number)). A name is matched as written first, then in any case.
        A name shared by several options is refused with their ids.
      - C(searchtype) must be one the option offers, as C(listSearchOptions) lists them, among
        V(contains) and V(notcontains) (substring; V(^) and V($) anchor), V(equals) and
        V(notequals), V(lessthan) and V(morethan) (dates, numbers), V(under) and V(notunder) (trees).
      - For V(equals), V(notequals), V(under) and V(notunder) on a dropdown field, C(value) may be a
        name or a completename path (resolved exactly, like M(glpi.glpi.glpi_item) does) or an id.
        On the name column GLPI compares ids with V(equals), so use V(contains) with V(^name$).
      - A dict with C(link) and C(criteria) (a list of criteria) is a group, for example
        C(a AND (b OR c)).
      - A criterion with C(itemtype) applies to a linked itemtype (GLPI's meta criteria), its
        C(field) named in that itemtype's options, for example C(itemtype=NetworkPort, field=mac).
      - A V(contains) or V(notcontains) value with C(&), C(<) or C(>) (which GLPI 10.0 never matches) is
        searched by its longest part without them and compared on the client as GLPI 11.0 does, when the
        criterion is at the top level of criteria joined with V(AND) / V(AND NOT); elsewhere it fails naming
        the criterion on GLPI 10.0 and is sent as is to GLPI 11.0. See C(docs/search.md).
      - On a date option (datatype C(date), C(datetime) or C(date_delay)) the value must be C(YYYY-MM-DD),
        C(YYYY-MM-DD HH:MM[:SS]), ISO 8601 (C(2026-12-04T16:49:00), with C(Z) or C(+02:00) converted to the
        server's time; without an offset it is the server's time) or one of GLPI's relative forms (V(NOW),
        V(TODAY), V(BEGINMONTH), V(BEGINYEAR), V(ENDMONTH), V(ENDYEAR), V(LASTMONDAY) to V(LASTSUNDAY),
        V(-7DAY), V(2WEEK), C([-]N) with V(MINUTE), V(HOUR), V(DAY), V(WEEK), V(MONTH) or V(YEAR)). With
        V(contains) it is a part of C(YYYY-MM-DD HH:MM:SS) or V(NULL). Anything else fails naming the
        criterion before any search (GLPI would answer no row or every row). See C(docs/search.md).
    type: list
    elements: dict
    default: []
  metacriteria:
    description:
      - GLPI's separate C(metacriteria) list (criteria on linked itemtypes that also add a column
        keyed by GLPI's uid, for example C(NetworkPort.name)). Each needs C(itemtype).
      - Criteria with C(itemtype) in O(criteria) are usually simpler.
    type: list
    elements: dict
    default: []
  display:
    description:
      - Columns to return, by field name (same names as in O(criteria)); GLPI's C(forcedisplay).
      - GLPI always adds the name column (and the entity when several entities exist), each
        criterion's field and the sort field; the id is always added.
    type: list
    elements: str
    default: []
    aliases: [forcedisplay]
  sort:
    description:
      - Field to sort by (a field name as in O(criteria)); GLPI sorts by name by default.
    type: str
  order:
    description:
      - Sort order.
    type: str
    choices: [ASC, DESC]
    default: ASC
  is_deleted:
    description:
      - Search the trash instead of the active objects.
    type: bool
    default: false
  max_rows:
    description:
      - Stop after this many results (all of them by default).
      - When values are compared on the client (C(&), C(<), C(>) in O(criteria)), every page is read
        first and the limit applies to the compared rows.
    type: int
notes:
  - Over GLPI 11's v2 API (O(api_version=v2)) the criteria are translated to RSQL filters (V(contains), V(equals),
    V(notequals), V(lessthan), V(morethan) on the item's own fields and dropdowns, linked with V(AND), V(OR),
    V(AND NOT), V(OR NOT) and grouped); V(notcontains) and a negated V(contains) are checked on the client when
    ANDed at the top level (RSQL has no negated "like"); anything else fails naming the criterion. Dropdowns then
    come as their name (not the completename). See C(docs/api-v2.md).
  - Values are GLPI's display values, plain text on GLPI 10.0 and 11.0 alike (see O(raw_text)); dropdowns come as names
    (completename for trees), and columns with several values (IP addresses) as lists.
seealso:
  - module: glpi.glpi.glpi_item_info
  - plugin: glpi.glpi.glpi_lookup
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Computers named web-something in Paris, updated this year, with their serial and model
  glpi.glpi.glpi_search:
    itemtype: Computer
    criteria:
      - field: name
        value: ^web-
      - field: locations_id
        searchtype: under
        value: Paris
      - field: date_mod
        searchtype: morethan
        value: "2026-01-01 00:00:00"
    display: [serial, computermodels_id, locations_id]
    sort: name
  register: found

- name: Show them
  ansible.builtin.debug:
    msg: "{{ item.name }} {{ item.serial }} {{ item.locations_id }}"
  loop: "{{ found.records }}"

- name: Production servers, or anything made by Dell (a OR group inside an AND)
  glpi.glpi.glpi_search:
    itemtype: Computer
    criteria:
      - field: computertypes_id
        searchtype: equals
        value: Server
      - link: AND
        criteria:
          - field: states_id
            searchtype: equals
            value: Production
          - link: OR
            field: manufacturers_id
            value: Dell

- name: Computers with a network port whose MAC starts with 00:50:56
  glpi.glpi.glpi_search:
    itemtype: Computer
    criteria:
      - itemtype: NetworkPort
        field: mac
        value: ^00:50:56
"""

RETURN = r"""
records:
  description:
    - One dict per result, keyed by field name, with C(id).
    - Keys are the names used in O(display), O(criteria) and O(sort); other columns use their
      canonical name (column name, foreign key, or uid without the itemtype).
  returned: always
  type: list
  elements: dict
  sample: [{id: 7, name: web-01, serial: SN-0001, locations_id: "Paris > Floor 2"}]
count:
  description: The number of RV(records).
  returned: always
  type: int
  sample: 1
columns:
  description: What each key named by the task stands for in GLPI.
  returned: always
  type: dict
  sample: {serial: {id: 5, uid: Computer.serial, label: Serial number}}
"""

from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_search import run_search_v2
from ansible_collections.glpi.glpi.plugins.module_utils.module import RAW_TEXT_OPTION, run_module
from ansible_collections.glpi.glpi.plugins.module_utils.search_options import SearchFields
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
from ansible_collections.glpi.glpi.plugins.module_utils import validate


def run(module, client):
    params = module.params
    validate.at_least("max_rows", params["max_rows"], 1)
    query = SearchQuery(SearchFields(client), params["itemtype"], criteria=params["criteria"],
                        metacriteria=params["metacriteria"], display=params["display"],
                        sort=params["sort"], order=params["order"], is_deleted=params["is_deleted"])
    records = query.run(client, max_rows=params["max_rows"])
    return {"changed": False, "records": records, "count": len(records), "columns": query.columns()}


def argument_spec():
    return dict(
        itemtype=dict(type="str", required=True),
        criteria=dict(type="list", elements="dict", default=[]),
        metacriteria=dict(type="list", elements="dict", default=[]),
        display=dict(type="list", elements="str", default=[], aliases=["forcedisplay"]),
        sort=dict(type="str"),
        order=dict(type="str", choices=["ASC", "DESC"], default="ASC"),
        is_deleted=dict(type="bool", default=False),
        max_rows=dict(type="int"),
        raw_text=RAW_TEXT_OPTION,
    )


def main():
    run_module(argument_spec(), run, run_v2=run_search_v2)


if __name__ == "__main__":
    main()
