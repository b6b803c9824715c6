"""Chinese and enclosed numerals as integers: heading ordinals and series markers need them."""

from __future__ import annotations

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL_CHARS = "一二三四五六七八九十"

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral up to 九十九 (一, 十, 十二, 二十, 二十三); None if not one."""
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return CN_DIGITS[text]
        return None
    if text.count("十") != 1:
        return None
    tens, _, ones = text.partition("十")
    if tens and (len(tens) != 1 or tens not in CN_DIGITS):
        return None
    if ones and (len(ones) != 1 or ones not in CN_DIGITS):
        return None
    value = (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return value if value > 0 else None


def int_to_cn(value: int) -> str:
    """Chinese numeral for 1..99, used in messages that name the expected ordinal."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def enclosed_to_int(ch: str) -> int | None:
    """Value of ① ⑴ ㈠-style enclosed numerals."""
    for table in (CIRCLED, PAREN_DIGITS, PAREN_CN):
        idx = table.find(ch)
        if idx >= 0:
            return idx + 1
    return None


def cn_digits_year(text: str) -> int | None:
    """二〇二四 / 二零二四 → 2024 (digit-by-digit year spelling)."""
    if len(text) != 4 or any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))
