"""Screens: the app shell and one module per step of the journey."""
