"""Itemtype metadata derived from schema/*.json (GLPI dump) plus supplement.py.

``registry()`` returns the cached :class:`Registry`; ``Registry.get(name)`` resolves an
itemtype case-insensitively (GLPI class names are case-insensitive in API paths).
"""
import json
import os
import re
import threading

from . import inventory_tables, supplement

SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "schema")
_FK_RE = re.compile(r"._id(_.+)?$")


def is_foreign_key(field):
    """GLPI's isForeignKeyField()."""
    return bool(_FK_RE.search(field))


def table_for_fk(field):
    """GLPI's getTableNameForForeignKeyField(): users_id_tech -> glpi_users."""
    if not is_foreign_key(field):
        return ""
    if field.startswith("_"):
        field = field[1:]
    return "glpi_" + re.sub(r"_id.*", "", field)


class Column:
    __slots__ = ("name", "type", "kind", "nullable", "default", "scale")

    def __init__(self, name, mtype, nullable, default):
        self.name = name
        self.type = mtype
        self.nullable = nullable
        self.scale = 0
        t = mtype.lower()
        if t.startswith(("int", "tinyint", "smallint", "bigint", "mediumint")):
            self.kind = "int"
        elif t.startswith("decimal"):
            self.kind = "decimal"
            m = re.search(r",(\d+)\)", t)
            self.scale = int(m.group(1)) if m else 0
        elif t.startswith(("float", "double")):
            self.kind = "float"
        elif t.startswith(("timestamp", "datetime")):
            self.kind = "datetime"
        elif t == "date":
            self.kind = "date"
        else:
            self.kind = "text"
        self.default = self.python_value(default)

    def python_value(self, raw):
        if raw is None:
            return None
        if self.kind == "int":
            try:
                return int(raw)
            except ValueError:
                return 0
        if self.kind in ("decimal", "float"):
            return float(raw)
        if self.kind == "datetime" and str(raw).upper().startswith("CURRENT_TIMESTAMP"):
            return None
        return str(raw)


class ItemType:
    """Everything the emulator knows about one itemtype, derived from its columns."""

    def __init__(self, name, table, columns, indexes=(), search_options=None, massive_actions=None):
        self.name = name
        self.table = table
        self.columns = columns
        self.col = {c.name: c for c in columns}
        self.colnames = [c.name for c in columns]
        self.search_options = search_options or {}
        self.massive_actions = massive_actions or []
        uniq = {}
        for ix in indexes:
            if ix.get("unique") and ix["name"] != "PRIMARY":
                uniq.setdefault(ix["name"], []).append((ix.get("seq", 0), ix["column"]))
        self.unique_indexes = [(n, [c for _seq, c in sorted(cols)]) for n, cols in uniq.items()]
        self.has_trash = "is_deleted" in self.col
        self.has_entity = "entities_id" in self.col
        self.entity_assign = self.has_entity and name not in supplement.NOT_ENTITY_ASSIGN
        self.has_recursive = "is_recursive" in self.col
        self.fk = table[len("glpi_"):] + "_id"  # getForeignKeyFieldForItemType
        self.is_tree = "completename" in self.col and "level" in self.col
        self.tree_fk = self.fk if self.is_tree else None
        self.polymorphic = "itemtype" in self.col and "items_id" in self.col
        self.hateoas = supplement.hateoas_classes(name)
        self.rightname = supplement.RIGHTNAMES.get(name) or supplement.RELATION_RIGHTS.get(name)
        if self.rightname is None:
            self.rightname = "dropdown"
        self.is_relation = name in supplement.RELATION_RIGHTS
        self.label_field = "name" if "name" in self.col else None

    def fk_columns(self):
        return [c for c in self.colnames if is_foreign_key(c)]


def _compact_columns(spec):
    cols = []
    for part in spec.split(","):
        name, mtype, default = part.split(":")
        if default == "N":
            default = None
        cols.append(Column(name, mtype, default is None or name == "id", default))
    return cols


class Registry:
    def __init__(self):
        self.types = {}
        for fname in sorted(os.listdir(SCHEMA_DIR)):
            if not fname.endswith(".json"):
                continue
            with open(os.path.join(SCHEMA_DIR, fname), encoding="utf-8") as fh:
                data = json.load(fh)
            cols = [Column(c["name"], c["type"], c["null"], c["default"]) for c in data["columns"]]
            self._add(ItemType(data["itemtype"], data["table"], cols, data.get("indexes", ()),
                               data.get("search_options"), data.get("massive_actions")))
        for name, (table, spec) in supplement.EXTRA_TABLES.items():
            if name not in self.types:
                indexes = [{"name": key, "unique": True, "seq": seq, "column": column}
                           for key, columns in supplement.EXTRA_UNIQUE.get(name, {}).items()
                           for seq, column in enumerate(columns, 1)]
                self._add(ItemType(name, table, _compact_columns(spec), indexes,
                                   inventory_tables.search_options(name)))
        self.by_lower = {n.lower(): t for n, t in self.types.items()}
        self.by_table = {t.table: t for t in self.types.values()}

    def _add(self, it):
        for c in it.columns:
            if c.name == "id":
                c.default = None
        self.types[it.name] = it

    def get(self, name):
        """Resolve an itemtype name case-insensitively; None when unknown."""
        if not isinstance(name, str):
            return None
        return self.by_lower.get(name.lower())

    def itemtype_for_table(self, table):
        """GLPI's getItemTypeForTable(): 'UNKNOWN' when no class matches."""
        it = self.by_table.get(table)
        if it:
            return it.name
        return supplement.TABLE_ITEMTYPES.get(table, "UNKNOWN")


_REGISTRY = None
_LOCK = threading.Lock()


def registry():
    global _REGISTRY
    with _LOCK:
        if _REGISTRY is None:
            _REGISTRY = Registry()
        return _REGISTRY
