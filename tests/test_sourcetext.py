"""macros/sourcetext.py: a contributor's file read as MkDocs reads it, or the located problem that stops it."""

from __future__ import annotations

import pytest

from macros.sourcetext import PAGE_MAX_BYTES, YAML_MAX_BYTES, decode

PATH = "annotations/r.yml"


def test_plain_utf8_is_returned_as_it_is() -> None:
    assert decode("a: é — 日本\n".encode(), PATH, 100) == ("a: é — 日本\n", None)


def test_str_input_is_read_as_utf8() -> None:
    assert decode("a: é\r\n", PATH, 100) == ("a: é\n", None)


def test_byte_order_mark_removed() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n", PATH, 100) == ("a: 1\n", None)


def test_only_a_leading_byte_order_mark_is_removed() -> None:
    # A U+FEFF inside the text is a character of the text, not an encoding mark.
    assert decode(b"a\xef\xbb\xbfb", PATH, 100) == ("a\ufeffb", None)


@pytest.mark.parametrize("raw, text", [
    (b"a\r\nb\r\n", "a\nb\n"),
    (b"a\rb\r", "a\nb\n"),
    (b"a\r\rb", "a\n\nb"),
    (b"a\r\n\rb\n\r\nc", "a\n\nb\n\nc"),
    (b"\xef\xbb\xbfa\r\nb", "a\nb"),
])
def test_newlines_become_lf(raw: bytes, text: str) -> None:
    assert decode(raw, PATH, 100) == (text, None)


def test_newlines_as_python_text_mode_reads_them(tmp_path) -> None:
    raw = b"one\r\ntwo\rthree\n\r\rfour"
    (tmp_path / "f").write_bytes(raw)
    with open(tmp_path / "f", encoding="utf-8-sig") as f:  # MkDocs reads pages in text mode, universal newlines
        assert decode(raw, PATH, 100)[0] == f.read()


def test_size_limit() -> None:
    assert decode(b"x" * 10, PATH, 10) == ("x" * 10, None)
    text, problem = decode(b"x" * 1_234_567, PATH, YAML_MAX_BYTES, "my-id")
    assert text == ""
    assert (problem.path, problem.line, problem.col, problem.subject, problem.code) == (PATH, 1, 1, "my-id", "too-large")
    assert problem.message == "file is 1,234,567 bytes, over the 1,048,576-byte limit"


def test_the_limit_counts_bytes_not_characters() -> None:
    assert decode("é" * 5, PATH, 10)[1] is None  # 10 bytes
    assert decode("é" * 6, PATH, 10)[1].code == "too-large"  # 6 characters, 12 bytes


def test_the_limits() -> None:
    assert (YAML_MAX_BYTES, PAGE_MAX_BYTES) == (1024 * 1024, 4 * 1024 * 1024)


@pytest.mark.parametrize("raw, line, col, byte", [
    (b"\xff", 1, 1, 0xFF),
    (b"abc\xe9def", 1, 4, 0xE9),
    (b"a: 1\nb: 2\nc: x\x80y\n", 3, 5, 0x80),
    ("a: 1\ntitle: é日本 ".encode() + b"\xc3(", 2, 12, 0xC3),  # the column counts characters, not bytes
    ("— x\n\n€€".encode() + b"\xfe", 3, 3, 0xFE),
    (b"a\r\nbc\xff", 2, 3, 0xFF),  # CRLF: the CR is not a column
])
def test_not_utf8_located(raw: bytes, line: int, col: int, byte: int) -> None:
    text, problem = decode(raw, PATH, 1000)
    assert text == ""
    assert (problem.line, problem.col, problem.code) == (line, col, "not-utf8")
    assert problem.message == f"not UTF-8 text (byte 0x{byte:02x})"


def test_not_utf8_located_after_lone_cr_lines() -> None:
    _, problem = decode(b"a: 1\rb: 2\rc: \xff\r", PATH, 1000)
    assert (problem.line, problem.col) == (3, 4)


def test_not_utf8_located_after_a_byte_order_mark() -> None:
    _, problem = decode(b"\xef\xbb\xbfab\xff", PATH, 1000)
    assert (problem.line, problem.col, problem.message) == (1, 3, "not UTF-8 text (byte 0xff)")
