# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Differential probe of GLPI 11.0.6's High-level API: the same v2 requests against a real GLPI
and against the emulator, both from a fresh database.

    python tests/fidelity/hlapi_probe.py record --server-url URL --client-id ID --client-secret S \\
        [--out tests/fidelity/transcripts_hlapi_project]
        runs hlapi_probe_scenarios.SCENARIOS against a FRESH real GLPI 11.0.6 and writes what it
        answered as transcripts (the format of transcripts_hlapi/: tokens, client id and secret as
        placeholders, dates as <datetime>)
    python tests/fidelity/hlapi_probe.py compare [--dir DIR] [--server-url URL --client-id ID --client-secret S]
        replays those transcripts against a server (default: a fresh emulator in 11.0 mode started
        here) and prints, per step, status, Content-Range / Location and body differences, then
        the steps matched per scenario

``record`` then ``compare`` is the differential run; test_replay_hlapi.py replays the same
transcripts in the test suite.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from . import replay
    from .hlapi_probe_scenarios import SCENARIOS
except ImportError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import replay  # noqa: E402
    from hlapi_probe_scenarios import SCENARIOS  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_DIR = HERE / "transcripts_hlapi_project"
RECORDED_HEADERS = ("Content-Type", "Content-Range", "Accept-Range", "Location")
DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TEXT_PREFIX = 200
# values that depend on when a second ticks (0 or 1, 3600 or 3599): a ticket's statistics, a token's life
TIMING_KEYS = ("waiting_duration", "resolution_duration", "close_duration", "take_into_account_duration",
               "expires_in")
EMULATOR_CLIENT = ("probe-client", "probe-secret")


# --------------------------------------------------------------------------- recording

class Recorder:
    """Sends the steps of one scenario and turns the answers into transcript responses."""

    def __init__(self, http, ctx):
        self.http = http
        self.ctx = ctx
        self.counts = collections.Counter()
        self.known = {}  # token value -> placeholder

    def run(self, step):
        call = replay.build_request(replay.Step(self.ctx.scenario, 0, step), self.ctx)
        actual = replay.send(self.http, call)
        body = actual.json
        if isinstance(body, dict) and step["request"]["path"] == "/token":
            self._learn(body)
        return self.response(actual, body)

    def _learn(self, body):
        for kind, key in (("access-token", "access_token"), ("refresh-token", "refresh_token")):
            if isinstance(body.get(key), str):
                self.counts[kind] += 1
                self.ctx.learn_token(kind, self.counts[kind], body[key])
                self.known[body[key]] = "<%s-%d>" % (kind, self.counts[kind])

    def response(self, actual, body):
        headers = {}
        for name in RECORDED_HEADERS:
            if name.lower() in actual.headers:
                headers[name] = actual.headers[name.lower()]
        out = {"status": actual.status, "headers": headers}
        if body is replay.MISSING:
            text = actual.text
            if len(text) > TEXT_PREFIX:
                out["body"], out["body_compare"] = {"_raw_text_prefix": text[:TEXT_PREFIX]}, "text_prefix"
            else:
                out["body"] = text
        else:
            out["body"] = self.normalise(body)
        return out

    def normalise(self, value, key=None):
        if key in TIMING_KEYS and isinstance(value, int):
            return "<volatile>"
        if isinstance(value, str):
            if value in self.known:
                return self.known[value]
            if UUID_RE.fullmatch(value):
                return "<volatile>"
            return "<datetime>" if DATETIME_RE.fullmatch(value) else value
        if isinstance(value, list):
            return [self.normalise(item) for item in value]
        if isinstance(value, dict):
            return {name: self.normalise(item, name) for name, item in value.items()}
        return value


def context(server_url, client_id, client_secret):
    return replay.ReplayContext(base_url=server_url + "/api.php", server_url=server_url, app_token="",
                                user_tokens={}, oauth_client_id=client_id, oauth_client_secret=client_secret)


