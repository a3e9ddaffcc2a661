"""A newcomer's first command, as they would run it (issue #12).

`tools/run --web` in a brand-new virtual environment installs the pinned
packages and serves the home screen; run again, it starts with no install.
`main.py` with no `--web` on a computer where the desktop window cannot be
fetched says so in a plain sentence and opens the browser version instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import venv
from pathlib import Path

import pytest

from .conftest import APP_DIR
from .pages import open_app, wait_for_heading

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

INSTALL_S = 600  # the first run downloads the app's packages from PyPI


def fresh_venv_env(folder: Path) -> dict[str, str]:
    """The environment of a shell where `folder`, a new venv, is activated."""
    venv.EnvBuilder(with_pip=True).create(folder)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "PYTHONPATH")}
    env["VIRTUAL_ENV"] = str(folder)
    env["PATH"] = f"{folder / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_tools_run_in_a_fresh_venv_serves_the_home_screen(app_server_factory, phone_page, tmp_path):
    env = fresh_venv_env(tmp_path / "venv")
    command = [str(APP_DIR / "tools" / "run"), "--web"]

    first = app_server_factory(command=command, env=env, start_s=INSTALL_S)
    assert "installing the Python packages pinned in requirements.lock" in first.log_text()
    open_app(phone_page, first.url)
    wait_for_heading(phone_page, "Your journey")
    first.stop()

    # Everything is in place now: the second run installs nothing.
    again = app_server_factory(data_dir=first.data_dir, command=command, env=env)
    assert "installing" not in again.log_text()
    open_app(phone_page, again.url)
    wait_for_heading(phone_page, "Your journey")


class Silent:
    """A server that accepts connections and never answers: a download with no end."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def desktop_env(tmp_path: Path, client_url: str, display: str | None) -> dict[str, str]:
    """A computer that has never fetched the desktop window (an empty home folder)."""
    env = dict(os.environ, HOME=str(tmp_path / "home"), FLET_CLIENT_URL=client_url)
    env["COMPANION_DESKTOP_WAIT_S"] = "3"
    env.pop("WAYLAND_DISPLAY", None)
    if display is None:
        env.pop("DISPLAY", None)
    else:
        env["DISPLAY"] = display
    return env


@pytest.mark.parametrize(
    "case, says",
    [
        ("no screen", "There is no screen here for a window"),
        ("download refused", "one-time download did not work"),
        ("download never ends", "one-time download is taking too long"),
    ],
)
def test_the_desktop_window_falls_back_to_the_browser_and_says_why(
    app_server_factory, phone_page, tmp_path, case, says
):
    silent = Silent()
    try:
        if case == "no screen":
            env = desktop_env(tmp_path, f"http://127.0.0.1:{closed_port()}/", None)
        elif case == "download refused":
            env = desktop_env(tmp_path, f"http://127.0.0.1:{closed_port()}/client.tar.gz", ":99")
        else:
            env = desktop_env(tmp_path, f"http://127.0.0.1:{silent.port}/client.tar.gz", ":99")
        server = app_server_factory(command=[sys.executable, "main.py"], env=env)
        log = server.log_text()
        assert says in log
        if case == "download never ends":
            assert "Getting the desktop window ready (first run only" in log
        assert "Traceback" not in log
        open_app(phone_page, server.url)
        wait_for_heading(phone_page, "Your journey")
    finally:
        silent.close()


def test_the_readme_test_command_is_what_ci_runs():
    ci = (APP_DIR / ".ci" / "run").read_text()
    assert 'exec tools/test "$@"' in ci
    readme = (APP_DIR / "README.md").read_text()
    assert "\ntools/test\n" in readme and "\ntools/run " in readme
    assert subprocess.run(["bash", "-n", str(APP_DIR / "tools" / "env.sh")]).returncode == 0
