# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Makes ``glpi_emulator`` importable whatever the working directory of pytest, and gives the
tests an emulator in process, without a server.

Fixtures
--------
``store``
    A fresh in-memory database (a fresh install), with API tokens for ``glpi`` (Super-Admin)
    and ``tech`` (Technician).
``api``
    An :class:`Api` logged in as ``glpi`` on ``store``.
``login``
    ``login("tech")``: an :class:`Api` on the same ``store`` for another seeded user (by user
    token for ``glpi`` and ``tech``, by login and password for ``post-only`` and ``normal``).
``store11`` / ``api11``
    The same, answering as GLPI 11.0.6 (``Store(..., version="11.0")``, see dialects.py).
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from emulator_api import TOKENS, Api  # noqa: E402  pylint: disable=wrong-import-position
from glpi_emulator.store import Store  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def store():
    return Store(":memory:", TOKENS)


@pytest.fixture
def api(store):
    return Api(store)


@pytest.fixture
def login(store):
    def open_session(user):
        return Api(store, user)
    return open_session


@pytest.fixture
def store11():
    return Store(":memory:", TOKENS, version="11.0")


@pytest.fixture
def api11(store11):
    return Api(store11)
