"""``casus serve``: the workbench, a local web application for a class, served until Ctrl+C."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

from reasoner.cli.shared import EXIT_OK, EXIT_USAGE, command, time_limit_option
from reasoner.common.errors import CasusError, Diagnostic


def _usage(message: str, help: str | None = None) -> CasusError:
    return CasusError([Diagnostic(message, None, help=help)], EXIT_USAGE)


def _check_port(host: str, port: int) -> None:
    """Fail early, in the user's terms, when the address cannot be served."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as err:
        raise _usage(
            f"cannot serve on {host}:{port}: {err.strerror}", help="choose another port with --port N"
        ) from None


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from reasoner.workbench.server import create_app

    folder = None
    if args.doctrines is not None:
        folder = Path(args.doctrines)
        if not folder.is_dir():
            raise _usage(f"no folder at '{args.doctrines}'", help="--doctrines takes a folder of .lp rule files")
    if args.workers < 1:
        raise _usage("--workers must be at least 1")
    _check_port(args.host, args.port)
    app = create_app(folder, args.time_limit, args.workers)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Casus workbench: open http://{shown}:{args.port}/ in a browser (Ctrl+C stops it)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "serve", cmd_serve, "open the workbench: a local web page to edit, solve and explain cases")
    p.add_argument(
        "--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1, this machine only)"
    )
    p.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    p.add_argument("--doctrines", metavar="DIR", help="also offer the .lp rule files of this folder")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="solve up to N cases at once (default: 2)")
    time_limit_option(p, "grounding and solving one case under one doctrine")
