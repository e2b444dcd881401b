"""glpi_item options that GLPI 11's v2 API used to skip, the same tasks and assertions over v1 and v2:
``allow_move_out_of_scope`` (the session's active entities: ``getActiveEntities`` over v1, ``GET
/Session`` over v2, both following the connection's ``entity``), dropdowns in ``--diff`` (the name the
task gave, else the complete name), dropdowns given by completename path, ``chunk_size``.

Runs against an emulator in 11.0 mode, or the real GLPI 11 that GLPI_URL names (with
GLPI_CLIENT_ID/GLPI_CLIENT_SECRET). Seeding and clean-up are plain HTTP on v2 (not the collection's code)."""

import pytest

from test_api_v2 import Seeder

pytestmark = [pytest.mark.integration, pytest.mark.api_v2]

RELIABILITY_CASES = [
    {"area": "Entity scope", "case": "glpi_item over v1 and v2: a session on entity A moves a computer to entity B outside it",
     "outcome": "fails naming entities_id, the computer, entity B and the active entities; nothing written; "
                "allow_move_out_of_scope=true moves it with a warning and does not read it back",
     "test": "test_move_out_of_scope_both_apis"},
    {"area": "Diff", "case": "glpi_item --diff over v1 and v2: a location (child of another) and a state changed",
     "outcome": "the same before/after on both APIs: the name the task gave, else the complete name",
     "test": "test_dropdown_diff_both_apis"},
]


