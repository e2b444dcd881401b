# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GLPI search criteria -> one SQLite query per page (plus one COUNT).

Values reached through many-to-one links (dropdowns, entity) are LEFT JOINed in the
main query.  Values on one-to-many links (network ports, IP addresses, OS records,
meta criteria) never multiply rows: criteria on them are EXISTS sub-queries and their
displayed values are correlated sub-queries evaluated only for the rows of the page.
Conditions follow Search::addWhere / makeTextCriteria of GLPI 10.0.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import search_dates, search_paths
from .errors import EmptyAnswer
from .search_paths import Path, TableInfo
from .search_text import glpi10_search_value, like_pattern, register

NUMERIC_TYPES = {"number", "count", "bool", "mio", "decimal", "timestamp", "progressbar", "right"}
DATE_TYPES = {"datetime", "date", "date_delay"}
LINKS = {"AND": ("AND", False), "OR": ("OR", False), "AND NOT": ("AND", True),
         "OR NOT": ("OR", True)}


@dataclass
class Column:
    """One displayed search option (GLPI's data['data']['cols'] entry)."""
    itemtype: str
    option_id: int
    option: dict
    meta: bool = False
    path: Optional[Path] = None
    empty_list: bool = False   # legacy metacriteria column: GLPI fills no value


@dataclass
class Query:
    """Accumulates joins, parameters and expressions for one search."""
    tables: TableInfo
    itemtype: str
    main_table: str
    params: List[Any] = field(default_factory=list)
    joins: Dict[str, Tuple[str, str]] = field(default_factory=dict)   # key -> (alias, sql)
    # criteria on one-to-many paths (Path.key -> [(option, searchtype, value, nott)]): GLPI
    # filters the joined rows in WHERE, so a displayed column on the same path only shows
    # the values that match (unless an OR lets other rows through).
    row_filters: Dict[str, list] = field(default_factory=dict)
    any_or: bool = False
    version: str = "10.0"   # "11.0": text compared as typed, dates checked for contains

    def search_value(self, value: str) -> str:
        """The text GLPI compares: 10.0 sanitizes the input and unsanitizes it (search_text.py)."""
        return glpi10_search_value(value) if self.version == "10.0" else value

    def join_single(self, path: Path) -> str:
        """LEFT JOINs a many-to-one path once; returns the alias of its last table."""
        alias = "m"
        key = ""
        for step in path.steps:
            key += "/%s:%s" % (step.table, step.column)
            if key not in self.joins:
                new = "j%d" % (len(self.joins) + 1)
                sql = ' LEFT JOIN "%s" AS %s ON %s' % (step.table, new, step.on(alias, new))
                self.joins[key] = (new, sql)
            alias = self.joins[key][0]
        return alias

    def sub_from(self, steps, prefix: str) -> Tuple[str, str]:
        """FROM clause of a correlated sub-query over ``steps`` (LEFT JOIN semantics)."""
        sql = ' FROM "%s" AS %s0' % (self.main_table, prefix)
        alias = prefix + "0"
        for index, step in enumerate(steps, 1):
            new = "%s%d" % (prefix, index)
            sql += ' LEFT JOIN "%s" AS %s ON %s' % (step.table, new, step.on(alias, new))
            alias = new
        return sql, alias


def mysql_number(value: str) -> float:
    """MySQL's implicit string -> number cast ('3' -> 3, 'Alpha' -> 0, '12ab' -> 12)."""
    match = re.match(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)", value or "")
    return float(match.group(0)) if match else 0.0


def text_condition(expr: str, value: str, nott: bool, params: List[Any]) -> str:
    """GLPI's makeTextCriteria (contains / notcontains and every unknown searchtype)."""
    if value in ("NULL", "null"):
        cond = "%s IS %sNULL OR %s = ''" % (expr, "NOT " if nott else "", expr)
        return "(%s)" % cond
    params.append(like_pattern(value))
    cond = "glpi_fold(%s) %sLIKE ? ESCAPE '\\'" % (expr, "NOT " if nott else "")
    if (nott and value != "^$") or (not nott and value == "^$"):
        cond = "(%s OR %s IS NULL)" % (cond, expr)
    return "(%s)" % cond


