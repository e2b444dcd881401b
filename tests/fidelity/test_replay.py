# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replays the real-GLPI reference transcripts against a fresh emulator.

One test per recorded step, in index.json order, all against ONE emulator started on
its own fresh database (not the shared ``glpi_server``): ids in later scenarios depend
on what earlier steps created, so the steps must run in file order and none may be
deselected (``-k`` on a subset replays only that subset: later steps then see a
different database and may fail for that reason alone).  A failed step does not stop
the replay; dependent steps still run and report what they get.

Intentional differences are listed in known_differences.yml (xfail, strict).

Against a real GLPI (it must be a *fresh* 10.0.12 install):
``GLPI_FIDELITY_AGAINST_REAL=1 GLPI_URL=... GLPI_APP_TOKEN=... GLPI_USER_TOKEN=...
GLPI_TECH_TOKEN=... pytest tests/fidelity``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from . import replay

HERE = Path(__file__).resolve().parent
KNOWN_DIFFERENCES = HERE / "known_differences.yml"

pytestmark = pytest.mark.fidelity


def load_known_differences(path=KNOWN_DIFFERENCES):
    """{(scenario, step_index): reason} from known_differences.yml."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    content = [line for line in text.splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    if not content or [line.strip() for line in content] == ["[]"]:
        return {}
    import yaml  # only needed once the file has entries (ansible-core brings PyYAML)

    entries = yaml.safe_load(text) or []
    known = {}
    for entry in entries:
        scenario, step, reason = entry.get("scenario"), entry.get("step"), entry.get("reason")
        if not scenario or not isinstance(step, int) or not (reason or "").strip():
            raise ValueError("%s: every entry needs scenario, step (int) and a reason: %r"
                             % (path, entry))
        known[(scenario, step)] = reason.strip()
    return known


STEPS = replay.load_steps()
_KNOWN = load_known_differences()
_unknown_entries = set(_KNOWN) - {(s.scenario, s.index) for s in STEPS}
if _unknown_entries:
    raise ValueError("known_differences.yml names steps that do not exist: %s"
                     % sorted(_unknown_entries))


def step_params(steps, known):
    """One pytest.param a step, xfail(strict) for the known differences."""
    params = []
    for step in steps:
        marks = []
        reason = known.get((step.scenario, step.index))
        if reason:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(step, id=step.test_id, marks=marks))
    return params


class ReplayState(object):
    def __init__(self, server, ctx):
        self.server = server
        self.ctx = ctx
        self.http = replay.new_http_session()


@pytest.fixture(scope="module")
def replay_state(request, emulator_factory):
    if os.environ.get("GLPI_URL"):
        if not os.environ.get("GLPI_FIDELITY_AGAINST_REAL"):
            pytest.skip("GLPI_URL is set: the transcript replay needs a fresh server and runs "
                        "against its own emulator only when GLPI_URL is unset (or set "
                        "GLPI_FIDELITY_AGAINST_REAL=1 to replay against a FRESH real GLPI)")
        server = request.getfixturevalue("real_glpi")  # tests/conftest.py
        if server is None:
            pytest.skip("GLPI_FIDELITY_AGAINST_REAL needs GLPI_URL, GLPI_APP_TOKEN and "
                        "GLPI_USER_TOKEN")
    else:
        server = emulator_factory()  # its own fresh database, not the shared one
    ctx = replay.ReplayContext(
        base_url=server.base_url, server_url=server.server_url, app_token=server.app_token,
        user_tokens={"glpi": server.user_token, "tech": server.tech_token},
    )
    state = ReplayState(server, ctx)
    yield state
    state.http.close()
    if getattr(server, "is_emulator", False):
        server.stop()


def replay_step(step, state, compared_headers=replay.COMPARED_HEADERS, forbid_cookies=True):
    """Sends one recorded request and fails the test with every difference from the recorded answer."""
    ctx = state.ctx
    ctx.enter(step.scenario)
    call = replay.build_request(step, ctx)
    try:
        actual = replay.send(state.http, call)
    except requests.RequestException as exc:
        server = state.server
        detail = ""
        if getattr(server, "is_emulator", False):
            detail = "\nemulator running: %s\nemulator stderr (tail):\n%s" % (
                server.is_running(), server.stderr_text(3000))
        pytest.fail("%s: no HTTP answer: %s: %s\n  request: %s%s" % (
            step.test_id, type(exc).__name__, exc, step.describe(), detail), pytrace=False)
    diffs = replay.compare_response(step.response, actual, ctx, compared_headers, forbid_cookies)
    if diffs:
        pytest.fail(replay.format_failure(step, call, actual, diffs), pytrace=False)


@pytest.mark.parametrize("step", step_params(STEPS, _KNOWN))
def test_step(step, replay_state):
    replay_step(step, replay_state)
