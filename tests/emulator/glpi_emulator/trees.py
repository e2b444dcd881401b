"""Tree dropdowns (CommonTreeDropdown / Entity): completename, level, sons_cache and
ancestors_cache, with GLPI's two cache levels (the DB columns and the in-memory
GLPI_CACHE, emulated by ``store.cache``). Follows GLPI 10.0.12, quirks included:
renaming without the parent key moves the item to the root, and moving an item under
its own descendant corrupts the tree (the caller answers 500)."""
import json


class TreeCycle(Exception):
    """Raised after the corrupting writes when a node becomes its own ancestor."""


def php_json(d):
    """json_encode of a PHP array keyed by ids (a list when keys are 0..n-1)."""
    keys = list(d)
    if keys == list(range(len(keys))):
        return json.dumps([d[k] for k in keys], separators=(",", ":"))
    return json.dumps({str(k): v for k, v in d.items()}, separators=(",", ":"))


def _load(raw):
    data = json.loads(raw)
    if isinstance(data, list):
        return {i: int(v) for i, v in enumerate(data)}
    return {int(k): int(v) for k, v in data.items()}


def is_new_id(it, value):
    if it.name == "Entity":
        return value is None or value == "" or value < 0
    return not value or value <= 0


def ancestors_of(store, it, item_id, _depth=0):
    """getAncestorsOf(): {id: id} root first; stores the DB cache like GLPI."""
    if item_id is None or (it.name == "Entity" and item_id == 0) or _depth > 64:
        return {}
    key = ("anc", it.table, item_id)
    if key in store.cache:
        return dict(store.cache[key])
    fk = it.tree_fk
    rows = store.query('SELECT ancestors_cache, "%s" FROM "%s" WHERE id=?' % (fk, it.table),
                       (item_id,))
    if not rows:
        return {}
    raw, parent = rows[0]
    if raw:
        result = _load(raw)
    else:
        result = {}
        if parent is not None and parent > 0:
            result = ancestors_of(store, it, parent, _depth + 1)
        if parent is not None and (parent > 0 or it.name == "Entity"):
            result[parent] = parent
        store.query('UPDATE "%s" SET ancestors_cache=? WHERE id=?' % it.table,
                    (php_json(result), item_id))
    store.cache[key] = dict(result)
    return result


def sons_of(store, it, item_id):
    """getSonsOf(): {id: id} including the item itself; stores the DB cache."""
    key = ("sons", it.table, item_id)
    if key in store.cache:
        return dict(store.cache[key])
    rows = store.query('SELECT sons_cache FROM "%s" WHERE id=?' % it.table, (item_id,))
    if rows and rows[0][0]:
        result = _load(rows[0][0])
    else:
        result = {item_id: item_id}
        frontier = [item_id]
        fk = it.tree_fk
        order = "name, id"  # GLPI: ORDER BY name for the first level only
        while frontier:
            marks = ",".join("?" * len(frontier))
            found = store.query('SELECT id FROM "%s" WHERE "%s" IN (%s) ORDER BY %s' % (
                it.table, fk, marks, order), frontier)
            order = "id"
            frontier = []
            for (child,) in found:
                if child not in result:
                    result[child] = child
                    frontier.append(child)
        if rows:
            store.query('UPDATE "%s" SET sons_cache=? WHERE id=?' % it.table,
                        (php_json(result), item_id))
    store.cache[key] = dict(result)
    return result


def clean_parents_sons(store, it, item_id, cache=True, son=None):
    """cleanParentsSons(): sons_cache NULL in the DB for the ancestors of ``item_id``, and
    for ``item_id`` itself when it is another item than ``son`` (the item being moved or
    deleted); in the in-memory cache GLPI only removes ``son`` from the lists it holds,
    keeping their order (and staleness)."""
    ids = list(ancestors_of(store, it, item_id)) + ([item_id] if son is not None and son != item_id else [])
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    store.query('UPDATE "%s" SET sons_cache=NULL WHERE id IN (%s)' % (it.table, marks), ids)
    if cache:
        son = item_id if son is None else son
        for i in ids:
            sons = store.cache.get(("sons", it.table, i))
            if sons is not None:
                sons.pop(son, None)


