"""Files → text. Knows encodings and newlines, nothing about rules.

Chinese office files come as UTF-8 (with or without BOM), GB18030/GBK from Windows, and
UTF-16 with BOM from some editors. We keep what was found (encoding, BOM, newline style) so that
a fix can write the file back the way it came.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, field
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
    format: str = "text"  # "text", "markdown" or "docx"
    masked: str | None = None     # Markdown: newline-normalised text with code/comments blanked
    directives: tuple = ()        # Markdown: control comments (inputs.Directive)
    contexts: dict = field(default_factory=dict)   # .docx: 1-based line → "表格 2 第 3 行第 1 列"

    @property
    def document_text(self) -> str:
        """What the Document is built from (positions are those of the file)."""
        return self.text if self.masked is None else self.masked

    @property
    def writable(self) -> bool:
        """Whether a fix may write this file back (.docx files are never rewritten)."""
        return self.format != "docx"


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


MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
LEGACY_SUFFIXES = {".doc": "Word 97-2003 文档（.doc）", ".dot": "Word 97-2003 模板（.dot）",
                   ".wps": "WPS 文字文档（.wps）", ".wpt": "WPS 文字模板（.wpt）",
                   ".rtf": "RTF 文档（.rtf）"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _with_format(loaded: LoadedText, name: str) -> LoadedText:
    if suffix_of(name) not in MARKDOWN_SUFFIXES:
        return loaded
    from .inputs.markdown import mask
    text = normalise_newlines(loaded.text)
    lead = 1 if text.startswith("\ufeff") else 0    # the Document drops a stray U+FEFF too
    masked, directives = mask(text[lead:])
    return LoadedText(loaded.text, loaded.encoding, loaded.bom, loaded.newline, "markdown",
                      text[:lead] + masked, directives)


def load_bytes(data: bytes, name: str = "") -> LoadedText:
    """Bytes of a file called ``name`` (its suffix picks the format) → LoadedText."""
    suffix = suffix_of(name)
    if suffix in LEGACY_SUFFIXES or (data.startswith(_OLE_MAGIC) and suffix not in DOCX_SUFFIXES):
        what = LEGACY_SUFFIXES.get(suffix, "旧版 Office 二进制文档")
        raise LoadError(f"无法读取 {what}；请在 Word 或 WPS 中打开，“另存为” .docx 格式后再检查")
    if suffix in DOCX_SUFFIXES or (data.startswith(b"PK\x03\x04") and b"word/document" in data):
        from .inputs.docx import read_docx
        text, contexts = read_docx(data)
        return LoadedText(text, "utf-8", b"", "\n", "docx", contexts=contexts)
    return _with_format(decode(data), name)


def from_text(text: str, name: str = "<text>") -> LoadedText:
    """A string (a test, an example) treated as the contents of a file called ``name``."""
    return _with_format(LoadedText(text, "utf-8", b"", detect_newline(text)), name)


def suffix_of(name: str) -> str:
    """The file type of a name, lower case (``Path.suffix`` costs ~15 µs a call in a run over
    thousands of files; ``os.path.splitext`` agrees with it on names such as .md or a.tar.gz)."""
    return os.path.splitext(name)[1].lower()


def load(path: str | Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedText:
    """Read a file of any supported format, raising LoadError with a Chinese reason."""
    return load_bytes(_read_bytes(path, max_size), str(path))


def read_text(path: str | Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedText:
    """Read and decode a text file as it is (no format handling), raising LoadError."""
    return decode(_read_bytes(path, max_size))


def _read_bytes(path: str | Path, max_size: int) -> bytes:
    """The file's bytes: opened once, its size and type from the open file."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise LoadError("这是一个目录")
            if max_size and info.st_size > max_size:
                raise LoadError(f"文件太大（{info.st_size / 1048576:.1f} MB，上限 "
                                f"{max_size / 1048576:.0f} MB，可用 max-file-size 调整）")
            data = file.read()
    except FileNotFoundError:
        raise LoadError("文件不存在") from None
    except IsADirectoryError:
        raise LoadError("这是一个目录") from None
    except PermissionError:
        if os.path.isdir(path):      # Windows opens no folder: PermissionError
            raise LoadError("这是一个目录") from None
        raise LoadError("没有读取权限") from None
    except OSError as exc:
        raise LoadError(f"无法读取：{exc.strerror or exc}") from None
    return data
