# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-scenario summary of the transcript replay (printed at the end of the run)."""

from __future__ import annotations

import collections
import re

_STEP_RE = re.compile(r"test_replay(?P<hlapi>_hlapi)?\.py::test_(?P<project>project_)?step\[(?P<scenario>[a-z_]+)\[\d+\]")
_results = collections.OrderedDict()


def pytest_runtest_logreport(report):
    match = _STEP_RE.search(report.nodeid)
    if not match:
        return
    prefix = ("v2 project " if match.group("project") else "v2 ") if match.group("hlapi") else ""
    scenario = prefix + match.group("scenario")
    counts = _results.setdefault(scenario, collections.Counter())
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if hasattr(report, "wasxfail"):
            counts["xfailed" if report.skipped else "xpassed"] += 1
        elif report.passed:
            counts["passed"] += 1
        elif report.skipped:
            counts["skipped"] += 1
        elif report.when == "setup":
            counts["error"] += 1
        else:
            counts["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    if not _results:
        return
    cols = ["passed", "failed", "error", "xfailed", "xpassed", "skipped"]
    terminalreporter.section("fidelity replay: steps per scenario")
    terminalreporter.write_line("%-36s %s" % ("scenario", " ".join("%8s" % c for c in cols)))
    total = collections.Counter()
    for scenario, counts in _results.items():
        total.update(counts)
        terminalreporter.write_line("%-36s %s" % (scenario, " ".join("%8d" % counts[c] for c in cols)))
    terminalreporter.write_line("%-36s %s" % ("TOTAL", " ".join("%8d" % total[c] for c in cols)))
