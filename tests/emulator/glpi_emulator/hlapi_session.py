"""``GET /Session/EntityTree`` (CoreController::getSessionEntityTree, API 2.2): the entities of the
active profile as ``[{key, label, children, [expanded], [selected]}]``, children by name; the
active entity's ancestors (the root's own id for the root, getAncestorsOf) are ``expanded``,
the active entity ``selected`` (both the string "true")."""
from . import hlapi, trees


def entity_tree(hl):
    store, session = hl.store, hl.session
    ent_it = store.reg.get("Entity")
    active = session.active_entity
    ancestors = set(trees.ancestors_of(store, ent_it, active)) if active else {0}
    out = []
    for profile_entity in session.profile.get("entities", []):
        if profile_entity.get("is_recursive"):
            node = _subtree(store, ent_it, profile_entity["id"])
        else:
            node = {"id": profile_entity["id"], "is_recursive": profile_entity.get("is_recursive"),
                    "key": profile_entity["id"], "label": profile_entity.get("name"), "children": []}
        out.append(node)
    _select(out, ancestors, active)
    return hlapi.json_response(out)


def _subtree(store, ent_it, entity_id):
    row = store.get(ent_it, entity_id) or {}
    children = store.find(ent_it, "entities_id = ? AND id <> ?", (entity_id, entity_id), order="name")
    return {"key": entity_id, "label": row.get("name"),
            "children": [_subtree(store, ent_it, child["id"]) for child in children]}


def _select(nodes, ancestors, active):
    for node in nodes:
        if node["key"] in ancestors:
            node["expanded"] = "true"
        if node["key"] == active:
            node["selected"] = "true"
        _select(node["children"], ancestors, active)
