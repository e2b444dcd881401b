"""SQLite storage: tables built from the schema registry, auto-increment that burns ids
like InnoDB, unique keys with MariaDB-like collation, and the fresh-install seed.

One connection guarded by an RLock (works for ``:memory:`` and files; threads serialise
on the lock). Every public method takes the lock; callers may also hold ``store.lock``
around a read-modify-write sequence.
"""
import sqlite3
import threading

from . import dialects, seed, values
from .schema import registry


class Duplicate(Exception):
    """A unique key refused an INSERT/UPDATE; ``message`` is MariaDB's error text."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _sql_type(col):
    if col.kind == "int":
        return "INTEGER"
    if col.kind in ("decimal", "float"):
        return "REAL"
    return "TEXT"


class Store:
    def __init__(self, path=":memory:", tokens=None, version="10.0"):
        self.path = path
        self.tokens = tokens or {}
        self.dialect = dialects.get(version)  # the GLPI version answered as (dialects.py)
        self.lock = threading.RLock()
        self.reg = registry()
        self.cache = {}  # GLPI_CACHE emulation (sons/ancestors caches of tree tables)
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.create_collation("glpi_ci", values.collate_ci)
        self.conn.create_function("glpi_like", 2, values.glpi_like, deterministic=True)
        self.conn.execute("PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA temp_store=MEMORY")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        with self.lock:
            if not self._initialised():
                self._create_all()
                seed.fresh_install(self)

    # -- schema -------------------------------------------------------------------------
    def _initialised(self):
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='_emu_seq'").fetchone()
        return row is not None

    def _create_all(self):
        c = self.conn
        c.execute("BEGIN")
        c.execute("CREATE TABLE _emu_seq (tbl TEXT PRIMARY KEY, next_id INTEGER)")
        c.execute("CREATE TABLE _emu_files (documents_id INTEGER PRIMARY KEY, content BLOB)")
        for it in self.reg.types.values():
            defs = []
            for col in it.columns:
                coll = " COLLATE glpi_ci" if col.kind == "text" else ""
                pk = " PRIMARY KEY" if col.name == "id" else ""
                defs.append('"%s" %s%s%s' % (col.name, _sql_type(col), pk, coll))
            c.execute('CREATE TABLE "%s" (%s)' % (it.table, ", ".join(defs)))
            for name, cols in it.unique_indexes:
                c.execute('CREATE UNIQUE INDEX "%s__%s" ON "%s" (%s)' % (
                    it.table, name, it.table, ", ".join('"%s"' % x for x in cols)))
            for fk in sorted({"entities_id", "items_id", it.tree_fk or "entities_id"}):
                if fk in it.col:
                    c.execute('CREATE INDEX "%s__%s" ON "%s" ("%s")' % (it.table, fk, it.table, fk))
        c.execute("COMMIT")

    def drop_all(self):
        with self.lock:
            tables = [r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")]
            self.conn.execute("BEGIN")
            for t in tables:
                self.conn.execute('DROP TABLE "%s"' % t)
            self.conn.execute("COMMIT")
            self.cache.clear()

    def reset(self):
        """Back to a fresh install."""
        with self.lock:
            self.drop_all()
            self._create_all()
            seed.fresh_install(self)

    # -- low level ------------------------------------------------------------------------
    def query(self, sql, params=()):
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def next_id(self, table):
        """Allocate an auto-increment id (burnt even if the INSERT then fails)."""
        with self.lock:
            row = self.conn.execute("SELECT next_id FROM _emu_seq WHERE tbl=?", (table,)).fetchone()
            nid = row[0] if row else 1
            if row:
                self.conn.execute("UPDATE _emu_seq SET next_id=? WHERE tbl=?", (nid + 1, table))
            else:
                self.conn.execute("INSERT INTO _emu_seq VALUES (?, ?)", (table, nid + 1))
            return nid

    def set_next_id(self, table, nid):
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO _emu_seq VALUES (?, ?)", (table, nid))

    def _duplicate(self, it, vals, exc):
        """Build MariaDB's "Duplicate entry 'a-b' for key 'name'" for the violated key."""
        for name, cols in it.unique_indexes:
            where = " AND ".join('"%s" = ?' % c for c in cols)
            hit = self.conn.execute('SELECT 1 FROM "%s" WHERE %s AND id != ?' % (it.table, where),
                                    [vals.get(c) for c in cols] + [vals.get("id")]).fetchone()
            if hit:
                entry = "-".join("" if vals.get(c) is None else values.render_number(vals.get(c))
                                 for c in cols)
                return Duplicate("Duplicate entry '%s' for key '%s'" % (entry, name))
        return Duplicate(str(exc))

    # -- rows --------------------------------------------------------------------------------
    def insert(self, it, row, with_id=None):
        """Insert ``row`` (column -> stored value, defaults filled); returns the new id."""
        with self.lock:
            nid = with_id if with_id is not None else self.next_id(it.table)
            full = {c.name: c.default for c in it.columns}
            full.update({k: v for k, v in row.items() if k in it.col})
            full["id"] = nid
            cols = list(full)
            try:
                self.conn.execute('INSERT INTO "%s" (%s) VALUES (%s)' % (
                    it.table, ", ".join('"%s"' % c for c in cols), ", ".join("?" * len(cols))),
                    [full[c] for c in cols])
            except sqlite3.IntegrityError as exc:
                raise self._duplicate(it, full, exc)
            return nid

    def update(self, it, item_id, changes):
        if not changes:
            return
        with self.lock:
            cols = [c for c in changes if c in it.col and c != "id"]
            if not cols:
                return
            try:
                self.conn.execute('UPDATE "%s" SET %s WHERE id=?' % (
                    it.table, ", ".join('"%s"=?' % c for c in cols)),
                    [changes[c] for c in cols] + [item_id])
            except sqlite3.IntegrityError as exc:
                current = self.get(it, item_id) or {}
                current.update(changes)
                raise self._duplicate(it, current, exc)

    def delete(self, it, item_id):
        with self.lock:
            self.conn.execute('DELETE FROM "%s" WHERE id=?' % it.table, (item_id,))

    def get(self, it, item_id):
        """Stored row as a dict (raw storage values) or None."""
        with self.lock:
            row = self.conn.execute('SELECT * FROM "%s" WHERE id=?' % it.table, (item_id,)).fetchone()
        if row is None:
            return None
        return dict(zip(it.colnames, row))

    def find(self, it, where="1=1", params=(), order="id"):
        with self.lock:
            rows = self.conn.execute('SELECT * FROM "%s" WHERE %s ORDER BY %s' % (
                it.table, where, order), params).fetchall()
        return [dict(zip(it.colnames, r)) for r in rows]

    def transaction(self):
        return _Tx(self)


class _Tx:
    """Group many writes in one SQLite transaction (re-entrant; commits at the outermost)."""

    def __init__(self, store):
        self.store = store

    def __enter__(self):
        self.store.lock.acquire()
        self.store.tx_depth = getattr(self.store, "tx_depth", 0) + 1
        if self.store.tx_depth == 1:
            self.store.conn.execute("BEGIN")
        return self.store

    def __exit__(self, exc_type, exc, tb):
        try:
            self.store.tx_depth -= 1
            if self.store.tx_depth == 0:
                self.store.conn.execute("COMMIT")
        finally:
            self.store.lock.release()
        return False
