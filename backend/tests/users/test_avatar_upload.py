"""PUT and DELETE /users/me/avatar, on local disk and on S3."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
import boto3
import httpx
import pytest
from fastapi import FastAPI
from PIL import ExifTags, Image

from quad.users.images import normalize_avatar
from tests.builders import Student, assert_error, register
from tests.fixtures.s3 import S3Server

AVATAR = "/api/v1/users/me/avatar"
MAX_BYTES = 5 * 1024 * 1024


# --- builders -------------------------------------------------------------------------------


def photo(
    image_format: str = "PNG",
    size: tuple[int, int] = (1200, 900),
    color: tuple[int, int, int] = (200, 30, 30),
    **params: Any,
) -> bytes:
    """A real image file made by Pillow: a coloured canvas with a square, so it has content."""
    image = Image.new("RGB", size, color)
    image.paste((30, 30, 200), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, format=image_format, **params)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 45.0, 12.5)
    return photo("JPEG", exif=exif.tobytes())


async def upload(
    client: httpx.AsyncClient,
    student: Student,
    data: bytes,
    filename: str = "me.png",
    content_type: str = "image/png",
) -> httpx.Response:
    return await client.put(
        AVATAR, files={"file": (filename, data, content_type)}, headers=student.headers
    )


async def uploaded_url(client: httpx.AsyncClient, student: Student, data: bytes) -> str:
    response = await upload(client, student, data)
    assert response.status_code == 200, response.text
    url: str = response.json()["avatar_url"]
    return url


def media_file(app: FastAPI, url: str) -> Path:
    """Where local storage keeps the file behind a /media URL."""
    key = urlsplit(url).path.removeprefix("/media/")
    root: Path = app.state.resources.settings.media_root
    return root / key


# --- local storage ------------------------------------------------------------------------


async def test_upload_answers_with_user_me_and_an_avatar_url(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await upload(client, student, photo("PNG"))

    assert response.status_code == 200, response.text
    me = response.json()
    assert me["id"] == str(student.id)
    assert me["email"] == student.email
    assert me["friendship_status"] == "self"
    assert me["avatar_url"].startswith("http://testserver/media/avatars/")
    assert me["avatar_url"].endswith(".webp")
    profile = await client.get("/api/v1/users/me", headers=student.headers)
    assert profile.json()["avatar_url"] == me["avatar_url"]


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
async def test_the_avatar_is_served_as_a_small_webp(
    client: httpx.AsyncClient, image_format: str, content_type: str
) -> None:
    student = await register(client)
    url = await uploaded_url(client, student, photo(image_format, size=(1600, 1200)))

    served = await client.get(url)

    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.format == "WEBP"
        assert max(image.size) <= 512
        assert image.size == (512, 384)  # shrunk keeping the aspect ratio


async def test_the_served_avatar_has_no_metadata(client: httpx.AsyncClient) -> None:
    student = await register(client)
    url = await uploaded_url(client, student, jpeg_with_gps())

    served = await client.get(url)

    with Image.open(io.BytesIO(served.content)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert "icc_profile" not in image.info
    assert b"PhoneCo" not in served.content


async def test_a_small_avatar_is_not_enlarged(client: httpx.AsyncClient) -> None:
    student = await register(client)
    url = await uploaded_url(client, student, photo(size=(100, 80)))

    served = await client.get(url)

    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (100, 80)


async def test_a_new_upload_replaces_the_url_and_deletes_the_old_file(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    student = await register(client)
    first = await uploaded_url(client, student, photo(color=(200, 30, 30)))

    second = await uploaded_url(client, student, photo(color=(30, 200, 30)))

    assert second != first
    assert (await client.get(second)).status_code == 200
    assert (await client.get(first)).status_code == 404
    assert not media_file(app, first).exists()
    assert media_file(app, second).exists()


async def test_uploading_the_same_image_again_keeps_the_file(client: httpx.AsyncClient) -> None:
    student = await register(client)
    image = photo()
    first = await uploaded_url(client, student, image)

    second = await uploaded_url(client, student, image)

    assert second == first  # named by content: same bytes, same URL
    assert (await client.get(second)).status_code == 200


async def test_avatars_of_two_students_do_not_collide(client: httpx.AsyncClient) -> None:
    ada, grace = await register(client), await register(client)
    image = photo()
    ada_url = await uploaded_url(client, ada, image)
    grace_url = await uploaded_url(client, grace, image)

    await client.delete(AVATAR, headers=grace.headers)

    assert ada_url != grace_url
    assert (await client.get(ada_url)).status_code == 200


async def test_delete_removes_the_avatar_and_its_file(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    student = await register(client)
    url = await uploaded_url(client, student, photo())

    response = await client.delete(AVATAR, headers=student.headers)

    assert response.status_code == 204
    assert response.content == b""
    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert me.json()["avatar_url"] is None
    assert (await client.get(url)).status_code == 404
    assert not media_file(app, url).exists()


async def test_delete_without_an_avatar_is_204(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.delete(AVATAR, headers=student.headers)

    assert response.status_code == 204
    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert me.json()["avatar_url"] is None


async def test_an_upload_over_5_mb_is_413(client: httpx.AsyncClient) -> None:
    student = await register(client)
    # A real PNG of incompressible pixels, just over the limit.
    noise = random.Random(1).randbytes(1400 * 1300 * 3)
    big = io.BytesIO()
    Image.frombytes("RGB", (1400, 1300), noise).save(big, format="PNG", compress_level=0)
    assert len(big.getvalue()) > MAX_BYTES

    response = await upload(client, student, big.getvalue())

    assert_error(response, 413, "payload_too_large")
    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert me.json()["avatar_url"] is None


async def test_an_upload_of_exactly_5_mb_is_not_refused_for_its_size(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)
    # A valid PNG padded to the limit with a private ancillary chunk decoders skip.
    image = photo(size=(64, 64))
    padding = MAX_BYTES - len(image) - 12
    chunk = padding.to_bytes(4, "big") + b"quAd" + b"\x00" * padding + b"\x00\x00\x00\x00"
    iend = image.rindex(b"IEND") - 4
    exactly = image[:iend] + chunk + image[iend:]
    assert len(exactly) == MAX_BYTES

    response = await upload(client, student, exactly)

    assert response.status_code != 413, response.text


async def test_a_text_file_is_415(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await upload(client, student, b"hello, not a picture\n", "notes.txt", "text/plain")

    assert_error(response, 415, "unsupported_media_type")


async def test_a_text_file_named_like_a_picture_is_415(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await upload(client, student, b"hello, not a picture\n", "me.png", "image/png")

    assert_error(response, 415, "unsupported_media_type")


async def test_an_empty_file_is_415(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await upload(client, student, b"")

    assert_error(response, 415, "unsupported_media_type")


async def test_a_gif_is_415(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await upload(client, student, photo("GIF"), "me.gif", "image/gif")

    assert_error(response, 415, "unsupported_media_type")


async def test_a_refused_upload_keeps_the_current_avatar(client: httpx.AsyncClient) -> None:
    student = await register(client)
    url = await uploaded_url(client, student, photo())

    await upload(client, student, b"not a picture", "me.png", "image/png")

    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert me.json()["avatar_url"] == url
    assert (await client.get(url)).status_code == 200


async def test_an_upload_without_the_file_field_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.put(
        AVATAR, files={"picture": ("me.png", photo(), "image/png")}, headers=student.headers
    )

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["file"]


async def test_an_upload_with_no_body_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.put(AVATAR, headers=student.headers)

    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_the_avatar_needs_a_token(client: httpx.AsyncClient, method: str) -> None:
    files = {"file": ("me.png", photo(size=(32, 32)), "image/png")} if method == "PUT" else None

    response = await client.request(method, AVATAR, files=files)

    assert_error(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"] == "Bearer"


# --- S3 -------------------------------------------------------------------------------------


async def s3_keys(server: S3Server, prefix: str) -> list[str]:
    """The keys under ``prefix``, listed with the bucket owner's credentials."""

    def list_keys() -> list[str]:
        s3 = boto3.client(
            "s3",
            endpoint_url=server.endpoint_url,
            region_name=server.region,
            aws_access_key_id=server.access_key_id,
            aws_secret_access_key=server.secret_access_key,
        )
        try:
            listed = s3.list_objects_v2(Bucket=server.bucket, Prefix=prefix)
        finally:
            s3.close()
        return [item["Key"] for item in listed.get("Contents", [])]

    return await anyio.to_thread.run_sync(list_keys)


