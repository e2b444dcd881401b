# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /search/Itemtype as GLPI 10.0's API::searchItems + Search::getDatas answer it.

Independent of HTTP: ``search_items(env, itemtype, params)`` takes the decoded query
parameters (PHP-style nested dicts, see ``php_params``) and returns
``(status, body, headers)`` or raises ``SearchError`` / ``EmptyAnswer``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from . import errors, search_paths, search_sql
from .search_sql import Column, Query
from .values import php_int as _php_int

# glpi_displaypreferences of a fresh GLPI 10.0 install (install/empty_data.php), by rank.
DISPLAY_PREFERENCES = {
    "Computer": [31, 23, 5, 4, 40, 45, 3, 19, 17],
    "Monitor": [31, 23, 3, 4, 40, 19, 7],
    "Printer": [31, 23, 3, 4, 40, 19],
    "NetworkEquipment": [31, 23, 3, 4, 40, 11, 19],
    "Peripheral": [31, 23, 3, 4, 40, 19, 7],
    "Phone": [31, 23, 3, 4, 40, 19, 7],
    "Software": [23, 5, 4, 72, 163],
    "Supplier": [9, 3, 4, 5, 10, 6],
    "Contract": [4, 3, 5, 6, 7, 11],
    "Document": [3, 4, 7, 5, 16],
    "User": [34, 5, 6, 3, 8],
    "Group": [16],
    "Budget": [5, 3, 4, 19],
    "Profile": [2, 3, 19],
    "Ticket": [12, 19, 15, 3, 4, 5, 7, 18],
    "SoftwareLicense": [1, 3, 10, 162, 5],
    "NetworkName": [12, 13],
}
ITIL_TYPES = {"Ticket", "Problem", "Change"}
# Keys of listSearchOptions/Computer a helpdesk (Self-Service) profile does not get.
HELPDESK_HIDDEN_KEYS = {"link", "145", "140"}


class SearchError(Exception):
    """An API error answer: status, GLPI error code, message, doc-link suffix or not."""

    def __init__(self, status: int, code: str, message: str, doc: bool = True):
        super().__init__(message)
        self.status, self.code, self.message, self.doc = status, code, message, doc


# GLPI dies in PHP (fatal error): HTTP 200 with an empty text/html body.
EmptyAnswer = errors.EmptyAnswer


@dataclass
class SearchEnv:
    """What the search needs from the emulator core."""
    conn: sqlite3.Connection
    schema: Callable[[str], Optional[dict]]    # itemtype -> schema dump (None: unknown)
    active_entities: List[int]
    # alias -> (sql, params): the entity restriction of the searched table (the core's
    # items.visible_clause); None: no restriction beyond is_deleted / is_template.
    visible: Optional[Callable[[str], Tuple[str, list]]] = None
    can_view: bool = True
    list_limit: int = 20
    interface: str = "central"
    root_doc: str = ""
    default_sort: List[Any] = field(default_factory=lambda: ["1"])   # GLPI 11: [0]
    version: str = "10.0"    # "11.0": text searched as typed, 11.0's checks of date values
    extra: Dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- params

def php_params(pairs: Iterable[Tuple[str, str]]) -> Dict[str, Any]:
    """Query pairs with PHP bracket keys -> nested dicts ("a[0][b]=1" -> {a: {0: {b: 1}}})."""
    out: Dict[str, Any] = {}
    for raw_key, value in pairs:
        match = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)$", raw_key)
        if not match:
            out[raw_key] = value
            continue
        keys = [match.group(1)] + re.findall(r"\[([^\]]*)\]", match.group(2))
        node = out
        for depth, key in enumerate(keys):
            last = depth == len(keys) - 1
            if key == "" and isinstance(node, dict):
                key = str(len(node))
            if last:
                node[key] = value
            else:
                if not isinstance(node.get(key), dict):
                    node[key] = {}
                node = node[key]
    return out


def _as_list(value) -> Optional[list]:
    """A PHP array (dict with index keys, or list) as a list of values; else None."""
    if isinstance(value, dict):
        return [_normalise(v) for v in value.values()]
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return None


def _normalise(value):
    if isinstance(value, dict):
        normal = {k: _normalise(v) for k, v in value.items()}
        if "criteria" in normal:
            normal["criteria"] = _as_list(normal["criteria"]) or []
        return normal
    return value


