# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi_entity over GLPI 11's v2 API (``Administration/Entity``): the same plan, checks and report
(``entity_tasks.ensure_entity`` over the tree of ``entities.py``), over :class:`HlEntityClient`, which
gives that code the few calls it makes of the legacy client, in the legacy shape:

* ``list_items('Entity')``: one v2 listing; ``parent`` becomes ``entities_id``. GLPI 11.0.6 truncates
  the first rows of that listing to ``{id, name, parent}`` (FINDINGS #16): those few are read by id;
* ``add`` / ``update``: ``POST`` (302 with the id) / ``PATCH`` with ``name``, ``comment`` and
  ``parent: {id}``; ``delete``: ``DELETE ?force=true`` per entity, in the order given (children first);
* ``count_in_entity``: what still belongs to an entity about to be deleted, with one one-row listing
  per itemtype (``entity.id==N``; v2 listings hold the trash too). v2 has no endpoint for users'
  authorizations (``Profile_User``): they are not counted, and a warning says so.

The v2 Entity holds only ``name``, ``comment`` and ``parent``: the address options (``address``,
``town``, ``email``, ...) and other ``fields`` fail naming the option and api_version=v2.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.glpi.plugins.module_utils.entities import ROOT_ID
from ansible_collections.glpi.glpi.plugins.module_utils.entity_tasks import FIELD_OPTIONS, ensure_entity
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.hlapi_schema import HlSchemas
from ansible_collections.glpi.glpi.plugins.module_utils.api_choice import not_over_v2

ENDPOINT = "Administration/Entity"
V2_FIELDS = ("comment",)


def refuse_unsupported(params):
    for option, field in sorted(FIELD_OPTIONS.items()):
        if field not in V2_FIELDS and params.get(option) is not None:
            raise not_over_v2(option, "the entity's %s (GLPI's v2 Entity has only name, comment and parent)" % field)
    for field in sorted(params.get("fields") or {}):
        if field not in V2_FIELDS:
            raise not_over_v2("fields.%s" % field, "the entity's %s (GLPI's v2 Entity has only name, comment and parent)"
                              % field)


class HlEntityClient:
    """The legacy client calls of entity_tasks.py / entities.py, over an HlClient."""

    def __init__(self, client, warn=None):
        self.client = client
        self.log = client.log
        self.base_url = client.base_url
        self.warn = warn or (lambda message: None)
        self._glpi_version_text = "11.0"   # column limits: v2 is GLPI 11
        self._schemas = HlSchemas(client)

    @staticmethod
    def legacy(row):
        parent = row.get("parent") if isinstance(row.get("parent"), dict) else None
        return {"id": row["id"], "name": row.get("name"), "comment": row.get("comment"),
                "completename": row.get("completename"), "level": row.get("level"),
                "entities_id": parent.get("id") if parent else (None if row["id"] == ROOT_ID else 0)}

    def refresh_entities(self):
        """Nothing to refresh: every v2 request builds its session from the token."""

    def list_items(self, itemtype, **_kwargs):
        rows = []
        for row in self.client.list(ENDPOINT):
            if "completename" not in row:   # a truncated row (FINDINGS #16)
                row = self.client.get("%s/%d" % (ENDPOINT, row["id"])) or row
            rows.append(self.legacy(row))
        return rows

    def get_item(self, itemtype, ident):
        row = self.client.get("%s/%d" % (ENDPOINT, int(ident)))
        return self.legacy(row) if row else None

    @staticmethod
    def _body(data):
        body = dict((key, data[key]) for key in ("name",) + V2_FIELDS if key in data)
        if "entities_id" in data:
            body["parent"] = {"id": int(data["entities_id"])}
        return body

    def add(self, itemtype, data):
        answer = self.client.request("POST", ENDPOINT, json_body=self._body(data), expected=(200, 201, 302))
        return {"id": answer.body.get("id")}

    def update(self, itemtype, data):
        self.client.request("PATCH", "%s/%d" % (ENDPOINT, int(data["id"])), json_body=self._body(data))
        return [{str(data["id"]): True}]

    def delete(self, itemtype, data, force_purge=True):
        for ident in data if isinstance(data, list) else [data]:
            ident = ident.get("id") if isinstance(ident, dict) else ident
            self.client.request("DELETE", "%s/%d" % (ENDPOINT, int(ident)), params={"force": "true"}, expected=(200, 204))
        return True

    def count_in_entity(self, itemtype, entity_id):
        """How many ``itemtype`` objects (trash included) belong to the entity; 0 with a warning when
        v2 cannot tell."""
        try:
            schema = self._schemas.item(itemtype)
        except GlpiError:
            self.warn("could not check for %s objects in entity %s: GLPI's v2 API (api_version=v2) has no endpoint "
                      "for them" % (itemtype, entity_id))
            return 0
        link = "entity" if "entity" in schema.properties else None
        if link is None:
            return 0
        answer = self.client.request("GET", schema.endpoint, params={"filter": "entity.id==%d" % entity_id, "limit": 1})
        rows = answer.body if isinstance(answer.body, list) else []
        return (answer.content_range or (None, None, len(rows)))[2] if rows else 0


def run_entity_v2(module, client):
    """glpi_entity's ``run`` over v2."""
    refuse_unsupported(module.params)
    facade = HlEntityClient(client, warn=module.warn)
    return ensure_entity(facade, module.params, check_mode=module.check_mode, diff_names=module.diff_mode_wanted,
                         warn=module.warn)
