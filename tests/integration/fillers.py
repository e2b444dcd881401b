# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filler rows that make a table large for the request-count tests, made and purged straight
through the API client (not through the counting proxy).

Purging is what costs: a real GLPI purges a computer in 15 to 25 ms (it cleans every relation
table), creating one takes about 3 ms. When the GLPI is thrown away after the run
(``GLPI_TEST_DISPOSABLE=1``: scripts/test sets it for its real GLPI steps, whose server is
removed after the tests) the big fillers are left in place, and conftest.py runs
test_narrow_reads.py first so that its table sizes stay its own; against any other server they
are purged, as every test cleans up after itself."""

import os

FILLER_CHUNK = 40   # GLPI 10.0 answers a bulk create with a Link header per object: nginx's 4 KB header buffer
PURGE_CHUNK = 50    # a loaded GLPI 10.0 answered 250 purges with a 504, and the retry found them gone


def disposable():
    """True when the server under test is thrown away after the run (GLPI_TEST_DISPOSABLE=1)."""
    return os.environ.get("GLPI_TEST_DISPOSABLE") == "1"


def purge(api, itemtype, ids):
    """Purge ``ids`` (falsy ones skipped) by chunks of PURGE_CHUNK."""
    ids = [ident for ident in ids if ident]
    for start in range(0, len(ids), PURGE_CHUNK):
        api.delete(itemtype, [{"id": ident} for ident in ids[start:start + PURGE_CHUNK]], force_purge=True)


def purge_bulk(api, itemtype, ids):
    """Purge the many rows a test made in bulk, unless the server is disposable()."""
    if not disposable():
        purge(api, itemtype, ids)


def table_filler(api, itemtype, prefix):
    """A generator for a module-scoped fixture: yields grow(n), which makes the table hold at least
    n ``prefix-NNNNNN`` rows; they are all purged when the fixture ends (see purge_bulk)."""
    ids = []

    def grow(size):
        while len(ids) < size:
            count = min(FILLER_CHUNK, size - len(ids))
            answer = api.add(itemtype, [{"name": "%s-%06d" % (prefix, len(ids) + n)} for n in range(count)])
            ids.extend(int(row["id"]) for row in answer)
        return len(ids)

    yield grow
    purge_bulk(api, itemtype, ids)
