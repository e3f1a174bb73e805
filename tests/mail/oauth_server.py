#!/usr/bin/env python3
"""A small OAuth 2 server for the email tests (stdlib only), standing in for
Google's and Microsoft's identity platforms on loopback.

  POST /token       grant_type=authorization_code (+ PKCE S256), refresh_token,
                    or password (a test shortcut: username=alice@example.test)
  GET  /authorize   approves at once and redirects to the loopback redirect_uri
  POST /introspect  RFC 7662, what Dovecot's oauth2 passdb asks
  POST /graph/v1.0/me/sendMail  Microsoft Graph's raw-MIME send (base64 body):
                    needs a token minted for a graph.microsoft.com scope; the
                    message is handed to the local Postfix (port BASE+25)
  POST /_admin/expire            token=... : the next use fails like an expired token
  POST /_admin/invalidate-refresh token=... : the refresh token is revoked (invalid_grant)
  POST /_admin/expire-user        username=... : every access token of the user expires
  POST /_admin/revoke-user        username=... : every refresh token of the user is revoked

Usage: oauth_server.py PORT [TTL_SECONDS]
"""
import base64
import email
import email.utils
import hashlib
import json
import secrets
import smtplib
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TTL = int(sys.argv[2]) if len(sys.argv) > 2 else 3600
access = {}  # token -> {"user", "exp"}
refresh = {}  # token -> user
codes = {}  # code -> {"user", "challenge", "redirect_uri"}
graph_sent = []  # users who sent through the Graph stand-in


def issue(user, scope=""):
    token = "at-" + secrets.token_urlsafe(24)
    access[token] = {"user": user, "exp": time.time() + TTL, "scope": scope}
    rt = "rt-" + secrets.token_urlsafe(24)
    refresh[rt] = user
    return {"access_token": token, "token_type": "Bearer", "expires_in": TTL, "refresh_token": rt}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(raw or "{}")
        return {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path != "/authorize":
            return self.reply(404, {"error": "not_found"})
        redirect = q.get("redirect_uri", "")
        host = urllib.parse.urlparse(redirect).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            return self.reply(400, {"error": "invalid_request", "error_description": "loopback redirect only"})
        code = "code-" + secrets.token_urlsafe(16)
        codes[code] = {
            "user": q.get("login_hint", "alice@example.test"),
            "challenge": q.get("code_challenge"),
            "redirect_uri": redirect,
        }
        sep = "&" if "?" in redirect else "?"
        location = f"{redirect}{sep}code={code}&state={urllib.parse.quote(q.get('state', ''))}"
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def graph_send(self):
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        entry = access.get(token)
        if entry is None or entry["exp"] < time.time() or "graph.microsoft.com" not in entry["scope"]:
            return self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty or invalid."}})
        length = int(self.headers.get("Content-Length") or 0)
        raw = base64.b64decode(self.rfile.read(length))
        msg = email.message_from_bytes(raw)
        rcpt = [a for _, a in email.utils.getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
        port = int(sys.argv[1]) - 80 + 25
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.sendmail(entry["user"], rcpt, raw)
        graph_sent.append(entry["user"])
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/graph/v1.0/me/sendMail":
            return self.graph_send()
        f = self.form()
        if path == "/token":
            grant = f.get("grant_type")
            if grant == "password":
                return self.reply(200, issue(f.get("username", "")))
            if grant == "refresh_token":
                user = refresh.get(f.get("refresh_token", ""))
                if user is None:
                    return self.reply(400, {"error": "invalid_grant"})
                return self.reply(200, issue(user, f.get("scope", "")))
            if grant == "authorization_code":
                entry = codes.pop(f.get("code", ""), None)
                if entry is None or entry["redirect_uri"] != f.get("redirect_uri"):
                    return self.reply(400, {"error": "invalid_grant"})
                verifier = f.get("code_verifier", "")
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if entry["challenge"] and digest != entry["challenge"]:
                    return self.reply(400, {"error": "invalid_grant", "error_description": "PKCE mismatch"})
                return self.reply(200, issue(entry["user"]))
            return self.reply(400, {"error": "unsupported_grant_type"})
        if path == "/introspect":
            entry = access.get(f.get("token", ""))
            if entry is None or entry["exp"] < time.time():
                return self.reply(200, {"active": False})
            return self.reply(200, {"active": True, "username": entry["user"]})
        if path == "/_admin/expire":
            entry = access.get(f.get("token", ""))
            if entry:
                entry["exp"] = 0
            return self.reply(200, {"expired": entry is not None})
        if path == "/_admin/expire-user":
            n = 0
            for entry in access.values():
                if entry["user"] == f.get("username"):
                    entry["exp"] = 0
                    n += 1
            return self.reply(200, {"expired": n})
        if path == "/_admin/revoke-user":
            gone = [rt for rt, user in refresh.items() if user == f.get("username")]
            for rt in gone:
                refresh.pop(rt)
            return self.reply(200, {"revoked": len(gone)})
        if path == "/_admin/invalidate-refresh":
            return self.reply(200, {"revoked": refresh.pop(f.get("token", ""), None) is not None})
        return self.reply(404, {"error": "not_found"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
