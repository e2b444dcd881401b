"""The collection's filters as a playbook finds them (glpi.glpi.html_decode, glpi.glpi.search_prefix):
loaded by ansible-core's filter loader, on every core the collection claims (scripts/test oldest).
Their logic has unit tests (tests/unit/plugins/test_filters_search_text.py); hr_role runs in the roles."""

import pytest


pytestmark = pytest.mark.integration


def test_filters_in_a_playbook(playbook):
    run = playbook.run([
        {"ansible.builtin.debug": {"msg": "{{ 'a &#38; b &#62; c' | glpi.glpi.html_decode }}"}},
        {"ansible.builtin.debug": {"msg": "{{ ['jdoe', 'jdupont'] | glpi.glpi.search_prefix }}"}},
        {"ansible.builtin.debug": {"msg": "{{ ['jdoe'] | glpi.glpi.search_prefix }}"}},
    ])
    assert run.returncode == 0, run.output[-3000:]
    assert [result["msg"] for result in run.results] == ["a & b > c", "^jd", "^jdoe$"]
