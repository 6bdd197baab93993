"""Public test vectors (Tencent's WeCom documentation, wechatpy's test suite) against our cipher and signatures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.channels.wechat.cipher import MessageCipher
from bot.channels.wechat.signature import matches, sign

# Kept in the repository (their sources are named inside), so that every clone runs every vector.
VECTORS = Path(__file__).parent / "vectors" / "wechat.json"


def vectors():
    return json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]


def by_field(field):
    return [pytest.param(v, id=v["name"]) for v in vectors() if field in v]


@pytest.mark.parametrize("vector", by_field("signature"))
def test_plain_signature(vector):
    assert sign(vector["token"], vector["timestamp"], vector["nonce"]) == vector["signature"]
    assert matches(vector["signature"], vector["token"], vector["timestamp"], vector["nonce"])


@pytest.mark.parametrize("vector", by_field("msg_signature"))
def test_msg_signature(vector):
    parts = (vector["token"], vector["timestamp"], vector["nonce"], vector["encrypt"])
    assert sign(*parts) == vector["msg_signature"]
    assert matches(vector["msg_signature"], *parts)
    assert not matches(vector["msg_signature"], "another-token", *parts[1:])


@pytest.mark.parametrize("vector", by_field("encrypt"))
def test_decrypts(vector):
    cipher = MessageCipher.from_encoding_key(vector["encoding_aes_key"], vector["receive_id"])
    plain = cipher.decrypt(vector["encrypt"]).decode("utf-8")
    if "plaintext" in vector:
        assert plain == vector["plaintext"]
    for fragment in vector.get("plaintext_contains", []):
        assert fragment in plain
    assert plain  # every vector holds a message


@pytest.mark.parametrize("vector", by_field("random_prefix"))
def test_reproduces_ciphertext_byte_for_byte(vector):
    cipher = MessageCipher.from_encoding_key(vector["encoding_aes_key"], vector["receive_id"])
    plain = cipher.decrypt(vector["encrypt"])
    again = cipher.encrypt(plain, random_prefix=vector["random_prefix"].encode("ascii"))
    assert again == vector["encrypt"]


@pytest.mark.parametrize("vector", by_field("encrypt"))
def test_refuses_another_receiver(vector):
    from bot.channels.wechat.cipher import DecryptError

    cipher = MessageCipher.from_encoding_key(vector["encoding_aes_key"], vector["receive_id"] + "x")
    with pytest.raises(DecryptError):
        cipher.decrypt(vector["encrypt"])


def test_the_vectors_cover_what_they_should():
    names = {v["name"] for v in vectors()}
    assert len(by_field("random_prefix")) >= 1 and len(by_field("signature")) >= 1, names
