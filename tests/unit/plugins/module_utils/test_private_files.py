"""private_files: the directory race of parallel forks."""

import os
import stat

from ansible_collections.glpi.glpi.plugins.module_utils import private_files


def test_a_directory_created_meanwhile_by_another_fork_is_fine(tmp_path, monkeypatch):
    """Eight forks start with no cache directory: all see it missing, one creates it first; the
    others must not fail (they would run without the session cache, or without the write lock)."""
    folder = tmp_path / "glpi_sessions"
    real_isdir = os.path.isdir

    def isdir_then_created(path):
        if path == str(folder):
            os.makedirs(path, mode=0o700)  # another fork wins the race here
            monkeypatch.setattr(private_files.os.path, "isdir", real_isdir)
            return False
        return real_isdir(path)
    monkeypatch.setattr(private_files.os.path, "isdir", isdir_then_created)
    private_files.write_private_json(str(folder / "entry.json"), {"a": 1})
    assert private_files.read_private_json(str(folder / "entry.json")) == {"a": 1}
    assert stat.S_IMODE(os.stat(str(folder)).st_mode) == 0o700
