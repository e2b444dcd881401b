"""getMassiveActions / getMassiveActionParameters / applyMassiveAction: HTTP glue over
``massive_engine``.

The engine decides which actions exist and how each id is answered; every write goes
through the core (writes.update_item / delete_item / restore_item), so date_mod, the
trash flag, cascades of a purge and tree caches stay what a plain CRUD request makes
them. applyMassiveAction is registered as a ``write`` for /_emulator/stats.

Helper API of the core (see also search.py's docstring):
  ctx.itemtype(1, recursive=False)         -> (ItemType, None) or ERROR_RESOURCE_NOT_FOUND...
  ctx.url[2]                               the action key segment ("MassiveAction:update")
  it.massive_actions                       [{"key", "label"}] dumped from GLPI (schema/*.json)
  items.load_row(ctx, it, id)              stored row or None
  rights.can_item(ctx.session, ctx.store, it, row, rights.UPDATE|DELETE|PURGE)
  writes.update_item(ctx, it, {"id": id, field: value}) -> (ok|None, id, message)
  writes.delete_item(ctx, it, id, purge)   -> (ok|None, message)
  writes.restore_item(ctx, it, id)         -> ok|None
"""
import json
import os

from . import errors, items, massive_engine, rights, search_engine, writes
from .app import register
from .search import ROOT_DOC, engine_error, engine_schema

_RIGHT_BITS = {"update": rights.UPDATE, "delete": rights.DELETE, "purge": rights.PURGE}


def _env(ctx):
    reg = ctx.reg

    def it_of(itemtype):
        return ctx.dialect.itemtype(reg, itemtype)

    return massive_engine.MassiveEnv(
        schema=engine_schema(reg),
        load=lambda itemtype, item_id: items.load_row(ctx, it_of(itemtype), item_id),
        can=lambda itemtype, row, right: rights.can_item(
            ctx.session, ctx.store, it_of(itemtype), row, _RIGHT_BITS[right]),
        update=lambda itemtype, item_id, fields: writes.update_item(
            ctx, it_of(itemtype), dict(fields, id=item_id))[0] is True,
        trash=lambda itemtype, item_id: writes.delete_item(
            ctx, it_of(itemtype), item_id, False)[0] is True,
        restore=lambda itemtype, item_id: writes.restore_item(
            ctx, it_of(itemtype), item_id) is True,
        purge=lambda itemtype, item_id: writes.delete_item(
            ctx, it_of(itemtype), item_id, True)[0] is True,
        multi_entity=lambda: search_engine.multi_entity(ctx.store.conn),
        root_doc=ROOT_DOC, link_markup=ctx.dialect.link_markup)


def _segment(ctx, index):
    return ctx.url[index] if len(ctx.url) > index and ctx.url[index] != "" else None


def _flag(value):
    return value not in (None, False, "", "0", 0)


def _answer(ctx, call):
    """Runs an engine call under the store lock, with engine errors as API errors."""
    it, _parent = ctx.itemtype(1, recursive=False)
    if it is None:
        raise errors.error(ctx.api_url, "missing resource", 400, "ERROR_RESOURCE_MISSING")
    try:
        with ctx.store.transaction():
            return call(_env(ctx), it.name)
    except search_engine.SearchError as exc:
        raise engine_error(ctx, exc)


with open(os.path.join(os.path.dirname(__file__), "massive_rights.json"), encoding="utf-8") as _fh:
    PROFILE_ACTIONS = json.load(_fh)["profiles"]
DEFAULT_PROFILES = range(1, 9)


def _recorded(ctx, deleted):
    """[key, label] pairs a default profile gets for an itemtype (massive_rights.json, recorded
    on GLPI 10.0.12 with the root entity alone), or None."""
    if ctx.session.profile_id not in DEFAULT_PROFILES or _segment(ctx, 2) is not None:
        return None
    it, _parent = ctx.itemtype(1, recursive=False)
    if it is None:
        return None
    key = it.name + (":deleted" if deleted else "")
    own = PROFILE_ACTIONS.get(str(ctx.session.profile_id), {})
    return own[key] if key in own else PROFILE_ACTIONS["4"].get(key)


def _allowed_keys(ctx):
    """The action keys of a default profile other than Super-Admin, or None (no filter)."""
    pairs = _recorded(ctx, False)
    if pairs is None or ctx.session.profile_id == 4:
        return None
    keys = set(k for k, _label in pairs)
    if rights.have_right(ctx.session, "transfer", rights.READ):  # shown only with several entities
        keys.add("MassiveAction:add_transfer_list")
    return keys


def get_massive_actions(ctx):
    trash = _recorded(ctx, True) if _flag(ctx.params.get("is_deleted")) else None
    if trash is not None:  # the trash actions do not depend on the entities
        body = [{"key": key, "label": label} for key, label in trash]
        keys = None
    else:
        body = _answer(ctx, lambda env, name: massive_engine.get_massive_actions(
            env, name, _segment(ctx, 2), _flag(ctx.params.get("is_deleted"))))
        keys = _allowed_keys(ctx)
    if keys is not None and isinstance(body, list):
        body = [action for action in body if action.get("key") in keys]
    if body == []:
        # API::getMassiveActions returns nothing when no action is allowed: 200, empty JSON body
        raise errors.ApiError(200, None, "application/json; charset=UTF-8")
    return body, 200, {}


def get_massive_action_parameters(ctx):
    body = _answer(ctx, lambda env, name: massive_engine.get_parameters(
        env, name, _segment(ctx, 2), _flag(ctx.params.get("is_deleted"))))
    return body, 200, {}


def apply_massive_action(ctx):
    status, body = _answer(ctx, lambda env, name: massive_engine.apply_action(
        env, name, _segment(ctx, 2), ctx.params.get("ids"), ctx.params.get("input")))
    return body, status, {}


register("getMassiveActions", get_massive_actions, "read")
register("getMassiveActionParameters", get_massive_action_parameters, "read")
register("applyMassiveAction", apply_massive_action, "write")