def add_son_in_parents(store, it, item_id):
    for anc in ancestors_of(store, it, item_id):
        sons = store.cache.get(("sons", it.table, anc))
        if sons is not None and item_id not in sons:
            sons[item_id] = item_id


def adapt_fields(store, it, current, inp):
    """adaptTreeFieldsFromUpdateOrAdd(): fills level/completename (and the parent key)."""
    fk = it.tree_fk
    if current is not None and fk not in inp and current.get(fk) is not None and store.dialect.tree_update_keeps_parent:
        inp[fk] = current.get(fk)  # 11.0 falls back to the current parent; 10.0.12 moves a renamed item to the top
    name = inp.get("name")
    if name is None and current is not None:
        name = current.get("name")
    name = (name or "").strip()
    inp["name"] = name
    parent_id = inp.get(fk)
    parent = None
    if parent_id is not None and not is_new_id(it, parent_id):
        parent = store.get(it, parent_id)
    if parent is not None:
        inp["level"] = (parent.get("level") or 0) + 1
        inp["completename"] = "%s > %s" % (parent.get("completename") or "", name)
    else:
        inp[fk] = 0
        inp["level"] = 1
        inp["completename"] = name
    return inp


def prepare_update(store, it, current, inp):
    fk = it.tree_fk
    if fk in inp and inp[fk] != current.get(fk):
        inp["ancestors_cache"] = ""
        store.cache.pop(("anc", it.table, current["id"]), None)
        return adapt_fields(store, it, current, inp)
    if "name" in inp and inp["name"] != current.get("name"):
        return adapt_fields(store, it, current, inp)
    return inp


def post_add(store, it, item_id):
    clean_parents_sons(store, it, item_id, cache=False)
    add_son_in_parents(store, it, item_id)


def regenerate(store, it, item_id, update_name, change_parent, visited=None):
    """regenerateTreeUnderID(); raises TreeCycle once a node comes back (GLPI recurses
    until PHP dies)."""
    visited = set() if visited is None else visited
    if change_parent:
        store.cache.pop(("anc", it.table, item_id), None)
    if not (update_name or change_parent):
        return
    if item_id in visited:
        raise TreeCycle(item_id)
    visited.add(item_id)
    node = store.get(it, item_id)
    children = store.query('SELECT id, name FROM "%s" WHERE "%s"=? ORDER BY id' % (
        it.table, it.tree_fk), (item_id,))
    for child_id, child_name in children:
        upd = {"completename": ("%s > %s" % (node["completename"], child_name)) if node
               else child_name}
        if change_parent:
            upd["ancestors_cache"] = None
            upd["level"] = (node["level"] + 1) if node else 1
        store.update(it, child_id, upd)
        regenerate(store, it, child_id, update_name, change_parent, visited)


def post_update(store, it, item_id, updates, old):
    fk = it.tree_fk
    change_parent = fk in updates
    regenerate(store, it, item_id, "name" in updates, change_parent)
    if change_parent:
        old_parent = old.get(fk)
        if old_parent is not None and store.get(it, old_parent) is not None:
            clean_parents_sons(store, it, old_parent, son=item_id)
        new = store.get(it, item_id)
        if new and new.get(fk) is not None and store.get(it, new[fk]) is not None:
            clean_parents_sons(store, it, item_id, cache=False)
            add_son_in_parents(store, it, item_id)
        ancestors_of(store, it, item_id)
        sons_of(store, it, item_id)


def dropdown_name(store, it, row):
    """Dropdown::getDropdownName(): tree names come HTML-encoded ("a &#62; b")."""
    if row is None:
        return ""
    if it.is_tree and row.get("completename") is not None:
        return store.dialect.tree_name(row["completename"])
    return row.get("name") or ""
