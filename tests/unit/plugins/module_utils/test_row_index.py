"""row_index: the rows a Match accepts, found by index instead of one scan per match (issue 13)."""

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils.resource import Match
from ansible_collections.glpi.glpi.plugins.module_utils.row_index import RowIndex

ROWS = [
    {"id": 1, "name": "pc-1", "serial": "A", "entities_id": 0},
    {"id": 2, "name": "R&amp;D &lt;lab&gt;", "serial": None, "entities_id": 1},
    {"id": 3, "name": "PC-1", "serial": "", "entities_id": 0},
    {"id": 4, "name": "pc-1", "serial": "A", "entities_id": 1, "is_deleted": 1},
    {"id": 5, "name": "1.50", "serial": "2024-01-01 10:00:00", "entities_id": 0},
    {"id": 6, "otherserial": "x"},
]

MATCHES = [
    Match(["name"], {"name": "pc-1"}),
    Match(["name"], {"name": "R&D <lab>"}),
    Match(["name", "entities_id"], {"name": "pc-1", "entities_id": "1"}),
    Match(["serial"], {"serial": None}),
    Match(["serial"], {"serial": ""}),
    Match(["name", "serial"], {"name": 1.5, "serial": "2024-01-01 10:00"}),
    Match(["name"], {"name": "absent"}),
    Match([], {}),
]


@pytest.mark.parametrize("match", MATCHES, ids=[match.describe() or "no keys" for match in MATCHES])
def test_accepted_is_what_accepts_keeps_in_the_same_order(match):
    assert RowIndex(ROWS).accepted(match) == [row for row in ROWS if match.accepts(row)]


def test_one_index_per_key_set_serves_every_match():
    index = RowIndex(ROWS)
    assert [row["id"] for row in index.accepted(MATCHES[0])] == [1, 4]
    assert [row["id"] for row in index.accepted(Match(["name"], {"name": "PC-1"}))] == [3]
    assert [row["id"] for row in index.accepted(MATCHES[2])] == [4]
