"""Secrets never show (issue 12): a play that authenticates with app_token + user_token and with
username + password, writes with --diff, fails on purpose (bad input, wrong password) and runs the
lookup with tokens as keywords is run with ansible-playbook -vvv; its whole output (task
arguments, module results, diffs, warnings, error messages, the client's debug lines) holds none of
the tokens, the password, nor the session tokens GLPI handed out (read from the session cache,
which the play keeps in its own HOME: mode 0600 files in a 0700 directory).
"""

import json
import os
import stat
import subprocess
import sys

import pytest
import yaml

pytestmark = pytest.mark.integration

RELIABILITY_CASES = [
    {"area": "Secrets", "case": "ansible-playbook -vvv --diff with app_token, user_token and password",
     "outcome": "no token, password or session token in the output (arguments, results, diffs, debug lines)",
     "test": "test_no_secret_in_vvv_output"},
    {"area": "Secrets", "case": "failed tasks: bad input, wrong password, lookup error with tokens as keywords",
     "outcome": "the error messages hold no token, password or session token", "test": "test_no_secret_in_vvv_output"},
    {"area": "Secrets", "case": "glpi_user with user_password under --diff", "outcome": "the password is in no diff or result",
     "test": "test_no_secret_in_vvv_output"},
    {"area": "Secrets", "case": "session cache of a real play", "outcome": "files 0600 in a 0700 directory, named by a hash, one per identity",
     "test": "test_session_cache_files_are_private"},
]


def _play(tag, secrets_file):
    """The secrets come from a vars file, as from a vault: Ansible prints the play's source lines
    around a failing task, so secrets written in the play itself would show (Ansible's doing)."""
    connection = {"url": "{{ glpi_url }}", "app_token": "{{ glpi_app_token }}", "user_token": "{{ glpi_user_token }}"}
    basic = {"auth_method": "basic", "username": "sec-%s" % tag, "password": "{{ glpi_password }}"}
    computer = "sec-%s" % tag
    lookup = ("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'name': '%s'}, url=glpi_url, app_token=glpi_app_token, "
              "user_token=glpi_user_token).id }}" % computer)
    bad_lookup = ("{{ lookup('glpi.glpi.glpi_lookup', 'Computer', fields={'nosuchfield': 'x'}, url=glpi_url, app_token=glpi_app_token, "
                  "user_token=glpi_user_token) }}")
    tasks = [
        {"glpi.glpi.glpi_user": {"name": "sec-%s" % tag, "user_password": "{{ glpi_password }}", "update_password": "always",
                                 "profiles": [{"profile": "Super-Admin", "entity": 0, "recursive": True}]}},
        {"glpi.glpi.glpi_item": {"itemtype": "Computer", "fields": {"name": computer, "comment": "by token"}}},
        {"glpi.glpi.glpi_item": dict(basic, itemtype="Computer", fields={"name": computer, "comment": "by password"})},
        {"ansible.builtin.set_fact": {"found": lookup}},
        {"glpi.glpi.glpi_item_info": {"itemtype": "Computer", "fields": {"nosuchfield": "x"}}, "ignore_errors": True},
        {"glpi.glpi.glpi_item_info": dict(basic, itemtype="Computer", password="{{ glpi_password }}-wrong", session_cache=False),
         "ignore_errors": True},
        {"ansible.builtin.set_fact": {"bad": bad_lookup}, "ignore_errors": True},
        {"glpi.glpi.glpi_item": {"itemtype": "Computer", "state": "purged", "fields": {"name": computer}}},
        {"glpi.glpi.glpi_user": {"name": "sec-%s" % tag, "state": "purged"}},
    ]
    return [{"hosts": "localhost", "gather_facts": False, "vars_files": [secrets_file],
             "module_defaults": {"group/glpi.glpi.glpi": connection}, "tasks": tasks}]


@pytest.fixture(scope="module")
def vvv_run(glpi_server, collections_path, tmp_path_factory):
    """Runs the play once with -vvv --diff in a HOME of its own; returns (output, HOME)."""
    tag = os.urandom(4).hex()
    password = "pw-%s-S3cret!" % tag
    home = tmp_path_factory.mktemp("secrets-home")
    path, secrets_file = os.path.join(str(home), "play.yml"), os.path.join(str(home), "secrets.yml")
    with open(secrets_file, "w") as handle:
        yaml.safe_dump({"glpi_url": glpi_server.base_url, "glpi_app_token": glpi_server.app_token,
                        "glpi_user_token": glpi_server.user_token, "glpi_password": password}, handle)
    with open(path, "w") as handle:
        yaml.safe_dump(_play(tag, secrets_file), handle, sort_keys=False)
    env = dict(os.environ, HOME=str(home), ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    for name in ("GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD"):
        env.pop(name, None)
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-vvv", "--diff", "-i", "localhost,",
                           "-c", "local", "-e", "ansible_python_interpreter=%s" % sys.executable, path],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
    with open(os.path.join(str(home), "output.txt"), "w") as handle:
        handle.write(proc.stdout)  # kept for a failing run's reader
    return {"output": proc.stdout, "returncode": proc.returncode, "home": str(home), "password": password, "tag": tag}


def _cache_dir(home):
    return os.path.join(home, ".ansible", "tmp", "glpi_sessions")


def _cached_sessions(home):
    tokens = []
    directory = _cache_dir(home)
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name)) as handle:
            tokens.append(json.load(handle)["session_token"])
    return tokens


def test_no_secret_in_vvv_output(vvv_run, glpi_server):
    output = vvv_run["output"]
    assert vvv_run["returncode"] == 0, output[-6000:]
    # The play did what it should, failures included, so the texts checked are the real ones.
    assert "by password" in output and "nosuchfield" in output and "ERROR_GLPI_LOGIN" in output
    sessions = _cached_sessions(vvv_run["home"])
    assert len(sessions) == 2, "one session per identity: the user_token and the password"
    secrets = {"app_token": glpi_server.app_token, "user_token": glpi_server.user_token, "password": vvv_run["password"]}
    secrets.update(("session %d" % index, token) for index, token in enumerate(sessions))
    for what, secret in secrets.items():
        assert secret and secret not in output, "%s found in the -vvv output" % what


def test_session_cache_files_are_private(vvv_run):
    directory = _cache_dir(vvv_run["home"])
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    names = os.listdir(directory)
    assert len(names) == 2
    for name in names:
        assert len(name) == 64 + len(".json") and vvv_run["tag"] not in name
        assert stat.S_IMODE(os.stat(os.path.join(directory, name)).st_mode) == 0o600
