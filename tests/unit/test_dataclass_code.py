"""The PWA's build-time dataclass code (tools/pwa/_dataclass_code.py) makes
the same classes as compiling at start-up, and never gets in the way."""

import contextlib
import dataclasses
import sys
import traceback
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "pwa"))

import _dataclass_code

SOURCE = """
@dataclasses.dataclass(order=True)
class Visit:
    place: str
    when: int = 0
    questions: list = dataclasses.field(default_factory=list)

    def __post_init__(self):
        if self.when < 0:
            raise ValueError("a visit cannot be before now")
"""


def make_class():
    namespace = {"dataclasses": dataclasses}
    exec(SOURCE, namespace)
    return namespace["Visit"]


@contextlib.contextmanager
def counting_compiles():
    compiled = []

    def counting_compile(source, *args):
        compiled.append(source)
        return compile(source, *args)

    _dataclass_code.compile = counting_compile  # found in its globals before builtins
    try:
        yield compiled
    finally:
        del _dataclass_code.compile


@pytest.fixture(autouse=True)
def plain_dataclasses():
    yield
    vars(dataclasses).pop("exec", None)  # back to the builtin for the other tests


def test_saved_code_makes_the_same_class(tmp_path):
    cache = _dataclass_code.record()
    make_class()
    assert cache, "nothing was recorded"
    path = tmp_path / "code.bin"
    _dataclass_code.save(cache, str(path))

    vars(dataclasses).pop("exec")
    _dataclass_code.load(str(path))
    with counting_compiles() as compiled:
        Visit = make_class()
    assert "exec" in vars(dataclasses)
    assert compiled == [], "a saved class was compiled again"

    a, b = Visit("Cancer center", 2, ["Is surgery an option?"]), Visit("Cancer center", 2)
    assert a.questions == ["Is surgery an option?"] and b.questions == []
    assert a != b and Visit("x") == Visit("x") and Visit("a") < Visit("b")
    assert repr(b) == "Visit(place='Cancer center', when=2, questions=[])"


def test_a_traceback_through_saved_code_still_prints(tmp_path):
    cache = _dataclass_code.record()
    make_class()
    _dataclass_code.save(cache, str(tmp_path / "code.bin"))
    _dataclass_code.load(str(tmp_path / "code.bin"))
    Visit = make_class()
    with pytest.raises(ValueError) as err:
        Visit("Cancer center", -1)
    text = "".join(traceback.format_exception(err.value))
    assert "in __init__" in text and "a visit cannot be before now" in text


def test_a_class_not_saved_is_compiled_as_usual(tmp_path):
    _dataclass_code.save({}, str(tmp_path / "empty.bin"))
    _dataclass_code.load(str(tmp_path / "empty.bin"))
    with counting_compiles() as compiled:
        assert make_class()("Clinic").when == 0
    assert compiled, "not compiled through the hook"  # one exec per class (3.13+) or per method


@pytest.mark.parametrize("content", [b"", b"not marshal data", b"\x00" * 5])
def test_a_missing_or_damaged_file_is_ignored(tmp_path, content):
    path = tmp_path / "code.bin"
    path.write_bytes(content)
    _dataclass_code.load(str(path))
    _dataclass_code.load(str(tmp_path / "missing.bin"))
    assert "exec" not in vars(dataclasses)
    assert make_class()("Clinic").place == "Clinic"
