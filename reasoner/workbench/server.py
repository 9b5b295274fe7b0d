"""The workbench's web server: the page, the gallery, the doctrines, and the case analysed on request.

Built on Starlette (served by uvicorn, see ``cli/serve.py``). Every asset is a
file of ``static/``; nothing is fetched from elsewhere. The analyses run in a
pool of worker processes (``tasks``), each in a child with the command line's
time limit, so the event loop only waits and one student's runaway case holds
up at most one worker. Every answer is JSON; bad input is answered with
diagnostics in the user's terms, never with a traceback.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reasoner.common import limits
from reasoner.common.errors import CasusError, Diagnostic
from reasoner.common.resources import DOCTRINES, grammar_file
from reasoner.language.read import MAX_CASE_BYTES, parse_text
from reasoner.reports.whatif import DEFAULT_TOP
from reasoner.solving.engine import DEFAULT_TIME_LIMIT
from reasoner.workbench import tasks
from reasoner.workbench.tasks import Data, Draft

STATIC = Path(__file__).resolve().parent / "static"

#: A file name the editor may show its text under.
_FILE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,80}\.casus\Z")

#: The largest request body read: a case of the largest size, escaped as JSON, and the choices.
MAX_BODY_BYTES = 2 * MAX_CASE_BYTES + 10_000


class BadRequest(Exception):
    """A request the page would never send: answered with a diagnostic and a 4xx status."""

    def __init__(self, message: str, status: int = 400, help: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(message, None, help=help)
        self.status = status


@dataclass(frozen=True)
class DoctrineChoice:
    """A doctrine the picker offers: its id in requests and links, its label, and what ``find_doctrine`` takes."""

    id: str
    label: str
    origin: str
    spec: str


def doctrine_choices(folder: Path | None) -> list[DoctrineChoice]:
    """The bundled doctrines, then the ``.lp`` files of the teacher's folder (checked when chosen)."""
    found = [DoctrineChoice(name, name, "bundled", name) for name in DOCTRINES]
    if folder is not None:
        for path in sorted(folder.glob("*.lp")):
            found.append(DoctrineChoice(path.name, path.stem, str(folder), str(path.resolve())))
    return found


@dataclass(frozen=True)
class GalleryCase:
    """A bundled case: its file name and its title."""

    name: str
    title: str


def gallery() -> list[GalleryCase]:
    """The bundled cases, by title (a case without one by its file name)."""
    found = []
    for path in sorted(tasks.cases_dir().glob("*.casus")):
        try:
            title = parse_text(path.read_text(encoding="utf-8"), path.name).title
        except CasusError:
            title = None
        found.append(GalleryCase(path.name, title or path.stem.replace("_", " ")))
    return sorted(found, key=lambda c: c.title.lower())


def keywords() -> list[str]:
    """The words of the case language, read from its grammar, for the editor's highlighting."""
    words = re.findall(r'"([a-z][a-z-]*)"', grammar_file().read_text(encoding="utf-8"))
    return sorted(set(words))


