"""CLI: python -m glpi_emulator --host 127.0.0.1 --port 0 --db :memory:"""
import argparse
import logging
import sys

from werkzeug.serving import make_server

from . import seed
from .app import EmulatorApp
from .store import Store


def main(argv=None):
    ap = argparse.ArgumentParser(prog="glpi_emulator", description="GLPI 10.0 legacy REST API emulator")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--db", default=":memory:", help="SQLite file, or :memory:")
    ap.add_argument("--app-token", default=seed.DEMO_APP_TOKEN)
    ap.add_argument("--user-token", default=seed.DEMO_USER_TOKEN, help="api token of user glpi")
    ap.add_argument("--tech-token", default=seed.DEMO_TECH_TOKEN, help="api token of user tech")
    args = ap.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    store = Store(args.db, {"glpi": args.user_token, "tech": args.tech_token})
    app = EmulatorApp(store, args.app_token)
    server = make_server(args.host, args.port, app, threaded=True)
    host, port = server.server_address[:2]
    print("GLPI emulator ready: http://%s:%d/apirest.php" % (host, port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
