# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI massive actions made idempotent and reported per id.

GLPI's applyMassiveAction answers only counts (ok, noaction, ko, noright) and
messages whose links may name the wrong item (for a missing id GLPI reuses the
previously loaded one). So the items are read first: missing ids and items
already in the desired state never reach GLPI, and the messages of what is sent
can be tied back to ids; when they cannot, the items are read again."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import html
import re

from ansible_collections.glpi.glpi.plugins.module_utils import column_limits, entity_scope
from ansible_collections.glpi.glpi.plugins.module_utils.errors import (
    GlpiError, GlpiInputError, GlpiNotFoundError, GlpiPermissionError)
from ansible_collections.glpi.glpi.plugins.module_utils.search_query import SearchQuery
from ansible_collections.glpi.glpi.plugins.module_utils.text import comparable

CORE = "MassiveAction"
# Actions whose effect can be read back, so they are skipped when already done.
STATEFUL = ("update", "delete", "restore", "purge")
FAILED_STATUSES = ("ko", "noright", "unknown")
READ_CHUNK = 50
_LINK_ID_RE = re.compile(r"[?&]id=(\d+)")
_TAG_RE = re.compile(r"<[^>]+>")


def action_key(action):
    """'update' -> 'MassiveAction:update'; keys with a processor are kept."""
    text = ("%s" % (action,)).strip()
    return text if ":" in text else "%s:%s" % (CORE, text)


def core_verb(key):
    processor, _sep, verb = key.partition(":")
    return verb if processor == CORE and verb in STATEFUL else None


def _chunks(values, size):
    for start in range(0, len(values), max(1, int(size))):
        yield values[start:start + size]


def plain(message):
    return html.unescape(_TAG_RE.sub("", "%s" % (message,))).strip()


# -- what GLPI offers -------------------------------------------------------
def available_actions(client, itemtype, key):
    """The action keys GLPI lists for the itemtype; the trash list is read only when needed."""
    labels = {}
    for is_deleted in (False, True):
        params = {"is_deleted": True} if is_deleted else None
        body = client.request("GET", "getMassiveActions/%s" % itemtype, params=params, expected=(200,)).body
        for entry in body if isinstance(body, list) else []:
            if isinstance(entry, dict) and entry.get("key"):
                labels[entry["key"]] = entry.get("label")
        if key in labels:
            break
    return labels


def check_action(client, itemtype, key):
    labels = available_actions(client, itemtype, key)
    if key not in labels:
        raise GlpiInputError(
            "action: GLPI offers no massive action '%s' for %s to this profile; valid actions: %s"
            % (key, itemtype, ", ".join("%s (%s)" % (k, plain(v)) for k, v in sorted(labels.items())) or "none"),
            option="action", value=key)
    return labels


# -- selecting by criteria ---------------------------------------------------
def select_ids(fields, client, itemtype, criteria, verb):
    """Ids of the items matching ``criteria``, written with field names as in
    glpi_search (search_query.py). restore looks in the trash, purge in both."""
    ids = []
    for is_deleted in {"restore": (True,), "purge": (False, True)}.get(verb, (False,)):
        query = SearchQuery(fields, itemtype, criteria=criteria, is_deleted=is_deleted)
        for record in query.run(client):
            ident = record.get("id")
            if ident is not None and int(ident) not in ids:
                ids.append(int(ident))
    return ids


def update_option(fields, itemtype, field):
    """The search option GLPI's update action needs for ``field`` (``search_options``)."""
    return int(fields.resolve(itemtype, field, option="field"))


# -- reading the items --------------------------------------------------------
def read_items(client, itemtype, ids):
    """{id: row} of the ids that exist and are visible; getMultipleItems by
    chunks, one GET per id only for a chunk GLPI refuses whole (one missing id
    fails getMultipleItems with 404)."""
    found = {}
    for chunk in _chunks(list(ids), READ_CHUNK):
        params = {"items": [{"itemtype": itemtype, "items_id": ident} for ident in chunk], "get_hateoas": False}
        try:
            body = client.request("GET", "getMultipleItems", params=params, expected=(200,)).body
        except (GlpiNotFoundError, GlpiPermissionError):
            body = None
        if isinstance(body, list) and len(body) == len(chunk):
            for row in body:
                if isinstance(row, dict) and row.get("id") is not None:
                    found[int(row["id"])] = row
            continue
        for ident in chunk:
            try:
                row = client.get_item(itemtype, ident, get_hateoas=False)
            except GlpiPermissionError:
                row = None
            if isinstance(row, dict):
                found[ident] = row
    return found


# -- planning -----------------------------------------------------------------
class Entry:
    """One id of the task and what becomes of it."""

    def __init__(self, ident):
        self.id = ident
        self.status = None
        self.message = ""
        self.before = None
        self.after = None
        self.send = False

    def done(self, status, message):
        self.status, self.message = status, message

    def report(self):
        return {"id": self.id, "status": self.status, "message": self.message}


def _state(row):
    if row is None:
        return "absent"
    return "trash" if row.get("is_deleted") else "active"


