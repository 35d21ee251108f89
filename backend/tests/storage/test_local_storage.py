"""Local disk storage: atomic writes under the root, served by the app at /media."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from quad.core.config import Settings
from quad.storage import MEDIA_URL_PATH, LocalFileStorage, build_storage

BASE_URL = "http://api.quad.test"
WEBP = b"RIFF\x0c\x00\x00\x00WEBPVP8 not really an image"


@pytest.fixture
def storage(tmp_path: Path) -> LocalFileStorage:
    return LocalFileStorage(tmp_path / "media", BASE_URL)


def served(storage: LocalFileStorage) -> httpx.AsyncClient:
    """An HTTP client for an app that mounts the storage root the way Quad's app does."""
    app = Starlette(routes=[Mount(MEDIA_URL_PATH, StaticFiles(directory=storage.root))])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


async def test_put_file_is_served_at_its_public_url_with_same_bytes_and_type(
    storage: LocalFileStorage,
) -> None:
    await storage.put("avatars/ab/abc123.webp", WEBP, "image/webp")

    url = storage.public_url("avatars/ab/abc123.webp")
    async with served(storage) as client:
        response = await client.get(url)

    assert url == f"{BASE_URL}/media/avatars/ab/abc123.webp"
    assert response.status_code == 200
    assert response.content == WEBP
    assert response.headers["content-type"] == "image/webp"


async def test_put_replaces_a_file_and_leaves_no_temporary_files(
    storage: LocalFileStorage,
) -> None:
    await storage.put("avatars/same.webp", b"first", "image/webp")
    await storage.put("avatars/same.webp", b"second", "image/webp")

    directory = storage.root / "avatars"
    assert sorted(path.name for path in directory.iterdir()) == ["same.webp"]
    assert (directory / "same.webp").read_bytes() == b"second"


async def test_written_files_are_readable_by_other_processes(storage: LocalFileStorage) -> None:
    await storage.put("avatars/public.webp", WEBP, "image/webp")

    mode = (storage.root / "avatars" / "public.webp").stat().st_mode
    assert mode & stat.S_IROTH


async def test_delete_removes_the_file_and_it_is_no_longer_served(
    storage: LocalFileStorage,
) -> None:
    await storage.put("avatars/gone.webp", WEBP, "image/webp")

    await storage.delete("avatars/gone.webp")

    assert not (storage.root / "avatars" / "gone.webp").exists()
    async with served(storage) as client:
        response = await client.get(storage.public_url("avatars/gone.webp"))
    assert response.status_code == 404


async def test_deleting_a_missing_key_is_not_an_error(storage: LocalFileStorage) -> None:
    await storage.delete("avatars/never-written.webp")


async def test_check_creates_a_missing_root_and_passes(storage: LocalFileStorage) -> None:
    await storage.check()

    assert storage.root.is_dir()
    assert list(storage.root.iterdir()) == []  # the probe file is cleaned up


async def test_check_fails_when_the_root_cannot_be_written(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "media"
    not_a_directory.write_text("a file where the media directory should be")

    with pytest.raises(OSError):  # noqa: PT011 - any OS error means "not ready"
        await LocalFileStorage(not_a_directory, BASE_URL).check()


@pytest.mark.parametrize(
    "key",
    [
        "../escape.webp",
        "avatars/../../escape.webp",
        "/etc/passwd.webp",
        "avatars//double.webp",
        "avatars/./dot.webp",
        ".hidden.webp",
        "avatars\\windows.webp",
        "avatars/nul\x00.webp",
        "",
    ],
)
async def test_keys_that_could_escape_the_root_are_refused(
    storage: LocalFileStorage, key: str
) -> None:
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.put(key, WEBP, "image/webp")
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.delete(key)
    with pytest.raises(ValueError, match="invalid storage key"):
        storage.public_url(key)
    assert not (storage.root.parent / "escape.webp").exists()


async def test_key_extension_must_match_the_content_type(storage: LocalFileStorage) -> None:
    # The static file server types files by extension; a mismatch would serve the wrong type.
    with pytest.raises(ValueError, match="would be served as"):
        await storage.put("avatars/photo.png", WEBP, "image/webp")


async def test_build_storage_without_a_bucket_uses_the_media_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, public_url="http://api.quad.test/")

    storage = await build_storage(settings)
    try:
        assert isinstance(storage, LocalFileStorage)
        assert storage.root == tmp_path / "media"
        assert storage.root.is_dir()  # ready to be mounted before the first upload
        assert storage.public_url("a.webp") == "http://api.quad.test/media/a.webp"
    finally:
        await storage.close()
