"""Bad input across the modules, the lookup, the inventory plugin and the roles (issue 12).

Every case fails with a message that names the option and the value at fault, without a Python
traceback, and nothing is written: the cases of one kind run in one ansible-playbook (or
ansible-inventory) run whose write count, taken on the wire by the counting proxy, must be 0 on
the emulator as on a real GLPI. The two fixtures seed what some cases need (two computers and two
locations with the same name) before the counts start, and remove it at the end.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml
from ansible.module_utils.compat.version import LooseVersion
from ansible.release import __version__ as ansible_core_version

pytestmark = pytest.mark.integration

# ansible-core before 2.19 (scripts/test oldest runs 2.16): its own message for an option it could not
# convert names the option, not the value, and a task whose lookup failed has no 'changed' in its result.
CORE_BEFORE_2_19 = LooseVersion(ansible_core_version) < LooseVersion("2.19")

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "glpi_item: unknown itemtype", "outcome": "fails naming the itemtype; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: unknown field", "outcome": "fails naming fields and the field; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: unknown dropdown name", "outcome": "fails naming fields.locations_id and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: ambiguous dropdown name", "outcome": "fails naming fields.locations_id, the name and both ids; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: ambiguous name (state present)", "outcome": "fails naming name, the value and both ids; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: ambiguous name (state absent)", "outcome": "fails naming name, the value and both ids; nothing deleted",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: unknown entity in fields", "outcome": "fails naming fields.entities_id and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: match key without a value", "outcome": "fails naming match and the key; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: empty element in items",
     "outcome": "fails naming match and name; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: items element not a dict", "outcome": "fails naming items; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: same object twice in a bulk", "outcome": "fails naming items[0], items[1] and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: same id twice in a bulk",
     "outcome": "fails naming items and the id; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: chunk_size 0", "outcome": "fails naming chunk_size and 0; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: malformed expected_sha1", "outcome": "fails naming expected_sha1 and the value; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: id not an integer", "outcome": "fails naming id and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: id that does not exist",
     "outcome": "fails naming id and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: unknown state", "outcome": "fails naming state and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item: items with id", "outcome": "fails naming items and id (mutually exclusive); nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item_info: unknown itemtype", "outcome": "fails naming the itemtype", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item_info: unknown field in filters", "outcome": "fails naming filters and the field", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item_info: unknown related", "outcome": "fails naming related and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item_info: id with filters",
     "outcome": "fails naming id and filters (mutually exclusive)", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_item_info: unknown sub itemtype",
     "outcome": "fails naming sub_itemtypes[0] and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: unknown itemtype", "outcome": "fails naming the itemtype", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: unknown criteria field",
     "outcome": "fails naming criteria[0].field and the field", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: searchtype not offered by the field", "outcome": "fails naming criteria[0], the searchtype and the field",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: unknown link", "outcome": "fails naming criteria[0] and the link", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: criterion without field", "outcome": "fails naming criteria[0] and field", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: unknown sort field", "outcome": "fails naming sort and the field", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_search: negative max_rows", "outcome": "fails naming max_rows and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: priority out of range",
     "outcome": "fails naming priority and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: unknown urgency word",
     "outcome": "fails naming urgency and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: unknown category",
     "outcome": "fails naming category and the name; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: unknown itemtype in items", "outcome": "fails naming items[0].itemtype and the value; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: items entry without name or id", "outcome": "fails naming items, name and id; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: ambiguous item name", "outcome": "fails naming items[0].name, the name and both ids; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: unknown requester",
     "outcome": "fails naming requesters[0] and the login; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: state solved without solution", "outcome": "fails naming state, solved and solution; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: ambiguous location", "outcome": "fails naming location, the name and both ids; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_ticket: unknown assigned group", "outcome": "fails naming assigned_groups[0] and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: malformed email",
     "outcome": "fails naming emails[0] and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: same email twice",
     "outcome": "fails naming emails and the address; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: impossible begin_date",
     "outcome": "fails naming begin_date and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: end_date before begin_date", "outcome": "fails naming end_date, begin_date and both values; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: unknown profile", "outcome": "fails naming profiles[0].profile and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: unknown entity of a profile", "outcome": "fails naming profiles[0].entity and the name; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: unknown group",
     "outcome": "fails naming groups[0] and the name; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: ambiguous location", "outcome": "fails naming locations_id, the name and both ids; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: unknown field", "outcome": "fails naming the field; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_user: is_active not a boolean",
     "outcome": "fails naming is_active and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_entity: unknown parent",
     "outcome": "fails naming parent and the path; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_entity: path with name", "outcome": "fails naming path and name (mutually exclusive); nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_entity: malformed email",
     "outcome": "fails naming email and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_entity: latitude not a number",
     "outcome": "fails naming latitude and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_entity: unknown field",
     "outcome": "fails naming fields and the field; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_massive_action: unknown action",
     "outcome": "fails naming action and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_massive_action: ids not integers",
     "outcome": "fails naming ids and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_massive_action: neither ids nor criteria", "outcome": "fails naming ids and criteria; nothing written",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_massive_action: unknown field",
     "outcome": "fails naming field and the value; nothing written", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: url without http(s) scheme",
     "outcome": "fails naming url and the value; no request", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: url with another scheme",
     "outcome": "fails naming url and the value; no request", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: unknown entity", "outcome": "fails naming entity and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: unknown profile", "outcome": "fails naming profile and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: negative timeout",
     "outcome": "fails naming timeout and the value (was a Python error)", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: negative retries",
     "outcome": "fails naming retries and the value (was accepted)", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "connection: auth_method basic without username", "outcome": "fails naming username and auth_method=basic",
     "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_lookup: unknown itemtype", "outcome": "fails naming the itemtype", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_lookup: unknown keyword", "outcome": "fails naming the keyword (was ignored)", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_lookup: unknown field in fields", "outcome": "fails naming fields and the field", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_lookup: id not an integer", "outcome": "fails naming id and the value", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_lookup: no itemtype", "outcome": "fails asking for the itemtype (was an empty list)", "test": "test_module_bad_input"},
    {"area": "Bad input", "case": "glpi_inventory: unknown itemtype", "outcome": "fails naming itemtypes and the value", "test": "test_inventory_bad_input"},
    {"area": "Bad input", "case": "glpi_inventory: unknown filter field", "outcome": "fails naming the field", "test": "test_inventory_bad_input"},
    {"area": "Bad input", "case": "glpi_inventory: negative timeout", "outcome": "fails naming timeout and the value", "test": "test_inventory_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: person without login", "outcome": "fails naming login and hr_onboarding_users; nothing written",
     "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: users not a list of dicts",
     "outcome": "fails naming hr_onboarding_users; nothing written", "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: same login twice (other case)",
     "outcome": "fails naming the login; nothing written", "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: malformed email",
     "outcome": "fails naming the login and the value; nothing written", "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: unknown profile",
     "outcome": "fails naming Profile and the name; nothing written", "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_onboarding: ambiguous asset",
     "outcome": "fails naming the asset name and both ids; nothing written", "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_offboarding: unknown login", "outcome": "fails naming the login and hr_offboarding_missing; nothing written",
     "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_offboarding: unknown hr_offboarding_missing",
     "outcome": "fails naming hr_offboarding_missing and the value; nothing written",
     "test": "test_role_bad_input"},
    {"area": "Bad input", "case": "hr_offboarding: unknown itemtype", "outcome": "fails naming the itemtype; nothing written", "test": "test_role_bad_input"},
]

ITEM, INFO, SEARCH = "glpi.glpi.glpi_item", "glpi.glpi.glpi_item_info", "glpi.glpi.glpi_search"
TICKET, USER, ENTITY, MASSIVE = "glpi.glpi.glpi_ticket", "glpi.glpi.glpi_user", "glpi.glpi.glpi_entity", "glpi.glpi.glpi_massive_action"
UPDATE = "MassiveAction:update"


def _lookup(args):
    return {"ansible.builtin.set_fact": {"value": "{{ lookup('glpi.glpi.glpi_lookup'%s) }}" % args}}


# case -> (task, texts the message must contain). "TAG" is replaced by a suffix unique to the run;
# "DUP1"/"DUP2" and "LOC1"/"LOC2" by the ids of the seeded computers and locations.
MODULE_CASES = {
    "glpi_item: unknown itemtype": ({ITEM: {"itemtype": "NoSuchType", "fields": {"name": "bi-TAG"}}}, ["itemtype", "NoSuchType"]),
    "glpi_item: unknown field": ({ITEM: {"itemtype": "Computer", "fields": {"name": "bi-TAG", "nosuchfield": 1}}}, ["fields", "nosuchfield"]),
    "glpi_item: unknown dropdown name": ({ITEM: {"itemtype": "Computer", "fields": {"name": "bi-TAG", "locations_id": "bi-TAG-none"}}},
                                         ["fields.locations_id", "bi-TAG-none"]),
    "glpi_item: ambiguous dropdown name": ({ITEM: {"itemtype": "Computer", "fields": {"name": "bi-TAG", "locations_id": "bi-TAG-loc"}}},
                                           ["fields.locations_id", "bi-TAG-loc", "LOC1", "LOC2"]),
    "glpi_item: ambiguous name (state present)": ({ITEM: {"itemtype": "Computer", "fields": {"name": "bi-TAG-dup", "serial": "S1"}}},
                                                  ["name", "bi-TAG-dup", "DUP1", "DUP2"]),
    "glpi_item: ambiguous name (state absent)": ({ITEM: {"itemtype": "Computer", "state": "absent", "fields": {"name": "bi-TAG-dup"}}},
                                                 ["name", "bi-TAG-dup", "DUP1", "DUP2"]),
    "glpi_item: unknown entity in fields": ({ITEM: {"itemtype": "Computer", "fields": {"name": "bi-TAG", "entities_id": "bi-TAG-noent"}}},
                                            ["fields.entities_id", "bi-TAG-noent"]),
    "glpi_item: match key without a value": ({ITEM: {"itemtype": "Computer", "match": ["serial"], "fields": {"name": "bi-TAG"}}}, ["match", "serial"]),
    "glpi_item: empty element in items": ({ITEM: {"itemtype": "Computer", "items": [{}]}}, ["match", "name"]),
    "glpi_item: items element not a dict": ({ITEM: {"itemtype": "Computer", "items": ["bi-TAG"]}}, ["items", "dict"]),
    "glpi_item: same object twice in a bulk": ({ITEM: {"itemtype": "Computer", "items": [{"name": "bi-TAG-a"}, {"name": "bi-TAG-a", "serial": "2"}]}},
                                               ["items[0]", "items[1]", "bi-TAG-a"]),
    "glpi_item: same id twice in a bulk": ({ITEM: {"itemtype": "Computer", "items": [{"id": "DUP1", "comment": "a"}, {"id": "DUP1", "comment": "b"}]}},
                                           ["items[1]", "DUP1"]),
    "glpi_item: chunk_size 0": ({ITEM: {"itemtype": "Computer", "chunk_size": 0, "items": [{"name": "bi-TAG"}]}}, ["chunk_size", "0"]),
    "glpi_item: malformed expected_sha1": ({ITEM: {"itemtype": "Computer", "id": "DUP1", "fields": {"comment": "x"}, "expected_sha1": "xyz"}},
                                           ["expected_sha1", "'xyz'"]),
    "glpi_item: id not an integer": ({ITEM: {"itemtype": "Computer", "id": "abc"}}, ["id", "abc"]),
    "glpi_item: id that does not exist": ({ITEM: {"itemtype": "Computer", "id": 987654321, "fields": {"comment": "x"}}}, ["id", "987654321"]),
    "glpi_item: unknown state": ({ITEM: {"itemtype": "Computer", "state": "gone", "fields": {"name": "bi-TAG"}}}, ["state", "gone"]),
    "glpi_item: items with id": ({ITEM: {"itemtype": "Computer", "id": 1, "items": [{"name": "bi-TAG"}]}}, ["items", "id", "mutually exclusive"]),
    "glpi_item_info: unknown itemtype": ({INFO: {"itemtype": "NoSuchType"}}, ["itemtype", "NoSuchType"]),
    "glpi_item_info: unknown field in filters": ({INFO: {"itemtype": "Computer", "filters": {"nosuchfield": "x"}}}, ["filters", "nosuchfield"]),
    "glpi_item_info: unknown related": ({INFO: {"itemtype": "Computer", "related": ["nosuch"]}}, ["related", "nosuch"]),
    "glpi_item_info: id with filters": ({INFO: {"itemtype": "Computer", "id": 1, "filters": {"name": "x"}}}, ["id", "filters", "mutually exclusive"]),
    "glpi_item_info: unknown sub itemtype": ({INFO: {"itemtype": "Computer", "id": "DUP1", "sub_itemtypes": ["NoSuchSub"]}},
                                             ["sub_itemtypes[0]", "NoSuchSub"]),
    "glpi_search: unknown itemtype": ({SEARCH: {"itemtype": "NoSuchType"}}, ["itemtype", "NoSuchType"]),
    "glpi_search: unknown criteria field": ({SEARCH: {"itemtype": "Computer", "criteria": [{"field": "nosuchfield", "searchtype": "contains", "value": "x"}]}},
                                            ["criteria[0].field", "nosuchfield"]),
    "glpi_search: searchtype not offered by the field": (
        {SEARCH: {"itemtype": "Computer", "criteria": [{"field": "name", "searchtype": "resembles", "value": "x"}]}},
        ["criteria[0]", "searchtype", "resembles", "name"]),
    "glpi_search: unknown link": ({SEARCH: {"itemtype": "Computer", "criteria": [{"link": "XOR", "field": "name", "searchtype": "contains", "value": "x"}]}},
                                  ["criteria[0]", "link", "XOR"]),
    "glpi_search: criterion without field": ({SEARCH: {"itemtype": "Computer", "criteria": [{"searchtype": "contains", "value": "x"}]}},
                                             ["criteria[0]", "field"]),
    "glpi_search: unknown sort field": ({SEARCH: {"itemtype": "Computer", "sort": "nosuchfield"}}, ["sort", "nosuchfield"]),
    "glpi_search: negative max_rows": ({SEARCH: {"itemtype": "Computer", "max_rows": -5}}, ["max_rows", "-5"]),
    "glpi_ticket: priority out of range": ({TICKET: {"name": "bi-TAG", "content": "c", "priority": 9}}, ["priority", "9"]),
    "glpi_ticket: unknown urgency word": ({TICKET: {"name": "bi-TAG", "content": "c", "urgency": "superhigh"}}, ["urgency", "superhigh"]),
    "glpi_ticket: unknown category": ({TICKET: {"name": "bi-TAG", "content": "c", "category": "bi-TAG-nocat"}}, ["category", "bi-TAG-nocat"]),
    "glpi_ticket: unknown itemtype in items": ({TICKET: {"name": "bi-TAG", "content": "c", "items": [{"itemtype": "NoSuchType", "name": "x"}]}},
                                               ["items[0].itemtype", "NoSuchType"]),
    "glpi_ticket: items entry without name or id": ({TICKET: {"name": "bi-TAG", "content": "c", "items": [{"itemtype": "Computer"}]}},
                                                    ["items", "name", "id"]),
    "glpi_ticket: ambiguous item name": ({TICKET: {"name": "bi-TAG", "content": "c", "items": [{"itemtype": "Computer", "name": "bi-TAG-dup"}]}},
                                         ["items[0].name", "bi-TAG-dup", "DUP1", "DUP2"]),
    "glpi_ticket: unknown requester": ({TICKET: {"name": "bi-TAG", "content": "c", "requesters": ["bi-TAG-nouser"]}}, ["requesters[0]", "bi-TAG-nouser"]),
    "glpi_ticket: state solved without solution": ({TICKET: {"name": "bi-TAG", "content": "c", "state": "solved"}}, ["state", "solved", "solution"]),
    "glpi_ticket: ambiguous location": ({TICKET: {"name": "bi-TAG", "content": "c", "location": "bi-TAG-loc"}}, ["location", "bi-TAG-loc", "LOC1", "LOC2"]),
    "glpi_ticket: unknown assigned group": ({TICKET: {"name": "bi-TAG", "content": "c", "assigned_groups": ["bi-TAG-nogroup"]}},
                                            ["assigned_groups[0]", "bi-TAG-nogroup"]),
    "glpi_user: malformed email": ({USER: {"name": "bi-TAG", "emails": ["not-an-email"]}}, ["emails[0]", "not-an-email"]),
    "glpi_user: same email twice": ({USER: {"name": "bi-TAG", "emails": ["bi@example.com", "bi@example.com"]}}, ["emails", "bi@example.com"]),
    "glpi_user: impossible begin_date": ({USER: {"name": "bi-TAG", "begin_date": "2026-13-45"}}, ["begin_date", "2026-13-45"]),
    "glpi_user: end_date before begin_date": ({USER: {"name": "bi-TAG", "begin_date": "2026-05-01", "end_date": "2026-01-01"}},
                                              ["end_date", "begin_date", "2026-01-01", "2026-05-01"]),
    "glpi_user: unknown profile": ({USER: {"name": "bi-TAG", "profiles": [{"profile": "bi-TAG-noprofile"}]}}, ["profiles[0].profile", "bi-TAG-noprofile"]),
    "glpi_user: unknown entity of a profile": ({USER: {"name": "bi-TAG", "profiles": [{"profile": "Technician", "entity": "bi-TAG-noent"}]}},
                                               ["profiles[0].entity", "bi-TAG-noent"]),
    "glpi_user: unknown group": ({USER: {"name": "bi-TAG", "groups": ["bi-TAG-nogroup"]}}, ["groups[0]", "bi-TAG-nogroup"]),
    "glpi_user: ambiguous location": ({USER: {"name": "bi-TAG", "locations_id": "bi-TAG-loc"}}, ["locations_id", "bi-TAG-loc", "LOC1", "LOC2"]),
    "glpi_user: unknown field": ({USER: {"name": "bi-TAG", "fields": {"nosuchfield": 1}}}, ["nosuchfield"]),
    "glpi_user: is_active not a boolean": ({USER: {"name": "bi-TAG", "is_active": "maybe"}}, ["is_active", "maybe"]),
    "glpi_entity: unknown parent": ({ENTITY: {"name": "bi-TAG", "parent": "bi-TAG-noparent"}}, ["parent", "bi-TAG-noparent"]),
    "glpi_entity: path with name": ({ENTITY: {"name": "bi-TAG", "path": "Root entity > bi-TAG"}}, ["path", "name", "mutually exclusive"]),
    "glpi_entity: malformed email": ({ENTITY: {"name": "bi-TAG", "email": "not-an-email"}}, ["email", "not-an-email"]),
    "glpi_entity: latitude not a number": ({ENTITY: {"name": "bi-TAG", "latitude": "north"}}, ["latitude", "north"]),
    "glpi_entity: unknown field": ({ENTITY: {"name": "bi-TAG", "fields": {"nosuchfield": 1}}}, ["fields", "nosuchfield"]),
    "glpi_massive_action: unknown action": ({MASSIVE: {"itemtype": "Computer", "action": "NoSuchAction", "ids": ["DUP1"]}}, ["action", "NoSuchAction"]),
    "glpi_massive_action: ids not integers": ({MASSIVE: {"itemtype": "Computer", "action": UPDATE, "ids": ["abc"]}}, ["ids", "abc"]),
    "glpi_massive_action: neither ids nor criteria": ({MASSIVE: {"itemtype": "Computer", "action": UPDATE, "field": "comment", "value": "x"}},
                                                      ["ids", "criteria"]),
    "glpi_massive_action: unknown field": ({MASSIVE: {"itemtype": "Computer", "action": UPDATE, "ids": ["DUP1"], "field": "nosuchfield", "value": "x"}},
                                           ["field", "nosuchfield"]),
    "connection: url without http(s) scheme": ({INFO: {"itemtype": "Computer", "url": "not a url"}}, ["url", "not a url"]),
    "connection: url with another scheme": ({INFO: {"itemtype": "Computer", "url": "ftp://127.0.0.1/apirest.php"}}, ["url", "ftp://127.0.0.1/apirest.php"]),
    "connection: unknown entity": ({INFO: {"itemtype": "Computer", "entity": "bi-TAG-noent"}}, ["entity", "bi-TAG-noent"]),
    "connection: unknown profile": ({INFO: {"itemtype": "Computer", "profile": "bi-TAG-noprofile"}}, ["profile", "bi-TAG-noprofile"]),
    "connection: negative timeout": ({INFO: {"itemtype": "Computer", "timeout": -1}}, ["timeout", "-1"]),
    "connection: negative retries": ({INFO: {"itemtype": "Computer", "retries": -1}}, ["retries", "-1"]),
    "connection: auth_method basic without username": ({INFO: {"itemtype": "Computer", "auth_method": "basic"}}, ["username", "auth_method=basic"]),
    "glpi_lookup: unknown itemtype": (_lookup(", 'NoSuchType', id=1"), ["glpi_lookup", "itemtype", "NoSuchType"]),
    "glpi_lookup: unknown keyword": (_lookup(", 'Computer', nosuchoption=1"), ["glpi_lookup", "nosuchoption"]),
    "glpi_lookup: unknown field in fields": (_lookup(", 'Computer', fields={'nosuchfield': 'x'}"), ["glpi_lookup", "fields", "nosuchfield"]),
    "glpi_lookup: id not an integer": (_lookup(", 'Computer', id='abc'"), ["glpi_lookup", "id", "abc"]),
    "glpi_lookup: no itemtype": (_lookup(""), ["glpi_lookup", "itemtype"]),
}

INVENTORY_CASES = {
    "glpi_inventory: unknown itemtype": ({"itemtypes": ["NoSuchType"]}, ["NoSuchType"]),
    "glpi_inventory: unknown filter field": ({"filters": {"nosuchfield": "x"}}, ["nosuchfield"]),
    "glpi_inventory: negative timeout": ({"timeout": -1}, ["timeout", "-1"]),
}

# case -> (role, role variables, texts the message must contain)
ROLE_CASES = {
    "hr_onboarding: person without login": ("hr_onboarding", {"hr_onboarding_users": [{"firstname": "x"}]}, ["login", "hr_onboarding_users"]),
    "hr_onboarding: users not a list of dicts": ("hr_onboarding", {"hr_onboarding_users": "bi-TAG"}, ["hr_onboarding_users", "dict"]),
    "hr_onboarding: same login twice (other case)": ("hr_onboarding", {"hr_onboarding_users": [{"login": "bi-TAG-a"}, {"login": "BI-TAG-A"}]},
                                                     ["bi-TAG-a", "more than once"]),
    "hr_onboarding: malformed email": ("hr_onboarding", {"hr_onboarding_users": [{"login": "bi-TAG-b", "emails": ["nope"]}]}, ["bi-TAG-b", "'nope'", "email"]),
    "hr_onboarding: unknown profile": ("hr_onboarding", {"hr_onboarding_users": [{"login": "bi-TAG-b", "profile": "bi-TAG-noprofile"}]},
                                       ["Profile", "bi-TAG-noprofile"]),
    "hr_onboarding: ambiguous asset": ("hr_onboarding",
                                       {"hr_onboarding_users": [{"login": "bi-TAG-b", "assets": [{"itemtype": "Computer", "name": "bi-TAG-dup"}]}]},
                                       ["bi-TAG-dup", "DUP1", "DUP2"]),
    "hr_offboarding: unknown login": ("hr_offboarding", {"hr_offboarding_users": ["bi-TAG-nouser"]}, ["bi-TAG-nouser", "hr_offboarding_missing"]),
    "hr_offboarding: unknown hr_offboarding_missing": ("hr_offboarding", {"hr_offboarding_users": ["bi-TAG-leaver"], "hr_offboarding_missing": "ignore"},
                                                       ["hr_offboarding_missing", "ignore"]),
    "hr_offboarding: unknown itemtype": ("hr_offboarding", {"hr_offboarding_users": ["bi-TAG-leaver"], "hr_offboarding_itemtypes": ["NoSuchType"]},
                                         ["itemtype", "NoSuchType"]),
}


def _bad_input_cases(test):
    return [row["case"] for row in RELIABILITY_CASES if row["test"] == test]


def test_every_case_is_in_the_table():
    table = set(row["case"] for row in RELIABILITY_CASES)
    assert len(table) == len(RELIABILITY_CASES) >= 40
    assert table == set(MODULE_CASES) | set(INVENTORY_CASES) | set(ROLE_CASES)
    assert all(row["area"] == "Bad input" for row in RELIABILITY_CASES)


class Seeded:
    """The unique tag and the ids the cases refer to, and a substitution of them in any value."""

    def __init__(self, tag, computers, locations, user):
        self.tag = tag
        self.user = user
        self.names = {"DUP1": computers[0], "DUP2": computers[1], "LOC1": locations[0], "LOC2": locations[1]}

    def fill(self, value):
        text = json.dumps(value).replace("TAG", self.tag)
        for name, ident in self.names.items():
            text = text.replace('"%s"' % name, str(ident)).replace(name, str(ident))
        return json.loads(text)

    def text(self, value):
        text = value.replace("TAG", self.tag)
        for name, ident in self.names.items():
            text = text.replace(name, str(ident))
        return text


@pytest.fixture(scope="module")
def seeded(glpi_server):
    tag = uuid.uuid4().hex[:8]
    client = glpi_server.api_client()
    try:
        computers = [row["id"] for row in client.add("Computer", [{"name": "bi-%s-dup" % tag}, {"name": "bi-%s-dup" % tag}])]
        parents = [row["id"] for row in client.add("Location", [{"name": "bi-%s-p1" % tag}, {"name": "bi-%s-p2" % tag}])]
        locations = [row["id"] for row in client.add("Location", [{"name": "bi-%s-loc" % tag, "locations_id": parents[0]},
                                                                  {"name": "bi-%s-loc" % tag, "locations_id": parents[1]}])]
        user = client.add("User", {"name": "bi-%s-leaver" % tag})["id"]
        yield Seeded(tag, computers, locations, user)
        client.delete("User", [user], force_purge=True)
        client.delete("Computer", computers, force_purge=True)
        client.delete("Location", locations + parents, force_purge=True)
    finally:
        client.close()


def _assert_clear(message, expected):
    assert "Traceback" not in message and "Module failed" not in message, message
    for text in expected:
        assert text in message, (text, message)


class Outcome:
    def __init__(self, results, counts):
        self.results = results
        self.counts = counts


@pytest.fixture(scope="module")
def module_run(glpi_server, module_playbook, seeded):
    """Every module and lookup case in one ansible-playbook run, counted on the wire."""
    names = _bad_input_cases("test_module_bad_input")
    tasks = [dict(seeded.fill(MODULE_CASES[name][0]), name=name) for name in names]
    glpi_server.proxy.reset()
    run = module_playbook.run(tasks, extra_env={"GLPI_URL": glpi_server.base_url, "GLPI_APP_TOKEN": glpi_server.app_token,
                                                "GLPI_USER_TOKEN": glpi_server.user_token})
    return Outcome(dict(zip(names, run.results)), glpi_server.proxy.read())


@pytest.mark.parametrize("case", _bad_input_cases("test_module_bad_input"))
def test_module_bad_input(module_run, seeded, case):
    result = module_run.results[case]
    expected = [seeded.text(text) for text in MODULE_CASES[case][1]]
    assert result.get("failed") is True, result
    if CORE_BEFORE_2_19 and case.startswith("glpi_lookup"):
        assert "changed" not in result, result
    else:
        assert result.get("changed") is False, result
    if CORE_BEFORE_2_19 and "we were unable to convert to" in result["msg"]:
        expected = expected[:1]  # the option's name; ansible-core < 2.19 leaves its value out
    _assert_clear(result["msg"], expected)
    assert module_run.counts["writes"] == 0, module_run.counts["by_endpoint"]


@pytest.fixture(scope="module")
def inventory_run(glpi_server, collections_path, tmp_path_factory, seeded):
    """ansible-inventory on each bad configuration: (return code, stderr) per case, and the counts."""
    workdir = tmp_path_factory.mktemp("bad-inventory")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1", ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD"):
        env.pop(name, None)
    glpi_server.proxy.reset()
    results = {}
    for index, name in enumerate(_bad_input_cases("test_inventory_bad_input")):
        config = {"plugin": "glpi.glpi.glpi_inventory", "url": glpi_server.base_url, "app_token": glpi_server.app_token,
                  "user_token": glpi_server.user_token, "session_cache": False, "filters": {"name": "^bi-%s" % seeded.tag}}
        config.update(INVENTORY_CASES[name][0])
        path = os.path.join(str(workdir), "case-%d.glpi.yml" % index)
        with open(path, "w") as handle:
            yaml.safe_dump(config, handle)
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)
        results[name] = (proc.returncode, proc.stderr)
    return Outcome(results, glpi_server.proxy.read())


@pytest.mark.parametrize("case", _bad_input_cases("test_inventory_bad_input"))
def test_inventory_bad_input(inventory_run, case):
    returncode, stderr = inventory_run.results[case]
    assert returncode != 0, stderr
    _assert_clear(stderr, INVENTORY_CASES[case][1])
    assert inventory_run.counts["writes"] == 0


def _role_play(cases, seeded, connection, out):
    """One block per case: include the role with the case's variables, keep its error message."""
    tasks = [{"ansible.builtin.set_fact": {"role_errors": {}}}]
    for name in cases:
        role, variables, _texts = ROLE_CASES[name]
        tasks.append({"name": name, "vars": seeded.fill(variables),
                      "block": [{"ansible.builtin.include_role": {"name": "glpi.glpi." + role}}],
                      "rescue": [{"ansible.builtin.set_fact": {
                          "role_errors": "{{ role_errors | combine({%s: ansible_failed_result.msg | default('')}) }}" % json.dumps(name)}}]})
    tasks.append({"ansible.builtin.copy": {"content": "{{ role_errors | to_json }}", "dest": out}})
    return [{"hosts": "localhost", "gather_facts": False, "module_defaults": {"group/glpi.glpi.glpi": connection}, "tasks": tasks}]


