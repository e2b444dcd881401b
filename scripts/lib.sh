# shellcheck shell=bash
# Shared helpers for scripts/demo and scripts/test (sourced, not run).
#
# Everything a fresh machine needs is installed here from the package registry:
# one virtualenv ($GLPI_VENV, default .venv in the checkout) with requirements.txt and
# tests/requirements.txt, rebuilt only when those files (or the Python) change.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GLPI_VENV=${GLPI_VENV:-$ROOT/.venv}
REQUIREMENT_FILES=("$ROOT/requirements.txt" "$ROOT/tests/requirements.txt")
# Scratch space outside the checkout, one per checkout path: the symlinked collections
# dir for ansible-playbook / pytest and the real copy ansible-test needs.
WORK_DIR=${GLPI_WORK_DIR:-${TMPDIR:-/tmp}/glpi.glpi-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)}

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# The Python to build the venv with: $PYTHON, else python3.11+, else python3.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    die "Python 3.11 or newer is needed (ansible-core 2.19); set PYTHON=/path/to/python3.11"
}

# ensure_venv [VENV REQUIREMENT_FILE...]: create or reuse VENV (default $GLPI_VENV with
# REQUIREMENT_FILES) and put it first on PATH. Reused as long as the Python version and the
# requirement files are unchanged (their hash is kept in VENV/.requirements.sha256).
ensure_venv() {
    local venv=${1:-$GLPI_VENV} python stamp want args=() file files
    if [ $# -gt 1 ]; then files=("${@:2}"); else files=("${REQUIREMENT_FILES[@]}"); fi
    python=$(find_python)
    stamp="$venv/.requirements.sha256"
    want=$({ "$python" --version; cat "${files[@]}"; } | sha256sum | cut -d' ' -f1)
    mkdir -p "$(dirname "$venv")"
    # scripts/demo and scripts/test may run at the same time: build the venv once.
    exec 9>"$venv.lock"
    flock 9
    if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        log "Reusing virtualenv $venv (requirements unchanged)"
    else
        log "Creating virtualenv $venv with $("$python" --version) (requirements changed or first run)"
        rm -rf "$venv"
        "$python" -m venv "$venv" || die "cannot create the virtualenv (Debian: apt-get install python3-venv)"
        for file in "${files[@]}"; do args+=(-r "$file"); done
        if ! "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "${args[@]}" \
            >"$venv.pip.log" 2>&1; then
            grep -v "is ignored: it is neither a file nor a directory" "$venv.pip.log" | tail -n 30 >&2
            rm -rf "$venv"
            die "pip install failed (full log: $venv.pip.log)"
        fi
        printf '%s\n' "$want" >"$stamp"
        log "Installed: $("$venv/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null |
            grep -iE '^(ansible-core|ansible-lint|antsibull-docs|pytest|requests|jsonschema|werkzeug)==' | tr '\n' ' ')"
    fi
    flock -u 9
    exec 9>&-
    export PATH="$venv/bin:$PATH"
    export VIRTUAL_ENV="$venv"
}

# Make the checkout importable as ansible_collections.glpi.glpi without copying it:
# $WORK_DIR/collections/ansible_collections/glpi/glpi -> $ROOT. Good for ansible-playbook,
# ansible-doc, pytest (PYTHONPATH); not for ansible-test (see copy_collection).
link_collection() {
    local base="$WORK_DIR/collections"
    mkdir -p "$base/ansible_collections/glpi"
    ln -sfn "$ROOT" "$base/ansible_collections/glpi/glpi"
    export ANSIBLE_COLLECTIONS_PATH="$base"
    export PYTHONPATH="$base${PYTHONPATH:+:$PYTHONPATH}"
}

# Print the files of the checkout that belong to the collection: what git tracks or would
# track (so .gitignore'd venvs, databases and caches stay out), else everything minus those.
collection_files() {
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
            while IFS= read -r -d '' file; do
                [ -e "$ROOT/$file" ] && printf '%s\0' "$file"
            done
    else
        (cd "$ROOT" && find . \( -name '.venv*' -o -name .git -o -name collections -o -name .ansible \
            -o -name __pycache__ -o -name .pytest_cache -o -name .benchmarks -o -path ./tests/output \) -prune \
            -o \( -type f -o -type l \) ! -name '*.db' ! -name '*.py[co]' -printf '%P\0')
    fi
}

