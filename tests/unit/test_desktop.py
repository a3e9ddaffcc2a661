"""Whether the desktop window can open, and where its one-time download comes from."""

from views.desktop import client_address, prepare_window, why_no_window


def test_linux_with_no_screen_cannot_open_a_window():
    assert why_no_window({}, "linux") == "no_screen"
    assert why_no_window({"DISPLAY": ":0"}, "linux") is None
    assert why_no_window({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_macos_and_windows_always_have_a_screen():
    assert why_no_window({}, "darwin") is None
    assert why_no_window({}, "win32") is None


def test_the_download_comes_from_github_unless_flet_is_told_otherwise():
    assert client_address({}) == ("github.com", 443)
    assert client_address({"FLET_CLIENT_URL": "http://127.0.0.1:8123/c.tar.gz"}) == (
        "127.0.0.1",
        8123,
    )
    assert client_address({"FLET_CLIENT_URL": "http://mirror.example/c.tar.gz"}) == (
        "mirror.example",
        80,
    )


def test_no_screen_is_said_before_anything_is_downloaded(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr("views.desktop.sys.platform", "linux")
    assert prepare_window(said.append, env={}) == "no_screen"
    assert said == []