def item(itemtype="Computer", **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": itemtype}, **options)}


@pytest.fixture
def seed(hlapi_server, unique):
    """Plain HTTP on v2; whatever ``add`` made is purged (last made, first purged) at the end."""
    seeder, made = Seeder(hlapi_server), []

    def add(path, body):
        made.append((path, seeder.add(path, body)))
        return made[-1][1]
    add.http, add.base, add.unique = seeder.http, seeder.base, unique
    yield add
    for path, ident in reversed(made):
        seeder.delete(path, ident, purge=True)


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_move_out_of_scope_both_apis(playbook, hlapi_server, seed, api):
    tag = "%s-%s" % (api, seed.unique)
    a_id = seed("Administration/Entity", {"name": "gap-a-%s" % tag, "parent": {"id": 0}})
    b_id = seed("Administration/Entity", {"name": "gap-b-%s" % tag, "parent": {"id": 0}})
    first, second = [seed("Assets/Computer", {"name": "gap-pc%d-%s" % (n, tag), "entity": {"id": a_id}}) for n in (1, 2)]
    scoped = dict(hlapi_server.connection(api), entity=a_id, entity_recursive=False)
    run = playbook.run([
        item(id=first, fields={"entities_id": b_id}),
        item(items=[{"id": second, "comment": "bulk"}, {"id": first, "entities_id": b_id}]),
        item(id=second, fields={"comment": "kept in A"}),
        item(id=first, fields={"entities_id": b_id}, allow_move_out_of_scope=True),
    ], connection=scoped)
    single, many, unmoved, moved = run.results
    assert single.get("failed") and not single["changed"]
    for text in ("entities_id", "Computer %s" % first, "entity %s" % b_id, "active entities (%s)" % a_id,
                 "allow_move_out_of_scope", "nothing was written"):
        assert text in single["msg"], (text, single["msg"])
    assert many.get("failed") and not many["changed"], many.get("msg")
    assert "Computer %s" % first in many["msg"] and "Computer %s" % second not in many["msg"], many["msg"]
    assert unmoved["changed"] and not unmoved.get("failed"), unmoved.get("msg")
    assert moved["changed"] and not moved.get("failed"), moved.get("msg")
    assert moved["action"] == "update" and moved["item"] is None
    assert any("outside this session's active entities" in w for w in moved.get("warnings", [])), moved.get("warnings")
    # Read back with plain HTTP on v2 (a cached legacy session predating entity B would get 403 on it).
    back = [seed.http.get(seed.base + "/v2/Assets/Computer/%d" % ident, timeout=30).json() for ident in (first, second)]
    assert back[0]["entity"]["id"] == b_id, back[0]
    assert (back[1]["entity"]["id"], back[1]["comment"]) == (a_id, "kept in A"), "the bulk task wrote nothing"


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_dropdown_diff_both_apis(run_on, seed, api):
    tag = "%s-%s" % (api, seed.unique)
    parent = seed("Dropdowns/Location", {"name": "gap-site-%s" % tag})
    room = seed("Dropdowns/Location", {"name": "gap-room-%s" % tag, "parent": {"id": parent}})
    state = seed("Dropdowns/State", {"name": "gap-state-%s" % tag})
    name = "gap-diff-%s" % tag
    seed("Assets/Computer", {"name": name, "location": {"id": parent}})
    site, path = "gap-site-%s" % tag, "gap-site-%s > gap-room-%s" % (tag, tag)
    run = run_on(api, [
        item(fields={"name": name, "locations_id": room, "states_id": "gap-state-%s" % tag}),
        item(fields={"name": name, "locations_id": "gap-room-%s" % tag, "states_id": state}),
        item(fields={"name": name, "locations_id": 0, "states_id": 0}),
        item(fields={"name": name, "locations_id": path}),
    ], diff=True)
    changed, unchanged, cleared, by_path = run.results
    assert changed["diff"] == {"before": {"name": name, "locations_id": site, "states_id": None},
                               "after": {"name": name, "locations_id": path, "states_id": "gap-state-%s" % tag}}, changed.get("msg")
    assert not unchanged["changed"] and unchanged["diff"]["after"] == {
        "name": name, "locations_id": "gap-room-%s" % tag, "states_id": "gap-state-%s" % tag}, unchanged.get("msg")
    assert cleared["diff"]["after"] == {"name": name, "locations_id": None, "states_id": None}, cleared.get("msg")
    assert (by_path["action"], by_path["item"]["locations_id"]) == ("update", room), by_path.get("msg")
    assert by_path["diff"]["after"]["locations_id"] == path


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_dropdown_paths_and_chunk_size_both_apis(run_on, seed, api):
    tag = "%s-%s" % (api, seed.unique)
    parent = seed("Dropdowns/Location", {"name": "gap-site-%s" % tag})
    room = seed("Dropdowns/Location", {"name": "gap-room-%s" % tag, "parent": {"id": parent}})
    names = ["gap-chunk-%s-%d" % (tag, n) for n in range(5)]
    for name in names:
        seed("Assets/Computer", {"name": name})
    elements = [{"name": name, "locations_id": "gap-room-%s" % tag} for name in names]
    run = run_on(api, [
        item(items=elements, chunk_size=2),
        item(items=elements, chunk_size=2),
        item(fields={"name": names[0], "locations_id": "gap-site-%s > nowhere" % tag}),
        item(fields={"name": names[0], "locations_id": "nowhere-%s" % tag}),
        item(items=elements, chunk_size=0),
    ])
    written, again, no_path, no_name, zero = run.results
    assert written["summary"] == {"update": 5}, written.get("msg")
    # v2's asset schemas have no is_dynamic: allow_dynamic_changes cannot be checked, and the task says so.
    unchecked = [w for w in written.get("warnings", []) if w.startswith("allow_dynamic_changes")]
    assert len(unchecked) == (1 if api == "v2" else 0), written.get("warnings")
    assert api == "v1" or ("api_version=v2" in unchecked[0] and "locations_id" in unchecked[0])
    assert again["summary"] == {"unchanged": 5}, again.get("msg")
    for failed, text in ((no_path, "gap-site-%s > nowhere" % tag), (no_name, "nowhere-%s" % tag)):
        assert failed.get("failed") and "fields.locations_id: no Location named '%s' is visible to this session" % text \
            in failed["msg"], failed.get("msg")
    assert zero.get("failed") and "chunk_size" in zero["msg"], zero.get("msg")
    assert room


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_path_creation_both_apis(run_on, seed, api):
    """create_missing_dropdowns creates the missing levels of a path, parents first, under the
    existing ones; check mode only names them."""
    tag = "%s-%s" % (api, seed.unique)
    site = seed("Dropdowns/Location", {"name": "gap-site-%s" % tag})
    wing, room, name = "gap-wing-%s" % tag, "gap-room-%s" % tag, "gap-new-%s" % tag
    path = "gap-site-%s > %s > %s" % (tag, wing, room)
    task = item(fields={"name": name, "locations_id": path}, create_missing_dropdowns=True)
    try:
        planned = run_on(api, [task], check=True)[0]
        run = run_on(api, [task, task], diff=True)
    finally:
        for made in (room, wing):
            rows = seed.http.get(seed.base + "/v2/Dropdowns/Location", params={"filter": 'name=="%s"' % made}, timeout=30)
            for row in rows.json() if rows.status_code in (200, 206) else []:
                seed.http.delete(seed.base + "/v2/Dropdowns/Location/%d" % row["id"], params={"force": "true"}, timeout=30)
        rows = seed.http.get(seed.base + "/v2/Assets/Computer", params={"filter": 'name=="%s"' % name}, timeout=30)
        for row in rows.json() if rows.status_code in (200, 206) else []:
            seed.http.delete(seed.base + "/v2/Assets/Computer/%d" % row["id"], params={"force": "true"}, timeout=30)
    assert planned["created_dropdowns"] == ["(new Location '%s')" % wing, "(new Location '%s')" % room], planned.get("msg")
    created, again = run.results
    assert [text.split(" (id ")[0] for text in created["created_dropdowns"]] == ["Location '%s'" % wing, "Location '%s'" % room]
    assert created["action"] == "create" and created["diff"]["after"]["locations_id"] == path, created.get("msg")
    assert again["action"] == "unchanged" and again["created_dropdowns"] == [], again.get("msg")
    assert again["item"]["locations_id"] == int(created["created_dropdowns"][1].split(" (id ")[1].rstrip(")"))
    assert site