@pytest.fixture
async def s3_client(make_client: Any, s3_server: S3Server) -> httpx.AsyncClient:
    client: httpx.AsyncClient = await make_client(
        s3_bucket=s3_server.bucket,
        s3_endpoint_url=s3_server.endpoint_url,
        s3_region=s3_server.region,
        aws_access_key_id=s3_server.access_key_id,
        aws_secret_access_key=s3_server.secret_access_key,
    )
    return client


async def test_on_s3_the_avatar_is_served_by_the_bucket(
    s3_client: httpx.AsyncClient, s3_server: S3Server
) -> None:
    student = await register(s3_client)
    upload_data = jpeg_with_gps()

    url = await uploaded_url(s3_client, student, upload_data)

    assert url.startswith(f"{s3_server.endpoint_url}/{s3_server.bucket}/avatars/{student.id}/")
    async with httpx.AsyncClient() as anyone:  # a browser: real HTTP, no credentials
        served = await anyone.get(url)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert served.content == normalize_avatar(upload_data, max_bytes=MAX_BYTES).data
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.format == "WEBP"
        assert max(image.size) <= 512
        assert not image.getexif()


async def test_on_s3_a_new_upload_deletes_the_old_object(
    s3_client: httpx.AsyncClient, s3_server: S3Server
) -> None:
    student = await register(s3_client)
    first = await uploaded_url(s3_client, student, photo(color=(200, 30, 30)))

    second = await uploaded_url(s3_client, student, photo(color=(30, 200, 30)))

    async with httpx.AsyncClient() as anyone:
        assert (await anyone.get(second)).status_code == 200
        assert (await anyone.get(first)).status_code in {403, 404}
    keys = await s3_keys(s3_server, f"avatars/{student.id}/")
    assert keys == [urlsplit(second).path.removeprefix(f"/{s3_server.bucket}/")]


async def test_on_s3_delete_removes_the_object(
    s3_client: httpx.AsyncClient, s3_server: S3Server
) -> None:
    student = await register(s3_client)
    url = await uploaded_url(s3_client, student, photo())

    response = await s3_client.delete(AVATAR, headers=student.headers)

    assert response.status_code == 204
    me = await s3_client.get("/api/v1/users/me", headers=student.headers)
    assert me.json()["avatar_url"] is None
    async with httpx.AsyncClient() as anyone:
        gone = await anyone.get(url)
    assert gone.status_code in {403, 404}  # AWS answers 403 to anonymous readers, moto 404
    assert await s3_keys(s3_server, f"avatars/{student.id}/") == []
