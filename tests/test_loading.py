"""Real files: encodings, BOMs, newlines, binary and undecodable input."""

from __future__ import annotations

import codecs

import pytest

from sumlint.loading import LoadError, decode, read_text

TEXT = "县交通运输局2023年工作总结\r\n一、主要工作\r\n全年完成投资12亿元。"


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_encodings_round_trip(encoding, bom):
    loaded = decode(bom + TEXT.encode(encoding))
    assert loaded.text == TEXT
    assert loaded.bom == bom
    assert loaded.newline == "\r\n"


def test_gbk_file_is_read_as_gb18030(tmp_path):
    path = tmp_path / "总结.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert read_text(path).encoding == "gb18030"


def test_binary_file_is_refused_with_reason():
    with pytest.raises(LoadError, match="二进制"):
        decode(b"PK\x03\x04\x00\x00binary\x00\x01")


def test_undecodable_bytes_are_refused():
    with pytest.raises(LoadError, match="编码"):
        decode(bytes(range(0x80, 0x100)) * 4)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match="不存在"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match="目录"):
        read_text(tmp_path)


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("字" * 1000, encoding="utf-8")
    with pytest.raises(LoadError, match="太大"):
        read_text(path, max_size=100)
