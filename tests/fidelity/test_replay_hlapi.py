# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replays the GLPI 11.0.6 High-level API transcripts (transcripts_hlapi/) against a fresh
emulator in 11.0 mode.

Same machinery and rules as test_replay.py (one test per step, in index.json order, all against
ONE emulator on its own fresh database, no deselection), plus the v2 placeholders:
``<access-token-N>`` / ``<refresh-token-N>`` learned from the token answers, the OAuth client
given to the emulator with ``--oauth-client-id`` / ``--oauth-client-secret``, ``body_form``, and
the ``Location`` header compared. Intentional differences: known_differences_hlapi.yml.

``test_project_step`` replays the project's own transcripts (transcripts_hlapi_project/, recorded by
hlapi_probe.py on a fresh real 11.0.6: users, groups, entities, profiles, tickets, team, timeline,
errors, paging, headers) the same way, against a second fresh emulator.

Against a real GLPI 11.0.6 (a *fresh* install with the OAuth client of index.json):
``GLPI_FIDELITY_AGAINST_REAL=1 GLPI_URL=... GLPI_CLIENT_ID=... GLPI_CLIENT_SECRET=...
GLPI_APP_TOKEN=... GLPI_USER_TOKEN=... pytest tests/fidelity/test_replay_hlapi.py -k test_step``
(``-k test_project_step`` for the project's corpus, on another fresh install: each corpus
expects the ids of a fresh database).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from . import replay
from .test_replay import ReplayState, load_known_differences, replay_step, step_params

HERE = Path(__file__).resolve().parent
TRANSCRIPTS = HERE / "transcripts_hlapi"
PROJECT_TRANSCRIPTS = HERE / "transcripts_hlapi_project"
KNOWN_DIFFERENCES = HERE / "known_differences_hlapi.yml"
CLIENT_ID = "fidelity-replay-client"
CLIENT_SECRET = "fidelity-replay-secret"

pytestmark = pytest.mark.fidelity

STEPS = replay.load_steps(TRANSCRIPTS)
PROJECT_STEPS = replay.load_steps(PROJECT_TRANSCRIPTS)
if {s.scenario for s in STEPS} & {s.scenario for s in PROJECT_STEPS}:
    raise ValueError("the project's v2 scenarios must not reuse a shared scenario name")
_KNOWN = load_known_differences(KNOWN_DIFFERENCES)
_unknown_entries = set(_KNOWN) - {(s.scenario, s.index) for s in STEPS + PROJECT_STEPS}
if _unknown_entries:
    raise ValueError("known_differences_hlapi.yml names steps that do not exist: %s" % sorted(_unknown_entries))


def _server_urls(server):
    return server.server_url, server.server_url + "/api.php"


def _replay_state(request, emulator_factory):
    client_id, client_secret = CLIENT_ID, CLIENT_SECRET
    if os.environ.get("GLPI_URL"):
        if not os.environ.get("GLPI_FIDELITY_AGAINST_REAL"):
            pytest.skip("GLPI_URL is set: the v2 transcript replay needs a fresh GLPI 11.0.6 (set "
                        "GLPI_FIDELITY_AGAINST_REAL=1 to replay against a FRESH real one)")
        server = request.getfixturevalue("real_glpi")
        client_id, client_secret = os.environ.get("GLPI_CLIENT_ID"), os.environ.get("GLPI_CLIENT_SECRET")
        if server is None or not client_id or not client_secret:
            pytest.skip("GLPI_FIDELITY_AGAINST_REAL needs GLPI_URL, GLPI_APP_TOKEN, GLPI_USER_TOKEN, "
                        "GLPI_CLIENT_ID and GLPI_CLIENT_SECRET")
    else:
        server = emulator_factory(extra_args=("--glpi-version", "11.0", "--oauth-client-id", client_id,
                                              "--oauth-client-secret", client_secret))
    server_url, base_url = _server_urls(server)
    ctx = replay.ReplayContext(
        base_url=base_url, server_url=server_url, app_token=server.app_token,
        user_tokens={"glpi": server.user_token, "tech": server.tech_token},
        oauth_client_id=client_id, oauth_client_secret=client_secret,
    )
    state = ReplayState(server, ctx)
    yield state
    state.http.close()
    if getattr(server, "is_emulator", False):
        server.stop()


@pytest.fixture(scope="module")
def hl_replay_state(request, emulator_factory):
    yield from _replay_state(request, emulator_factory)


@pytest.fixture(scope="module")
def hl_project_replay_state(request, emulator_factory):
    """Its own fresh server: the project's corpus expects the ids of a fresh install too."""
    yield from _replay_state(request, emulator_factory)


@pytest.mark.parametrize("step", step_params(STEPS, _KNOWN))
def test_step(step, hl_replay_state):
    # Real GLPI 11 sets a session cookie on /doc.json and / (CookieAuthMiddleware): not compared.
    replay_step(step, hl_replay_state, replay.HLAPI_COMPARED_HEADERS, forbid_cookies=False)


# Known differences are the emulator's: against a real GLPI every recorded step must match.
@pytest.mark.parametrize("step", step_params(PROJECT_STEPS, {} if os.environ.get("GLPI_FIDELITY_AGAINST_REAL") else _KNOWN))
def test_project_step(step, hl_project_replay_state):
    replay_step(step, hl_project_replay_state, replay.HLAPI_COMPARED_HEADERS, forbid_cookies=False)
