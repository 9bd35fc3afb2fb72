"""The page's routes, each a plain function of the request: the page and its board, the tabs'
ping, a cell's form, downloads, opening a plan, and the changes the planner makes (``ACTIONS``:
a small form post each, answered with the board again; the cell's form and the what-if form are
answered with themselves, kept as typed with each mistake beside its field, until they are right).

The desk they work on is the app's (``request.app.state.desk``, set by ``app.create_app``).
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from solver.annex.export import read_plan, write_plan
from solver.errors import InputError
from solver.naming import day_words, reading, ref_words
from solver.web.board import build_board
from solver.web.desk import Desk, page_languages
from solver.web.forms import FormMistakes, Mistake, action_mistake, number, said, whatif_field, whatif_scenario, whatif_values

HERE = Path(__file__).resolve().parent
DOWNLOADS = {"xlsx": "annex workbook", "docx": "annex document", "pdf": "annex as PDF", "json": "plan (orgwork JSON)"}

_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), undefined=StrictUndefined
)
_templates.filters["day"] = day_words  # '2019-12-17' -> 'Tuesday 17 December'


def language_name(lang: str) -> str:
    """A language by its own name, as its readers look for it: 'Français', '中文', 'العربية'."""
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


_templates.filters["language_name"] = language_name


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def lang_of(request: Request, form: Any = None) -> str:
    asked = (form.get("lang") if form is not None else None) or request.query_params.get("lang")
    langs = page_languages(_desk(request).state.inst)
    return asked if asked in langs else langs[0]


def spoken(lang: str, work: Callable[..., Any], *args: Any) -> Any:
    """``work`` done with meetings, bodies and items named in the page's language (``reading``):
    a search started from it too, and what it says when it ends."""
    with reading(lang):
        return work(*args)


def render(name: str, request: Request, lang: str, **extra: Any) -> HTMLResponse:
    desk = _desk(request)
    with reading(lang), desk.lock:
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
            "languages": page_languages(state.inst),
            "version": desk.version,
            "downloads": {k: v for k, v in DOWNLOADS.items() if k != "pdf" or shutil.which("soffice")},
            "days": state.inst.days,
            "programme_day": _programme_day(state),
            "programmes": {k: v for k, v in PROGRAMMES.items() if k != "pdf" or shutil.which("soffice")},
            "mistake": None,
            "whatif": {"values": {}, "mistakes": {}},
            **extra,
        }
        return HTMLResponse(_templates.get_template(name).render(context))


async def page(request: Request) -> Response:
    token = request.app.state.token
    if token is not None and "token" in request.query_params:  # keep the token in a cookie, not the address
        response = RedirectResponse("/", 303)
        response.set_cookie("orgwork_token", token, httponly=True, samesite="strict")
        return response
    return await run_in_threadpool(render, "page.html", request, lang_of(request))


async def board(request: Request) -> Response:
    return await run_in_threadpool(render, "board.html", request, lang_of(request))


async def ping(request: Request) -> Response:
    """204 while the tab is up to date; else it is told to redraw."""
    if request.query_params.get("v") == str(_desk(request).version):
        return Response(status_code=204)
    return Response(status_code=200, headers={"HX-Trigger": "stale"})


def _from_page(request: Request) -> Response | None:
    """A refusal of a change that does not come from the page (htmx says so in a header that
    another site's page cannot set)."""
    if request.headers.get("hx-request") != "true":
        return PlainTextResponse("changes come from the page only", 403)
    return None


def _board_instead(response: Response) -> Response:
    """The board, drawn in place of the form that was posted (its default target when refused)."""
    response.headers["HX-Retarget"] = "#board"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


async def act(request: Request, do: Callable[[Desk, Any], object]) -> Response:
    """A change the planner makes on the page (a form post from htmx): done on the desk, then the
    board again; what could not be done is said beside the cell or the button it came from."""
    if (refused := _from_page(request)) is not None:
        return refused
    desk = _desk(request)
    form = await request.form(max_files=0, max_fields=50)
    lang = lang_of(request, form)
    mistake = None
    try:
        await run_in_threadpool(spoken, lang, do, desk, form)
    except InputError as exc:
        mistake = action_mistake(request.url.path, form, exc, desk.job is not None)
    except KeyError as exc:
        mistake = Mistake(f"the page sent no '{exc.args[0]}'; reload it")
    return await run_in_threadpool(render, "board.html", request, lang, mistake=mistake)


async def type_meeting(request: Request) -> Response:
    """What the planner typed into a cell for one body: the board, the editor closed; or the
    body's form again as typed, the mistake beside it, the editor left open."""
    if (refused := _from_page(request)) is not None:
        return refused
    desk = _desk(request)
    form = await request.form(max_files=0, max_fields=10)
    lang = lang_of(request, form)
    period, body, text = (str(form.get(key, "")) for key in ("period", "body", "text"))
    try:
        await run_in_threadpool(spoken, lang, desk.type_meeting, period, body, text)
    except InputError as exc:
        named = desk.state.inst.bodies.get(body)
        label = (named.short_name.get(lang) if named else None) or body
        return await run_in_threadpool(
            render, "typed.html", request, lang, period=period, body=body, label=label, text=text, error=said(exc, "cell")
        )
    board = await run_in_threadpool(render, "board.html", request, lang)
    closed = '<div id="editor" hx-swap-oob="true"></div>'  # out of band: the editor closes as the board comes
    return _board_instead(HTMLResponse(bytes(board.body).decode() + closed))


async def whatif(request: Request) -> Response:
    """A what-if asked from its form: the board, the search under way; or the form again as
    filled in, each mistake beside its field (every one of the form's own at once)."""
    if (refused := _from_page(request)) is not None:
        return refused
    desk = _desk(request)
    form = await request.form(max_files=0, max_fields=50)
    lang = lang_of(request, form)
    try:
        await run_in_threadpool(spoken, lang, desk.whatif, whatif_scenario(form))
    except FormMistakes as exc:
        mistakes = exc.fields
    except InputError as exc:
        field = whatif_field(exc, form)
        mistakes = {field: said(exc, field) if field else exc.line()}
    else:
        return _board_instead(await run_in_threadpool(render, "board.html", request, lang))
    asked = {"values": whatif_values(form), "mistakes": mistakes}
    return await run_in_threadpool(render, "whatif.html", request, lang, whatif=asked)


def move(desk: Desk, form: Any) -> None:
    desk.move(form["period"], form["body"], number(form, "index"), form["to"], form.get("track"))


def pin(desk: Desk, form: Any) -> None:
    desk.pin(form["discussion"], form.get("on") == "1")


ACTIONS: dict[str, Callable[[Desk, Any], object]] = {
    "/move": move,
    "/pin": pin,
    "/undo": lambda desk, _: desk.undo(),
    "/redo": lambda desk, _: desk.redo(),
    "/replan": lambda desk, _: desk.replan(),
    "/accept": lambda desk, _: desk.accept(),
    "/discard": lambda desk, _: desk.discard(),
    "/stop": lambda desk, _: desk.stop(),
    "/save": lambda desk, _: desk.save(),
    "/held": lambda desk, form: desk.replan_rest(str(form["from"])),
}
"""The changes the planner makes, by the address the page posts them to (but for the two forms,
``/type`` and ``/whatif``, answered on their own)."""


async def open_plan(request: Request) -> Response:
    if (refused := _from_page(request)) is not None:
        return refused
    desk = _desk(request)
    form = await request.form(max_files=1, max_fields=5, max_part_size=request.app.state.max_upload)
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
        mistake = Mistake(exc.line(), "open")
    else:
        mistake = None
    return await run_in_threadpool(render, "board.html", request, lang, mistake=mistake)


def cell(request: Request) -> Response:
    """The form to type what each body of a room takes up in a period."""
    period, track = request.query_params.get("period", ""), request.query_params.get("track", "")
    state = _desk(request).state
    if period not in state.inst.period_by_ref:
        return PlainTextResponse("no such period", 404)
    bodies = [b for b in state.inst.bodies.values() if b.track == track]
    typed = {}
    for b in bodies:
        meeting = next((m for m in state.plan.meetings if (m.period, m.body) == (period, b.id)), None) if state.plan else None
        typed[b.id] = "\n".join(f"{', '.join(e.numbers)}  {e.minutes}" for e in meeting.entries) if meeting else ""
    lang = lang_of(request)
    heading = spoken(lang, ref_words, state.inst, period)  # "Tuesday 17 December, morning"
    return render("cell.html", request, lang, period=period, heading=heading, bodies=bodies, typed=typed)


def download(request: Request) -> Response:
    kind = request.path_params["kind"]
    state, lang = _desk(request).state, lang_of(request)
    if kind not in DOWNLOADS or state.plan is None:
        return PlainTextResponse("nothing to download: no plan yet, or no such format", 404)
    if kind == "pdf" and shutil.which("soffice") is None:
        return PlainTextResponse("the PDF is made by LibreOffice, which is not installed here; download the .docx", 404)
    with tempfile.TemporaryDirectory(prefix="orgwork-") as folder:
        target = Path(folder) / f"{state.inst.name}-annex.{kind}"
        if kind == "json":
            target = target.with_name(f"{state.inst.name}.plan.json")
        try:
            write_plan(target, state.inst, state.plan, lang, state.report)
        except InputError as exc:  # LibreOffice failed on this machine
            return PlainTextResponse(exc.line(), 500)
        data = target.read_bytes()
    media = {"json": "application/json", "pdf": "application/pdf"}.get(kind, "application/octet-stream")
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{target.name}"'})


PROGRAMMES = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "html": "web page", "ics": "calendar"}


