"""A database row as a v2 object (hlapi_schema specs): booleans, ISO 8601 dates with offset,
dropdown links ``{id, name}`` (null for 0 or a dangling id), group lists."""
from . import dialects


def iso_datetime(value):
    """``YYYY-MM-DD HH:MM:SS`` as GLPI 11's HL API writes it (RFC 3339, server time zone UTC)."""
    if value in (None, ""):
        return None
    text = str(value)
    if len(text) == 10:
        return text
    return text.replace(" ", "T") + "+00:00"


class Renderer:
    """Renders rows; caches the dropdown rows it reads during one request."""

    def __init__(self, store):
        self.store = store
        self.cache = {}

    def _linked(self, itemtype, item_id):
        key = (itemtype, item_id)
        if key not in self.cache:
            it = self.store.reg.get(itemtype)
            self.cache[key] = self.store.get(it, item_id) if it is not None else None
        return self.cache[key]

    def link(self, itemtype, item_id, extra=()):
        if item_id in (None, "") or (int(item_id) <= 0 and itemtype != "Entity"):
            return None
        row = self._linked(itemtype, int(item_id))
        if row is None:
            return None
        out = {"id": row["id"], "name": row.get("name")}
        for key in extra:
            out[key] = row.get(key)
        return out

    def render(self, schema, row):
        out = {}
        for prop, spec in schema.props.items():
            if spec[0] != "writeonly":
                out[prop] = self.value(spec, row)
        return out

    def value(self, spec, row):
        kind = spec[0]
        if kind == "col":
            if spec[1] not in row and len(spec) > 3:
                return spec[3]  # a column the emulator's schema lacks: GLPI 11's default
            return _column(spec[2], row.get(spec[1]))
        if kind == "fk":
            return self.link(spec[2], row.get(spec[1]), spec[3])
        if kind == "groups":
            ids = dialects.stored_groups(row.get(spec[1]))
            return [g for g in (self.link("Group", gid) for gid in ids or []) if g is not None]
        if kind == "emails":
            return user_emails(self.store, row["id"])
        if kind in ("status", "team"):
            from . import hlapi_itil
            if kind == "status":
                return hlapi_itil.status(row.get(spec[1]), spec[2] if len(spec) > 2 else "Ticket")
            return hlapi_itil.team(self.store, row["id"], spec[1] if len(spec) > 1 else "Ticket")
        if kind == "visibilities":
            return {name: bool(row.get(spec[1] + name, 1)) for name in spec[2]}
        return None


def user_emails(store, user_id):
    rows = store.find(store.reg.get("UserEmail"), "users_id = ?", (user_id,), order="id")
    return [{"id": r["id"], "email": r.get("email"), "is_default": int(r.get("is_default") or 0),
             "is_dynamic": int(r.get("is_dynamic") or 0)} for r in rows]


def _column(kind, value):
    if value is None:
        return None
    if kind == "bool":
        return bool(int(value)) if str(value).lstrip("-").isdigit() else bool(value)
    if kind == "int":
        return int(value)
    if kind == "datetime":
        return iso_datetime(value)
    return value


def truncate_tree_parents(schema, page):
    """GLPI 11.0.6 answers a list of a tree dropdown with the rows that are the parent of
    another row of the page cut to ``{id, name, entity, parent}`` (FINDINGS 16)."""
    if "parent" not in schema.props:
        return page
    parents = {obj["parent"]["id"] for obj in page if isinstance(obj.get("parent"), dict)}
    keys = [k for k in ("id", "name", "entity", "parent") if k in schema.props]
    return [{k: obj.get(k) for k in keys} if obj.get("id") in parents else obj for obj in page]


def php_array(pairs):
    """A PHP array as json_encode writes it: a list when its keys are 0..n-1 in order, else an
    object with the keys as strings (array_filter keeps the keys; arrays keyed by id)."""
    pairs = list(pairs)
    if [key for key, _value in pairs] == list(range(len(pairs))):
        return [value for _key, value in pairs]
    return {str(key): value for key, value in pairs}
