# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Makes ``glpi_emulator`` importable whatever the working directory of pytest."""

import sys
from pathlib import Path

EMULATOR_ROOT = str(Path(__file__).resolve().parents[1])
if EMULATOR_ROOT not in sys.path:
    sys.path.insert(0, EMULATOR_ROOT)