def plan(itemtype, verb, ids, rows, field=None, value=None):
    entries = []
    for ident in ids:
        entry = Entry(ident)
        row = rows.get(ident)
        entries.append(entry)
        if row is None:
            if verb == "purge":
                entry.done("noaction", "%s %s does not exist: nothing to purge" % (itemtype, ident))
            else:
                entry.done("noright", "%s %s does not exist or is not visible to this session" % (itemtype, ident))
            continue
        if verb == "update":
            entry.before, entry.after = {field: row.get(field)}, {field: value}
            if comparable(row.get(field)) == comparable(value):
                entry.done("noaction", "%s is already %r" % (field, row.get(field)))
                continue
        elif verb in ("delete", "restore", "purge"):
            entry.before = _state(row)
            entry.after = {"delete": "trash", "restore": "active", "purge": "absent"}[verb]
            if "is_deleted" not in row and verb in ("delete", "purge"):
                entry.after = "absent"
            if verb == "delete" and row.get("is_deleted"):
                entry.done("noaction", "already in the trash")
                continue
            if verb == "restore" and not row.get("is_deleted"):
                entry.done("noaction", "not in the trash")
                continue
        entry.send = True
    return entries


class _Move:
    """An update entry as entity_scope sees a planned task."""

    action = "update"
    label = ""
    out_of_reach = False

    def __init__(self, entry, given):
        self.ident = entry.id
        self.current = {"id": entry.id}
        self.changes = entry.after
        self.fields = {entity_scope.FIELD: given}


def vet_update(client, itemtype, entries, given, allowed=False, warn=None):
    """Before any write: the update's value fits its column (and GLPI 10.0 stores it as given),
    and it moves no item out of the session's active entities unless ``allowed``."""
    sent = [entry for entry in entries if entry.send]
    if not sent:
        return
    # every entry sends the same value: one check covers them all
    column_limits.check(itemtype, [(None, sent[0].after)], option="value", version=column_limits.version_of(client))
    if entity_scope.FIELD in sent[0].after:
        entity_scope.check_entity_moves(client, itemtype, [_Move(entry, given) for entry in sent], allowed,
                                        option="value", warn=warn)


# -- applying -----------------------------------------------------------------
def apply(client, itemtype, key, entries, payload, chunk_size, verb):
    """POST applyMassiveAction per chunk; returns GLPI's raw answers."""
    answers = []
    pending = [entry for entry in entries if entry.send]
    for chunk in _chunks(pending, chunk_size):
        by_id = dict((entry.id, entry) for entry in chunk)
        body = {"ids": [entry.id for entry in chunk]}
        if payload:
            body["input"] = payload
        try:
            resp = client.request("POST", "applyMassiveAction/%s/%s" % (itemtype, key), json_body=body,
                                  expected=(200, 207, 422), idempotent=verb is not None)
        except GlpiError as error:
            for entry in chunk:
                entry.done("ko", "%s" % error)
            answers.append({"status": error.status, "error": "%s" % error})
            continue
        answer = resp.body if isinstance(resp.body, dict) else {}
        answers.append(dict(answer, status=resp.status))
        unresolved = attribute(itemtype, by_id, answer)
        if unresolved:
            settle(client, itemtype, verb, unresolved, answer)
    return answers


def attribute(itemtype, by_id, answer):
    """Ties GLPI's messages to ids through the item links they carry; returns
    the entries GLPI's counts leave undecided."""
    failed = {}
    last = None
    for message in answer.get("messages") or []:
        match = _LINK_ID_RE.search("%s" % message)
        ident = int(match.group(1)) if match else None
        if ident in by_id:
            last = ident
            status = "noright" if "authorization error" in "%s" % message.lower() else "ko"
            failed.setdefault(ident, [status, []])[1].append(plain(message))
        elif last is not None:
            failed[last][1].append(plain(message))
    for ident, (status, texts) in failed.items():
        by_id[ident].done(status, "; ".join(texts))
    rest = [entry for ident, entry in by_id.items() if ident not in failed]
    ok = int(answer.get("ok") or 0)
    if ok == len(rest):
        for entry in rest:
            entry.done("ok", "")
        return []
    return rest


def settle(client, itemtype, verb, entries, answer):
    """GLPI's counts do not say which ids failed: read them back when the
    effect is readable, else say so."""
    text = "; ".join(plain(m) for m in answer.get("messages") or []) or "GLPI gave no message"
    if verb is None:
        for entry in entries:
            entry.done("unknown", "GLPI applied the action to %s of these ids without saying which: %s"
                       % (answer.get("ok"), text))
        return
    rows = read_items(client, itemtype, [entry.id for entry in entries])
    for entry in entries:
        row = rows.get(entry.id)
        if verb == "update":
            field, value = list(entry.after.items())[0]
            applied = row is not None and comparable(row.get(field)) == comparable(value)
        else:
            applied = _state(row) == entry.after
        if applied:
            entry.done("ok", "")
        else:
            entry.done("ko", text)


def summary(entries):
    counts = dict((status, 0) for status in ("ok", "noaction", "ko", "noright"))
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts
