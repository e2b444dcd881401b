"""The one diff shape every module returns, rendered by Ansible's default callback."""

from ansible.plugins.loader import callback_loader

from ansible_collections.glpi.glpi.plugins.module_utils.diffs import item_diff, keyed_diff, object_key


def render(diff):
    callback = callback_loader.get("default")
    callback.set_options()
    return callback._get_diff(diff)  # pylint: disable=protected-access


def test_item_diff_turns_missing_sides_into_empty_dicts():
    assert item_diff(None, {"name": "a"}) == {"before": {}, "after": {"name": "a"}}
    assert "+    \"name\": \"a\"" in render(item_diff(None, {"name": "a"}))


def test_keyed_diff_holds_only_what_changes_and_renders():
    diff = keyed_diff([(object_key("Computer", 12), {"serial": "A"}, {"serial": "B"}),
                       (object_key("Computer", 13), {"serial": "A"}, {"serial": "A"}),
                       (object_key("Computer", None, 3), None, {"serial": "C"})])
    assert diff == {"before": {"Computer 12": {"serial": "A"}, "Computer #3": {}},
                    "after": {"Computer 12": {"serial": "B"}, "Computer #3": {"serial": "C"}}}
    shown = render(diff)
    assert '"serial": "B"' in shown and '"serial": "C"' in shown and "Computer 13" not in shown


def test_keyed_diff_takes_plain_values_as_a_massive_action_state():
    diff = keyed_diff([("Computer 5", "active", "trash")])
    assert diff == {"before": {"Computer 5": "active"}, "after": {"Computer 5": "trash"}}
    assert '+    "Computer 5": "trash"' in render(diff)


def test_nothing_changed_renders_nothing():
    assert render(keyed_diff([("Computer 1", {"a": 1}, {"a": 1})])) == ""
