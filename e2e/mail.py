#!/usr/bin/env python3
"""Read the newest mail for an address from the SMTP server's directory.

    python3 e2e/mail.py newest --maildir DIR --to someone@example.test
    python3 e2e/mail.py count --maildir DIR --to someone@example.test [--subject S]

Prints one JSON object: {"file", "subject", "from", "to", "body"} where body
is the decoded text/plain part (quoted-printable and base64 undone by the
standard library's email module). Exits 1 when there is no mail for the
address.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import sys


def recipients(msg) -> set[str]:
    found = set()
    for header in ("X-Envelope-To", "To", "Cc"):
        for value in msg.get_all(header, []):
            for _, addr in email.utils.getaddresses([str(value)]):
                if addr:
                    found.add(addr.lower())
    return found


def text_body(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    return part.get_content()


def matching(maildir: str, to: str, subject: str | None = None):
    """The mails for `to` (with `subject`, if given), newest first, as (file name, message)."""
    names = sorted((n for n in os.listdir(maildir) if n.endswith(".eml")), reverse=True)
    for name in names:
        with open(os.path.join(maildir, name), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        if to.lower() in recipients(msg) and (subject is None or str(msg.get("Subject", "")) == subject):
            yield name, msg


def newest(maildir: str, to: str, subject: str | None = None):
    for name, msg in matching(maildir, to, subject):
        return {
            "file": name,
            "subject": str(msg.get("Subject", "")),
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "body": text_body(msg),
        }
    return None


def count(maildir: str, to: str, subject: str | None = None) -> int:
    return sum(1 for _ in matching(maildir, to, subject))


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("newest")
    p.add_argument("--maildir", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--subject", help="only a mail with exactly this subject")
    c = sub.add_parser("count")
    c.add_argument("--maildir", required=True)
    c.add_argument("--to", required=True)
    c.add_argument("--subject")
    args = parser.parse_args()

    if args.cmd == "count":
        print(count(args.maildir, args.to, args.subject))
        return 0
    found = newest(args.maildir, args.to, args.subject)
    if found is None:
        return 1
    json.dump(found, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
