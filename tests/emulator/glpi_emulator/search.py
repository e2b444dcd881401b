"""/search/Itemtype and /listSearchOptions/Itemtype: HTTP glue over ``search_engine``.

The engine is independent of HTTP (it takes a ``SearchEnv`` and the decoded parameters);
this module builds that env from the request context, holds the store lock while the
engine reads the connection, and turns the engine's ``SearchError`` into GLPI's error
answer. ``engine_env_schema`` and ``engine_error`` are shared with massive.py.

Helper API of the core for extension modules (ctx is app.Ctx, handed to every handler):
  app.register(resource, handler, kind)   route /apirest.php/<resource>/...; kind "read"|"write"
  ctx.itemtype(1, recursive=False)        -> (ItemType, None); raises ERROR_RESOURCE_NOT_FOUND...
  ctx.params / ctx.session / ctx.store / ctx.reg / ctx.api_url / ctx.memo
  ItemType: .name .table .columns .col[name] .colnames .search_options (schema dump, keys are
            option ids as strings + "common") .massive_actions .has_trash .entity_assign
  rights.can_view(ctx.session, it)        GLPI's canView(); raise errors.right_missing(api_url)
  items.visible_clause(ctx, it, alias)    (sql, params) entity restriction for a SELECT
  items.parse_range(ctx, "0-49")          (start, end) or ERROR "range must be in format..."
  items.dropdown_name(ctx, table, id)     names for dropdown columns ("Root entity", "a &#62; b")
  ctx.store.query(sql, params)            raw SQLite (text columns use COLLATE glpi_ci;
                                          glpi_like(value, pattern) = MariaDB LIKE, unicode_ci)
  values.text_search_pattern(v)           GLPI makeTextSearchValue (^ $ anchors, _ escaped)
  errors.error(api_url, msg, status, code, doc) / errors.EmptyAnswer()
  Return (body, status, headers) or a werkzeug Response.
"""
from . import errors, items, rights, search_engine
from .app import register

ROOT_DOC = ""  # GLPI's $CFG_GLPI['root_doc'] of an install served at the web root
_SCHEMAS = {}


def engine_schema(reg):
    """The engines' itemtype -> schema-dump lookup, built once per registry."""
    lookup = _SCHEMAS.get(id(reg))
    if lookup is None:
        lookup = _SCHEMAS[id(reg)] = search_engine.registry_schema(reg)
    return lookup


def engine_error(ctx, exc):
    """The core's ApiError for an engine ``SearchError``."""
    return errors.error(ctx.api_url, exc.message, exc.status, exc.code, exc.doc)


def _itemtype(ctx):
    it, _parent = ctx.itemtype(1, recursive=False)
    if it is None:
        raise errors.error(ctx.api_url, "missing resource", 400, "ERROR_RESOURCE_MISSING")
    return it


def _env(ctx, it):
    session = ctx.session
    return search_engine.SearchEnv(
        conn=ctx.store.conn, schema=engine_schema(ctx.reg),
        active_entities=list(session.active_entities),
        can_view=rights.can_view(session, it, ctx.store), list_limit=session.list_limit,
        interface=session.profile.get("interface") or "central", root_doc=ROOT_DOC,
        default_sort=ctx.dialect.search_default_sort,
        version=ctx.dialect.version,
        visible=lambda alias: items.restrict_clause(ctx, it, alias))


def list_search_options(ctx):
    it = _itemtype(ctx)
    raw = ctx.params.get("raw") not in (None, False, "", "0", 0)
    return search_engine.list_search_options(_env(ctx, it), it.name, raw), 200, {}


def search(ctx):
    it = _itemtype(ctx)
    ctx.dialect.check_search(ctx.params)
    env = _env(ctx, it)
    try:
        with ctx.store.lock:
            status, body, headers = search_engine.search_items(env, it.name, ctx.params)
    except search_engine.SearchError as exc:
        raise engine_error(ctx, exc)
    except search_engine.EmptyAnswer:  # a PHP TypeError (criteria not an array)
        raise ctx.dialect.type_error()
    return body, status, headers


register("listSearchOptions", list_search_options, "read")
register("search", search, "read")
