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


class Limits:
    """ASGI middleware: the token when the page is open to the network, the Host header when it is
    not (a page of another site cannot reach it through a name it controls), and body sizes."""

    def __init__(self, app: ASGIApp, *, token: str | None, local: bool) -> None:
        self.app, self.token, self.local = app, token, local

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.local and (request.url.hostname or "") not in LOCAL:
            await PlainTextResponse("this page answers only on 127.0.0.1 or localhost", 403)(scope, receive, send)
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
