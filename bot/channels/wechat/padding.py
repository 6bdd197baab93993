"""PKCS#7 padding to WeChat's 32-byte blocks (not AES's 16).

A message whose padding is 17..32 bytes long is valid here and would be refused by a
decoder that assumes 16-byte blocks; a pad value of 0 or above 32, or pad bytes that
differ, means the ciphertext was not made by WeChat.
"""

from __future__ import annotations

BLOCK = 32


class PaddingError(ValueError):
    pass


def pad(data: bytes, block: int = BLOCK) -> bytes:
    count = block - len(data) % block  # a full block when already aligned, so unpad is unambiguous
    return data + bytes([count]) * count


def unpad(data: bytes, block: int = BLOCK) -> bytes:
    if not data or len(data) % 16:
        raise PaddingError("the decrypted data is not a whole number of AES blocks")
    count = data[-1]
    if not 1 <= count <= block or count > len(data):
        raise PaddingError(f"padding length {count} is outside 1..{block}")
    # Check every pad byte (the whole tail at once, no early exit).
    if data[-count:] != bytes([count]) * count:
        raise PaddingError("the padding bytes differ")
    return data[:-count]
