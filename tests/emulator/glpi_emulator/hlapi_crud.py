"""High-level API CRUD on the schemas of hlapi_schema: list, get, create, update, delete.

Reads and writes go through the legacy helpers (``writes.add_item`` / ``update_item`` /
``delete_item``, ``rights.can_item``, ``items.visible_clause``) on the same database, as GLPI 11
serves both APIs from one. Behaviour of the reference transcripts (FINDINGS 9-16): POST is 302
with a relative ``Location`` and ``{id, href}``; PATCH answers the full object (404 once it moved out
of the session's reach); DELETE is 204,
trash unless ``force``; unknown properties are ignored; an array for a text is ``"Array"``.
"""
from werkzeug.wrappers import Response

from . import hlapi, hlapi_itil, hlapi_itil_other, hlapi_render, hlapi_rsql, items, rights, values, writes

DEFAULT_LIMIT = 100
TRUE_WORDS = ("1", "true", "on", "yes")


def path_id(hl, index):
    text = hl.parts[index]
    if not text.isdigit():
        raise hlapi.error(404, hlapi.NOT_FOUND)
    return int(text)


def item_id_of(hl, schema):
    """The id in the path: ``/{id}``, or ``/username/{username}`` on Administration/User
    (ResourceAccessor::getIDForOtherUniqueFieldBySchema; None for an unknown username)."""
    if len(hl.parts) == 4:
        found = hl.store.find(schema.itemtype, "name = ?", (hl.parts[3],))
        return found[0]["id"] if found else None
    return path_id(hl, 2)


def readable_row(hl, schema, item_id, right=rights.READ, missing=404):
    """The row, 404 when it does not exist, 403 without ``right`` on it.

    ``missing=403``: the PATCH and DELETE routes of Administration's User, Group, Entity and
    Profile are their own (no ``{itemtype}`` attribute), so CRUDRequestMiddleware does not answer
    404 first and ResourceAccessor's ``$item->can()`` answers 403 for a missing item."""
    row = hl.store.get(schema.itemtype, item_id) if item_id is not None else None
    if row is None:
        raise access_denied() if missing == 403 else hlapi.error(404, hlapi.NOT_FOUND)
    if not rights.can_item(hl.session, hl.store, schema.itemtype, row, right):
        raise access_denied()
    return row


def access_denied():
    """AbstractController::getAccessDeniedErrorResponse()."""
    return hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))


def _missing_status(schema):
    return 403 if schema.category == "Administration" else 404


def get_item(hl, schema):
    row = viewable_row(hl, schema, item_id_of(hl, schema))
    return hlapi.json_response(hlapi_render.Renderer(hl.store).render(schema, row))


def viewable_row(hl, schema, item_id):
    """ResourceAccessor::getOneBySchema(): 403 without the itemtype's READ right, then the search
    with its visibility rules: 404 for a row the session may not see (another's ticket...)."""
    if not rights.can_view(hl.session, schema.itemtype, hl.store):
        raise access_denied()
    row = hl.store.get(schema.itemtype, item_id) if item_id is not None else None
    if row is None or not rights.can_item(hl.session, hl.store, schema.itemtype, row, rights.READ):
        raise hlapi.error(404, hlapi.NOT_FOUND)
    return row


def _visible_rows(hl, schema):
    it = schema.itemtype
    ctx = hl.legacy_ctx()
    where, params = items.visible_clause(ctx, it)
    if it.name == "Entity":  # the Entity schema's search restricts on the parent too: an active entity's children
        active = list(hl.session.active_entities) or [-1]
        marks = ",".join("?" * len(active))
        where, params = "(id IN (%s) OR entities_id IN (%s))" % (marks, marks), active + active
    if it.name == "Ticket":  # ExtraVisibilityCriteria: Ticket::getVisibilityCriteria() (no READALL: its own...)
        extra, extra_params = items.extra_visibility(ctx, it)
        if extra:
            where, params = "%s AND %s" % (where, extra), list(params) + list(extra_params)
    return hl.store.find(it, where, tuple(params), order="id")


def _window(hl):
    start, limit = hl.query("start", "0"), hl.query("limit", str(DEFAULT_LIMIT))
    start = int(start) if _numeric(start) else 0
    limit = int(float(limit)) if _numeric(limit) else DEFAULT_LIMIT
    return start, limit


def _numeric(text):
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def visible_objects(hl, schema):
    """Every row of the schema's itemtype the session may see, rendered."""
    renderer = hlapi_render.Renderer(hl.store)
    return [renderer.render(schema, row) for row in _visible_rows(hl, schema)]


def render_row(hl, schema, row):
    return hlapi_render.Renderer(hl.store).render(schema, row)


def list_items(hl, schema):
    """Search::getSearchResultsBySchema + ResourceAccessor: filter, sort, page, Content-Range."""
    if not rights.can_view(hl.session, schema.itemtype, hl.store):
        raise access_denied()
    objects = visible_objects(hl, schema)
    flat = schema.flat_props()
    objects = hlapi_rsql.apply(hl.query("filter"), flat, objects)
    objects = hlapi_rsql.sort(hl.query("sort"), flat, objects)
    return page_response(hl, schema, objects)


