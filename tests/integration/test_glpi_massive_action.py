"""glpi.glpi.glpi_massive_action against glpi_server: idempotent update of 100 computers,
per-id report with a missing id, trash / restore / purge skipping what is done, criteria
by field name, unknown action."""

import pytest

pytestmark = pytest.mark.integration

MISSING_ID = 99999999


def massive(**options):
    return {"glpi.glpi.glpi_massive_action": options}


def computers(playbook, unique, count):
    names = [{"name": "ma-%s-%03d" % (unique, n)} for n in range(count)]
    run = playbook.run([{"glpi.glpi.glpi_item": {"itemtype": "Computer", "items": names}}])
    assert run[0]["changed"], run[0].get("msg")
    return [result["id"] for result in run[0]["results"]]


def test_update_100_computers_half_at_target(playbook, counters, unique):
    ids = computers(playbook, unique, 100)
    target = "audited %s" % unique
    run = playbook.run([massive(itemtype="Computer", action="MassiveAction:update", ids=ids[::2],
                                field="comment", value=target)])
    assert run[0]["changed_ids"] == ids[::2], run[0].get("msg")

    counters.reset()
    run = playbook.run([massive(itemtype="Computer", action="MassiveAction:update", ids=ids,
                                field="comment", value=target)], check=True, diff=True)
    result = run[0]
    assert result["changed"] is True
    assert result["changed_ids"] == ids[1::2]
    assert result["skipped_ids"] == ids[::2]
    assert len(result["diff"]["after"]) == 50
    assert counters.read()["writes"] == 0

    counters.reset()
    run = playbook.run([massive(itemtype="Computer", action="MassiveAction:update", ids=ids,
                                field="comment", value=target)])
    stats = counters.read()
    result = run[0]
    assert result["changed"] is True, result.get("msg")
    assert result["changed_ids"] == ids[1::2]
    assert result["summary"] == {"ok": 50, "noaction": 50, "ko": 0, "noright": 0}
    assert stats["writes"] == 1
    assert stats["by_endpoint"].get("POST applyMassiveAction/Computer/MassiveAction:update") == 1
    assert sum(answer["ok"] for answer in result["glpi_answers"]) == 50

    counters.reset()
    run = playbook.run([massive(itemtype="Computer", action="update", ids=ids, field="comment", value=target)])
    assert run[0]["changed"] is False and run[0]["changed_ids"] == []
    assert counters.read()["writes"] == 0


def test_report_per_id_with_missing_id(playbook, unique):
    ids = computers(playbook, unique, 2)
    task = massive(itemtype="Computer", action="MassiveAction:update", ids=ids + [MISSING_ID],
                   field="comment", value="x-%s" % unique)
    relaxed = dict(task, failed_when=False)
    run = playbook.run([task, relaxed])
    failed, kept = run.results
    assert failed["failed"] is True
    assert str(MISSING_ID) in failed["msg"]
    assert failed["failed_ids"] == [MISSING_ID]
    assert failed["changed_ids"] == ids
    statuses = dict((entry["id"], entry["status"]) for entry in failed["results"])
    assert statuses == {ids[0]: "ok", ids[1]: "ok", MISSING_ID: "noright"}
    assert kept.get("failed") is not True
    assert kept["failed_ids"] == [MISSING_ID] and kept["changed_ids"] == []


def test_trash_restore_purge_skip_what_is_done(playbook, unique):
    ids = computers(playbook, unique, 3)
    run = playbook.run([
        massive(itemtype="Computer", action="MassiveAction:delete", ids=ids[:1]),
        massive(itemtype="Computer", action="MassiveAction:delete", ids=ids),
        massive(itemtype="Computer", action="MassiveAction:restore", ids=ids[1:]),
        massive(itemtype="Computer", action="MassiveAction:restore", ids=ids),
        massive(itemtype="Computer", action="MassiveAction:purge", ids=ids + [MISSING_ID]),
        massive(itemtype="Computer", action="MassiveAction:purge", ids=ids),
    ])
    first, rest, restore_some, restore_rest, purge, purge_again = run.results
    assert first["changed_ids"] == ids[:1]
    assert rest["changed_ids"] == ids[1:] and rest["skipped_ids"] == ids[:1]
    assert restore_some["changed_ids"] == ids[1:]
    assert restore_rest["changed_ids"] == ids[:1] and restore_rest["skipped_ids"] == ids[1:]
    assert purge["changed_ids"] == ids and purge["skipped_ids"] == [MISSING_ID], purge.get("msg")
    assert purge_again["changed"] is False and purge_again["skipped_ids"] == ids


def test_select_by_criteria_with_field_names(playbook, unique):
    ids = computers(playbook, unique, 4)
    run = playbook.run([
        massive(itemtype="Computer", action="update", criteria=[{"field": "name", "value": "^ma-%s-" % unique}],
                field="serial", value="SER-%s" % unique),
        massive(itemtype="Computer", action="update",
                criteria=[{"field": "serial", "searchtype": "contains", "value": "SER-%s" % unique}],
                field="serial", value="SER-%s" % unique),
    ])
    selected, again = run.results
    assert sorted(selected["ids"]) == sorted(ids), selected.get("msg")
    assert sorted(selected["changed_ids"]) == sorted(ids)
    assert sorted(again["ids"]) == sorted(ids) and again["changed"] is False


def test_unknown_action_lists_valid_ones(playbook, counters):
    counters.reset()
    run = playbook.run([massive(itemtype="Computer", action="MassiveAction:nosuch", ids=[1])])
    assert run[0]["failed"] is True
    assert "MassiveAction:nosuch" in run[0]["msg"]
    assert "MassiveAction:update" in run[0]["msg"] and "MassiveAction:purge" in run[0]["msg"]
    assert counters.read()["writes"] == 0
