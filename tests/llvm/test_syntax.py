"""tree-sitter-llvm ranges: the function around a line, also when other parts of the IR do not parse."""

from pathlib import Path

from clairvoyant.llvm.syntax import function_at, function_ranges

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_function_ranges_cover_each_define():
    text = (EXAMPLES / "strs.ll").read_text()
    ranges = function_ranges(text)
    lines = text.splitlines()
    assert ranges and all(lines[r.start_line].startswith("define") and lines[r.end_line] == "}" for r in ranges)
    assert ranges[0].name == "my_strlen"
    inside = function_at(text, ranges[1].start_line + 2)
    assert inside is not None and inside.name == ranges[1].name
    assert function_at(text, 0) is None


def test_broken_ir_elsewhere_still_gives_ranges():
    text = "this is not IR\ndefine i32 @ok(i32 %x) {\n  ret i32 %x\n}\n"
    (r,) = function_ranges(text)
    assert (r.name, r.start_line, r.end_line) == ("ok", 1, 3)
