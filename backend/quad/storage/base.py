"""The interface every avatar store offers, and the key rules they all enforce."""

from __future__ import annotations

import re
from typing import Protocol

# Keys are relative, URL-safe paths such as "avatars/ab/abcdef.webp": every segment starts
# with a letter or digit, so "..", ".", hidden files, empty segments and absolute paths are
# impossible, and a key can be pasted into a URL without quoting.
_KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*")
MAX_KEY_LENGTH = 512


def validate_key(key: str) -> str:
    """Return ``key`` unchanged if it is a safe storage key; raise ``ValueError`` otherwise."""
    if len(key) > MAX_KEY_LENGTH or _KEY_PATTERN.fullmatch(key) is None:
        raise ValueError(f"invalid storage key: {key!r}")
    return key


class FileStorage(Protocol):
    """Public, immutable files addressed by key (avatars).

    Callers name keys from the content hash, so a key's bytes never change once written:
    backends may let browsers and CDNs cache them forever.
    """

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key``; readers see the old file or the new one, never half."""
        ...

    async def delete(self, key: str) -> None:
        """Remove ``key``; deleting a key that does not exist is not an error."""
        ...

    def public_url(self, key: str) -> str:
        """The absolute URL where anyone can fetch ``key``."""
        ...

    async def check(self) -> None:
        """Raise if the store cannot be written right now (used by the readiness probe)."""
        ...

    async def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...