def registry_schema(registry) -> Callable[[str], Optional[dict]]:
    """Adapts the core's schema registry (ItemType objects) to the schema-dump shape."""
    cache: Dict[str, Optional[dict]] = {}

    def lookup(itemtype: str) -> Optional[dict]:
        if itemtype not in cache:
            it = registry.get(itemtype)
            cache[itemtype] = None if it is None else {
                "itemtype": it.name, "table": it.table,
                "columns": [{"name": name} for name in it.colnames], "entity_assign": it.entity_assign,
                "search_options": it.search_options, "massive_actions": it.massive_actions}
        return cache[itemtype]
    return lookup


def _error(message: str) -> SearchError:
    return SearchError(400, "ERROR", message)


# --------------------------------------------------------------------------- options

def list_search_options(env: SearchEnv, itemtype: str, raw: bool) -> dict:
    schema = env.schema(itemtype)
    options = dict(schema["search_options"])
    if env.interface == "helpdesk":
        options = {k: v for k, v in options.items() if k not in HELPDESK_HIDDEN_KEYS}
    if not raw:
        return options
    return {key: _raw_option(schema, opt) for key, opt in options.items()}


def _raw_option(schema: dict, option: dict) -> dict:
    if "table" not in option:
        return option
    table = option["table"]
    linkfield = option["field"] if table == schema["table"] else search_paths.fk_for_table(table)
    raw = {"table": table, "field": option["field"], "name": option["name"]}
    if option.get("datatype"):
        raw["datatype"] = option["datatype"]
    if option.get("nosearch"):
        raw["nosearch"] = True
    if option.get("nodisplay"):
        raw["nodisplay"] = True
    raw.update({"massiveaction": table == schema["table"] and option["field"] not in ("id", "name"),
                "linkfield": linkfield, "joinparams": []})
    if option["field"] == "name" and table == schema["table"]:
        raw["massiveaction"] = False
    return raw


# --------------------------------------------------------------------------- search

def search_items(env: SearchEnv, itemtype: str, params: Dict[str, Any]):
    schema = env.schema(itemtype)
    if not env.can_view:
        raise SearchError(403, "ERROR_RIGHT_MISSING",
                          "You don't have permission to perform this action.", doc=False)
    options = schema["search_options"]
    criteria = params.get("criteria")
    if criteria is not None:
        criteria = _as_list(criteria)
        if criteria is not None:
            _check_criteria(criteria, options)
    forcedisplay = params.get("forcedisplay")
    if forcedisplay is not None and _as_list(forcedisplay) is None:
        forcedisplay = [str(_php_int(forcedisplay))]
    forcedisplay = [str(v) for v in (_as_list(forcedisplay) or [])]
    for fid in forcedisplay:
        if options.get(fid, {}).get("nodisplay"):
            raise _error("ID is forbidden along with 'forcedisplay' parameter.")
    start, limit, range_end = _range(params.get("range"), env.list_limit)
    if params.get("criteria") is not None and criteria is None:
        raise EmptyAnswer()   # GLPI: PHP TypeError in Search::cleanParams
    criteria = criteria or []
    metacriteria = _as_list(params.get("metacriteria")) or []
    sort, order = _sort_order(params, env.default_sort)

    columns = _columns(env, itemtype, schema, criteria, metacriteria, forcedisplay, sort)
    total, rows = _execute(env, itemtype, schema, params, criteria, columns, sort, order,
                           start, limit)
    body: Dict[str, Any] = {"totalcount": total, "count": len(rows), "sort": sort,
                            "order": order}
    if start > total:
        raise SearchError(400, "ERROR_RANGE_EXCEED_TOTAL",
                          "Provided range exceed total count of data: %d" % total)
    range_end = min(range_end, total - 1)
    keys = [_column_key(env, itemtype, col, bool(params.get("uid_cols"))) for col in columns]
    if rows:
        body["data"] = [_line(keys, col_values, columns) for _row_id, col_values in rows]
    if params.get("giveItems") is not None and rows:
        body["data_html"] = [_html_line(env, keys, columns, row_id, values)
                             for row_id, values in rows]
    body["content-range"] = "%d-%d/%d" % (start, range_end, total)
    headers = {"Accept-Range": "%s 1000" % itemtype}
    if total > 0:
        headers["Content-Range"] = body["content-range"]
    status = 206 if len(rows) < total else 200
    return status, body, headers


