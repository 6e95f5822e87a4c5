"""Local mail catcher for Homestudio: an SMTP sink plus a small HTTP API to read what arrived.

Run by scripts/mailcatcher with the tools venv ($HS_VENV/bin/python), which has aiosmtpd.

SMTP (aiosmtpd) on 127.0.0.1:<smtp-port>: every message is stored as <dir>/<id>.eml (the bytes
as received) plus <id>.json (the SMTP envelope and the time of receipt), so mails survive a
restart. <id> sorts by time of receipt.

HTTP (stdlib, one thread per request) on 127.0.0.1:<http-port>:
  GET    /api/messages[?to=ADDR]   {"items": [message, ...]} newest first; `to` keeps the messages
                                   one of whose recipients contains ADDR (case-insensitive)
  GET    /api/messages/{id}        one message
  GET    /api/messages/{id}/raw    the .eml (message/rfc822)
  DELETE /api/messages             delete all;  DELETE /api/messages/{id}: delete one
  GET    /health                   {"status": "ok"}
  GET    /                         HTML list of the messages
message = {"id", "from", "to": [envelope recipients], "subject", "date" (time of receipt, ISO
8601 UTC), "headerDate", "headerTo", "cc", "envelopeFrom", "text", "html",
"attachments": [{"filename", "contentType", "size"}]}
"""

from __future__ import annotations

import argparse
import email
import email.policy
import email.utils
import html
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller

ID_RE = re.compile(r"^[0-9]{19}-[0-9a-f]{8}$")


class MailStore:
    """The folder of .eml files; ids are '<receipt time in ns>-<random>' so names sort by time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        # Parsed views by id: a stored message never changes, and tests poll the list many times a
        # second; parsing every message on every poll made a long run's listing take seconds.
        self._parsed: dict[str, dict] = {}

    def save(self, content: bytes, mail_from: str, rcpt_tos: list[str]) -> str:
        msg_id = f"{time.time_ns():019d}-{uuid.uuid4().hex[:8]}"
        meta = {
            "mailFrom": mail_from,
            "rcptTos": rcpt_tos,
            "receivedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        }
        # Write to temporary names, then rename: a reader never sees half a message. The .eml is
        # renamed last because listing looks for .eml files.
        self._write_atomic(self.folder / f"{msg_id}.json", json.dumps(meta).encode())
        self._write_atomic(self.folder / f"{msg_id}.eml", content)
        return msg_id

    @staticmethod
    def _write_atomic(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def ids(self) -> list[str]:
        return sorted((p.stem for p in self.folder.glob("*.eml") if ID_RE.match(p.stem)), reverse=True)

    def raw(self, msg_id: str) -> bytes | None:
        if not ID_RE.match(msg_id):
            return None
        try:
            return (self.folder / f"{msg_id}.eml").read_bytes()
        except FileNotFoundError:
            return None

    def meta(self, msg_id: str) -> dict:
        try:
            return json.loads((self.folder / f"{msg_id}.json").read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def delete(self, msg_id: str) -> bool:
        if not ID_RE.match(msg_id):
            return False
        self._parsed.pop(msg_id, None)
        found = False
        for suffix in (".eml", ".json"):
            try:
                (self.folder / f"{msg_id}{suffix}").unlink()
                found = True
            except FileNotFoundError:
                pass
        return found

    def clear(self) -> int:
        ids = self.ids()
        for msg_id in ids:
            self.delete(msg_id)
        return len(ids)

    def message(self, msg_id: str) -> dict | None:
        if (cached := self._parsed.get(msg_id)) is not None:
            return cached
        raw = self.raw(msg_id)
        if raw is None:
            return None
        parsed = describe(msg_id, raw, self.meta(msg_id))
        self._parsed[msg_id] = parsed
        return parsed


def _addresses(values: list[str]) -> list[str]:
    return [addr for _, addr in email.utils.getaddresses(values) if addr]


def describe(msg_id: str, raw: bytes, meta: dict) -> dict:
    """The JSON view of one stored message (parsed with the modern email API, policy=default)."""
    # SMTP delivers CRLF line ends; the parser would keep them in text bodies. Tests compare
    # text with "\n", so parse a LF copy (the /raw endpoint still returns the bytes as received).
    msg = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    header_to = _addresses([str(v) for v in msg.get_all("To", [])])
    cc = _addresses([str(v) for v in msg.get_all("Cc", [])])
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append(
            {"filename": part.get_filename(), "contentType": part.get_content_type(), "size": len(payload)}
        )
    return {
        "id": msg_id,
        "from": str(msg.get("From", "")),
        # The envelope is what the server was asked to deliver to (it includes Bcc recipients);
        # fall back to the headers for a message stored without its .json.
        "to": meta.get("rcptTos") or header_to + cc,
        "subject": str(msg.get("Subject", "")),
        "date": meta.get("receivedAt"),
        "headerDate": str(msg.get("Date", "")) or None,
        "headerTo": header_to,
        "cc": cc,
        "envelopeFrom": meta.get("mailFrom"),
        "text": text_part.get_content() if text_part is not None else None,
        "html": html_part.get_content() if html_part is not None else None,
        "attachments": attachments,
    }


class SMTPHandler:
    """aiosmtpd handler: accept every recipient and store every message."""

    def __init__(self, store: MailStore) -> None:
        self.store = store

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        msg_id = self.store.save(content, envelope.mail_from, list(envelope.rcpt_tos))
        log(f"received {msg_id} from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}")
        return "250 Message accepted for delivery"


def log(line: str) -> None:
    print(f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {line}", flush=True)


def make_http_handler(store: MailStore):
    class Handler(BaseHTTPRequestHandler):
        server_version = "HomestudioMailCatcher/1"

        def log_message(self, fmt, *args) -> None:  # access log to our log file, one line each
            log("http " + (fmt % args))

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, value) -> None:
            self._send(status, json.dumps(value, ensure_ascii=False).encode(), "application/json")

        def _not_found(self) -> None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def _parts(self) -> tuple[list[str], dict]:
            url = urlparse(self.path)
            return [p for p in url.path.split("/") if p], parse_qs(url.query)

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            parts, query = self._parts()
            if parts == []:
                return self._send(HTTPStatus.OK, index_page(store).encode(), "text/html; charset=utf-8")
            if parts == ["health"]:
                return self._json(HTTPStatus.OK, {"status": "ok"})
            if parts == ["api", "messages"]:
                items = [m for m in (store.message(i) for i in store.ids()) if m is not None]
                wanted = [t.lower() for t in query.get("to", [])]
                if wanted:
                    items = [m for m in items if any(w in r.lower() for w in wanted for r in m["to"])]
                return self._json(HTTPStatus.OK, {"items": items})
            if len(parts) == 3 and parts[:2] == ["api", "messages"]:
                msg = store.message(parts[2])
                return self._json(HTTPStatus.OK, msg) if msg else self._not_found()
            if len(parts) == 4 and parts[:2] == ["api", "messages"] and parts[3] == "raw":
                raw = store.raw(parts[2])
                return self._send(HTTPStatus.OK, raw, "message/rfc822") if raw is not None else self._not_found()
            return self._not_found()

        do_HEAD = do_GET

        def do_DELETE(self) -> None:  # noqa: N802 (http.server API)
            parts, _ = self._parts()
            if parts == ["api", "messages"]:
                return self._json(HTTPStatus.OK, {"deleted": store.clear()})
            if len(parts) == 3 and parts[:2] == ["api", "messages"]:
                return self._json(HTTPStatus.OK, {"deleted": 1}) if store.delete(parts[2]) else self._not_found()
            return self._not_found()

    return Handler


def index_page(store: MailStore) -> str:
    rows = []
    for msg_id in store.ids():
        m = store.message(msg_id)
        if m is None:
            continue
        rows.append(
            "<tr><td>{date}</td><td><a href='/api/messages/{id}'>{subject}</a></td><td>{to}</td>"
            "<td><a href='/api/messages/{id}/raw'>raw</a></td></tr>".format(
                date=html.escape(m["date"] or ""),
                id=html.escape(m["id"]),
                subject=html.escape(m["subject"] or "(no subject)"),
                to=html.escape(", ".join(m["to"])),
            )
        )
    body = "\n".join(rows) or "<tr><td colspan='4'>No messages yet.</td></tr>"
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Homestudio mail catcher</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.3em .8em;text-align:left}}
tr:nth-child(even){{background:#f3f3f3}}</style></head>
<body><h1>Homestudio mail catcher</h1>
<p>{len(rows)} message(s). JSON: <a href="/api/messages">/api/messages</a></p>
<table><tr><th>Received</th><th>Subject</th><th>To</th><th></th></tr>
{body}
</table></body></html>
"""


