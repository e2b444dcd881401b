"""CLI: ``glpi-emulator --host 127.0.0.1 --port 0 --db :memory:`` (the console script of the
package, tests/emulator/pyproject.toml) or ``python -m glpi_emulator ...`` from a checkout."""
import argparse
import logging
import os
import sys

from waitress import create_server

from . import dialects, oauth, seed
from .app import EmulatorApp
from .store import Store


def _program_name():
    """``glpi-emulator`` when started by the console script, ``python -m glpi_emulator`` otherwise."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "glpi-emulator" if name.startswith("glpi-emulator") else "python -m glpi_emulator"


def _package_version():
    """The installed package's version (tests/emulator/pyproject.toml), or a note when run from a checkout."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        return version("glpi-emulator")
    except PackageNotFoundError:
        return "(not installed: run from source)"


def main(argv=None):
    ap = argparse.ArgumentParser(prog=_program_name(), description="GLPI 10.0 / 11.0 REST API emulator")
    ap.add_argument("--version", action="version", version="%(prog)s " + _package_version())
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--db", default=":memory:", help="SQLite file, or :memory:")
    ap.add_argument("--app-token", default=seed.DEMO_APP_TOKEN)
    ap.add_argument("--user-token", default=seed.DEMO_USER_TOKEN, help="api token of user glpi")
    ap.add_argument("--tech-token", default=seed.DEMO_TECH_TOKEN, help="api token of user tech")
    ap.add_argument("--glpi-version", choices=dialects.VERSIONS,
                    default=os.environ.get(dialects.ENV_VAR) or "10.0",
                    help="GLPI version to answer as (default: $%s, else 10.0)" % dialects.ENV_VAR)
    ap.add_argument("--oauth-client-id", default=oauth.DEMO_CLIENT_ID,
                    help="OAuth client of the High-level API (11.0 mode)")
    ap.add_argument("--oauth-client-secret", default=oauth.DEMO_CLIENT_SECRET)
    args = ap.parse_args(argv)
    # waitress logs a warning for every deliberately dropped answer (fault injection).
    logging.getLogger("waitress").setLevel(logging.ERROR)
    store = Store(args.db, {"glpi": args.user_token, "tech": args.tech_token}, args.glpi_version)
    app = EmulatorApp(store, args.app_token, oauth.OAuthServer(args.oauth_client_id, args.oauth_client_secret))
    # waitress: HTTP/1.1 keep-alive and a thread pool, as clients of a real GLPI
    # behind nginx or Apache expect (werkzeug's own server closes every connection).
    server = create_server(app, host=args.host, port=args.port, threads=8, ident="glpi-emulator",
                           channel_timeout=120, clear_untrusted_proxy_headers=True)
    print("GLPI emulator ready: http://%s:%d/apirest.php" % (args.host, int(server.effective_port)), flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
