# shellcheck shell=bash
# Real GLPI servers for scripts/test (sourced after lib.sh, not run).
#
# The steps real10 and real11 stand up a real GLPI (10.0.x, 11.0.x) on 127.0.0.1 with the rig
# of the shared test material, a folder beside the checkout (override: GLPI_SHARED_DIR):
#   ../shared/real-glpi/setup.sh VERSION TREE PREFIX PORT DBPORT   (Debian, root; installs
#       nginx, php-fpm 8.2 and MariaDB if missing, then GLPI from the release tree)
#   ../shared/real-glpi/env.sh PREFIX                             (GLPI_URL and the tokens)
#   ../shared/glpi-trees/glpi-VERSION.*.tar.xz                    (the release trees)
# Nothing of that material is part of this repository. Each run uses a new PREFIX under
# $WORK_DIR/real-glpi and two free ports; real_glpi_stop stops the servers it started (by their
# pid files, PREFIX/bin/stop.sh) and removes the PREFIX.

SHARED_DIR=${GLPI_SHARED_DIR:-$(dirname "$ROOT")/shared}
REAL_GLPI_PREFIX=

# Why the real GLPI of VERSION cannot be set up here (empty when it can).
real_glpi_missing() {
    local version=$1
    if [ ! -f "$SHARED_DIR/real-glpi/setup.sh" ] || [ ! -f "$SHARED_DIR/real-glpi/env.sh" ]; then
        echo "no real GLPI rig at $SHARED_DIR/real-glpi (set GLPI_SHARED_DIR to the shared test material)"
    elif [ -z "$(real_glpi_tree "$version")" ]; then
        echo "no GLPI $version release tree at $SHARED_DIR/glpi-trees/glpi-$version.*.tar.xz"
    elif [ "$(id -u)" != 0 ]; then
        echo "the real GLPI rig must run as root (it installs Debian packages and runs services as www-data and mysql)"
    fi
}

# The newest release tree of VERSION (10.0 or 11.0), e.g. .../glpi-trees/glpi-10.0.12.tar.xz.
real_glpi_tree() {
    find "$SHARED_DIR/glpi-trees" -maxdepth 1 -name "glpi-$1.*.tar.xz" 2>/dev/null | sort -V | tail -n 1
}

# A TCP port of 127.0.0.1 that nothing listens on (the kernel's choice).
free_port() {
    python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Where PREFIXes go: $WORK_DIR/real-glpi, or /tmp when www-data cannot traverse $WORK_DIR
# (e.g. a TMPDIR under /root); GLPI_REAL_DIR overrides.
real_glpi_base() {
    local base=${GLPI_REAL_DIR:-$WORK_DIR/real-glpi}
    mkdir -p "$base" && chmod 755 "$base" || return 1
    if [ -z "${GLPI_REAL_DIR:-}" ] && id www-data >/dev/null 2>&1 && ! runuser -u www-data -- test -x "$base"; then
        base=/tmp/glpi.glpi-real-glpi
        mkdir -p "$base" && chmod 755 "$base" || return 1
    fi
    printf '%s\n' "$base"
}

# real_glpi_start VERSION LOG: set up a fresh GLPI VERSION, export GLPI_URL (…/apirest.php),
# GLPI_APP_TOKEN, GLPI_USER_TOKEN, GLPI_TECH_TOKEN (and on 11.0 the OAuth client), set
# REAL_GLPI_PREFIX and REAL_GLPI_RELEASE (e.g. 10.0.12). setup.sh's output goes to LOG.
real_glpi_start() {
    local version=$1 log=$2 tree base port dbport exports t0=$SECONDS
    tree=$(real_glpi_tree "$version")
    REAL_GLPI_RELEASE=$(basename "$tree" .tar.xz)
    REAL_GLPI_RELEASE=${REAL_GLPI_RELEASE#glpi-}
    base=$(real_glpi_base) || return 1
    REAL_GLPI_PREFIX=$(mktemp -d "$base/glpi-$version-XXXXXX") || return 1
    chmod 755 "$REAL_GLPI_PREFIX"
    port=$(free_port) && dbport=$(free_port) || return 1
    log "setting up GLPI $REAL_GLPI_RELEASE at http://127.0.0.1:$port/ (MariaDB 127.0.0.1:$dbport) in $REAL_GLPI_PREFIX"
    # One setup at a time: the first one may apt-get install the packages (dpkg's lock).
    # -o: the services setup.sh starts must not inherit the lock (they outlive the setup).
    if ! flock -o "$(dirname "$base")/real-glpi.setup.lock" \
        bash "$SHARED_DIR/real-glpi/setup.sh" "$version" "$tree" "$REAL_GLPI_PREFIX" "$port" "$dbport" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup.sh failed (full log: $log)" >&2
        return 1
    fi
    exports=$(bash "$SHARED_DIR/real-glpi/env.sh" "$REAL_GLPI_PREFIX") || return 1
    eval "$exports"
    # The tests and the modules take the API endpoint; env.sh gives the web root.
    export GLPI_URL="${GLPI_URL%/}/apirest.php" GLPI_TECH_TOKEN="$GLPI_TECH_USER_TOKEN"
    log "GLPI $REAL_GLPI_RELEASE ready at $GLPI_URL after $((SECONDS - t0)) s"
}

# Stop the GLPI that real_glpi_start set up (its own pid files only) and remove its PREFIX.
real_glpi_stop() {
    [ -n "$REAL_GLPI_PREFIX" ] || return 0
    if [ -x "$REAL_GLPI_PREFIX/bin/stop.sh" ]; then
        "$REAL_GLPI_PREFIX/bin/stop.sh" >&2 || { echo "could not stop the GLPI in $REAL_GLPI_PREFIX" >&2; return 1; }
    fi
    rm -rf "$REAL_GLPI_PREFIX"
    REAL_GLPI_PREFIX=
}
