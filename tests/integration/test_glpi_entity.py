"""glpi.glpi.glpi_entity against glpi_server: path creation with create_parents, re-run
unchanged, update, the tree rules GLPI enforces badly (children, root, duplicates, moves)."""

import pytest

pytestmark = pytest.mark.integration


def entity(**options):
    return {"glpi.glpi.glpi_entity": options}


def test_path_with_parents_check_apply_rerun(playbook, counters, unique):
    top = "ent-%s" % unique
    path = "Root entity > %s > Europe > Paris" % top
    counters.reset()
    run = playbook.run([entity(path=path, create_parents=True, town="Paris")], check=True, diff=True)
    result = run[0]
    assert result["changed"] is True and result["action"] == "create" and result["id"] is None
    assert result["created_parents"] == ["Root entity > %s" % top, "Root entity > %s > Europe" % top]
    assert result["diff"]["after"]["parent"] == "Root entity > %s > Europe" % top
    assert counters.read()["writes"] == 0

    run = playbook.run([
        entity(path=path, create_parents=True, town="Paris"),
        entity(path="%s > Europe > Paris" % top, town="Paris"),  # without the leading root entity
        entity(name="Paris", parent="Root entity > %s > Europe" % top, town="Paris"),
    ])
    created, again, by_name = run.results
    assert created["changed"] and created["action"] == "create", created.get("msg")
    assert created["completename"] == path
    assert created["entity"]["completename"] == path
    assert created["entity"]["town"] == "Paris"
    assert again["changed"] is False and again["id"] == created["id"]
    assert by_name["changed"] is False and by_name["id"] == created["id"]

    counters.reset()
    run = playbook.run([entity(path=path, create_parents=True, town="Paris")])
    stats = counters.read()
    assert run[0]["changed"] is False and run[0]["action"] == "unchanged"
    assert stats["writes"] == 0
    assert stats["reads"] <= 1, stats["by_endpoint"]


def test_update_one_field_with_diff(playbook, counters, unique):
    path = "ent-upd-%s" % unique
    assert playbook.run([entity(path=path, comment="before", country="France")])[0]["changed"]
    counters.reset()
    run = playbook.run([entity(path=path, comment="after", country="France")], diff=True)
    stats = counters.read()
    result = run[0]
    assert result["changed"] and result["action"] == "update"
    assert result["changed_fields"] == ["comment"]
    assert result["diff"]["before"]["comment"] == "before"
    assert result["diff"]["after"]["comment"] == "after"
    assert result["entity"]["comment"] == "after"
    assert stats["by_endpoint"].get("PUT Entity", 0) + stats["by_endpoint"].get("PUT Entity/:id", 0) == 1


def test_missing_parent_without_create_parents(playbook, counters, unique):
    counters.reset()
    run = playbook.run([entity(path="ent-np-%s > child" % unique)])
    assert run[0]["failed"] is True
    assert "create_parents" in run[0]["msg"]
    assert counters.read()["writes"] == 0


def test_entity_with_children_refused_then_removed(playbook, unique):
    top = "ent-del-%s" % unique
    run = playbook.run([
        entity(path="%s > a > a1" % top, create_parents=True),
        entity(path=top, state="absent"),
        entity(path=top, state="absent", remove_children=True),
        entity(path=top, state="absent", remove_children=True),
    ], check=False)
    created, refused, removed, again = run.results
    assert created["changed"], created.get("msg")
    assert refused["failed"] is True
    assert "sub-entities" in refused["msg"] and "remove_children" in refused["msg"]
    assert removed["changed"] and removed["action"] == "delete", removed.get("msg")
    assert removed["deleted"] == ["Root entity > %s > a > a1" % top, "Root entity > %s > a" % top,
                                  "Root entity > %s" % top]
    assert again["changed"] is False


def test_entity_with_items_refused(playbook, unique):
    path = "ent-items-%s" % unique
    run = playbook.run([entity(path=path)])
    ident = run[0]["id"]
    run = playbook.run([
        {"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": "pc-%s" % unique, "entities_id": ident}}},
        entity(path=path, state="absent"),
        entity(path=path, state="absent", allow_orphaned_items=True),
    ])
    computer, refused, removed = run.results
    assert computer["changed"], computer.get("msg")
    assert refused["failed"] is True
    assert "1 Computer" in refused["msg"] and "allow_orphaned_items" in refused["msg"]
    assert removed["changed"] and removed["action"] == "delete"


def test_root_entity_cannot_be_removed(playbook, counters):
    counters.reset()
    run = playbook.run([
        entity(id=0, state="absent"),
        entity(path="Root entity", state="absent", allow_orphaned_items=True, remove_children=True),
    ])
    for result in run.results:
        assert result["failed"] is True
        assert "root entity" in result["msg"]
    assert counters.read()["writes"] == 0


def test_duplicate_names_are_clear(playbook, unique):
    name = "Jose-%s" % unique
    run = playbook.run([
        entity(name=name),
        entity(name="jos\u00e9-%s" % unique),
        entity(name="other-%s" % unique),
    ])
    created, clash, other = run.results
    assert created["changed"]
    assert clash["failed"] is True
    assert "same name" in clash["msg"] and name in clash["msg"]
    assert "Duplicate entry" not in clash["msg"]
    run = playbook.run([entity(id=other["id"], name=name)])
    assert run[0]["failed"] is True and "already exists" in run[0]["msg"]


def test_move_and_refuse_move_under_descendant(playbook, counters, unique):
    top = "ent-mv-%s" % unique
    run = playbook.run([
        entity(path="%s > a > b" % top, create_parents=True),
        entity(path="%s > c" % top),
    ])
    b_id, c_id = run[0]["id"], run[1]["id"]
    run = playbook.run([entity(path="%s > a" % top, comment="x")])
    a_id = run[0]["id"]
    counters.reset()
    run = playbook.run([entity(id=a_id, parent=str(b_id)), entity(id=a_id, parent=str(a_id))])
    for result in run.results:
        assert result["failed"] is True and "descendants" in result["msg"]
    assert counters.read()["writes"] == 0
    run = playbook.run([entity(id=b_id, parent="Root entity > %s > c" % top),
                        entity(id=b_id, parent="Root entity > %s > c" % top)], diff=True)
    moved, again = run.results
    assert moved["changed"] and moved["changed_fields"] == ["parent"], moved.get("msg")
    assert moved["entity"]["entities_id"] == c_id
    assert moved["completename"] == "Root entity > %s > c > b" % top
    assert moved["diff"]["before"]["parent"] == "Root entity > %s > a" % top
    assert again["changed"] is False