def record(args):
    ctx = context(args.server_url, args.client_id, args.client_secret)
    http = replay.new_http_session()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for order, (name, description, build) in enumerate(SCENARIOS, 1):
        ctx.enter(name)
        recorder = Recorder(http, ctx)
        steps = []
        for data in build():
            data = dict(data)
            data.pop("compare", None)
            data["response"] = recorder.run(data)
            steps.append(_ordered(data))
        _write(out / (name + ".json"), {
            "glpi_version": "11.0.6", "scenario": name, "order": order,
            "description": "Recorded by tests/fidelity/hlapi_probe.py on a fresh real GLPI 11.0.6 (replay in "
                           "index.json order from a fresh install). " + description,
            "access_tokens": recorder.counts["access-token"], "refresh_tokens": recorder.counts["refresh-token"],
            "steps": steps})
        index.append({"order": order, "file": name + ".json", "scenario": name, "steps": len(steps),
                      "seed_steps": sum(1 for s in steps if s.get("seed"))})
        print("%s: %d steps recorded" % (name, len(steps)))
    shared = replay.load_index(HERE / "transcripts_hlapi")
    doc = {"glpi_version": "11.0.6",
           "description": "The project's own GLPI 11.0.6 High-level API transcripts (hlapi_probe.py), replayed "
                          "after the shared ones against a separate fresh server, scenarios in order.",
           "scenarios": index}
    doc.update((key, shared[key]) for key in ("placeholders", "body_compare", "step_format", "fresh_install"))
    _write(out / "index.json", doc)


def _ordered(data):
    keys = ("request", "response", "seed", "note")
    return {key: data[key] for key in keys if key in data}


def _write(path, doc):
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- comparing

def start_emulator(workdir):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "tests" / "emulator"), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-u", "-m", "glpi_emulator", "--port", "0", "--db", str(Path(workdir) / "glpi.sqlite"),
           "--glpi-version", "11.0", "--oauth-client-id", EMULATOR_CLIENT[0],
           "--oauth-client-secret", EMULATOR_CLIENT[1]]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    match = re.search(r"(http://\S+)/apirest\.php", line)
    if not match:
        proc.kill()
        raise SystemExit("the emulator did not start: %r" % line)
    return proc, match.group(1)


def compare(args):
    proc = None
    with tempfile.TemporaryDirectory() as workdir:
        if args.server_url:
            ctx = context(args.server_url, args.client_id, args.client_secret)
        else:
            proc, url = start_emulator(workdir)
            ctx = context(url, *EMULATOR_CLIENT)
        try:
            matched = _compare_all(Path(args.dir), ctx, args.verbose)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait()
    total = [0, 0]
    for name, (ok, count) in matched.items():
        total[0] += ok
        total[1] += count
        print("%-28s %3d / %3d" % (name, ok, count))
    print("%-28s %3d / %3d" % ("TOTAL", total[0], total[1]))


def _compare_all(directory, ctx, verbose):
    http = replay.new_http_session()
    matched = collections.OrderedDict()
    for step in replay.load_steps(directory):
        ctx.enter(step.scenario)
        call = replay.build_request(step, ctx)
        actual = replay.send(http, call)
        diffs = replay.compare_response(step.response, actual, ctx, replay.HLAPI_COMPARED_HEADERS, False)
        counts = matched.setdefault(step.scenario, [0, 0])
        counts[1] += 1
        if not diffs:
            counts[0] += 1
            if verbose:
                print("ok   %s" % step.test_id)
            continue
        print("DIFF %s (real %d, got %d)" % (step.test_id, step.response["status"], actual.status))
        for diff in diffs[:8]:
            print("     - " + diff.render(200))
    return matched


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record a fresh real GLPI 11.0.6's answers as transcripts")
    rec.add_argument("--out", default=str(DEFAULT_DIR))
    cmp_ = sub.add_parser("compare", help="replay the transcripts against a server (default: a fresh emulator)")
    cmp_.add_argument("--dir", default=str(DEFAULT_DIR))
    cmp_.add_argument("--verbose", action="store_true")
    for command in (rec, cmp_):
        command.add_argument("--server-url", default=os.environ.get("GLPI_URL") if command is rec else None)
        command.add_argument("--client-id", default=os.environ.get("GLPI_CLIENT_ID"))
        command.add_argument("--client-secret", default=os.environ.get("GLPI_CLIENT_SECRET"))
    args = parser.parse_args(argv)
    (record if args.command == "record" else compare)(args)


if __name__ == "__main__":
    main()
