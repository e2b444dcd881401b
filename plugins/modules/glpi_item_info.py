#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_item_info
short_description: Read GLPI items of any itemtype
version_added: 0.1.0
description:
  - Reads one GLPI object, by O(id) or by exact O(fields) values, or every object of an itemtype
    (optionally filtered with O(filters)), through GLPI's legacy REST API.
  - O(fields) follows the same matching rules as M(glpi.glpi.glpi_item), so a glpi_item task
    turned into a glpi_item_info task finds the same object.
  - Every page of a listing is fetched; the objects visible to the session (see O(entity) and
    O(entity_recursive)) are returned.
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
      - The GLPI itemtype, as GLPI spells it (V(Computer), V(NetworkEquipment), V(Location)).
    type: str
    required: true
  id:
    description:
      - Read the object with this id. RV(record) is V(null) when it does not exist or is not
        visible to the session.
    type: int
  fields:
    description:
      - Read the one object whose fields equal these values.
      - The comparison is exact (C(web_01) never matches C(web-01) or C(WEB_01)) after the
        normalisation M(glpi.glpi.glpi_item) uses (HTML-encoded storage, numbers, dates).
        Dropdown foreign keys (C(locations_id)) take a name, a completename path or an id.
      - An object in the trash is returned when no active object matches (its C(is_deleted) is 1).
      - More than one match is an error that lists the ids.
    type: dict
  filters:
    description:
      - List the objects whose fields contain these patterns, by GLPI field name.
      - GLPI's C(searchText) semantics, case- and accent-insensitive substring;
        V(^) anchors the start and V($) the end (V(^web-01$)).
      - A pattern with C(&), C(<) or C(>), which GLPI 10.0 never matches, is searched by its longest part
        without them and compared on the client with the same rules, on GLPI 10.0 and 11.0 alike.
      - Without O(id), O(fields) and O(filters), every object of the itemtype is listed.
    type: dict
  is_deleted:
    description:
      - List the objects in the trash instead of the active ones (listings only).
    type: bool
    default: false
  expand_dropdowns:
    description:
      - Show dropdown fields (C(locations_id), C(entities_id), ...) by name instead of id.
    type: bool
    default: false
  related:
    description:
      - Related data GLPI adds to each object (its C(with_<name>) flags), under C(_<name>) keys,
        for example V(networkports) gives C(_networkports) and V(infocoms) gives C(_infocoms).
      - GLPI offers them on single reads only, so a listing costs one more request per object.
    type: list
    elements: str
    choices: [devices, disks, softwares, connections, networkports, infocoms, contracts, documents,
              tickets, problems, changes, notes, logs]
    default: []
  sub_itemtypes:
    description:
      - Sub itemtypes to read for each object (C(GET /Itemtype/id/SubItemtype)), returned under
        C(_sub_items.<SubItemtype>), for example V(Item_OperatingSystem), V(NetworkPort) or V(Infocom).
      - One request per object and sub itemtype.
    type: list
    elements: str
    default: []