def _date_value(value: str, now: datetime.datetime) -> Optional[str]:
    months = search_dates.interval(value)
    if months is not None:
        return search_dates.add_months(now, months).strftime("%Y-%m-%d %H:%M:%S")
    value = re.sub(r"(\d{1,2})(-|/)(\d{1,2})(-|/)(\d{4})", r"\5-\3-\1", value.strip())
    if re.search(r"[0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2}", value):
        return search_dates.bound(value)
    return None


def _date_condition(query: Query, expr: str, datatype: str, searchtype: str, value: str,
                    nott: bool) -> Optional[str]:
    """Search::addWhere for date, datetime and date_delay options (value already computed)."""
    params = query.params
    if searchtype in ("equals", "notequals"):
        if datatype == "datetime":
            value = "^" + re.sub(r":00$", "", value)
            return text_condition(expr, query.search_value(value), nott != (searchtype == "notequals"), params)
        params.append(value)
        return "(%s %s ?)" % (expr, "<>" if nott != (searchtype == "notequals") else "=")
    operator = {"lessthan": "<", "morethan": ">"}.get(searchtype)
    if operator is None:
        match = re.match(r"^\s*([<>])(=?)(.+)$", value.replace("&lt;", "<").replace("&gt;", ">"))
        if not match:
            value = re.sub(r"(\d{1,2})(-|/)(\d{1,2})(-|/)(\d{4})", r"\5-\3-\1", value)
            return text_condition(expr, query.search_value(value), nott, params)
        operator, value = match.group(1) + match.group(2), match.group(3)
    bound = _date_value(value, datetime.datetime.now())
    if bound is None:
        return None
    params.append(bound)
    return "(%s%s %s ?)" % ("NOT " if nott else "", expr, operator)


def condition(query: Query, expr: str, id_expr: str, option: dict, searchtype: str,
              value: str, nott: bool, main_field: bool) -> Optional[str]:
    """SQL condition for one criterion on ``expr`` (None: GLPI adds nothing)."""
    params = query.params
    datatype = option.get("datatype") or ""
    if datatype in DATE_TYPES:
        if query.version != "10.0" and searchtype == "contains" and not search_dates.valid_contains_11(datatype, value):
            return "(0)"   # 11.0: an invalid search matches nothing
        try:
            value = search_dates.compute(value, search_dates.force_day(datatype, value), datetime.datetime.now(),
                                         query.version)
        except search_dates.UnreadableDay:
            raise EmptyAnswer()   # 11.0: PHP TypeError (HTTP 500)
        if searchtype == "notcontains":
            nott, searchtype = not nott, "contains"
        return _date_condition(query, expr, datatype, searchtype, value, nott)
    if searchtype == "notcontains":
        nott, searchtype = not nott, "contains"
    if datatype == "itemlink" and searchtype in ("equals", "notequals"):
        main_field = False
    if datatype in NUMERIC_TYPES and searchtype in ("contains", "lessthan", "morethan"):
        if searchtype in ("lessthan", "morethan"):
            value = ("<" if searchtype == "lessthan" else ">") + value
        match = re.match(r"([<>])(=*)\s*([0-9]+)", value.replace("&lt;", "<").replace("&gt;", ">"))
        if match:
            params.append(int(match.group(3)))
            return "(%s %s%s ?)" % (expr, match.group(1), match.group(2))
        if re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
            params.append(float(value))
            return "(%s %s ?)" % (expr, "<>" if nott else "=")
    if searchtype in ("equals", "notequals", "under", "notunder"):
        negate = nott != (searchtype in ("notequals", "notunder"))
        target = expr if main_field else id_expr
        if searchtype in ("under", "notunder"):
            ids = _sons_of(query, option.get("table") or "", value)
            cond = "%s %sIN (%s)" % (target, "NOT " if negate else "", ",".join(map(str, ids)))
        else:
            params.append(mysql_number(value) if not main_field or datatype in NUMERIC_TYPES
                          else value)
            cond = "%s %s ?" % (target, "<>" if negate else "=")
        zero = mysql_number(value) == 0 and not re.search(r"[^\d\s.]", value or "0")
        if (not negate and zero) or (negate and not zero):
            cond += " OR %s IS NULL" % id_expr
        return "(%s)" % cond
    return text_condition(expr, query.search_value(value), nott, params)


