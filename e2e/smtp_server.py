#!/usr/bin/env python3
"""A real SMTP server for the end-to-end specs.

Every message the app sends is written, exactly as received, to
``<maildir>/<sequence>-<first recipient>.eml``. The specs read the newest
file for an address with ``mail.py newest``.

    python3 e2e/smtp_server.py --port 2525 --maildir /tmp/mail

The server prints "SMTP ready" once it is accepting connections and stops
cleanly on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import signal
import sys
import time

from aiosmtpd.controller import Controller


class SaveToDirectory:
    """aiosmtpd handler: one .eml file per received message."""

    def __init__(self, maildir: str) -> None:
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        first = envelope.rcpt_tos[0] if envelope.rcpt_tos else "unknown"
        safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", first.lower())
        name = f"{time.time_ns()}-{next(self.counter):05d}-{safe}.eml"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        headers = (
            f"X-Envelope-From: {envelope.mail_from}\r\n"
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode("utf-8")
        tmp = os.path.join(self.maildir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(headers + content)
        # Rename so a reader never sees a half-written message.
        os.replace(tmp, os.path.join(self.maildir, name))
        print(f"SMTP saved {name}", flush=True)
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()

    os.makedirs(args.maildir, exist_ok=True)
    controller = Controller(
        SaveToDirectory(args.maildir),
        hostname=args.host,
        port=args.port,
        # Plain SMTP, no TLS and no auth, like the app expects.
        auth_require_tls=False,
        decode_data=False,
    )
    controller.start()
    print(f"SMTP ready on {args.host}:{args.port}, saving to {args.maildir}", flush=True)

    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    try:
        loop.run_until_complete(stop)
    finally:
        controller.stop()
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
