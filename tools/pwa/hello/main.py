"""A bare Flet app, built by tools/bench_pwa.py the same way as ours, for comparison."""

import flet as ft


def main(page: ft.Page):
    page.title = "Hello"
    page.add(ft.Text("Hello, world!"))


ft.run(main)