@pytest.fixture(scope="module")
def role_run(glpi_server, collections_path, tmp_path_factory, seeded):
    """Every role case in one ansible-playbook run, counted on the wire."""
    workdir = tmp_path_factory.mktemp("bad-roles")
    out, path = os.path.join(str(workdir), "errors.json"), os.path.join(str(workdir), "play.yml")
    connection = {"url": glpi_server.base_url, "app_token": glpi_server.app_token, "user_token": glpi_server.user_token}
    with open(path, "w") as handle:
        yaml.safe_dump(_role_play(_bad_input_cases("test_role_bad_input"), seeded, connection, out), handle, sort_keys=False)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="0")
    for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD"):
        env.pop(name, None)
    glpi_server.proxy.reset()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", "ansible_python_interpreter=%s" % sys.executable, path],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
    assert os.path.exists(out), proc.stdout[-6000:]
    with open(out) as handle:
        errors = json.load(handle)
    return Outcome(errors, glpi_server.proxy.read())


@pytest.mark.parametrize("case", _bad_input_cases("test_role_bad_input"))
def test_role_bad_input(role_run, seeded, case):
    assert case in role_run.results, "the role did not fail"
    _assert_clear(role_run.results[case], [seeded.text(text) for text in ROLE_CASES[case][2]])
    assert role_run.counts["writes"] == 0, role_run.counts["by_endpoint"]