def _check_criteria(criteria: list, options: dict) -> None:
    """API::searchItems' closure, including its early return on the first group."""
    for criterion in criteria:
        if not isinstance(criterion, dict):
            continue
        if "criteria" in criterion:
            _check_criteria(criterion["criteria"] or [], options)
            return
        if any(criterion.get(k) is None for k in ("field", "searchtype", "value")):
            raise _error("Malformed search criteria")
        fid = str(criterion["field"])
        if not fid.isdigit() or fid not in options:
            raise _error("Bad field ID in search criteria")
        if options[fid].get("nosearch"):
            raise _error("Forbidden field ID in search criteria")


def _range(value, list_limit: int) -> Tuple[int, int, int]:
    if value is None:
        return 0, list_limit, list_limit - 1
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+-[0-9]+", value):
        raise _error("range must be in format : [start-end] with integers")
    first, last = (int(v) for v in value.split("-"))
    return first, last - first + 1, last


def _sort_order(params, default_sort) -> Tuple[list, list]:
    sort: list = list(default_sort)
    order: list = ["ASC"]
    if "sort" in params:
        raw = params["sort"]
        if _as_list(raw) is not None:
            sort = _as_list(raw)
        elif _php_int(raw) >= 0:
            sort = [_php_int(raw)]
    if "order" in params:
        raw = params["order"]
        if _as_list(raw) is not None:
            order = _as_list(raw)
        elif raw in ("ASC", "DESC"):
            order = [raw]
    return sort, order


def multi_entity(conn: sqlite3.Connection) -> bool:
    """GLPI's Session::isMultiEntitiesMode(): more than the root entity exists."""
    return conn.execute("SELECT COUNT(*) FROM glpi_entities").fetchone()[0] > 1


def _columns(env, itemtype, schema, criteria, metacriteria, forcedisplay, sort) -> List[Column]:
    options = schema["search_options"]
    cols = {c["name"] for c in schema.get("columns", [])}
    toview: List[str] = ["1"]
    if ("entities_id" in cols and schema.get("entity_assign", True) and itemtype != "Entity"
            and multi_entity(env.conn)
            and ("is_recursive" in cols or len(env.active_entities) > 1)):
        toview.append("80")
    if forcedisplay:
        toview += forcedisplay
    else:
        toview += [str(v) for v in DISPLAY_PREFERENCES.get(itemtype, [])]

    def walk(items):
        for criterion in items:
            if not isinstance(criterion, dict):
                continue
            if "criteria" in criterion:
                walk(criterion["criteria"] or [])
            elif criterion.get("field") is not None and not criterion.get("meta"):
                toview.append(str(criterion["field"]))
    walk(criteria)
    toview += [str(s) for s in sort]
    if itemtype in ITIL_TYPES:
        toview.insert(0, "2")
    seen: List[str] = []
    for fid in toview:
        if fid in options and "table" in options[fid] and fid not in seen:
            seen.append(fid)
    columns = [Column(itemtype, int(fid), options[fid]) for fid in seen]
    for criterion in _meta_criteria(criteria):
        meta_schema = env.schema(str(criterion["itemtype"]))
        fid = str(criterion.get("field"))
        if meta_schema and fid in meta_schema["search_options"]:
            columns.append(Column(str(criterion["itemtype"]), int(fid),
                                  meta_schema["search_options"][fid], meta=True))
    printed = set()
    for meta in metacriteria:
        if not isinstance(meta, dict) or not meta.get("itemtype") or not str(meta.get("value") or ""):
            continue
        key = (str(meta["itemtype"]), str(meta.get("field")))
        meta_schema = env.schema(key[0])
        if key in printed or not meta_schema:
            continue
        printed.add(key)
        option = meta_schema["search_options"].get(key[1], {})
        columns.append(Column(key[0], _php_int(key[1]), option, meta=True, empty_list=True))
    return columns


def _meta_criteria(criteria):
    for criterion in criteria:
        if not isinstance(criterion, dict):
            continue
        if "criteria" in criterion:
            yield from _meta_criteria(criterion["criteria"] or [])
        elif (criterion.get("meta") and criterion.get("itemtype")
              and len(str(criterion.get("value") or "")) > 0):
            yield criterion


