"""The live planning page, ``orgwork serve``: a Starlette app over one ``Desk``.

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
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from solver.annex.export import read_plan, write_plan
from solver.annex.words import available_languages
from solver.errors import InputError
from solver.studies.scenario import scenario_from_cli
from solver.web.board import build_board
from solver.web.desk import Desk

HERE = Path(__file__).resolve().parent
MAX_FORM = 64 * 1024  # a move, a typed meeting, a what-if: a few hundred bytes
MAX_UPLOAD = 5 * 1024 * 1024  # an annex workbook the planner opens
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}
DOWNLOADS = {"xlsx": "annex workbook", "docx": "annex document", "pdf": "annex as PDF", "json": "plan (orgwork JSON)"}

_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), undefined=StrictUndefined
)


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

    def lang_of(request: Request, form: Any = None) -> str:
        asked = (form.get("lang") if form is not None else None) or request.query_params.get("lang")
        langs = [x for x in desk.state.inst.languages if x in available_languages()] or ["en"]
        return asked if asked in langs else langs[0]

    def render(name: str, request: Request, lang: str, **extra: Any) -> HTMLResponse:
        with desk.lock:
            state, job = desk.state, desk.job
            proposed = desk.proposed() if request.query_params.get("view") == "proposal" else None
            context = {
                "desk": desk,
                "state": state,
                "job": job,
                "preview": proposed is not None,
                "changed": job.proposal.changed if proposed is not None and job and job.proposal else set(),
                "board": build_board(proposed or state, lang),
                "lang": lang,
                "languages": [x for x in state.inst.languages if x in available_languages()],
                "version": desk.version,
                "downloads": {k: v for k, v in DOWNLOADS.items() if k != "pdf" or shutil.which("soffice")},
                "days": state.inst.days,
                **extra,
            }
        return HTMLResponse(_templates.get_template(name).render(context))

    async def page(request: Request) -> Response:
        if token is not None and "token" in request.query_params:  # keep the token in a cookie, not the address
            response = RedirectResponse("/", 303)
            response.set_cookie("orgwork_token", token, httponly=True, samesite="strict")
            return response
        return await run_in_threadpool(render, "page.html", request, lang_of(request))

    async def board(request: Request) -> Response:
        return await run_in_threadpool(render, "board.html", request, lang_of(request))

    async def ping(request: Request) -> Response:
        """204 while the tab is up to date; else it is told to redraw."""
        if request.query_params.get("v") == str(desk.version):
            return Response(status_code=204)
        return Response(status_code=200, headers={"HX-Trigger": "stale"})

    def action(method: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            if request.headers.get("hx-request") != "true":
                return PlainTextResponse("changes come from the page only", 403)
            form = await request.form(max_files=0, max_fields=50)
            lang = lang_of(request, form)
            try:
                await run_in_threadpool(method, form)
            except InputError as exc:  # a field the page did not fill as it should
                with desk.lock:
                    desk.message = exc.line()
            except KeyError as exc:
                with desk.lock:
                    desk.message = f"the page sent no '{exc.args[0]}'; reload it"
            return await run_in_threadpool(render, "board.html", request, lang)

        return endpoint

    def number(form: Any, key: str) -> int:
        text = str(form.get(key, "")).strip()
        if not text.isdigit() or int(text) > 100_000:
            raise InputError(f"'{text}' is not a whole number", place=key)
        return int(text)

    def hours(form: Any, key: str) -> int | float:
        text = str(form.get(key, "")).strip()
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 10_000:
            raise InputError(f"'{text}' is not a number of hours", place=key)
        return int(value) if value.is_integer() else value

    def whatif(form: Any) -> None:
        lines = [line.strip() for line in str(form.get("settings", "")).splitlines() if line.strip()]
        scenario = scenario_from_cli(lines, None)  # KEY=VALUE lines, read as `orgwork whatif --set` reads them
        scenario.settings[:0] = [
            (f"resources.{key}", (hours if key.endswith("_hours") else number)(form, key), f"page: {key}")
            for key in ("teams", "budget", "per_day", "budget_hours", "per_day_hours")
            if str(form.get(key, "")).strip()
        ]
        scenario.drop_days = [str(d) for d in form.getlist("drop_day") if str(d).strip()]
        if not scenario.settings and not scenario.drop_days:
            raise InputError("say what changes: teams, budget, a cap a day, a day dropped, or KEY=VALUE lines", place="what-if")
        desk.whatif(scenario)

    async def open_plan(request: Request) -> Response:
        if request.headers.get("hx-request") != "true":
            return PlainTextResponse("changes come from the page only", 403)
        form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_UPLOAD)
        upload = form.get("plan")
        lang = lang_of(request, form)
        name = Path(getattr(upload, "filename", "") or "").name[:120]
        suffix = Path(name).suffix.lower()
        try:
            if upload is None or not hasattr(upload, "read") or not name:
                raise InputError("choose a plan to open: .json, or an annex .xlsx or .docx", place="open")
            if suffix not in (".json", ".xlsx", ".docx"):
                raise InputError("open a plan as .json (orgwork's form), or an annex as .xlsx or .docx", file=name)
            data = await upload.read()
            with tempfile.TemporaryDirectory(prefix="orgwork-") as folder:
                path = Path(folder) / f"plan{suffix}"
                path.write_bytes(data)
                try:
                    plan = await run_in_threadpool(read_plan, desk.state.inst, path)
                except InputError as exc:
                    raise InputError(exc.message, file=name, place=exc.place) from None
            await run_in_threadpool(desk.open_plan, plan)
        except InputError as exc:
            with desk.lock:
                desk.message = exc.line()
        return await run_in_threadpool(render, "board.html", request, lang)

    def cell(request: Request) -> Response:
        """The form to type what each body of a room takes up in a period."""
        period, track = request.query_params.get("period", ""), request.query_params.get("track", "")
        state = desk.state
        if period not in state.inst.period_by_ref:
            return PlainTextResponse("no such period", 404)
        bodies = [b for b in state.inst.bodies.values() if b.track == track]
        typed = {}
        for b in bodies:
            meeting = next((m for m in state.plan.meetings if (m.period, m.body) == (period, b.id)), None) if state.plan else None
            typed[b.id] = "\n".join(f"{', '.join(e.numbers)}  {e.minutes}" for e in meeting.entries) if meeting else ""
        return render("cell.html", request, lang_of(request), period=period, bodies=bodies, typed=typed)

    def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        state, lang = desk.state, lang_of(request)
        if kind not in DOWNLOADS or state.plan is None:
            return PlainTextResponse("nothing to download: no plan yet, or no such format", 404)
        if kind == "pdf" and shutil.which("soffice") is None:
            return PlainTextResponse("the PDF is made by LibreOffice, which is not installed here; download the .docx", 404)
        with tempfile.TemporaryDirectory(prefix="orgwork-") as folder:
            target = Path(folder) / f"{state.inst.name}-annex.{'docx' if kind == 'pdf' else kind}"
            if kind == "json":
                target = target.with_name(f"{state.inst.name}.plan.json")
            write_plan(target, state.inst, state.plan, lang, state.report)
            if kind == "pdf":
                target = _pdf(target)
                if target is None:
                    return PlainTextResponse("LibreOffice could not make the PDF", 500)
            data = target.read_bytes()
        media = {"json": "application/json", "pdf": "application/pdf"}.get(kind, "application/octet-stream")
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{target.name}"'})

    routes = [
        Route("/", page),
        Route("/board", board),
        Route("/ping", ping),
        Route("/cell", cell),
        Route("/download/{kind}", download),
        Route("/open", open_plan, methods=["POST"]),
        Route(
            "/move",
            action(lambda f: desk.move(f["period"], f["body"], number(f, "index"), f["to"], f.get("track"))),
            methods=["POST"],
        ),
        Route("/type", action(lambda f: desk.type_meeting(f["period"], f["body"], str(f.get("text", "")))), methods=["POST"]),
        Route("/pin", action(lambda f: desk.pin(f["discussion"], f.get("on") == "1")), methods=["POST"]),
        Route("/undo", action(lambda f: desk.undo()), methods=["POST"]),
        Route("/redo", action(lambda f: desk.redo()), methods=["POST"]),
        Route("/replan", action(lambda f: desk.replan()), methods=["POST"]),
        Route("/whatif", action(whatif), methods=["POST"]),
        Route("/accept", action(lambda f: desk.accept()), methods=["POST"]),
        Route("/discard", action(lambda f: desk.discard()), methods=["POST"]),
        Route("/stop", action(lambda f: desk.stop()), methods=["POST"]),
        Route("/save", action(lambda f: desk.save()), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Limits(Starlette(routes=routes), token=token, local=local)


def _pdf(docx: Path) -> Path | None:
    """The annex document as PDF, by LibreOffice (headless, in its own profile, bounded in time)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = docx.parent / "profile"
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx.parent),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    pdf = docx.with_suffix(".pdf")
    return pdf if pdf.is_file() else None