def start_submission(args, store: MailStore) -> Controller:
    """SMTP on --tls-port: STARTTLS is required before anything else, then AUTH with --auth."""
    import ssl

    from aiosmtpd.smtp import AuthResult

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(args.cert), str(args.key))
    user, _, password = (args.auth or "").partition(":")

    def authenticator(_server, _session, _envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"") or b""
        secret = getattr(auth_data, "password", b"") or b""
        ok = mechanism in ("PLAIN", "LOGIN") and login.decode() == user and secret.decode() == password
        return AuthResult(success=ok)

    controller = Controller(
        SMTPHandler(store),
        hostname=args.host,
        port=args.tls_port,
        data_size_limit=50 * 1024 * 1024,
        enable_SMTPUTF8=True,
        ready_timeout=10,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    log(f"SMTP with STARTTLS and AUTH on {args.host}:{args.tls_port}")
    return controller


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--smtp-port", type=int, required=True)
    ap.add_argument("--http-port", type=int, required=True)
    ap.add_argument("--dir", type=Path, required=True, help="folder of the stored .eml files")
    ap.add_argument("--tls-port", type=int, help="a second SMTP port requiring STARTTLS, then AUTH")
    ap.add_argument("--cert", type=Path, help="certificate (PEM) for STARTTLS")
    ap.add_argument("--key", type=Path, help="private key (PEM) for STARTTLS")
    ap.add_argument("--auth", help="user:password accepted by AUTH PLAIN/LOGIN on the TLS port")
    args = ap.parse_args()

    store = MailStore(args.dir)
    # aiosmtpd runs its own event loop in a thread; the HTTP server serves from this thread.
    controller = Controller(
        SMTPHandler(store),
        hostname=args.host,
        port=args.smtp_port,
        data_size_limit=50 * 1024 * 1024,
        enable_SMTPUTF8=True,
        ready_timeout=10,
    )
    controller.start()
    secure = start_submission(args, store) if args.tls_port else None
    httpd = ThreadingHTTPServer((args.host, args.http_port), make_http_handler(store))
    httpd.daemon_threads = True

    def stop(signum, _frame) -> None:
        log(f"signal {signum}: stopping")
        # shutdown() blocks until serve_forever returns: call it from another thread.
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(f"SMTP on {args.host}:{args.smtp_port}, HTTP on http://{args.host}:{args.http_port}, mail in {args.dir}")
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
        controller.stop()
        if secure:
            secure.stop()
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
