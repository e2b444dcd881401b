# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a search option's value lives: the chain of tables from the searched itemtype.

The schema dump has each option's table, field and ``uid`` (GLPI's
"Itemtype[.linkfield].Sub1.Sub2.field"), but not its raw ``linkfield`` / ``joinparams``.
The chain is rebuilt from the uid and the columns of the tables that exist in the
SQLite store, with GLPI's naming rules:

* ``prev.<fk of next>`` exists          -> many-to-one  (next.id = prev.fk)
* next has ``itemtype`` + ``items_id``  -> polymorphic child (next.items_id = prev.id)
* next has ``<fk of prev>``              -> child           (next.fk = prev.id)

A few options GLPI joins through tables their uid does not name (IP address through
network port and network name, budget and supplier through the financial record) are
listed in ``_HIDDEN_CHAINS``.  A chain through a table the store does not have resolves
to ``None``: the column is then always empty (NULL), which is what GLPI shows for an
itemtype without such rows.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Tuple

# uid middle parts (after the searched itemtype) GLPI does not spell out.
_HIDDEN_CHAINS = {
    ("IPAddress",): ("NetworkPort", "NetworkName", "IPAddress"),
    ("Budget",): ("Infocom", "Budget"),
    ("Supplier",): ("Infocom", "Supplier"),
    ("BusinessCriticity",): ("Infocom", "BusinessCriticity"),
    ("Vlan",): ("NetworkPort", "NetworkPort_Vlan", "Vlan"),
}

# CommonITILObject::getSearchOptionsActors: the actor link table joins with a condition on its
# type (requester 1, assign 2, observer 3) by option id, the same for Ticket, Problem, Change.
ITIL_ACTOR_TYPES = {"4": 1, "71": 1, "66": 3, "65": 3, "5": 2, "6": 2, "8": 2}
ITIL_ITEMTYPES = ("Ticket", "Problem", "Change")

_PLURAL_RULES = [
    (r"pectus$", "pectuses"), (r"us$", "uses"), (r"ss$", "sses"), (r"sh$", "shes"),
    (r"ch$", "ches"), (r"x$", "xes"), (r"([aeiou])y$", r"\1ys"), (r"y$", "ies"),
    (r"s$", "s"), (r"$", "s"),
]


def plural(word: str) -> str:
    for pattern, repl in _PLURAL_RULES:
        if re.search(pattern, word):
            return re.sub(pattern, repl, word, count=1)
    return word


def table_for_itemtype(itemtype: str) -> str:
    """GLPI's getTableForItemType ("Item_Disk" -> "glpi_items_disks")."""
    name = itemtype.split("\\")[-1]
    return "glpi_" + "_".join(plural(part.lower()) for part in name.split("_"))


def fk_for_table(table: str) -> str:
    """GLPI's getForeignKeyFieldForTable ("glpi_users" -> "users_id")."""
    return table[len("glpi_"):] + "_id"


@dataclass(frozen=True)
class Step:
    """One join from the previous table to ``table``."""
    table: str
    kind: str          # "fk" (many-to-one), "poly" or "child" (one-to-many)
    column: str        # fk column (on prev for "fk", on ``table`` for "child")
    prev_itemtype: str = ""
    type_value: int = 0    # joinparams condition NEWTABLE.type = N (ITIL actors)

    @property
    def multiple(self) -> bool:
        return self.kind != "fk"

    def on(self, prev_alias: str, alias: str) -> str:
        if self.kind == "fk":
            return '"%s".id = "%s"."%s"' % (alias, prev_alias, self.column)
        if self.kind == "poly":
            return '"%s".items_id = "%s".id AND "%s".itemtype = \'%s\'' % (
                alias, prev_alias, alias, self.prev_itemtype)
        condition = ' AND "%s".type = %d' % (alias, self.type_value) if self.type_value else ""
        return '"%s"."%s" = "%s".id%s' % (alias, self.column, prev_alias, condition)


