# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Massive actions as GLPI 10.0's API (getMassiveActions, getMassiveActionParameters,
applyMassiveAction) and MassiveAction::process answer them.

Independent of HTTP and of the store: ``MassiveEnv`` carries the few core operations
(load a row, check a right, update / trash / restore / purge through the core's write
path) so dates, trash and counters stay what the core makes them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from .search_engine import SearchError

TRASH_ACTIONS = [("MassiveAction:purge", "Delete permanently"),
                 ("MassiveAction:restore", "Restore")]
TRANSFER_ACTION = ("MassiveAction:add_transfer_list", "Add to transfer list")
# Form inputs GLPI's showSubForm offers for the actions the emulator knows (API answer).
PARAMETERS: Dict[str, list] = {
    "MassiveAction:update": [],
    "MassiveAction:delete": [],
    "MassiveAction:purge": [],
    "MassiveAction:restore": [],
    "MassiveAction:amend_comment": [{"name": "amendment", "type": "text"}],
    "MassiveAction:add_note": [{"name": "add_note", "type": "text"}],
}
_KEY_MISSING = "Missing action key, run 'getMassiveActions' endpoint to see available keys"
_KEY_INVALID = "Invalid action key parameter, run 'getMassiveActions' endpoint to see available keys"


@dataclass
class MassiveEnv:
    """What massive actions need from the emulator core."""
    schema: Callable[[str], Optional[dict]]            # itemtype -> schema dump
    load: Callable[[str, int], Optional[dict]]         # row of an item, None if absent
    can: Callable[[str, dict, str], bool]              # (itemtype, row, "update"|"delete"|"purge")
    update: Callable[[str, int, dict], bool]           # core write path (date_mod, logs)
    trash: Callable[[str, int], bool]                  # is_deleted = 1
    restore: Callable[[str, int], bool]                # is_deleted = 0
    purge: Callable[[str, int], bool]                  # row removed (and its relations)
    multi_entity: Callable[[], bool]
    root_doc: str = ""
    # (form URL with ?id=, name) -> the link markup of CommonDBTM::getLink (GLPI 10 by default)
    link_markup: Optional[Callable[[str, str], str]] = None


def _key_error(message: str) -> SearchError:
    return SearchError(400, "ERROR_MASSIVEACTION_KEY", message)


def available_actions(env: MassiveEnv, itemtype: str, is_deleted: bool) -> List[tuple]:
    schema = env.schema(itemtype)
    if is_deleted and any(c["name"] == "is_deleted" for c in schema.get("columns", [])):
        return list(TRASH_ACTIONS)
    listed = schema.get("massive_actions")
    actions = [(a["key"], a["label"]) for a in listed] if isinstance(listed, list) else []  # dump of an empty answer
    keys = [key for key, _label in actions]
    if env.multi_entity() and TRANSFER_ACTION[0] not in keys and "ObjectLock:unlock" in keys:
        actions.insert(keys.index("ObjectLock:unlock") + 1, TRANSFER_ACTION)
    return actions


def get_massive_actions(env: MassiveEnv, itemtype: str, item_id: Optional[str],
                        is_deleted: bool) -> list:
    if item_id is not None:
        row = env.load(itemtype, _int(item_id))
        if row is None:
            raise SearchError(400, "ERROR_ITEM_NOT_FOUND",
                              "Failed to load item (itemtype = '%s', id = '%s')" % (itemtype, item_id))
        is_deleted = bool(row.get("is_deleted"))
    return [{"key": key, "label": label}
            for key, label in available_actions(env, itemtype, is_deleted)]


def get_parameters(env: MassiveEnv, itemtype: str, action_key: Optional[str],
                   is_deleted: bool) -> list:
    if not action_key:
        raise _key_error(_KEY_MISSING)
    if action_key.split(":")[1:2] == ["update"]:
        return []
    keys = [key for key, _label in available_actions(env, itemtype, is_deleted)]
    if action_key not in keys:
        raise _key_error(_KEY_INVALID)
    return list(PARAMETERS.get(action_key, []))


