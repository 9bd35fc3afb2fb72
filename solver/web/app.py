"""The live planning page, ``orgwork serve``: a Starlette app over one ``Desk``, its routes in
``routes``.

The page is rendered on the server (Jinja2) and updated with htmx; every change the planner
makes is a small form post that returns the board again. Tabs poll ``/ping`` and redraw when
another tab changed the desk. Everything the page needs ships in the package: no CDN.

Safety: bound to 127.0.0.1 unless told otherwise (then every request needs the token printed
at start); a page of another site cannot post to it (posts need htmx's header, and the Host
must be this server's); request bodies and searches are bounded.
"""

from __future__ import annotations

import hmac
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from solver.web.desk import Desk
from solver.web.routes import ROUTES

HERE = Path(__file__).resolve().parent
MAX_FORM = 64 * 1024  # a move, a typed meeting, a what-if: a few hundred bytes
MAX_UPLOAD = 5 * 1024 * 1024  # an annex workbook the planner opens
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::[0-9]{1,5})?")


def host_of(scope: Scope) -> tuple[str, str] | None:
    """The name a request was sent to, and the whole Host header (lower case), read as a browser
    sends it: one Host header, a name or an address and perhaps a port, nothing else. None for
    an empty, doubled or odd one (``127.0.0.1@evil.example``): a URL parser would take a part of
    it for the host, and each takes a different part."""
    given = [value for key, value in scope.get("headers", []) if key.lower() == b"host"]
    if len(given) != 1:
        return None
    text = given[0].decode("latin-1").lower()
    found = _HOST.fullmatch(text)
    return (found.group(1), text) if found else None


class Limits:
    """ASGI middleware: the token when the page is open to the network, the Host header when it is
    not (a page of another site cannot reach it through a name it controls), the Origin of any
    request that gives one (the page's own: no other site's page may call it), and body sizes."""

    def __init__(self, app: ASGIApp, *, token: str | None, local: bool) -> None:
        self.app, self.token, self.local = app, token, local

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = host_of(scope)
        if host is None:
            await PlainTextResponse("the request names no host, or not as a browser does (Host: NAME:PORT)", 400)(
                scope, receive, send
            )
            return
        if self.local and host[0] not in LOCAL:
            await PlainTextResponse("this page answers only on 127.0.0.1 or localhost", 403)(scope, receive, send)
            return
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() != f"{scope.get('scheme', 'http')}://{host[1]}":
            await PlainTextResponse("this page answers only to itself, not to a page of another site", 403)(scope, receive, send)
            return
        if self.token is not None:
            given = request.query_params.get("token") or request.cookies.get("orgwork_token") or ""
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                await PlainTextResponse("open the address orgwork printed, with its token", 403)(scope, receive, send)
                return
        limit = MAX_UPLOAD if scope["path"] == "/open" else MAX_FORM
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await PlainTextResponse(f"the request is larger than {limit:,} bytes", 413)(scope, receive, send)
            return
        # the body is read here, at most ``limit`` bytes, before the app sees any of it
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await PlainTextResponse(f"the request is larger than {limit:,} bytes", 413)(scope, receive, send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def create_app(desk: Desk, *, token: str | None = None, local: bool = True) -> ASGIApp:
    """The page's app over ``desk``; with ``token``, each request must carry it (once, in the address)."""
    app = Starlette(routes=[*ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")])
    app.state.desk, app.state.token, app.state.max_upload = desk, token, MAX_UPLOAD
    return Limits(app, token=token, local=local)
