"""A small OpenID Connect provider for tests: real HTTP on 127.0.0.1, real RS256 ID tokens.

It plays VNeID's part: ``authorize()`` stands for the person logging in on the provider's page
and returns the code the browser would bring back; the token, userinfo and JWKS endpoints are
served over HTTP from a thread, so the client code runs exactly as in production. The token
endpoint checks the client secret, the redirect URI, the code's age and one-time use, and the
PKCE verifier against the challenge, like a real provider.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "motcua-test"
CLIENT_SECRET = "s3cret-for-tests"


@dataclass
class IssuedCode:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str
    claims: dict
    expires_at: float
    used: bool = False


@dataclass
class FakeProvider:
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    )
    codes: dict = field(default_factory=dict)
    access_tokens: dict = field(default_factory=dict)
    token_requests: list = field(default_factory=list)
    # Knobs a test turns to play a misbehaving or hostile provider.
    id_token_overrides: dict = field(default_factory=dict)
    userinfo_overrides: dict = field(default_factory=dict)
    base_url: str = ""

    @property
    def issuer(self) -> str:
        return self.base_url

    def settings(self, **overrides) -> dict:
        """A MOTCUA_OIDC setting pointing at this provider."""
        value = {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "scopes": "openid profile email",
            "claim_map": {"identity_number": "cccd", "full_name": "name"},
        }
        value.update(overrides)
        return value

    def authorize(self, authorization_url: str, claims: dict, lifetime: float = 60) -> str:
        """The person logs in at the provider; returns the authorization code."""
        query = {k: v[0] for k, v in parse_qs(urlparse(authorization_url).query).items()}
        assert query["response_type"] == "code"
        assert query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256", "PKCE with S256 is required"
        assert "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = IssuedCode(
            client_id=query["client_id"],
            redirect_uri=query["redirect_uri"],
            code_challenge=query["code_challenge"],
            nonce=query["nonce"],
            claims=dict(claims),
            expires_at=time.time() + lifetime,
        )
        return code

    def _id_token(self, issued: IssuedCode) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": issued.client_id,
            "sub": issued.claims["sub"],
            "iat": now,
            "exp": now + 300,
            "nonce": issued.nonce,
            **issued.claims,
            **self.id_token_overrides,
        }
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        self.token_requests.append(form)
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != f"Basic {expected}":
            return 401, {"error": "invalid_client"}
        issued = self.codes.get(form.get("code", ""))
        if form.get("grant_type") != "authorization_code" or issued is None:
            return 400, {"error": "invalid_grant", "error_description": "unknown code"}
        if issued.used or issued.expires_at < time.time():
            return 400, {"error": "invalid_grant", "error_description": "code expired or used"}
        if form.get("redirect_uri") != issued.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri mismatch"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if challenge != issued.code_challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        issued.used = True
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = {**issued.claims, **self.userinfo_overrides}
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self._id_token(issued),
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        claims = self.access_tokens.get(authorization.removeprefix("Bearer "))
        return (200, claims) if claims else (401, {"error": "invalid_token"})

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)


def _handler(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 (the stdlib's name)
            path = urlparse(self.path).path
            if path == "/jwks":
                self._send(200, provider.jwks())
            elif path == "/userinfo":
                self._send(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path == "/token":
                self._send(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self._send(404, {"error": "not_found"})

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


class RunningProvider:
    """Context manager: the provider served on an ephemeral port of 127.0.0.1."""

    def __init__(self):
        self.provider = FakeProvider()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.provider.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