notes:
  - Text is plain on GLPI 10.0 and 11.0 alike (C(a & b), not C(a &#38; b)); see O(raw_text). RV(sha1) is computed
    on the text as GLPI sent it, so it is GLPI's own value either way.
  - For searches on linked data (location names, dates ranges, OR groups) use M(glpi.glpi.glpi_search).
  - Over GLPI 11's v2 API (O(api_version=v2)) records have the same keys as over the legacy API for the fields v2
    exposes (dropdowns as C(locations_id) ids, or names with O(expand_dropdowns)); RV(sha1) is V(null) (v2 has no
    get_sha1), O(related) and O(sub_itemtypes) fail, and dropdowns in O(fields) take an id or a name (not a
    completename path). See C(docs/api-v2.md).
seealso:
  - module: glpi.glpi.glpi_item
  - module: glpi.glpi.glpi_search
  - plugin: glpi.glpi.glpi_lookup
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: One computer by name (exact)
  glpi.glpi.glpi_item_info:
    itemtype: Computer
    fields:
      name: web-01
  register: web

- name: Use it
  ansible.builtin.debug:
    msg: "{{ web.record.serial }} (id {{ web.id }})"
  when: web.record is not none

- name: One computer by id, dropdowns by name, with its network ports and operating system
  glpi.glpi.glpi_item_info:
    itemtype: Computer
    id: 42
    expand_dropdowns: true
    related: [networkports, infocoms]
    sub_itemtypes: [Item_OperatingSystem]

- name: Every computer whose name starts with web, in the trash
  glpi.glpi.glpi_item_info:
    itemtype: Computer
    filters:
      name: ^web
    is_deleted: true
  register: trashed

- name: Every location
  glpi.glpi.glpi_item_info:
    itemtype: Location
  register: locations

- name: Update a computer only if nobody changed it since it was read
  glpi.glpi.glpi_item:
    itemtype: Computer
    id: "{{ web.id }}"
    expected_sha1: "{{ web.sha1 }}"
    fields:
      comment: checked
"""

RETURN = r"""
record:
  description: The object, or V(null) when none matches.
  returned: when O(id) or O(fields) is given
  type: dict
  sample: {id: 42, name: web-01, serial: SN-0001, locations_id: 3, is_deleted: 0}
id:
  description: The id of RV(record) (V(null) when none matches).
  returned: when O(id) or O(fields) is given
  type: int
  sample: 42
sha1:
  description:
    - GLPI's C(get_sha1) value of RV(record), usable as O(glpi.glpi.glpi_item#module:expected_sha1).
    - Only when the object was read as is (no O(expand_dropdowns), O(related) or O(sub_itemtypes)).
  returned: when RV(record) is returned
  type: str
  sample: 3f786850e387550fdab836ed7e6dc881de23001b
records:
  description: The objects read (one element or none with O(id) or O(fields)).
  returned: always
  type: list
  elements: dict
count:
  description: The number of RV(records).
  returned: always
  type: int
  sample: 12
"""

from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_items import reader_for
from ansible_collections.glpi.glpi.plugins.module_utils.item_reader import RELATED
from ansible_collections.glpi.glpi.plugins.module_utils.module import RAW_TEXT_OPTION, run_module
from ansible_collections.glpi.glpi.plugins.module_utils.resource import item_sha1, listed_as_read


def run(module, client):
    params = module.params
    reader = reader_for(client, params["itemtype"], expand_dropdowns=params["expand_dropdowns"],
                        related=params["related"], sub_itemtypes=params["sub_itemtypes"])
    if params["id"] is None and not params["fields"]:
        records = reader.all(filters=params["filters"], is_deleted=params["is_deleted"])
        return {"changed": False, "records": records, "count": len(records)}
    if params["id"] is not None:
        record = reader.by_id(params["id"])
    else:
        record = reader.by_fields(params["fields"])
    result = {"changed": False, "record": record, "id": record["id"] if record else None,
              "records": [record] if record else [], "count": 1 if record else 0}
    if record is not None:
        result["sha1"] = _sha1(client, params, reader, record)
    return result


def _sha1(client, params, reader, record):
    """Computed from a plain read by id, or from a listed row (found by fields) that is what a read
    by id gives; GLPI is asked otherwise (GLPI 11.0 list rows lack groups_id)."""
    if not reader.plain or getattr(client, "api_version", "v1") == "v2":
        return None  # GLPI's v2 API has no get_sha1
    if params["id"] is not None or listed_as_read(params["itemtype"], record):
        return item_sha1(record)
    return client.get_item(params["itemtype"], record["id"], get_sha1=True)


def argument_spec():
    return dict(
        itemtype=dict(type="str", required=True),
        id=dict(type="int"),
        fields=dict(type="dict"),
        filters=dict(type="dict"),
        is_deleted=dict(type="bool", default=False),
        raw_text=RAW_TEXT_OPTION,
        expand_dropdowns=dict(type="bool", default=False),
        related=dict(type="list", elements="str", choices=list(RELATED), default=[]),
        sub_itemtypes=dict(type="list", elements="str", default=[]),
    )


def main():
    run_module(argument_spec(), run, run_v2=run, mutually_exclusive=[("id", "fields"), ("id", "filters"), ("fields", "filters")])


if __name__ == "__main__":
    main()
