"""WeChat/WeCom message encryption: AES-256-CBC with the EncodingAESKey.

key = base64decode(EncodingAESKey + "="), IV = the key's first 16 bytes, and the plaintext is
16 random bytes + the message length (4 bytes, big-endian) + the message + the receiver id
(the AppID, or the CorpID for WeCom), PKCS#7-padded to 32-byte blocks.

Everything is checked on the way in (whole blocks, padding, the length field, the receiver id)
and the random prefix of a reply comes from the operating system's CSPRNG.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import struct
from dataclasses import dataclass
from typing import Optional, Tuple

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.channels.wechat.padding import PaddingError, pad, unpad

PREFIX = 16
LENGTH = 4


class DecryptError(ValueError):
    """The ciphertext was not made with this key for this receiver."""


def decode_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key of a 43-character EncodingAESKey; ValueError when it is not one."""
    text = (encoding_aes_key or "").strip()
    if len(text) != 43:
        raise ValueError(f"an EncodingAESKey has 43 characters, this one has {len(text)}")
    try:
        key = base64.b64decode(text + "=", validate=True)
    except binascii.Error:
        raise ValueError("an EncodingAESKey has only the characters A-Z, a-z, 0-9, + and /") from None
    return key


@dataclass(frozen=True)
class MessageCipher:
    key: bytes
    receive_id: str

    @classmethod
    def from_encoding_key(cls, encoding_aes_key: str, receive_id: str) -> "MessageCipher":
        return cls(decode_key(encoding_aes_key), receive_id)

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: bytes, random_prefix: Optional[bytes] = None) -> str:
        """Base64 ciphertext of ``message``; ``random_prefix`` only for reproducing known vectors."""
        prefix = secrets.token_bytes(PREFIX) if random_prefix is None else random_prefix
        if len(prefix) != PREFIX:
            raise ValueError(f"the random prefix has {PREFIX} bytes")
        plain = prefix + struct.pack(">I", len(message)) + message + self.receive_id.encode("utf-8")
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(pad(plain)) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> bytes:
        """The message inside ``encrypted``; DecryptError when anything about it is wrong."""
        try:
            data = base64.b64decode(encrypted or "", validate=True)
        except (binascii.Error, ValueError):
            raise DecryptError("the ciphertext is not base64") from None
        if not data or len(data) % 16:
            raise DecryptError("the ciphertext is not a whole number of AES blocks")
        decryptor = self._cipher().decryptor()
        try:
            plain = unpad(decryptor.update(data) + decryptor.finalize())
        except PaddingError as error:
            raise DecryptError(str(error)) from None
        return self._unwrap(plain)

    def _unwrap(self, plain: bytes) -> bytes:
        if len(plain) < PREFIX + LENGTH:
            raise DecryptError("the plaintext is too short for its header")
        (length,) = struct.unpack(">I", plain[PREFIX : PREFIX + LENGTH])
        body = plain[PREFIX + LENGTH :]
        if length > len(body):
            raise DecryptError("the length field is longer than the message")
        message, receiver = body[:length], body[length:]
        if not hmac.compare_digest(receiver, self.receive_id.encode("utf-8")):
            raise DecryptError("the message is for another AppID/CorpID")
        return message


@dataclass(frozen=True)
class Keyring:
    """The current key and, while the key is being changed, the previous one.

    WeChat says: decrypt with the current key, fall back to the previous one, and encrypt the
    reply with whichever key worked.
    """

    current: MessageCipher
    previous: Optional[MessageCipher] = None

    def decrypt(self, encrypted: str) -> Tuple[bytes, MessageCipher]:
        try:
            return self.current.decrypt(encrypted), self.current
        except DecryptError as first:
            if self.previous is None:
                raise
            try:
                return self.previous.decrypt(encrypted), self.previous
            except DecryptError:
                raise first from None  # the current key's reason is the useful one
