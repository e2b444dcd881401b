"""Every module's ``--diff`` output, through Ansible's default callback: ansible-playbook
--diff prints no "Callback dispatch ... failed" and shows the changed values, and each
registered ``diff`` renders with ``CallbackBase._get_diff`` (which accepts a dict with
before/after as strings or dicts, or a list of such dicts; a list as ``before`` used to
break it for bulk tasks)."""

import pytest

from ansible.plugins.loader import callback_loader

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Diff", "case": "glpi_item with items (bulk) and --diff",
     "outcome": "the default callback shows a unified diff per run, keyed by object; no 'Callback dispatch' failure",
     "test": "test_every_module_diff_renders_with_the_default_callback"},
    {"area": "Diff", "case": "glpi_item, glpi_user, glpi_entity, glpi_massive_action (update, trash), glpi_ticket with --diff (create, update, remove)",
     "outcome": "each diff renders through the default callback's _get_diff and shows the changed values",
     "test": "test_every_module_diff_renders_with_the_default_callback"},
]


def item(itemtype, **fields):
    return {"glpi.glpi.glpi_item": {"itemtype": itemtype, "fields": fields}}


def bulk(itemtype, items, **options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": itemtype, "items": items}, **options)}


def render(diff):
    """The text the default callback prints for ``diff`` (raises where the callback would fail)."""
    callback = callback_loader.get("default")
    callback.set_options()
    return callback._get_diff(diff)  # pylint: disable=protected-access


def tasks_for(unique):
    """(label, task, text the diff must show) for a create, an update and a removal per module."""
    pc, pcs = "df-pc-%s" % unique, ["df-b%d-%s" % (n, unique) for n in range(3)]
    user, ent, tk = "df-user-%s" % unique, "df-ent-%s" % unique, "df-tk-%s" % unique
    massive_ids = "{{ r3.results | map(attribute='id') | list }}"
    return [
        ("item create", item("Computer", name=pc, serial="S1-%s" % unique), "S1-%s" % unique),
        ("item update", item("Computer", name=pc, serial="S2-%s" % unique), "S2-%s" % unique),
        ("item create unchanged", item("Computer", name=pc, serial="S2-%s" % unique), None),
        ("bulk create", bulk("Computer", [{"name": n, "serial": "B1-%s" % n} for n in pcs]), "B1-%s" % pcs[2]),
        ("bulk update", bulk("Computer", [{"name": n, "serial": "B2-%s" % n} for n in pcs[:2]] + [{"name": pcs[2]}]),
         "B2-%s" % pcs[1]),
        ("massive update", {"glpi.glpi.glpi_massive_action": {
            "itemtype": "Computer", "action": "MassiveAction:update", "ids": massive_ids,
            "field": "comment", "value": "audited %s" % unique}}, "audited %s" % unique),
        ("massive trash", {"glpi.glpi.glpi_massive_action": {
            "itemtype": "Computer", "action": "MassiveAction:delete", "ids": massive_ids}}, '"trash"'),
        ("user create", {"glpi.glpi.glpi_user": {"name": user, "realname": "Diff-%s" % unique}}, "Diff-%s" % unique),
        ("user update", {"glpi.glpi.glpi_user": {"name": user, "phone": "0999-%s" % unique}}, "0999-%s" % unique),
        ("entity create", {"glpi.glpi.glpi_entity": {"path": "Root entity > %s" % ent, "town": "T1-%s" % unique}},
         "T1-%s" % unique),
        ("entity update", {"glpi.glpi.glpi_entity": {"path": "Root entity > %s" % ent, "town": "T2-%s" % unique}},
         "T2-%s" % unique),
        ("ticket create", {"glpi.glpi.glpi_ticket": {"name": tk, "content": "C1-%s" % unique}}, "C1-%s" % unique),
        ("ticket update", {"glpi.glpi.glpi_ticket": {"name": tk, "content": "C2-%s" % unique}}, "C2-%s" % unique),
        ("ticket purge", {"glpi.glpi.glpi_ticket": {"name": tk, "state": "absent", "purge": True}}, tk),
        ("bulk purge", bulk("Computer", [{"name": n} for n in pcs], state="purged"), pcs[0]),
        ("item purge", {"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": pc}, "state": "purged"}}, pc),
        ("user purge", {"glpi.glpi.glpi_user": {"name": user, "state": "purged"}}, user),
        ("entity remove", {"glpi.glpi.glpi_entity": {"path": "Root entity > %s" % ent, "state": "absent"}}, ent),
    ]


def test_every_module_diff_renders_with_the_default_callback(playbook, unique):
    cases = tasks_for(unique)
    run = playbook.run([task for _label, task, _text in cases], diff=True)
    assert "Callback dispatch" not in run.output, run.output[-4000:]
    for (label, _task, text), result in zip(cases, run.results):
        assert not result.get("failed"), "%s: %s" % (label, result.get("msg"))
        shown = render(result["diff"])
        if result["changed"]:
            assert shown, "%s: the default callback shows no diff for %r" % (label, result["diff"])
        else:
            assert shown == "", "%s: unchanged, yet the callback shows %r" % (label, shown)
        if text is not None:
            assert text in shown, "%s: %r not in the rendered diff:\n%s" % (label, text, shown)
            assert text in run.output, "%s: %r not printed by ansible-playbook --diff" % (label, text)


def test_bulk_diff_is_keyed_by_object_and_holds_only_changes(playbook, unique):
    names = ["df-k%d-%s" % (n, unique) for n in range(2)]
    run = playbook.run([
        bulk("Computer", [{"name": n, "serial": "K1"} for n in names]),
        bulk("Computer", [{"name": names[0], "serial": "K2"}, {"name": names[1], "serial": "K1"}]),
        bulk("Computer", [{"name": n} for n in names], state="purged"),
    ], diff=True)
    created, updated, purged = run.results
    ids = [r["id"] for r in created["results"]]
    assert sorted(created["diff"]["after"]) == sorted("Computer %s" % i for i in ids), created["diff"]
    assert created["diff"]["after"]["Computer %s" % ids[0]] == {"name": names[0], "serial": "K1"}
    assert updated["diff"] == {"before": {"Computer %s" % ids[0]: {"name": names[0], "serial": "K1"}},
                               "after": {"Computer %s" % ids[0]: {"name": names[0], "serial": "K2"}}}
    assert purged["diff"]["after"] == {"Computer %s" % ids[0]: {}, "Computer %s" % ids[1]: {}}
