# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's own Python package (tests/emulator/pyproject.toml, ``pip install ./tests/emulator``).

The package metadata is built the way setuptools builds it (its ``build_py`` command over
pyproject.toml), so these tests see what a wheel would hold: every file of the package folder
(a data file the code opens included), the console script's target, the dependencies (exactly
the third-party imports) and the version (galaxy.yml's). The last test installs the package
offline from a copy of the folder and starts it outside the checkout.
"""

import ast
import os
import re
import selectors
import shutil
import subprocess
import sys
import urllib.request
import warnings
from pathlib import Path

import pytest
import yaml

EMULATOR = Path(__file__).resolve().parents[1]
PACKAGE = EMULATOR / "glpi_emulator"
COLLECTION = EMULATOR.parents[1]
# never part of the package: made by Python, pip, or an emulator run with --db
NOT_SHIPPED = re.compile(r"(^|/)__pycache__/|\.py[co]$|\.(db|sqlite3?)$")
# an import name whose distribution on PyPI is named otherwise
DISTRIBUTION_OF = {"yaml": "pyyaml"}
DEMO_HEADERS = {"App-Token": "glpi-emulator-demo-app-token", "Authorization": "user_token glpi-emulator-demo-user-token"}


@pytest.fixture(scope="module")
def dist():
    """The setuptools Distribution of tests/emulator/pyproject.toml, with its build_py command finalized."""
    pytest.importorskip("setuptools", reason="setuptools builds the package metadata")
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    cwd = os.getcwd()
    os.chdir(EMULATOR)  # setuptools resolves the package folders from the current directory
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # older setuptools: "[tool.setuptools] is still beta"
            distribution = Distribution({"script_name": "pyproject.toml"})
            apply_configuration(distribution, "pyproject.toml")
            build_py = distribution.get_command_obj("build_py")
            build_py.ensure_finalized()
            distribution.shipped = shipped_files(build_py)
    finally:
        os.chdir(cwd)
    return distribution


def shipped_files(build_py):
    """Paths relative to the package folder of the modules and data files a build would copy."""
    files = {EMULATOR / module_file for pkg, module, module_file in build_py.find_all_modules()}
    for pkg, src_dir, build_dir, names in build_py.data_files:
        files.update(EMULATOR / src_dir / name for name in names)
    return {path.resolve().relative_to(PACKAGE).as_posix() for path in files}


def package_files():
    """Every file of the package folder on disk (relative, posix), what Python or a run makes left out."""
    found = set()
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.is_file() and not NOT_SHIPPED.search(relative):
            found.add(relative)
    return found


def modules():
    return sorted(PACKAGE.glob("*.py"))


def test_every_file_of_the_package_folder_is_shipped(dist):
    on_disk = package_files()
    assert {"hlapi_doc.json", "profiles.json", "schema/Computer.json"} <= on_disk
    missing = sorted(on_disk - dist.shipped)
    assert not missing, "not in the built package (pyproject.toml [tool.setuptools] packages / package-data): %s" % missing


def mentions_file(node):
    return any(isinstance(sub, ast.Name) and sub.id == "__file__" for sub in ast.walk(node))


def names_joined_to_file(node):
    """The file names a node joins to a path built from ``__file__``: ``os.path.join(<__file__...>, "x")``,
    ``Path(__file__)... / "x"``."""
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "join" and node.args and mentions_file(node.args[0]):
        return [arg.value for arg in node.args[1:] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and mentions_file(node.left):
        if isinstance(node.right, ast.Constant) and isinstance(node.right.value, str):
            return [node.right.value]
    return []


def files_opened_next_to_the_code():
    """{module: [names]}: what each module joins to its own folder (``__file__``)."""
    opened = {}
    for module in modules():
        source = module.read_text(encoding="utf-8")
        for line in source.splitlines():
            if "__file__" in line and not line.lstrip().startswith("#"):
                assert not re.search(r"\.\.|parent\.parent|parents\[|dirname\(os\.path\.dirname", line), (
                    "%s reads outside its package, which an installed emulator does not have: %s" % (module.name, line.strip()))
        for node in ast.walk(ast.parse(source, str(module))):
            found = names_joined_to_file(node)
            if found:
                opened.setdefault(module.name, []).extend(found)
    return opened


def test_files_the_code_reads_are_shipped(dist):
    opened = files_opened_next_to_the_code()
    names = {name for found in opened.values() for name in found}
    assert {"schema", "hlapi_doc.json", "massive_rights.json", "profiles.json", "hlapi_graphql_schema.graphql"} <= names
    for module, found in opened.items():
        for name in found:
            path = PACKAGE / name
            assert path.exists(), "%s reads %s, which is not in the package folder" % (module, name)
            wanted = [p.relative_to(PACKAGE).as_posix() for p in ([path] if path.is_file() else path.rglob("*.*"))]
            assert wanted and set(wanted) <= dist.shipped, "%s reads %s, not shipped: %s" % (module, name, sorted(set(wanted) - dist.shipped))


def test_console_script_target_exists(dist, capsys):
    scripts = dict(re.split(r"\s*=\s*", entry) for entry in dist.entry_points["console_scripts"])
    assert scripts == {"glpi-emulator": "glpi_emulator.__main__:main"}
    module_name, attribute = scripts["glpi-emulator"].split(":")
    sys.path.insert(0, str(EMULATOR))
    try:
        module = __import__(module_name, fromlist=[attribute])
    finally:
        sys.path.remove(str(EMULATOR))
    main = getattr(module, attribute)
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "--glpi-version" in capsys.readouterr().out


def third_party_imports():
    names = set()
    for module in modules():
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"), str(module))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    names -= set(sys.stdlib_module_names) | {"__future__", "glpi_emulator"}
    return {DISTRIBUTION_OF.get(name, name).lower() for name in names}


def test_dependencies_are_what_the_code_imports(dist):
    declared = {re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-") for requirement in dist.install_requires}
    assert declared == {name.replace("_", "-") for name in third_party_imports()}


def collection_version():
    with open(COLLECTION / "galaxy.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["version"]


def test_version_follows_galaxy_yml(dist):
    assert dist.get_version() == collection_version()


def read_ready_line(process, timeout=30):
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        assert selector.select(timeout), "no ready line within %s s" % timeout
    return process.stdout.readline()


def build_options():
    """Offline (no index, no build isolation) when this venv's setuptools can build a wheel (70.1+
    or the wheel package); else pip fetches setuptools from the registry for an isolated build."""
    try:
        import setuptools.command.bdist_wheel  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        try:
            import wheel  # noqa: F401  pylint: disable=unused-import
        except ImportError:
            return []
    return ["--no-build-isolation", "--no-index"]


def test_installed_package_answers_outside_the_checkout(tmp_path):
    """pip installs a copy of tests/emulator (see build_options), then the installed glpi-emulator starts from a folder outside the checkout and
    opens a session with the demo tokens."""
    source, site = tmp_path / "source", tmp_path / "site"
    shutil.copytree(EMULATOR, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__", "*.db"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)] + build_options() + [str(source)],
                   check=True, cwd=tmp_path)
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("GLPI_EMULATOR_VERSION", None)
    where = subprocess.run([sys.executable, "-c", "import glpi_emulator; print(glpi_emulator.__file__)"],
                           check=True, cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where
    command = str(site / "bin" / "glpi-emulator")
    version = subprocess.run([command, "--version"], check=True, cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert version.strip() == "glpi-emulator " + collection_version()
    with subprocess.Popen([command, "--port", "0", "--glpi-version", "11.0"], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, text=True) as process:
        try:
            url = re.match(r"GLPI emulator ready: (http://\S+)", read_ready_line(process)).group(1)
            request = urllib.request.Request(url + "/initSession", headers=DEMO_HEADERS)
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 200
                assert set(yaml.safe_load(answer.read())) == {"session_token"}
        finally:
            process.terminate()
