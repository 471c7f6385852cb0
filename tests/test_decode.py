"""decode_bytes: the only stage that sees bytes. Text comes back, or a one-line DecodeError."""

from __future__ import annotations

import codecs
import random

import pytest

from baokan import DecodeError, Settings
from baokan.parse.decode import decode_bytes

TEXT = "新华社上海11月30日电 中共中央总书记习近平30日上午在上海主持召开座谈会。\n本报讯（记者 李雪峰）“地热能+”取得突破！"
SOURCE = "pages/p1.txt"


def _decode_error(data: bytes, settings: Settings | None = None) -> DecodeError:
    with pytest.raises(DecodeError) as info:
        if settings is None:
            decode_bytes(data, SOURCE)
        else:
            decode_bytes(data, SOURCE, settings)
    err = info.value
    # every error is one line and names the source it is about
    assert "\n" not in str(err)
    assert "\n" not in err.message
    assert err.source == SOURCE
    assert str(err) == f"{SOURCE}: {err.message}"
    assert isinstance(err, ValueError)
    return err


# ---------------------------------------------------------------- text that decodes


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gbk", TEXT.encode("gbk")),
        ("utf-16-le with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
        ("utf-16-be with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("utf-16 (python's, with BOM)", TEXT.encode("utf-16")),
        ("utf-32 with BOM", TEXT.encode("utf-32")),
    ],
)
def test_decodes_supported_encodings(name: str, data: bytes) -> None:
    assert decode_bytes(data, SOURCE) == TEXT


def test_bom_is_not_part_of_the_text() -> None:
    text = decode_bytes(codecs.BOM_UTF8 + "江城日报".encode(), SOURCE)
    assert text == "江城日报"
    assert not text.startswith("\ufeff")


def test_gb18030_only_characters() -> None:
    # characters outside GBK (four-byte GB18030 sequences) still decode
    text = "遯家湾镇薛三墩村𠮷野家，€100。"
    assert decode_bytes(text.encode("gb18030"), SOURCE) == text


def test_windows_line_ends_pass_through() -> None:
    data = "第一行\r\n第二行\r\n".encode("gbk")
    assert decode_bytes(data, SOURCE) == "第一行\r\n第二行\r\n"


def test_source_is_optional() -> None:
    assert decode_bytes(TEXT.encode()) == TEXT
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"")
    assert info.value.source is None
    assert str(info.value) == info.value.message


# ---------------------------------------------------------------- refused input


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\n\n", b"  \t\r\n  \n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["empty", "space", "newlines", "mixed-white", "bom-only", "bom-white", "utf16-white"],
)
def test_empty_and_white_space_input(data: bytes) -> None:
    err = _decode_error(data)
    assert err.message.startswith("empty")


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_with_nuls_are_binary(seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(rng.randrange(256) for _ in range(4096))
    data[rng.randrange(len(data))] = 0  # at least one NUL
    err = _decode_error(bytes(data))
    assert "binary" in err.message or "undecodable" in err.message


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_without_nuls_are_refused(seed: int) -> None:
    rng = random.Random(1000 + seed)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    err = _decode_error(data)
    assert "binary" in err.message or "undecodable" in err.message


def test_png_header_is_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(64)
    err = _decode_error(png)
    assert "binary" in err.message


def test_control_characters_are_binary() -> None:
    err = _decode_error(b"\x01\x02\x03\x04abc\x05\x06\x07\x08")
    assert "binary" in err.message


def test_few_control_characters_are_tolerated() -> None:
    text = "正文" * 200 + "\x07" + "正文" * 200
    assert decode_bytes(text.encode(), SOURCE) == text


@pytest.mark.parametrize(
    ("bom", "payload", "encoding"),
    [
        (codecs.BOM_UTF8, b"abc\xff\xfe\xfd def", "utf-8"),
        (codecs.BOM_UTF8, "江城".encode("gbk"), "utf-8"),
        (codecs.BOM_UTF16_LE, "江城".encode("utf-16-le") + b"\x00\xd8", "utf-16-le"),  # lone surrogate
    ],
)
def test_invalid_bytes_after_a_bom(bom: bytes, payload: bytes, encoding: str) -> None:
    err = _decode_error(bom + payload)
    assert f"invalid {encoding}" in err.message
    assert "byte-order mark" in err.message


def test_oversized_input() -> None:
    small = Settings(max_bytes=100)
    data = ("江城日报" * 10).encode()  # 120 bytes
    err = _decode_error(data, small)
    assert err.message.startswith("too large")
    assert "120" in err.message and "100" in err.message


def test_input_at_the_size_limit_is_accepted() -> None:
    data = ("江城日报" * 10).encode()
    assert decode_bytes(data, SOURCE, Settings(max_bytes=len(data))) == "江城日报" * 10


def test_size_is_checked_before_anything_else() -> None:
    # a huge blank or binary input is refused for its size, without being scanned
    err = _decode_error(b"\x00" * 1000, Settings(max_bytes=999))
    assert err.message.startswith("too large")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TEXT, "江城日报社出版\n" * 20, "Plain ASCII page text.\n" * 5])
def test_utf16_without_bom(encoding: str, text: str) -> None:
    """Regression: a mostly Chinese UTF-16 page without a BOM (few NUL bytes) was refused as binary."""
    assert decode_bytes(text.encode(encoding), SOURCE) == text