@dataclass(frozen=True)
class Path:
    """The steps from the searched table to the option's table, and the field there."""
    steps: Tuple[Step, ...]
    field: str

    @property
    def multiple(self) -> bool:
        return any(step.multiple for step in self.steps)

    @property
    def key(self) -> str:
        return "|".join("%s:%s:%s:%d" % (s.table, s.kind, s.column, s.type_value) for s in self.steps)


class TableInfo:
    """Column names of the store's tables (read once per search)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._cols: Dict[str, Optional[frozenset]] = {}

    def columns(self, table: str) -> Optional[frozenset]:
        if table not in self._cols:
            rows = self.conn.execute('PRAGMA table_info("%s")' % table).fetchall()
            self._cols[table] = frozenset(r[1] for r in rows) if rows else None
        return self._cols[table]

    def has(self, table: str, column: str) -> bool:
        cols = self.columns(table)
        return cols is not None and column in cols


def link(tables: TableInfo, prev_table: str, prev_itemtype: str, next_table: str,
         linkfield: str = "") -> Optional[Step]:
    """How ``next_table`` hangs off ``prev_table`` (None when the store cannot tell)."""
    if tables.columns(next_table) is None or tables.columns(prev_table) is None:
        return None
    if linkfield and tables.has(prev_table, linkfield):
        return Step(next_table, "fk", linkfield)
    fk = fk_for_table(next_table)
    if tables.has(prev_table, fk):
        return Step(next_table, "fk", fk)
    if tables.has(next_table, "items_id") and tables.has(next_table, "itemtype"):
        return Step(next_table, "poly", "items_id", prev_itemtype)
    back = fk_for_table(prev_table)
    if tables.has(next_table, back):
        return Step(next_table, "child", back)
    return None


def resolve(tables: TableInfo, itemtype: str, main_table: str, option: dict,
            option_id=None) -> Optional[Path]:
    """The Path of a search option of ``itemtype`` (None: no such data in the store)."""
    table, field = option.get("table"), option.get("field")
    if not table or not field or field.startswith("_"):
        return None
    parts = (option.get("uid") or "").split(".")[1:-1]
    linkfield = ""
    if parts and (parts[0][:1].islower()):
        linkfield, parts = parts[0], parts[1:]
    parts = list(_HIDDEN_CHAINS.get(tuple(parts), parts))
    if table == main_table and not parts:
        return Path((), field)
    chain = [table_for_itemtype(p) for p in parts]
    if not chain or chain[-1] != table:
        chain.append(table)
    types = [itemtype] + parts + [""] * (len(chain) - len(parts))
    steps: List[Step] = []
    prev = main_table
    for index, nxt in enumerate(chain):
        last = index == len(chain) - 1
        step = link(tables, prev, types[index], nxt, linkfield if last else "")
        if step is None:
            return None
        steps.append(step)
        prev = nxt
    if not tables.has(table, field):
        return None
    actor_type = ITIL_ACTOR_TYPES.get(str(option_id)) if itemtype in ITIL_ITEMTYPES else None
    if actor_type and steps and steps[0].kind == "child":
        steps[0] = replace(steps[0], type_value=actor_type)
    return Path(tuple(steps), field)


def meta_steps(tables: TableInfo, itemtype: str, main_table: str,
               meta_itemtype: str, meta_table: str) -> Optional[Tuple[Step, ...]]:
    """GLPI's addMetaLeftJoin: from the searched table to a meta itemtype's table."""
    direct = link(tables, main_table, itemtype, meta_table)
    if direct is not None:
        return (direct,)
    for relation in ("%s_Item" % meta_itemtype, "Item_%s" % meta_itemtype):
        rel_table = table_for_itemtype(relation)
        first = link(tables, main_table, itemtype, rel_table)
        second = link(tables, rel_table, relation, meta_table)
        if first is not None and second is not None:
            return (first, second)
    if meta_itemtype == "Software":
        chain = ("glpi_items_softwareversions", "glpi_softwareversions", "glpi_softwares")
        steps, prev, prev_type = [], main_table, itemtype
        for nxt in chain:
            step = link(tables, prev, prev_type, nxt)
            if step is None:
                return None
            steps.append(step)
            prev, prev_type = nxt, ""
        return tuple(steps)
    return None
