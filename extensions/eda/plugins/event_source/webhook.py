# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""glpi.glpi.webhook: an event source receiving GLPI 11 webhooks (docs/events.md).

Every delivery is checked as GLPI 11.0.6 signs it: ``X-GLPI-signature`` is the hex
HMAC-SHA256 of the raw body followed by ``X-GLPI-timestamp``, keyed with the webhook's secret.
Refused requests are answered and never put on the queue: unsigned 401, wrong signature 403,
timestamp older than ``max_age`` seconds (or more than ``max_future`` ahead) 403, body over
``max_body`` bytes 413, a default payload that is not GLPI's JSON 400, a method not in
``methods`` 405, a wrong bearer token (``token``) 401, and 503 while ``max_queue`` events wait
(GLPI tries again on its next cron run), a malformed request 400, a ``crc_token`` other than
GLPI's CRA challenge 403. A signature already queued (GLPI's retry after a lost answer, or a
replay) is answered 200 and not queued again while its timestamp is within ``max_age``.

Arguments (all optional but the secret):
    host:          listen address (default 0.0.0.0)
    port:          listen port (default 5000)
    secret:        the webhook's secret (else the GLPI_WEBHOOK_SECRET environment variable)
    token:         fixed bearer token to require in Authorization (else GLPI_WEBHOOK_TOKEN). GLPI's
                   "use_oauth" fetches a new access_token from oauth_url before every send, so this
                   only matches if that endpoint always returns this same token; OAuth tokens are
                   not validated otherwise (the signature is checked in every case)
    certfile:      TLS certificate chain (PEM); TLS is on when set
    keyfile:       TLS private key (PEM)
    max_body:      largest accepted body in bytes (default 1048576)
    max_age:       seconds a signed timestamp stays valid (default 3600; 0 disables the check)
    max_future:    seconds a timestamp may be ahead of this clock (default 300)
    max_queue:     events waiting on the queue above which deliveries get 503 (default 1000)
    max_seen:      signatures of queued deliveries remembered to drop duplicates (default 10000)
    payload:       default (GLPI's {"item", "event"}, else 400) or custom (any body, passed as given)
    cra_challenge: answer GLPI's CRA challenge GET ?crc_token=... (default true)
    methods:       accepted HTTP methods (default POST, PUT, PATCH, GET)
    itemtypes:     URL path prefix -> itemtype, e.g. {"/glpi/pc": "Computer"}; otherwise the
                   last non-numeric path segment (/glpi/Computer/12 -> Computer)

Each event: {"itemtype", "id", "event" ("new", "update" or "delete"), "item" (the v2 item as GLPI
sent it), "payload" (the whole body), "meta": {"received_at", "endpoint", "method", "headers"}}.

Example:
    sources:
      - glpi.glpi.webhook:
          host: 0.0.0.0
          port: 443
          certfile: /etc/eda/tls/cert.pem
          keyfile: /etc/eda/tls/key.pem
"""
from __future__ import annotations

import asyncio
from typing import Any

from ansible_collections.glpi.glpi.plugins.plugin_utils.webhook_receiver import serve


async def main(queue: asyncio.Queue, args: dict[str, Any]) -> None:
    """Receive GLPI webhooks until cancelled."""
    await serve(queue, args)


if __name__ == "__main__":

    class _PrintQueue(asyncio.Queue):
        def put_nowait(self, item):
            print(item)  # noqa: T201

    asyncio.run(main(_PrintQueue(), {"host": "127.0.0.1", "port": 5000}))