def apply_action(env: MassiveEnv, itemtype: str, action_key: Optional[str], ids: Any,
                 params: Any):
    """Returns (status, body) of POST /applyMassiveAction/Itemtype/Action."""
    if not isinstance(ids, (list, dict)) or not ids:
        raise SearchError(400, "ERROR_MASSIVEACTION_NO_IDS", "No ids supplied")
    if not action_key:
        raise _key_error(_KEY_MISSING)
    ids = list(ids.values()) if isinstance(ids, dict) else ids
    params = params if isinstance(params, dict) else {}
    processor, _sep, action = action_key.partition(":")
    handler = _HANDLERS.get((processor, action))
    results = {"ok": 0, "noaction": 0, "ko": 0, "noright": 0, "messages": []}
    prepared = _prepare(env, itemtype, action, params) if handler is not None else None
    if prepared is not None:
        last: Optional[dict] = None
        for raw_id in ids:
            row = env.load(itemtype, _int(raw_id))
            if row is not None:
                last = row
            if row is None or not env.can(itemtype, row, _RIGHTS[action]):
                results["noright"] += 1
                results["messages"].append(_link(env, itemtype, last) + ": Authorization error")
                continue
            if handler(env, itemtype, row, prepared):
                results["ok"] += 1
            else:
                results["ko"] += 1
                results["messages"].append(_link(env, itemtype, row) + ": Failed operation")
    if not any(results[k] for k in ("ok", "noaction", "ko", "noright")):
        raise _key_error(_KEY_INVALID)
    if results["ok"] > 0 and results["ko"] == 0:
        return 200, results
    if results["ok"] > 0 and results["ko"] > 0:
        return 207, results
    return 422, results


def _int(value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _link(env: MassiveEnv, itemtype: str, row: Optional[dict]) -> str:
    """CommonDBTM::getLink of the (reused) item object, as in the messages GLPI returns."""
    url = "%s/front/%s.form.php" % (env.root_doc, itemtype.lower())
    if not row:
        url, name = url + "?id=0", None
    else:
        url, name = "%s?id=%s" % (url, row["id"]), row.get("name")
        if name in (None, ""):
            name = "(%s)" % row["id"]
    if env.link_markup is not None:
        return env.link_markup(url, "N/A" if name is None else str(name))
    if name is None:
        return "<a  href='%s' >N/A</a>" % url
    return "<a  href='%s'  title=\"%s\">%s</a>" % (url, html.escape(str(name), quote=True), name)


def _prepare(env: MassiveEnv, itemtype: str, action: str, params: dict):
    """Checks the action input; None: GLPI processes nothing (400 ERROR_MASSIVEACTION_KEY)."""
    if action != "update":
        return {}
    field = params.get("field")
    if not field or field not in params:
        return None
    columns = {c["name"] for c in env.schema(itemtype).get("columns", [])}
    if field not in columns:
        return None
    return {field: params[field]}


def _do_update(env, itemtype, row, prepared):
    return env.update(itemtype, row["id"], dict(prepared))


def _do_delete(env, itemtype, row, prepared):
    columns = {c["name"] for c in env.schema(itemtype).get("columns", [])}
    if "is_deleted" in columns:
        return env.trash(itemtype, row["id"])
    return env.purge(itemtype, row["id"])


def _do_restore(env, itemtype, row, prepared):
    return env.restore(itemtype, row["id"])


def _do_purge(env, itemtype, row, prepared):
    return env.purge(itemtype, row["id"])


_HANDLERS = {
    ("MassiveAction", "update"): _do_update,
    ("MassiveAction", "delete"): _do_delete,
    ("MassiveAction", "restore"): _do_restore,
    ("MassiveAction", "purge"): _do_purge,
}
_RIGHTS = {"update": "update", "delete": "delete", "restore": "delete", "purge": "purge"}
