"""For every test: the app speaks the language a test asks for, whatever this
computer's own (models.text.computer_lang reads LANGUAGE first)."""

import os

os.environ["LANGUAGE"] = "en"
os.environ.pop("LC_ALL", None)
