"""Avatar files on local disk, served by the API itself under ``/media``."""

from __future__ import annotations

import mimetypes
import os
import tempfile
from functools import partial
from pathlib import Path

import anyio.to_thread

from quad.storage.base import validate_key

MEDIA_URL_PATH = "/media"
"""Where the app mounts the storage root; public URLs point below it."""


class LocalFileStorage:
    """Files under ``root``, reachable at ``{base_url}/media/{key}`` once the app mounts root.

    Writes are atomic (a temporary file in the same directory, then ``os.replace``), so a
    reader never sees half an avatar. All disk I/O runs in worker threads.

    The static file server derives the content type from the key's extension, so ``put``
    insists that the extension matches ``content_type`` ("x.webp" for "image/webp"): what is
    served is then exactly what the caller stored, as with S3.
    """

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root
        self._base_url = base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        guessed, _ = mimetypes.guess_type(key)
        if guessed != content_type:
            raise ValueError(f"key {key!r} would be served as {guessed}, not {content_type}")
        await anyio.to_thread.run_sync(partial(_write_atomically, path, data))

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await anyio.to_thread.run_sync(partial(path.unlink, missing_ok=True))

    def public_url(self, key: str) -> str:
        return f"{self._base_url}{MEDIA_URL_PATH}/{validate_key(key)}"

    async def check(self) -> None:
        await anyio.to_thread.run_sync(_probe_writable, self.root)

    async def close(self) -> None:
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Same directory as the target so os.replace is a rename, atomic on POSIX and Windows.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            # Without fsync a crash right after the rename could leave an empty file.
            os.fsync(tmp.fileno())
        # mkstemp creates 0600; these files are public and may be served by another process.
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _probe_writable(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    # Creating (and auto-deleting) a file proves more than os.access: full or read-only disks.
    with tempfile.TemporaryFile(dir=root, prefix=".probe-"):
        pass
