"""glpi.glpi.glpi_inventory failures as ansible-inventory shows them: a wrong user_token, a
wrong app_token, an unknown entity (by name or id) make `ansible-inventory -i x.glpi.yml
--list` exit non-zero under ANSIBLE_INVENTORY_UNPARSED_FAILED=true, with the cause as the
first line printed and no secret in the output; with the plugin enabled alone
(ANSIBLE_INVENTORY_ENABLED) the other plugins add nothing. A cached inventory does not hide a
wrong app_token."""

import os
import subprocess
import sys
import uuid

import pytest
import yaml

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Inventory failures", "case": "glpi_inventory: wrong user_token",
     "outcome": "ansible-inventory exits non-zero (ANSIBLE_INVENTORY_UNPARSED_FAILED=true); first line: Login failed, user_token; no token printed",
     "test": "test_wrong_setting_fails_first_and_clearly"},
    {"area": "Inventory failures", "case": "glpi_inventory: wrong app_token",
     "outcome": "non-zero exit; first line: App-Token refused, app_token; no token printed",
     "test": "test_wrong_setting_fails_first_and_clearly"},
    {"area": "Inventory failures", "case": "glpi_inventory: unknown entity (by name, by id)",
     "outcome": "non-zero exit; first line names the entity",
     "test": "test_wrong_setting_fails_first_and_clearly"},
    {"area": "Inventory failures", "case": "glpi_inventory enabled alone (ANSIBLE_INVENTORY_ENABLED) with a wrong user_token",
     "outcome": "non-zero exit; the GLPI error is the only parse failure shown (no yaml / ini plugin warnings)",
     "test": "test_enabled_alone_shows_only_the_glpi_error"},
    {"area": "Inventory failures", "case": "glpi_inventory with cache: true, then a wrong app_token",
     "outcome": "the cached inventory is not used; non-zero exit naming app_token",
     "test": "test_cache_does_not_hide_a_wrong_app_token"},
]

WRONG = "wrong-%s" % uuid.uuid4().hex
NOWHERE = "Nowhere-%s" % uuid.uuid4().hex[:8]
CASES = [
    ("user_token", {"user_token": WRONG}, ["glpi_inventory", "Login failed", "user_token"]),
    ("app_token", {"app_token": WRONG}, ["glpi_inventory", "App-Token refused", "app_token"]),
    ("entity name", {"entity": NOWHERE}, ["glpi_inventory", "entity '%s'" % NOWHERE]),
    ("entity id", {"entity": 987654}, ["glpi_inventory", "entity 987654"]),
]


def inventory(server, collections, workdir, config, env=None, name=None):
    path = os.path.join(str(workdir), "%s.glpi.yml" % (name or uuid.uuid4().hex[:8]))
    body = {"plugin": "glpi.glpi.glpi_inventory", "url": server.base_url, "app_token": server.app_token,
            "user_token": server.user_token, "session_cache": False, "filters": {"name": "^no-such-%s" % WRONG}}
    body.update(config)
    with open(path, "w") as handle:
        yaml.safe_dump(body, handle)
    # PYTHONWARNINGS: cryptography 51 warns "DSA is deprecated" when ansible-core imports its ssh-agent code, before
    # any plugin runs: core's line, not the plugin's, so it does not count as the first line printed.
    environ = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR="1",
                   ANSIBLE_INVENTORY_UNPARSED_FAILED="true", PYTHONWARNINGS="ignore:DSA is deprecated")
    for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD", "ANSIBLE_INVENTORY_ENABLED"):
        environ.pop(name, None)
    environ.update(env or {})
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"],
                          env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=300, check=False)


def first_line(proc):
    return next(line for line in proc.stderr.splitlines() if line.strip())


def assert_no_secret(proc, server):
    for secret in (WRONG, server.app_token, server.user_token):
        if secret:
            assert secret not in proc.stdout + proc.stderr


@pytest.mark.parametrize("label, config, expected", CASES, ids=[case[0] for case in CASES])
def test_wrong_setting_fails_first_and_clearly(glpi_server, collections_path, tmp_path, label, config, expected):
    proc = inventory(glpi_server, collections_path, tmp_path, config)
    assert proc.returncode != 0, "%s: ansible-inventory succeeded: %s" % (label, proc.stdout[-2000:])
    line = first_line(proc)
    for text in expected:
        assert text in line, "%s: %r not in the first line printed: %s" % (label, text, proc.stderr[-3000:])
    assert_no_secret(proc, glpi_server)


def test_enabled_alone_shows_only_the_glpi_error(glpi_server, collections_path, tmp_path):
    proc = inventory(glpi_server, collections_path, tmp_path, {"user_token": WRONG},
                     env={"ANSIBLE_INVENTORY_ENABLED": "glpi.glpi.glpi_inventory"})
    assert proc.returncode != 0
    assert "Login failed" in first_line(proc) and "user_token" in first_line(proc), proc.stderr
    assert proc.stderr.count("[WARNING]: Failed to parse inventory with") == 1, proc.stderr
    assert "'yaml' plugin" not in proc.stderr and "'ini' plugin" not in proc.stderr
    assert_no_secret(proc, glpi_server)


def test_cache_does_not_hide_a_wrong_app_token(glpi_server, collections_path, tmp_path):
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache"),
             "cache_timeout": 600}
    # The cache key is the file's path: the same file name, first right, then with a wrong app_token.
    first = inventory(glpi_server, collections_path, tmp_path, dict(cache), name="cached")
    assert first.returncode == 0, first.stderr[-3000:]
    again = inventory(glpi_server, collections_path, tmp_path, dict(cache, app_token=WRONG), name="cached")
    assert again.returncode != 0, "a cached inventory hid the wrong app_token"
    assert "app_token" in first_line(again), again.stderr[-3000:]
    assert_no_secret(again, glpi_server)
