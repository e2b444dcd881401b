"""The whole suite runs as one pytest invocation (scripts/test): with pytest's default
import mode two test files with the same basename make collection fail, and the second
file's tests silently never run. Keep basenames unique."""

import collections
import os

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_test_file_basenames_are_unique():
    seen = collections.defaultdict(list)
    for folder, dirs, files in os.walk(TESTS):
        dirs[:] = [d for d in dirs if d not in ("output", "__pycache__")]
        for name in files:
            if name.startswith("test_") and name.endswith(".py"):
                seen[name].append(os.path.relpath(os.path.join(folder, name), TESTS))
    clashes = dict((name, paths) for name, paths in seen.items() if len(paths) > 1)
    assert not clashes, "rename one of each: %s" % clashes
