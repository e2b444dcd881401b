"""GLPI 10.0.12 legacy REST API (apirest.php) emulator: werkzeug + sqlite3.

Run with ``python -m glpi_emulator --host 127.0.0.1 --port 0 --db :memory:``.
See tests/emulator/README.md for the module map and the deliberate differences.
"""

GLPI_VERSION = "10.0.12"
