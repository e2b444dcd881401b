# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One of several processes that run a module at the same moment, as Ansible's forks do:
``python parallel_module.py MODULE`` reads the module's arguments (one JSON line) on stdin,
imports everything, prints ``ready``, waits for a ``go`` line on stdin, runs the module in
process and prints its result as one JSON line."""

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # inprocess_module, and tests/module_args.py that it imports

from inprocess_module import run_module  # noqa: E402  pylint: disable=wrong-import-position


def main(name):
    args = json.loads(sys.stdin.readline())
    # Import the module (and everything it imports) before the start, not after it.
    __import__("ansible_collections.glpi.glpi.plugins.modules.%s" % name)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()
    result = run_module(name, args)
    result["finished_at"] = time.time()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
