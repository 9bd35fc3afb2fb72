"""Starting the page: the session read first (bad input ends here with one line, exit 2), a
socket on the address asked for, the browser opened, and the server run until Ctrl-C, which
ends the command as planned (exit 0)."""

from __future__ import annotations

import errno
import secrets
import socket
import threading
import webbrowser
from pathlib import Path

from solver.errors import InputError
from solver.web.app import LOCAL, create_app
from solver.web.desk import Desk


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: any free port), or InputError saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:  # no such address here
            raise InputError(
                f"{host!r} is not an address of this machine ({exc.strerror}); the default is 127.0.0.1",
                place="--host",
            ) from None
        reason = "is in use; give another with --port" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        raise InputError(f"{host}:{port} {reason}", place="--port") from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(
    session: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    browser: bool = True,
    time_limit: float = 20.0,
    workers: int = 1,
    echo: object = print,
) -> None:
    import uvicorn

    desk = Desk(Path(session), time_limit=time_limit, workers=workers)  # may start the first plan
    local = host in LOCAL
    token = None if local else secrets.token_urlsafe(24)
    try:
        sock = listening_socket(host, port)
    except InputError:
        desk.close()
        raise
    bound = sock.getsockname()[1]
    shown = "127.0.0.1" if local else host
    url = f"http://{shown}:{bound}/" + (f"?token={token}" if token else "")
    config = uvicorn.Config(create_app(desk, token=token, local=local), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    echo(f"orgwork: planning {desk.state.inst.name} at {url}  (Ctrl-C to stop)")  # type: ignore[operator]
    if not local:
        echo("orgwork: open to the network; the address above carries the token every browser needs")  # type: ignore[operator]
    if browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again for its caller: here, the end
        pass
    finally:
        desk.close()
    echo("orgwork: stopped")  # type: ignore[operator]