def programme(request: Request) -> Response:
    """A day's programme of meetings, as the Journal prints it, to download."""
    state, lang = _desk(request).state, lang_of(request)
    day, kind = request.query_params.get("day", ""), request.query_params.get("kind", "docx")
    if state.plan is None or kind not in PROGRAMMES or day not in state.inst.days:
        return PlainTextResponse("nothing to download: no plan yet, or no such day or format", 404)
    if kind == "pdf" and shutil.which("soffice") is None:
        return PlainTextResponse("a PDF needs LibreOffice, which is not installed here; take the Word file", 404)
    from solver.annex.programme_files import write_programme

    with tempfile.TemporaryDirectory(prefix="orgwork-") as folder:
        target = Path(folder) / f"{state.inst.name}-programme-{day}.{kind}"
        write_programme(target, state.inst, state.plan, day, lang)
        data = target.read_bytes()
    media = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "ics": "text/calendar"}.get(
        kind, "application/octet-stream"
    )
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{target.name}"'})


def _programme_day(state: Any) -> str:
    """The day whose programme the page offers: the first day re-planned in a session as it runs, else the next."""
    held = state.plan.meta.get("held") if state.plan is not None else None
    k = state.inst.period_by_ref.get(str(held)) if held else None
    return state.inst.periods[k].date if k is not None else next_day(list(state.inst.days))


def next_day(days: list[str], today: datetime.date | None = None) -> str:
    """The day whose programme a planner prints next: tomorrow's during the session, the first
    day before it, the last after it."""
    tomorrow = ((today or datetime.date.today()) + datetime.timedelta(days=1)).isoformat()
    return next((d for d in days if d >= tomorrow), days[-1])


def _acting(do: Callable[[Desk, Any], object]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await act(request, do)

    return endpoint


ROUTES = [
    Route("/", page),
    Route("/board", board),
    Route("/ping", ping),
    Route("/cell", cell),
    Route("/download/{kind}", download),
    Route("/programme", programme),
    Route("/open", open_plan, methods=["POST"]),
    Route("/type", type_meeting, methods=["POST"]),
    Route("/whatif", whatif, methods=["POST"]),
    *(Route(path, _acting(do), methods=["POST"]) for path, do in ACTIONS.items()),
]
"""Every route of the page but its static files (``app.create_app`` mounts those)."""
