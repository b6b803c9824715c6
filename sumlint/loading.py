"""Files → text. Knows encodings and newlines, nothing about rules.

Chinese office files come as UTF-8 (with or without BOM), GB18030/GBK from Windows, and
UTF-16 with BOM from some editors. We keep what was found (encoding, BOM, newline style) so that
a fix can write the file back the way it came.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024


class LoadError(Exception):
    """A file that cannot be linted; str() is the Chinese reason (the caller adds the path)."""


@dataclass(frozen=True)
class LoadedText:
    text: str             # BOM removed, newlines as found
    encoding: str         # codec name to write it back with
    bom: bytes            # the BOM that was there, b"" if none
    newline: str          # "\n", "\r\n" or "\r": the file's dominant style


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),   # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda pair: pair[0])
    return best[1] if best[0] else "\n"


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.05


def _plausible(text: str) -> bool:
    """Decoded text should be mostly letters, CJK, digits, punctuation and spaces."""
    if not text:
        return True
    sample = text[:4000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f")
              or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.02


def decode(data: bytes) -> LoadedText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(f"文件以 {encoding.upper()} 字节序标记开头，但内容无法按该编码解码"
                                f"（第 {exc.start} 字节）") from None
            return LoadedText(text, encoding, bom, detect_newline(text))
    if _looks_binary(data):
        raise LoadError("看起来是二进制文件，不是文本")
    try:
        text = data.decode("utf-8")
        return LoadedText(text, "utf-8", b"", detect_newline(text))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise LoadError("无法识别文件编码（不是 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16）") from None
    if not _plausible(text):
        raise LoadError("无法识别文件编码（按 GB18030 解码得到乱码）")
    return LoadedText(text, "gb18030", b"", detect_newline(text))


def read_text(path: str | Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedText:
    """Read and decode a file, raising LoadError with a Chinese reason."""
    path = Path(path)
    try:
        if path.is_dir():
            raise LoadError("这是一个目录")
        size = path.stat().st_size
        if max_size and size > max_size:
            raise LoadError(f"文件太大（{size / 1048576:.1f} MB，上限 {max_size / 1048576:.0f} MB，"
                            "可用 max-file-size 调整）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError("文件不存在") from None
    except PermissionError:
        raise LoadError("没有读取权限") from None
    except IsADirectoryError:
        raise LoadError("这是一个目录") from None
    except OSError as exc:
        raise LoadError(f"无法读取：{exc.strerror or exc}") from None
    return decode(data)