@dataclass
class Workbench:
    """What the server knows: the teacher's folder of doctrines, the time limit, and the pools the analyses run in."""

    folder: Path | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    pools: dict[str, Executor] = field(default_factory=dict)

    @property
    def doctrines(self) -> list[DoctrineChoice]:
        """The doctrines offered now: the folder is read again each time, so a file written in class shows up."""
        return doctrine_choices(self.folder)

    def choice(self, id: object) -> DoctrineChoice:
        for choice in self.doctrines:
            if choice.id == id:
                return choice
        raise BadRequest(f"unknown doctrine '{id}'", 404, help="choose one the doctrine picker offers")

    def pool(self, kind: str) -> Executor:
        """The pool for ``kind``: one worker for checking as the user types, ``workers`` for solving."""
        if kind not in self.pools:
            size = 1 if kind == "check" else self.workers
            self.pools[kind] = ProcessPoolExecutor(
                size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=limits.configure,  # a spawned worker starts afresh: give it the command line's limit
                initargs=(limits.LIMITS.memory_mb,),
            )
        return self.pools[kind]

    async def run(self, kind: str, task: Callable[..., Data], *args: object) -> Data:
        """``task(*args)`` in a worker; a worker that died is replaced, and the page told."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool(kind), task, *args)
        except BrokenProcessPool:
            self.pools.pop(kind).shutdown(wait=False, cancel_futures=True)
            message = "the worker solving this case stopped unexpectedly (out of memory?)"
            return {"ok": False, "diagnostics": [tasks.diagnostic_data(Diagnostic(message, None))]}

    def warm(self) -> None:
        """Start every worker now (each imports the reasoner once), so the first requests do not wait for it."""
        for kind, size in (("check", 1), ("solve", self.workers)):
            for _ in range(size):
                self.pool(kind).submit(tasks.ready)

    def shutdown(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        self.pools.clear()


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise BadRequest(f"the request is too large (the limit for a case is {MAX_CASE_BYTES / 1e6:g} MB)", 413)
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("the request is not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the request is not a JSON object")
    return body


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise BadRequest(f"the request has no text field '{key}'")
    return value


def _draft(bench: Workbench, body: dict[str, Any]) -> Draft:
    name = body.get("name")
    name = name if isinstance(name, str) and _FILE_NAME.match(name) else "case.casus"
    return Draft(_text(body, "text"), name, bench.time_limit)


def _bench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.workbench
    return bench


async def index(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html")


async def list_gallery(request: Request) -> Response:
    return JSONResponse({"cases": [{"name": c.name, "title": c.title} for c in request.app.state.gallery]})


async def gallery_case(request: Request) -> Response:
    name = request.path_params["name"]
    known = {c.name: c for c in request.app.state.gallery}
    if name not in known:
        raise BadRequest(f"no case '{name}' in the gallery", 404)
    text = (tasks.cases_dir() / name).read_text(encoding="utf-8")
    return JSONResponse({"name": name, "title": known[name].title, "text": text})


async def list_doctrines(request: Request) -> Response:
    bench = _bench(request)
    return JSONResponse(
        {
            "doctrines": [{"id": d.id, "label": d.label, "origin": d.origin} for d in bench.doctrines],
            "default": list(DOCTRINES),
        }
    )


async def language(request: Request) -> Response:
    return JSONResponse({"keywords": request.app.state.keywords})


async def check(request: Request) -> Response:
    bench = _bench(request)
    return JSONResponse(await bench.run("check", tasks.check, _draft(bench, await _body(request))))


def _chosen(bench: Workbench, ids: object) -> list[DoctrineChoice]:
    if not isinstance(ids, list) or not ids:
        raise BadRequest("choose at least one doctrine")
    return [bench.choice(i) for i in dict.fromkeys(ids)]


async def verdicts(request: Request) -> Response:
    bench = _bench(request)
    body = await _body(request)
    chosen = _chosen(bench, body.get("doctrines"))
    data = await bench.run("solve", tasks.verdicts, _draft(bench, body), [c.spec for c in chosen])
    ids = {c.spec: c for c in chosen}
    for doctrine in data.get("doctrines", []):  # type: ignore[union-attr]
        choice = ids[doctrine["spec"]]
        doctrine.update(id=choice.id, label=choice.label)
        del doctrine["spec"]
    return JSONResponse(data)


async def explain(request: Request) -> Response:
    bench = _bench(request)
    body = await _body(request)
    choice = bench.choice(body.get("doctrine"))
    owes, to, at = (_text(body, k) for k in ("owes", "to", "at"))
    draft = _draft(bench, body)
    return JSONResponse(
        await bench.run("solve", tasks.explanation, draft, choice.spec, owes, to, at, bool(body.get("full")))
    )


async def contrast(request: Request) -> Response:
    bench = _bench(request)
    body = await _body(request)
    left, right = bench.choice(body.get("left")), bench.choice(body.get("right"))
    return JSONResponse(await bench.run("solve", tasks.contrast, _draft(bench, body), left.spec, right.spec))


#: The most answers of the fewest edits a what-if shows on the page.
MAX_WHATIF_ANSWERS = 20


async def whatif(request: Request) -> Response:
    bench = _bench(request)
    body = await _body(request)
    choice = bench.choice(body.get("doctrine"))
    top = body.get("top", DEFAULT_TOP)
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= MAX_WHATIF_ANSWERS:
        raise BadRequest(f"'top' is a number of answers from 1 to {MAX_WHATIF_ANSWERS}")
    draft = _draft(bench, body)
    return JSONResponse(await bench.run("solve", tasks.whatif, draft, choice.spec, _text(body, "target"), top))


def _diagnostic_response(diagnostic: Diagnostic, status: int) -> Response:
    return JSONResponse({"ok": False, "diagnostics": [tasks.diagnostic_data(diagnostic)]}, status_code=status)


async def _bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadRequest)
    return _diagnostic_response(exc.diagnostic, exc.status)


async def _internal_error(request: Request, exc: Exception) -> Response:
    message = f"internal error: {type(exc).__name__}: {exc}"
    help = "this is a bug in casus, not in your case; please report it with the case you used"
    return _diagnostic_response(Diagnostic(message, None, help=help), 500)


def routes() -> Sequence[Route | Mount]:
    return [
        Route("/", index),
        Route("/api/gallery", list_gallery),
        Route("/api/gallery/{name}", gallery_case),
        Route("/api/doctrines", list_doctrines),
        Route("/api/language", language),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/verdicts", verdicts, methods=["POST"]),
        Route("/api/explain", explain, methods=["POST"]),
        Route("/api/contrast", contrast, methods=["POST"]),
        Route("/api/whatif", whatif, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def create_app(
    doctrine_folder: Path | None = None, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 2
) -> Starlette:
    """The workbench as an ASGI application (``casus serve`` runs it with uvicorn)."""
    bench = Workbench(doctrine_folder, time_limit, workers)

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        bench.warm()
        yield
        bench.shutdown()

    app = Starlette(
        routes=list(routes()),
        exception_handlers={BadRequest: _bad_request, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.workbench = bench
    app.state.gallery = gallery()
    app.state.keywords = keywords()
    return app
