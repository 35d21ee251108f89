"""S3 storage against a real S3 HTTP API (moto server): put, public URL, delete, check."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from botocore.exceptions import ClientError

from quad.core.config import Settings
from quad.storage import CACHE_CONTROL, S3FileStorage, build_storage
from tests.fixtures.s3 import S3Server

WEBP = b"RIFF\x0c\x00\x00\x00WEBPVP8 not really an image"


def unique_key() -> str:
    # The bucket lives for the whole session: every test writes its own keys.
    return f"avatars/{uuid.uuid4().hex}.webp"


@pytest.fixture
async def storage(s3_server: S3Server) -> AsyncIterator[S3FileStorage]:
    storage = S3FileStorage(
        bucket=s3_server.bucket,
        region=s3_server.region,
        endpoint_url=s3_server.endpoint_url,
        access_key_id=s3_server.access_key_id,
        secret_access_key=s3_server.secret_access_key,
    )
    await storage.open()
    yield storage
    await storage.close()


async def test_put_object_is_public_with_same_bytes_type_and_immutable_caching(
    storage: S3FileStorage, s3_server: S3Server
) -> None:
    key = unique_key()

    await storage.put(key, WEBP, "image/webp")

    url = storage.public_url(key)
    async with httpx.AsyncClient(trust_env=False) as client:  # anonymous, like a browser
        response = await client.get(url)
    assert url == f"{s3_server.endpoint_url}/{s3_server.bucket}/{key}"
    assert response.status_code == 200
    assert response.content == WEBP
    assert response.headers["content-type"] == "image/webp"
    assert response.headers["cache-control"] == CACHE_CONTROL


async def test_delete_removes_the_object(storage: S3FileStorage) -> None:
    key = unique_key()
    await storage.put(key, WEBP, "image/webp")

    await storage.delete(key)

    with pytest.raises(ClientError) as gone:
        await storage.client.head_object(Bucket=storage.bucket, Key=key)
    assert gone.value.response["Error"]["Code"] == "404"


async def test_deleting_a_missing_key_is_not_an_error(storage: S3FileStorage) -> None:
    await storage.delete(unique_key())


async def test_check_passes_when_the_bucket_is_reachable(storage: S3FileStorage) -> None:
    await storage.check()


async def test_check_fails_when_the_bucket_does_not_exist(s3_server: S3Server) -> None:
    storage = S3FileStorage(
        bucket="no-such-bucket",
        region=s3_server.region,
        endpoint_url=s3_server.endpoint_url,
        access_key_id=s3_server.access_key_id,
        secret_access_key=s3_server.secret_access_key,
    )
    await storage.open()
    try:
        with pytest.raises(ClientError):
            await storage.check()
    finally:
        await storage.close()


async def test_invalid_keys_are_refused_before_reaching_s3(storage: S3FileStorage) -> None:
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.put("../escape.webp", WEBP, "image/webp")
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.delete("/absolute.webp")


async def test_using_the_store_before_open_is_a_clear_error() -> None:
    storage = S3FileStorage(bucket="avatars", region="us-east-1")

    with pytest.raises(RuntimeError, match="open"):
        await storage.put(unique_key(), WEBP, "image/webp")


def test_public_url_prefers_the_configured_public_base() -> None:
    storage = S3FileStorage(
        bucket="avatars",
        region="eu-west-1",
        endpoint_url="https://s3.example.com",
        public_url="https://cdn.quad.example/",
    )

    assert storage.public_url("a/b.webp") == "https://cdn.quad.example/a/b.webp"


def test_public_url_with_an_endpoint_is_path_style() -> None:
    storage = S3FileStorage(bucket="avatars", region="eu-west-1", endpoint_url="http://minio:9000/")

    assert storage.public_url("a/b.webp") == "http://minio:9000/avatars/a/b.webp"


def test_public_url_on_aws_is_the_regional_virtual_host() -> None:
    storage = S3FileStorage(bucket="avatars", region="eu-west-1")

    assert storage.public_url("a/b.webp") == "https://avatars.s3.eu-west-1.amazonaws.com/a/b.webp"


async def test_build_storage_with_a_bucket_uses_s3(s3_server: S3Server, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        s3_bucket=s3_server.bucket,
        s3_endpoint_url=s3_server.endpoint_url,
        s3_region=s3_server.region,
        aws_access_key_id=s3_server.access_key_id,
        aws_secret_access_key=s3_server.secret_access_key,
        s3_public_url=f"{s3_server.endpoint_url}/{s3_server.bucket}",
    )

    storage = await build_storage(settings)
    try:
        assert isinstance(storage, S3FileStorage)
        key = unique_key()
        await storage.put(key, WEBP, "image/webp")  # opened and authenticated
        async with httpx.AsyncClient(trust_env=False) as client:
            response = await client.get(storage.public_url(key))
        assert response.content == WEBP
    finally:
        await storage.close()
    assert not (tmp_path / "media").exists()  # nothing written to local disk