def _sons_of(query: Query, table: str, value: str) -> List[int]:
    """getSonsOf: the id and every descendant in a tree dropdown table."""
    root = int(mysql_number(value))
    parent = search_paths.fk_for_table(table)
    if not query.tables.has(table, parent):
        return [root]
    found, frontier = {root}, [root]
    while frontier:
        marks = ",".join("?" * len(frontier))
        rows = query.tables.conn.execute(
            'SELECT id FROM "%s" WHERE "%s" IN (%s)' % (table, parent, marks), frontier).fetchall()
        frontier = [r[0] for r in rows if r[0] not in found]
        found.update(frontier)
    return sorted(found)


def value_sql(query: Query, path: Optional[Path], option: dict, meta: bool,
              prefix: str) -> Tuple[str, bool]:
    """(SQL expression of a displayed value, is it a JSON list of (value, id) pairs)."""
    if path is None:
        return "NULL", False
    datatype = option.get("datatype") or ""
    if not meta and not path.multiple:
        alias = query.join_single(path) if path.steps else "m"
        return '%s."%s"' % (alias, path.field), False
    steps = path.steps
    frm, last = query.sub_from(steps, prefix)
    if datatype == "count":
        return "(SELECT COUNT(DISTINCT %s.id)%s WHERE %s0.id = m.id)" % (last, frm, prefix), False
    if option.get("table") == "glpi_softwarelicenses" and path.field == "number":
        # addSelect: FLOOR(SUM(number) ...) over the licences not templates nor expired
        return ("(SELECT CAST(SUM(%s.number) AS TEXT)%s WHERE %s0.id = m.id AND %s.is_template = 0 AND "
                "(%s.expire IS NULL OR %s.expire > date('now')))" % (last, frm, prefix, last, last, last)), False
    field_sql = '%s."%s"' % (last, path.field)
    if option.get("table") == "glpi_users" and path.field == "name" and query.itemtype != "User":
        field_sql = "CAST(%s.id AS TEXT)" % last  # addSelect: GROUP_CONCAT(DISTINCT glpi_users.id)
    return ("(SELECT json_group_array(json_array(v, i)) FROM (SELECT DISTINCT %s AS v, "
            "%s.id AS i%s WHERE %s0.id = m.id AND %s.id IS NOT NULL%s ORDER BY i))"
            % (field_sql, last, frm, prefix, last, _row_filter(query, path, last))), True


def criteria_sql(query: Query, criteria: list, options: Dict[str, dict],
                 resolve_meta) -> str:
    """GLPI's constructCriteriaSQL (WHERE part, nested groups included)."""
    sql = ""
    for index, criterion in enumerate(criteria):
        if not isinstance(criterion, dict):
            continue
        nested = criterion.get("criteria")
        value = criterion.get("value")
        if nested is None and (value is None or len(str(value)) == 0):
            continue
        link, nott = LINKS.get(criterion.get("link"), ("AND", False))
        glue = " %s " % link if sql else ""
        query.any_or = query.any_or or (link == "OR" and bool(sql))
        if isinstance(nested, list) and nested:
            sub = criteria_sql(query, nested, options, resolve_meta)
            if sub:
                sql += "%s%s(%s)" % (glue, "NOT" if nott else "", sub)
            continue
        if nested is not None:
            continue
        field_id = str(criterion.get("field"))
        searchtype = str(criterion.get("searchtype") or "")
        meta = bool(criterion.get("meta")) and criterion.get("itemtype")
        if meta:
            cond = _meta_condition(query, criterion, searchtype, str(value), nott, resolve_meta)
        else:
            cond = _criterion(query, options.get(field_id) or {}, searchtype, str(value), nott, field_id)
        if cond:
            sql += glue + cond
    return sql


def _criterion(query: Query, option: dict, searchtype: str, value: str, nott: bool, option_id=None):
    path = search_paths.resolve(query.tables, query.itemtype, query.main_table, option, option_id)
    if path is None:
        return None
    if not path.multiple:
        alias = query.join_single(path) if path.steps else "m"
        expr = '%s."%s"' % (alias, path.field)
        return condition(query, expr, "%s.id" % alias, option, searchtype, value, nott,
                         main_field=not path.steps)
    prefix = "c%d" % len(query.params)
    frm, last = query.sub_from(path.steps, prefix)
    if option.get("datatype") == "count":
        expr = "(SELECT COUNT(DISTINCT %s.id)%s WHERE %s0.id = m.id)" % (last, frm, prefix)
        return condition(query, expr, expr, option, searchtype, value, nott, True)
    cond = condition(query, '%s."%s"' % (last, path.field), "%s.id" % last, option,
                     searchtype, value, nott, main_field=False)
    if cond:
        query.row_filters.setdefault(path.key, []).append((option, searchtype, value, nott))
    return cond and "EXISTS (SELECT 1%s WHERE %s0.id = m.id AND %s)" % (frm, prefix, cond)


