# -*- coding: utf-8 -*-
"""Names with & < > " ' % _ \\, an emoji and non-Latin letters round-trip exactly (issue 12).

glpi_item creates them (bulk and single), a second run changes nothing, glpi_item_info and the
lookup find each by its exact name and read it back unchanged, and the names that differ only
where a LIKE wildcard stands (``a_b`` and ``axb``, ``100%`` and ``1000``) never match each other.
The same on the emulator and on real GLPI 10.0 and 11.0 (GLPI 10 stores text HTML-encoded; the
collection gives plain text back on both).
"""


import pytest

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Bad input", "case": "names with & < > \" ' % _ \\, emoji, Cyrillic and CJK letters",
     "outcome": "created, read back and matched by exact name on every version; a second run changes nothing",
     "test": "test_special_names_round_trip"},
    {"area": "Bad input", "case": "name a_b next to axb, 100% next to 1000",
     "outcome": "a_b and 100% never match axb and 1000 (no LIKE wildcards); each is its own object",
     "test": "test_wildcard_characters_match_exactly"},
    {"area": "Bad input", "case": "dropdown named with special characters, given by name",
     "outcome": "resolved to its id exactly; the item is unchanged on a second run", "test": "test_special_dropdown_name_resolves"},
]

SPECIALS = [
    "all & < > \" ' % _ \\ in one",
    "<b>not bold</b> & &amp; &lt;",
    "quote's \"double\"",
    "back\\slash\\\\twice",
    "rocket \U0001F680 and \u2603",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",      # Cyrillic
    "\u670d\u52a1\u5668 \u6771\u4eac",                                 # CJK
    "caf\u00e9 na\u00efve \u00c5ngstr\u00f6m",
]


def named(tag, text):
    return "rt-%s %s" % (tag, text)


def item(**options):
    return {"glpi.glpi.glpi_item": dict({"itemtype": "Computer"}, **options)}


def info(**options):
    return {"glpi.glpi.glpi_item_info": dict({"itemtype": "Computer"}, **options)}


@pytest.fixture
def cleanup(glpi_server):
    """Purges what the test records in it: [(itemtype, id)]."""
    created = []
    yield created
    client = glpi_server.api_client()
    try:
        for itemtype, ident in reversed(created):
            client.delete(itemtype, [ident], force_purge=True)
    finally:
        client.close()


def test_special_names_round_trip(playbook, unique, cleanup):
    names = [named(unique, text) for text in SPECIALS]
    first = playbook.run([item(items=[{"name": name} for name in names])])[0]
    assert first.get("failed") is not True, first.get("msg")
    cleanup.extend(("Computer", result["id"]) for result in first["results"])
    assert [result["action"] for result in first["results"]] == ["create"] * len(names)
    ids = [result["id"] for result in first["results"]]
    again = playbook.run([item(items=[{"name": name} for name in names])]
                         + [item(fields={"name": name}) for name in names])
    assert again[0]["changed"] is False and [r["id"] for r in again[0]["results"]] == ids
    for index, result in enumerate(again.results[1:]):
        assert result["changed"] is False and result["id"] == ids[index], result
        assert result["item"]["name"] == names[index]
    read = playbook.run([info(fields={"name": name}) for name in names] + [info(id=ident) for ident in ids])
    for index, name in enumerate(names):
        assert read[index]["id"] == ids[index], (name, read[index])
        assert read[index]["record"]["name"] == name
        assert read[len(names) + index]["record"]["name"] == name


def test_wildcard_characters_match_exactly(playbook, unique, cleanup, glpi_server):
    # LIKE reads _ and % as wildcards and \ as its escape character: a\b as a pattern is "ab".
    decoys = [named(unique, "axb"), named(unique, "1000"), named(unique, "ab")]
    client = glpi_server.api_client()
    try:
        decoy_ids = [row["id"] for row in client.add("Computer", [{"name": name} for name in decoys])]
    finally:
        client.close()
    cleanup.extend(("Computer", ident) for ident in decoy_ids)
    # Not a\\b: GLPI 10 halves backslashes that all come in pairs (Sanitizer::isDbEscaped), see
    # tests/emulator/glpi_emulator/sanitizer.py.
    wanted = [named(unique, "a_b"), named(unique, "100%"), named(unique, "a\\b"), named(unique, "a%b")]
    run = playbook.run([item(fields={"name": name}) for name in wanted])
    cleanup.extend(("Computer", result["id"]) for result in run.results if result.get("id"))
    for result in run.results:
        assert result["action"] == "create", result
        assert result["id"] not in decoy_ids
    # The name travels in a variable: a backslash inside a Jinja string literal is an escape.
    look = "{{ query('glpi.glpi.glpi_lookup', 'Computer', fields={'name': wanted_name}) | map(attribute='id') | list }}"
    checks = playbook.run([info(fields={"name": name}) for name in wanted + decoys]
                          + [{"ansible.builtin.set_fact": {"found": look}, "vars": {"wanted_name": name}} for name in wanted],
                          extra_env={"GLPI_URL": glpi_server.base_url, "GLPI_APP_TOKEN": glpi_server.app_token,
                                     "GLPI_USER_TOKEN": glpi_server.user_token})
    expected = [result["id"] for result in run.results] + decoy_ids
    assert [result["id"] for result in checks.results[:len(expected)]] == expected
    for index, result in enumerate(checks.results[len(expected):]):
        assert [int(ident) for ident in result["ansible_facts"]["found"]] == [expected[index]]


def test_special_dropdown_name_resolves(playbook, unique, cleanup, glpi_server):
    location = named(unique, "Z\u00fcrich & <Gen\u00e8ve> \"HQ\" 100%_\\ \u6771\u4eac \U0001F3E2")
    client = glpi_server.api_client()
    try:
        location_id = client.add("Location", {"name": location})["id"]
    finally:
        client.close()
    cleanup.append(("Location", location_id))
    computer = named(unique, "in a special place")
    first = playbook.run([item(fields={"name": computer, "locations_id": location})])[0]
    assert first.get("failed") is not True, first.get("msg")
    cleanup.append(("Computer", first["id"]))
    assert first["action"] == "create" and int(first["item"]["locations_id"]) == location_id
    second = playbook.run([item(fields={"name": computer, "locations_id": location}),
                           info(fields={"name": computer}, expand_dropdowns=True)])
    assert second[0]["changed"] is False and second[0]["id"] == first["id"]
    assert second[1]["record"]["locations_id"] == location
