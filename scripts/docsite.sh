#!/usr/bin/env bash
# Build the documentation site of glpi.glpi offline and check it in a headless browser
# (`bash scripts/docsite.sh`, or `bash scripts/test docsite`, which runs this).
#
#   1. its own virtualenv, $WORK_DIR/docsite-venv, from scripts/docsite/requirements.txt (antsibull-docs,
#      Sphinx, sphinx-ansible-theme, myst-parser), reused while that file is unchanged;
#   2. antsibull-docs collection --use-current --fail-on-error: one page per module, plugin and role,
#      from their own documentation, into $DOCSITE_DIR/src (reStructuredText);
#   3. beside them the guides of docs/ (Markdown, built as they are by myst-parser; development.md
#      left out), their examples, and tests/emulator/README.md; scripts/docsite/index.rst lists them;
#   4. sphinx-build -W --keep-going -n (any warning fails; no intersphinx: the build is offline, see
#      scripts/docsite/conf.py) into $DOCSITE_DIR/html;
#   5. Debian's chromium (installed with apt-get when missing and root) headless: every plugin and role
#      page's DOM checked against the plugin's documentation (scripts/docsite/check_pages.py; DOMs kept in
#      $DOCSITE_DIR/dom) and a screenshot of the glpi_item module page, $DOCSITE_DIR/glpi_item_module.png.
# DOCSITE_DIR is $GLPI_DOCSITE_DIR, else $WORK_DIR/docsite (outside the checkout). Exit status: 0 built and
# checked; 77 built but chromium is missing and cannot be installed (1 when CI=true); other: a failure.
# The last line printed says what was built and checked.
set -uo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOCSITE_DIR=${GLPI_DOCSITE_DIR:-$WORK_DIR/docsite}
DOCSITE_CONF="$ROOT/scripts/docsite"
SKIP_RC=77

# The site's virtualenv: ensure_venv (lib.sh) over the site's own requirements, not the suite's.
docsite_venv() {
    ensure_venv "$WORK_DIR/docsite-venv" "$DOCSITE_CONF/requirements.txt"
}

# The Sphinx source tree: the plugin pages (antsibull-docs), the guides and the site's index.
docsite_sources() {
    local src="$DOCSITE_DIR/src" guide
    rm -rf "$src" && mkdir -p "$src" && chmod 700 "$src"  # antsibull-docs wants a directory only its owner writes
    antsibull-docs --config-file "$DOCSITE_CONF/antsibull-docs.cfg" collection --use-current --fail-on-error \
        --dest-dir "$src" glpi.glpi >"$DOCSITE_DIR/antsibull-docs.log" 2>&1 || {
        cat "$DOCSITE_DIR/antsibull-docs.log" >&2
        echo "antsibull-docs failed (log: $DOCSITE_DIR/antsibull-docs.log)" >&2
        return 1
    }
    mkdir -p "$src/guides" "$src/tests/emulator"
    for guide in "$ROOT"/docs/*.md; do
        [ "$(basename "$guide")" = development.md ] || cp "$guide" "$src/guides/"
    done
    # the files the guides link to (sample playbooks, the HR file, ...) become downloads
    cp -r "$ROOT/docs/examples" "$ROOT/docs/demo" "$src/guides/"
    cp "$ROOT/tests/emulator/README.md" "$src/tests/emulator/README.md"
    cp "$DOCSITE_CONF/index.rst" "$src/index.rst"
}

# chromium, installed from Debian's packages when missing and we are root; empty when there is none.
find_chromium() {
    local candidate
    for candidate in chromium chromium-browser; do
        command -v "$candidate" && return 0
    done
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian's chromium (apt-get; log: $DOCSITE_DIR/apt.log)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
            >"$DOCSITE_DIR/apt.log" 2>&1
        command -v chromium && return 0
    fi
    return 0
}

main() {
    local chromium pages html="$DOCSITE_DIR/html" shot="$DOCSITE_DIR/glpi_item_module.png" t0=$SECONDS took=() times
    mkdir -p "$DOCSITE_DIR"
    docsite_venv
    link_collection
    took+=("venv $((SECONDS - t0)) s")
    t0=$SECONDS
    log "plugin pages (antsibull-docs) and guides into $DOCSITE_DIR/src"
    docsite_sources || return 1
    took+=("antsibull-docs $((SECONDS - t0)) s")
    t0=$SECONDS
    log "sphinx-build -W into $html"
    rm -rf "$html" "$DOCSITE_DIR/doctrees"
    sphinx-build -b html -W --keep-going -n -q -c "$DOCSITE_CONF" -d "$DOCSITE_DIR/doctrees" \
        "$DOCSITE_DIR/src" "$html" || { echo "docsite: sphinx-build reported warnings or errors (above)" >&2; return 1; }
    pages=$(find "$html" -name '*.html' | wc -l)
    took+=("sphinx $((SECONDS - t0)) s")
    t0=$SECONDS
    chromium=$(find_chromium)
    if [ -z "$chromium" ]; then
        echo "docsite: built $pages pages in $html; not checked: no chromium (apt-get install chromium, as root)"
        [ "${CI:-}" = true ] && return 1
        return "$SKIP_RC"
    fi
    took+=("chromium found $((SECONDS - t0)) s")
    t0=$SECONDS
    log "the pages in headless $("$chromium" --version 2>/dev/null)"
    ansible-doc --metadata-dump --no-fail-on-errors glpi.glpi >"$DOCSITE_DIR/metadata.json" 2>"$DOCSITE_DIR/metadata.err" || {
        cat "$DOCSITE_DIR/metadata.err" >&2
        return 1
    }
    python "$DOCSITE_CONF/check_pages.py" "$html" "$DOCSITE_DIR/metadata.json" "$DOCSITE_DIR/dom" "$chromium" |
        tee "$DOCSITE_DIR/check.out"
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "docsite: some pages do not render what their plugin documents" >&2; return 1; }
    rm -f "$shot"
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1600 \
        --screenshot="$shot" "file://$html/collections/glpi/glpi/glpi_item_module.html" >"$DOCSITE_DIR/screenshot.log" 2>&1
    [ -s "$shot" ] || { echo "docsite: no screenshot (log: $DOCSITE_DIR/screenshot.log)" >&2; return 1; }
    took+=("page checks and screenshot $((SECONDS - t0)) s")
    times=$(printf '%s, ' "${took[@]}")
    echo "docsite: $pages pages in $html, sphinx -W clean; $(tail -n 1 "$DOCSITE_DIR/check.out") in Chromium; screenshot $shot (${times%, })"
}

main
