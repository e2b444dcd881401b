# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of tests/install: the collection as users get it, never this checkout.

``tarball``: the built collection, ``GLPI_COLLECTION_TARBALL`` when set (scripts/test build passes the
tarball it checked), otherwise built here with ``ansible-galaxy collection build``.
``installed_path``: a fresh collections path with only that tarball installed (``ansible-galaxy
collection install TARBALL -p PATH``). ``user_env(path)``: the environment of a user's ansible
commands that see only the collections under ``path``: PYTHONPATH and any other collections path
(scripts/lib.sh points both at the checkout) dropped, sys.path not scanned for collections.
"""

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def ansible_command(name):
    """The path of an ansible command of this Python's environment (the venv)."""
    return os.path.join(BIN, name)


def user_env(collections_path):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("GLPI_", "ANSIBLE_")) or name == "PYTHONPATH":
            del env[name]
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        "ANSIBLE_COLLECTIONS_PATH_WARNING": "0",
    })
    return env


def run(command, cwd, env, timeout=300, stdout_only=False):
    """Runs a command, fails the test with its output when it fails; returns its output (stdout and
    stderr, or stdout only: for JSON, which Python's warnings on stderr would spoil)."""
    proc = subprocess.run(command, cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE if stdout_only else subprocess.STDOUT,
                          universal_newlines=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        stderr = proc.stderr[-3000:] if stdout_only else ""
        pytest.fail("%s failed (rc=%s):\n%s%s" % (" ".join(command), proc.returncode, proc.stdout[-6000:], stderr),
                    pytrace=False)
    return proc.stdout


@pytest.fixture(scope="session")
def tarball(tmp_path_factory):
    given = os.environ.get("GLPI_COLLECTION_TARBALL")
    if given:
        return os.path.abspath(given)
    out = tmp_path_factory.mktemp("build")
    run([ansible_command("ansible-galaxy"), "collection", "build", "--output-path", str(out), REPO],
        cwd=out, env=user_env(out))
    built = [name for name in os.listdir(str(out)) if name.endswith(".tar.gz")]
    assert len(built) == 1, built
    return str(out / built[0])


@pytest.fixture(scope="session")
def installed_path(tarball, tmp_path_factory):
    """A collections path holding only the tarball's collection (its ansible_collections/ inside)."""
    path = tmp_path_factory.mktemp("collections")
    run([ansible_command("ansible-galaxy"), "collection", "install", tarball, "-p", str(path)],
        cwd=path, env=user_env(path))
    return path
