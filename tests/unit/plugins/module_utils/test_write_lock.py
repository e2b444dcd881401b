"""write_lock.WriteLock: parallel processes writing one itemtype of one GLPI take turns."""

import multiprocessing
import os
import stat

import pytest

from ansible_collections.glpi.glpi.plugins.module_utils import write_lock
from ansible_collections.glpi.glpi.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.glpi.plugins.module_utils.write_lock import WriteLock

URL = "http://glpi.test/apirest.php"


def hold(directory, itemtype, taken, release):
    with WriteLock(URL, itemtype, directory=directory):
        taken.set()
        release.wait(10)


@pytest.fixture
def holder(tmp_path):
    """Another process holding the Computer lock until ``release`` is set."""
    context = multiprocessing.get_context("fork")
    taken, release = context.Event(), context.Event()
    proc = context.Process(target=hold, args=(str(tmp_path), "Computer", taken, release))
    proc.start()
    assert taken.wait(10)
    yield release
    release.set()
    proc.join(10)


def test_a_second_process_waits_then_fails_clearly_when_the_lock_stays_taken(tmp_path, holder):
    with pytest.raises(GlpiError) as error:
        with WriteLock(URL, "Computer", directory=str(tmp_path), wait=0.2):
            pass
    assert "another task on this host has been writing these Computer objects" in str(error.value)
    with WriteLock(URL, "Monitor", directory=str(tmp_path), wait=0.2):
        pass  # another itemtype: its own lock


def test_the_lock_is_taken_once_the_holder_releases_it(tmp_path, holder):
    debug = []
    lock = WriteLock(URL, "Computer", directory=str(tmp_path), wait=10, debug=debug.append,
                     sleep=lambda seconds: holder.set())
    with lock:
        assert write_lock._HELD[lock.keys[0]][1] == 1  # pylint: disable=protected-access
    assert lock.keys[0] not in write_lock._HELD  # pylint: disable=protected-access
    assert debug and "after waiting" in debug[0]


def test_nested_use_in_one_process_does_not_wait_for_itself(tmp_path):
    with WriteLock(URL, "Location", directory=str(tmp_path), wait=0.1):
        with WriteLock(URL, "Location", directory=str(tmp_path), wait=0.1):
            pass
        with WriteLock(URL, "Location", directory=str(tmp_path), wait=0.1):
            pass
    folder = str(tmp_path)
    names = os.listdir(folder)
    assert len(names) == 1 and names[0].endswith(".lock") and URL not in names[0]
    assert stat.S_IMODE(os.stat(os.path.join(folder, names[0])).st_mode) == 0o600


def test_an_unusable_directory_means_no_lock_not_a_failure(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    debug = []
    with WriteLock(URL, "Computer", directory=str(blocker / "locks"), debug=debug.append):
        pass
    assert "going on without it" in debug[0]


def test_different_objects_take_different_stripes_and_the_same_object_waits(tmp_path):
    directory = str(tmp_path)
    assert write_lock.stripe_of("name='PC-1' ") == write_lock.stripe_of("NAME='pc-1'")
    names = ["name='pc-%d'" % index for index in range(200)]
    assert len(set(write_lock.stripe_of(name) for name in names)) > write_lock.STRIPES * 3 // 4
    context = multiprocessing.get_context("fork")
    taken, release = context.Event(), context.Event()
    proc = context.Process(target=hold_objects, args=(directory, ["name='pc-1'"], taken, release))
    proc.start()
    try:
        assert taken.wait(10)
        other = next(name for name in names if write_lock.stripe_of(name) != write_lock.stripe_of("name='pc-1'"))
        with WriteLock(URL, "Computer", [other], directory=directory, wait=0.2):
            pass  # another object: no wait
        with pytest.raises(GlpiError):
            with WriteLock(URL, "Computer", ["name='pc-1'", other], directory=directory, wait=0.2):
                pass
        assert not write_lock._HELD  # pylint: disable=protected-access
    finally:
        release.set()
        proc.join(10)


def hold_objects(directory, objects, taken, release):
    with WriteLock(URL, "Computer", objects, directory=directory):
        taken.set()
        release.wait(10)