# Make a real copy of the collection at DEST/ansible_collections/glpi/glpi (ansible-test
# rejects symlinked trees) and print that path. The copy is rebuilt on every call.
copy_collection() {
    local dest="$1/ansible_collections/glpi/glpi"
    rm -rf "$dest"
    mkdir -p "$dest"
    collection_files | (cd "$ROOT" && tar --null --no-recursion -T - -cf -) | tar -xf - -C "$dest" ||
        die "cannot copy the collection to $dest"
    printf '%s\n' "$dest"
}

# ansible-test --venv bootstraps pip in each of its virtualenvs with a get-pip.py script that it
# downloads from a host that is not reachable here. Put an offline stand-in where ansible-test
# caches that script: it installs pip with ensurepip, then the pinned pip from the registry.
install_get_pip_standin() {
    local version cache
    version=$(python - <<'EOF'
import ansible_test._internal.python_requirements as r, inspect, re
print(re.search(r"pip='([0-9.]+)'", inspect.getsource(r.get_venv_packages)).group(1))
EOF
    ) || die "cannot find the pip version that ansible-test pins"
    cache="$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
    # A real get-pip script cached earlier stays; our own stand-in is rewritten (cheap).
    [ -f "$cache" ] && ! grep -q 'glpi.glpi stand-in' "$cache" && return 0
    mkdir -p "$(dirname "$cache")"
    cat >"$cache" <<'EOF'
"""glpi.glpi stand-in for get-pip.py (written by scripts/lib.sh): needs no download.

ansible-test runs this as its get-pip script with pip's install arguments (e.g. pip==24.2).
ensurepip (in a child: it clears PIP_* variables and sets PIP_CONFIG_FILE=/dev/null, which
would drop this machine's pip configuration) installs the pip bundled with Python; that pip
then installs the requested version with the normal configuration.
"""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'],
                      stdout=subprocess.DEVNULL)
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
if args:
    sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args))
EOF
}

# Start the emulator on a free port with a database in $1 (a file path or :memory:).
# Sets EMULATOR_PID, EMULATOR_URL (…/apirest.php) and EMULATOR_LOG.
# The emulator's OAuth2 client (GLPI 11's v2 API): fixed demo credentials, like its demo tokens.
EMULATOR_OAUTH_CLIENT_ID=glpi-emulator-demo-oauth-client
EMULATOR_OAUTH_CLIENT_SECRET=glpi-emulator-demo-oauth-secret

start_emulator() {
    local db="$1" _
    [ -d "$ROOT/tests/emulator/glpi_emulator" ] || die "the emulator (tests/emulator/glpi_emulator) is not in this checkout"
    # one log per step: steps that run together each start their own emulator
    EMULATOR_LOG="$WORK_DIR/emulator${STEP:+.$STEP}.log"
    mkdir -p "$WORK_DIR"
    PYTHONPATH="$ROOT/tests/emulator${PYTHONPATH:+:$PYTHONPATH}" \
        python -u -m glpi_emulator --host 127.0.0.1 --port 0 --db "$db" \
        --oauth-client-id "$EMULATOR_OAUTH_CLIENT_ID" --oauth-client-secret "$EMULATOR_OAUTH_CLIENT_SECRET" \
        >"$EMULATOR_LOG" 2>&1 </dev/null &
    EMULATOR_PID=$!
    for _ in $(seq 1 300); do
        EMULATOR_URL=$(sed -n 's#^GLPI emulator ready: \(http://[^ ]*\)$#\1#p' "$EMULATOR_LOG" | head -n 1)
        [ -n "$EMULATOR_URL" ] && return 0
        kill -0 "$EMULATOR_PID" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$EMULATOR_LOG" >&2
    stop_emulator
    die "the emulator did not start within 30 s (log: $EMULATOR_LOG)"
}

# Stop the emulator that start_emulator started (by its PID only).
stop_emulator() {
    if [ -n "${EMULATOR_PID:-}" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    EMULATOR_PID=
}
