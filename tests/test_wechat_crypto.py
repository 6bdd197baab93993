"""The cipher, padding, signature and key-rotation rules, including the ways a forged message fails."""

from __future__ import annotations

import base64
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.crypto import PrpCrypto

from bot.channels.wechat.cipher import DecryptError, Keyring, MessageCipher, decode_key
from bot.channels.wechat.padding import PaddingError, pad, unpad
from bot.channels.wechat.signature import matches, sign
from tests.wechat_peer import AES_KEY, APP_ID, PREVIOUS_AES_KEY

KEY = decode_key(AES_KEY)


def raw_encrypt(plain: bytes) -> str:
    """AES-CBC of exactly ``plain`` (already padded or deliberately not), as WeChat would send it."""
    encryptor = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def wrap(message: bytes, receiver: bytes = APP_ID.encode(), length=None) -> bytes:
    return b"R" * 16 + struct.pack(">I", len(message) if length is None else length) + message + receiver


def test_padding_uses_32_byte_blocks():
    for size in range(0, 70):
        padded = pad(b"x" * size)
        assert len(padded) % 32 == 0 and 1 <= padded[-1] <= 32
        assert unpad(padded) == b"x" * size
    assert pad(b"x" * 32)[-1] == 32  # aligned data gets a whole block


@pytest.mark.parametrize(
    "data",
    [b"", b"x" * 31 + b"\x00", b"x" * 31 + b"\x21", b"x" * 29 + b"\x01\x03\x03", b"x" * 15 + b"\x10", b"\x40" * 32],
)
def test_bad_padding_is_refused(data):
    with pytest.raises(PaddingError):
        unpad(data)


def test_round_trip_with_wechatpy_both_ways():
    ours = MessageCipher(KEY, APP_ID)
    theirs = PrpCrypto(KEY)
    message = "<xml><Content><![CDATA[你好 & <hello>]]></Content></xml>"
    assert ours.decrypt(theirs.encrypt(message, APP_ID).decode()) == message.encode()
    assert theirs.decrypt(ours.encrypt(message.encode()), APP_ID) == message


def test_random_prefix_is_fresh_each_time():
    cipher = MessageCipher(KEY, APP_ID)
    assert len({cipher.encrypt(b"same") for _ in range(20)}) == 20


def test_key_must_be_43_base64_characters():
    with pytest.raises(ValueError):
        decode_key(AES_KEY[:-1])
    with pytest.raises(ValueError):
        decode_key(AES_KEY[:-1] + "!")
    assert len(KEY) == 32


@pytest.mark.parametrize(
    "encrypted, why",
    [
        (raw_encrypt(pad(wrap(b"<xml/>", receiver=b"wx_someone_else"))), "another AppID"),
        (raw_encrypt(pad(wrap(b"<xml/>", length=5000))), "a length field longer than the message"),
        (raw_encrypt(wrap(b"<xml/>") + b"\x00" * (32 - len(wrap(b"<xml/>")) % 32)), "padding of zeros"),
        (raw_encrypt(pad(b"short")), "no room for the header"),
        ("not base64!", "not base64"),
        (base64.b64encode(b"x" * 20).decode(), "not whole blocks"),
        ("", "empty"),
    ],
)
def test_forged_ciphertexts_are_refused(encrypted, why):
    with pytest.raises(DecryptError):
        MessageCipher(KEY, APP_ID).decrypt(encrypted)


def test_tampered_ciphertext_is_refused():
    good = base64.b64decode(MessageCipher(KEY, APP_ID).encrypt(b"<xml><Content>hi</Content></xml>"))
    tampered = bytearray(good)
    tampered[-20] ^= 0x01  # garbles the last block, its padding and the AppID
    with pytest.raises(DecryptError):
        MessageCipher(KEY, APP_ID).decrypt(base64.b64encode(bytes(tampered)).decode())


def test_previous_key_is_accepted_during_rotation_and_answers_with_it():
    current = MessageCipher.from_encoding_key(AES_KEY, APP_ID)
    previous = MessageCipher.from_encoding_key(PREVIOUS_AES_KEY, APP_ID)
    ring = Keyring(current, previous)
    assert ring.decrypt(previous.encrypt(b"old")) == (b"old", previous)
    assert ring.decrypt(current.encrypt(b"new")) == (b"new", current)
    with pytest.raises(DecryptError):
        Keyring(current).decrypt(previous.encrypt(b"old"))


def test_signature_is_sorted_sha1_and_compared_safely():
    assert sign("b", "a", "c") == sign("c", "b", "a")
    good = sign("token", "1", "2")
    assert matches(good, "token", "1", "2")
    assert matches(good.upper(), "token", "1", "2")
    assert not matches(good[:-1] + ("0" if good[-1] != "0" else "1"), "token", "1", "2")
    assert not matches("", "token", "1", "2")
    assert not matches("签名", "token", "1", "2")
