"""The encrypted file format: AES-256-GCM in 64 KiB segments (the STREAM construction).

    header   MAGIC (4 bytes) | nonce prefix (7 random bytes)
    segment  AES-GCM(data key, nonce = prefix | index (4 bytes) | final (1 byte), plaintext)

Each segment carries its own 16-byte tag, so a file is written and read a segment at a time in
bounded memory. The index and the final flag are in every nonce: a segment moved, dropped or
cut off at the end fails to authenticate instead of reading as a shorter file.
"""

import io
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CDE\x01"
PREFIX_BYTES = 7
HEADER_BYTES = len(MAGIC) + PREFIX_BYTES
SEGMENT_BYTES = 64 * 1024
TAG_BYTES = 16
SEALED_SEGMENT_BYTES = SEGMENT_BYTES + TAG_BYTES


class TamperedFile(Exception):
    """The stored bytes are not what was written: refused rather than returned."""


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


def _read_exactly(source, size: int) -> bytes:
    parts, wanted = [], size
    while wanted:
        part = source.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def encrypt(source, target, data_key: bytes) -> None:
    """Write `source` (a readable binary file) to `target` encrypted under `data_key`."""
    aes, prefix = AESGCM(data_key), os.urandom(PREFIX_BYTES)
    target.write(MAGIC + prefix)
    index, segment = 0, _read_exactly(source, SEGMENT_BYTES)
    while True:
        # One segment read ahead: the last one must be sealed as final.
        following = _read_exactly(source, SEGMENT_BYTES) if len(segment) == SEGMENT_BYTES else b""
        final = not following
        target.write(aes.encrypt(_nonce(prefix, index, final), segment, None))
        if final:
            return
        index, segment = index + 1, following


def plaintext_size(sealed_size: int) -> int:
    body = sealed_size - HEADER_BYTES
    if body < TAG_BYTES:
        raise TamperedFile("The stored file is too short to be one of ours.")
    segments = -(-body // SEALED_SEGMENT_BYTES)
    if body - (segments - 1) * SEALED_SEGMENT_BYTES < TAG_BYTES:
        raise TamperedFile("The stored file ends inside a segment tag.")
    return body - segments * TAG_BYTES


class DecryptingReader(io.RawIOBase):
    """The plaintext of an encrypted, seekable binary file, one segment in memory at a time."""

    def __init__(self, sealed, data_key: bytes, name: str):
        self._sealed, self._aes, self.name = sealed, AESGCM(data_key), name
        header = _read_exactly(sealed, HEADER_BYTES)
        if header[: len(MAGIC)] != MAGIC:
            raise TamperedFile(f"{name} is not an encrypted file of ours.")
        self._prefix = header[len(MAGIC) :]
        sealed.seek(0, io.SEEK_END)
        self._size = plaintext_size(sealed.tell())
        self._segments = max(1, -(-self._size // SEGMENT_BYTES))  # an empty file has one
        self._position, self._index, self._plain = 0, None, b""
        # Checked now, so a damaged file (most are one segment) fails before a response starts.
        self._segment(0)

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer):
        if self._position >= self._size:
            return 0
        index, start = divmod(self._position, SEGMENT_BYTES)
        plain = self._segment(index)
        count = min(len(buffer), len(plain) - start)
        buffer[:count] = plain[start : start + count]
        self._position += count
        return count

    def _segment(self, index: int) -> bytes:
        if index != self._index:
            self._sealed.seek(HEADER_BYTES + index * SEALED_SEGMENT_BYTES)
            sealed = _read_exactly(self._sealed, SEALED_SEGMENT_BYTES)
            final = index == self._segments - 1
            try:
                self._plain = self._aes.decrypt(_nonce(self._prefix, index, final), sealed, None)
            except InvalidTag:
                raise TamperedFile(f"{self.name} has been altered or cut short.") from None
            self._index = index
        return self._plain

    def close(self):
        if not self.closed:
            self._sealed.close()
        super().close()