def _literal(value) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    return "'%s'" % str(value).replace("'", "''")


def _row_filter(query: Query, path: Path, last: str) -> str:
    """`` AND cond...`` of the criteria on ``path`` (parameters inlined), for a value sub-query."""
    if query.any_or:
        return ""
    sql = ""
    for option, searchtype, value, nott in query.row_filters.get(path.key, []):
        scratch = Query(query.tables, query.itemtype, query.main_table, version=query.version)
        cond = condition(scratch, '%s."%s"' % (last, path.field), "%s.id" % last, option,
                         searchtype, value, nott, main_field=False)
        if cond:
            parts = cond.split("?")
            cond = parts[0] + "".join(_literal(p) + rest for p, rest in zip(scratch.params, parts[1:]))
            sql += " AND " + cond
    return sql


def _meta_condition(query: Query, criterion: dict, searchtype: str, value: str, nott: bool,
                    resolve_meta):
    resolved = resolve_meta(str(criterion["itemtype"]), str(criterion.get("field")))
    if resolved is None:
        return None
    option, steps, field_name = resolved
    prefix = "x%d" % len(query.params)
    frm, last = query.sub_from(steps, prefix)
    if criterion.get("link") == "AND NOT":   # GLPI puts it in HAVING: no row may match
        cond = condition(query, '%s."%s"' % (last, field_name), "%s.id" % last, option,
                         searchtype, value, False, main_field=False)
        return cond and "NOT EXISTS (SELECT 1%s WHERE %s0.id = m.id AND %s)" % (frm, prefix, cond)
    cond = condition(query, '%s."%s"' % (last, field_name), "%s.id" % last, option,
                     searchtype, value, nott, main_field=False)
    return cond and "EXISTS (SELECT 1%s WHERE %s0.id = m.id AND %s)" % (frm, prefix, cond)


def decode_multi(raw: Optional[str]):
    """A JSON list of [value, id] pairs -> GLPI's API value (None, scalar or list)."""
    pairs = json.loads(raw) if raw else []
    # GLPI splits a GROUP_CONCAT: every value is a string
    values = [None if pair[0] is None else str(pair[0]) for pair in pairs]
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def run(conn: sqlite3.Connection, query: Query, columns: List[Column], where: str,
        order_expr: Optional[str], descending: bool, start: int, limit: int):
    """Executes the search: returns (totalcount, [(id, {col index: value})])."""
    register(conn)
    selects, multi = [], set()
    for index, col in enumerate(columns):
        if col.empty_list:
            selects.append("NULL")
            continue
        expr, is_multi = value_sql(query, col.path, col.option, col.meta, "d%d_" % index)
        selects.append(expr)
        if is_multi:
            multi.add(index)
    joins = "".join(sql for _alias, sql in query.joins.values())
    base = ' FROM "%s" AS m%s WHERE %s' % (query.main_table, joins, where)
    total = conn.execute("SELECT COUNT(*)" + base, query.params).fetchone()[0]
    direction = "DESC" if descending else "ASC"
    order = "ORDER BY m.id ASC"
    if order_expr:
        order = "ORDER BY glpi_sortkey(%s) %s, %s %s, m.id ASC" % (
            order_expr, direction, order_expr, direction)
    page_sql = "SELECT m.id%s %s LIMIT ? OFFSET ?" % (base, order)
    ids = [r[0] for r in conn.execute(page_sql, query.params + [max(limit, 0), start])]
    if not ids:
        return total, []
    outer = 'SELECT m.id, %s FROM "%s" AS m%s WHERE m.id IN (%s)' % (
        ", ".join(selects) if selects else "NULL", query.main_table, joins,
        ",".join(str(int(i)) for i in ids))
    by_id = {row[0]: row for row in conn.execute(outer)}
    rows = [by_id[i] for i in ids]
    result = []
    for row in rows:
        values = {}
        for index in range(len(columns)):
            raw = row[index + 1]
            values[index] = decode_multi(raw) if index in multi else raw
        result.append((row[0], values))
    return total, result