def page_response(hl, schema, objects):
    """One page of ``objects`` (``start``, ``limit``), 200 or 206, with its Content-Range."""
    start, limit = _window(hl)
    total = len(objects)
    first = max(start, 0)  # a negative start reads from the first row; Content-Range keeps it
    page = objects[first:] if limit <= 0 else objects[first:first + limit]
    has_more = start + limit < total
    end = max(0, start + limit - 1)
    if end > total:
        end = total - 1
    if schema is not None:
        page = hlapi_render.truncate_tree_parents(schema, page)
    return hlapi.json_response(page, 206 if has_more else 200,
                               headers={"Content-Range": "%d-%d/%d" % (start, end, total)})


def input_of(schema, body, update=False):
    """The legacy input of a v2 body: columns of known writable properties, the rest ignored.
    An update keeps is_deleted: GLPI 11.0.6 restores a trashed item PATCHed with is_deleted false
    (CommonDBTM::update writes the column)."""
    data = {}
    for prop, value in body.items():
        spec = schema.props.get(prop)
        if spec is None or prop == "id":
            continue
        if spec[0] in ("col", "writeonly"):
            text = spec[0] == "writeonly" or spec[2] == "str"
            data[spec[1]] = "Array" if isinstance(value, (list, dict)) and text else value
            if spec[0] == "col" and spec[2] == "bool" and isinstance(value, str):
                data[spec[1]] = 0 if value in ("", "0") else 1  # PHP's (bool) of a string: "false" is true
        elif spec[0] in ("fk", "status"):
            if value is None or isinstance(value, dict) and value.get("id") is None:
                continue  # GLPI 11.0.6 ignores a null link (PATCH {"location": null} keeps it); {"id": 0} clears it
            data[spec[1]] = _link_id(value)
        elif spec[0] == "groups" and spec[1] in schema.itemtype.col:
            data[spec[1]] = [_link_id(v) for v in (value if isinstance(value, list) else [value])]
    for key in ("completename", "level", "date_creation", "date_mod") + (() if update else ("is_deleted",)):
        data.pop(key, None)
    if "is_deleted" in data:
        data["is_deleted"] = 1 if data["is_deleted"] else 0
    return data


def _link_id(value):
    if isinstance(value, dict):
        value = value.get("id")
    return values.php_int(value) if value is not None else 0


def create_item(hl, schema):
    body = hl.json_body()
    ctx = hl.legacy_ctx()
    data = input_of(schema, body)
    if schema.itemtype.name in hlapi_itil_other.ITIL_TYPES:
        hlapi_itil_other.prepare_add(ctx, data)
    if not writes.can_create(ctx, schema.itemtype, data):
        raise access_denied()
    if schema.itemtype.name == "Ticket":
        hlapi_itil.check_priority_input(data, {"urgency": 3, "impact": 3})
    new_id, message = writes.add_item(ctx, schema.itemtype, data)
    if not new_id:
        raise hlapi.crud_error("create", message)
    href = "%s/%d" % (schema.path, new_id)
    return hlapi.json_response({"id": new_id, "href": href}, 302, headers={"Location": href})


def _unknown_username(hl, schema, item_id, action, right):
    """ResourceAccessor on ``/User/username/{username}`` of no user: ``$item->can(null, ...)`` checks
    the global right only, then the write of no id fails (500, no message)."""
    if item_id is None and len(hl.parts) == 4:
        if not rights.can_global(hl.session, schema.itemtype, right, hl.store):
            raise access_denied()
        raise hlapi.crud_error(action, None)


def update_item(hl, schema):
    item_id = item_id_of(hl, schema)
    _unknown_username(hl, schema, item_id, "update", rights.UPDATE)
    current = readable_row(hl, schema, item_id, rights.UPDATE, _missing_status(schema))
    body = hl.json_body()
    data = input_of(schema, body, update=True)
    if schema.itemtype.name == "Ticket":
        hlapi_itil.check_priority_input(data, current)
    if data:
        data["id"] = item_id
        ok, _id_, message = writes.update_item(hl.legacy_ctx(), schema.itemtype, data)
        if ok is None:
            raise hlapi.error(404, hlapi.NOT_FOUND)
        if not ok:
            raise hlapi.crud_error("update", message)
    # ResourceAccessor::updateBySchema() answers getOneBySchema(): an object just moved out of the
    # session's entities is written, then 404 (GLPI 11.0.6).
    row = viewable_row(hl, schema, item_id)
    return hlapi.json_response(hlapi_render.Renderer(hl.store).render(schema, row))


def delete_item(hl, schema):
    item_id = item_id_of(hl, schema)
    _unknown_username(hl, schema, item_id, "delete", rights.DELETE)
    force = str(hl.query("force", "")).lower() in TRUE_WORDS
    row = readable_row(hl, schema, item_id, missing=_missing_status(schema))
    purge = force or not schema.itemtype.has_trash
    if not rights.can_item(hl.session, hl.store, schema.itemtype, row, rights.PURGE if purge else rights.DELETE):
        raise access_denied()
    ok, message = writes.delete_item(hl.legacy_ctx(), schema.itemtype, item_id, force)
    if ok is None:
        raise hlapi.error(404, hlapi.NOT_FOUND)
    if not ok:
        raise hlapi.crud_error("delete", message)
    return Response(b"", 204)