def _execute(env, itemtype, schema, params, criteria, columns, sort, order, start, limit):
    main_table = schema["table"]
    tables = search_paths.TableInfo(env.conn)
    query = Query(tables, itemtype, main_table, version=env.version)
    for col in columns:
        if col.meta and not col.empty_list:
            col.path = _meta_path(env, tables, itemtype, main_table, col)
        elif not col.meta:
            col.path = search_paths.resolve(tables, itemtype, main_table, col.option, col.option_id)
    where = _common_where(env, query, params)

    def resolve_meta(meta_itemtype, fid):
        meta_schema = env.schema(meta_itemtype)
        if not meta_schema or fid not in meta_schema["search_options"]:
            return None
        option = meta_schema["search_options"][fid]
        path = _meta_path(env, tables, itemtype, main_table,
                          Column(meta_itemtype, int(fid), option, meta=True))
        return None if path is None else (option, path.steps, path.field)

    search_sql.register(env.conn)
    crit_sql = search_sql.criteria_sql(query, criteria, schema["search_options"], resolve_meta)
    if crit_sql:
        where += " AND (%s)" % crit_sql
    order_expr = _order_expr(query, columns, sort)
    descending = bool(order) and order[0] == "DESC"
    return search_sql.run(env.conn, query, columns, where, order_expr, descending, start, limit)


def _meta_path(env, tables, itemtype, main_table, col: Column):
    meta_schema = env.schema(col.itemtype)
    if not meta_schema:
        return None
    meta_table = meta_schema["table"]
    link = search_paths.meta_steps(tables, itemtype, main_table, col.itemtype, meta_table)
    inner = search_paths.resolve(tables, col.itemtype, meta_table, col.option)
    if link is None or inner is None:
        return None
    return search_paths.Path(tuple(link) + inner.steps, inner.field)


def _common_where(env: SearchEnv, query: Query, params) -> str:
    """Search::addDefaultWhere + the entity restriction (its parameters go first)."""
    tables, main_table = query.tables, query.main_table
    parts = ["1=1"]
    if tables.has(main_table, "is_deleted"):
        parts.append("m.is_deleted = %d" % _php_int(params.get("is_deleted")))
    if tables.has(main_table, "is_template"):
        parts.append("m.is_template = 0")
    if env.visible is not None:
        sql, args = env.visible("m")
        parts.append(sql)
        query.params.extend(args)
    return " AND ".join(parts)


def _order_expr(query: Query, columns: List[Column], sort) -> Optional[str]:
    for col in columns:
        if col.meta or not sort or str(col.option_id) != str(sort[0]) or col.path is None:
            continue
        expr, is_multi = search_sql.value_sql(query, col.path, col.option, False, "o_")
        if (col.option.get("datatype") or "") in search_sql.NUMERIC_TYPES:
            return "(%s) + 0" % expr
        return expr
    return None


# --------------------------------------------------------------------------- output

def _column_key(env: SearchEnv, itemtype: str, col: Column, uid_cols: bool) -> str:
    if not uid_cols:
        return str(col.option_id)
    if col.meta:
        meta_schema = env.schema(col.itemtype) or {"search_options": {}}
        return meta_schema["search_options"].get(str(col.option_id), {}).get("uid", "")
    return col.option.get("uid", "")


def _line(keys: List[str], values: Dict[int, Any], columns: List[Column]) -> dict:
    line: Dict[str, Any] = {}
    for index, key in enumerate(keys):
        line[key] = [] if columns[index].empty_list else values.get(index)
    return line


def _html_line(env, keys, columns, row_id, values) -> dict:
    line = {}
    for index, key in enumerate(keys):
        line[key] = _give_item(env, columns[index], row_id, values.get(index))
    return line


def _give_item(env: SearchEnv, col: Column, row_id: int, value) -> str:
    """Search::giveItem for the common datatypes (HTML of the web UI)."""
    option, datatype = col.option, col.option.get("datatype") or ""
    if isinstance(value, list):
        return "<br>".join(str(v) for v in value if v is not None)
    if datatype == "itemlink" and not col.meta and option.get("field") == "name":
        name = value if value not in (None, "") else " (%d)" % row_id
        url = "%s/front/%s.form.php?id=%d" % (env.root_doc, col.itemtype.lower(), row_id)
        return "<a id='%s_%d_%d' href='%s'>%s</a>" % (col.itemtype, row_id, row_id, url, name)
    if value is None or value == "":
        return ""
    if option.get("table") == "glpi_entities" and datatype == "dropdown":
        return ('<span class="glpi-badge" title="%s"><span class="text-nowrap">%s</span></span>'
                % (value, value))
    if datatype == "datetime":
        return "<span class='text-nowrap'>%s</span>" % str(value)[:16]
    return str(value)
