"""Avatar files in an S3 bucket (AWS, MinIO, Cloudflare R2, ...), served by the bucket."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

import aioboto3
from aiobotocore.config import AioConfig

from quad.storage.base import validate_key

if TYPE_CHECKING:
    from types_aiobotocore_s3 import S3Client

# Keys are content-addressed by the caller, so an object never changes: cache it forever.
CACHE_CONTROL = "public, max-age=31536000, immutable"


class S3FileStorage:
    """Objects in ``bucket``; one long-lived client, opened by ``open()``, closed by ``close()``.

    The bucket must allow anonymous reads of its objects (a bucket policy, or a CDN in front
    given as ``public_url``): no ACL is sent, since new AWS buckets refuse ACLs.
    """

    def __init__(
        self,
        *,
        bucket: str,
        region: str,
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        public_url: str | None = None,
    ) -> None:
        self.bucket = bucket
        self._region = region
        self._endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._public_url = public_url.rstrip("/") if public_url else None
        self._stack = AsyncExitStack()
        self._client: S3Client | None = None

    async def open(self) -> None:
        """Create the client; call once before any other coroutine."""
        if self._client is not None:
            return
        config = AioConfig(
            connect_timeout=5,
            read_timeout=15,
            retries={"max_attempts": 3, "mode": "standard"},
            # MinIO and other self-hosted endpoints rarely have wildcard DNS for buckets.
            s3={"addressing_style": "path" if self._endpoint_url else "auto"},
        )
        session = aioboto3.Session()
        self._client = await self._stack.enter_async_context(
            session.client(
                "s3",
                region_name=self._region,
                endpoint_url=self._endpoint_url,
                aws_access_key_id=self._access_key_id,
                aws_secret_access_key=self._secret_access_key,
                config=config,
            )
        )

    @property
    def client(self) -> S3Client:
        if self._client is None:
            raise RuntimeError("S3FileStorage.open() was not awaited")
        return self._client

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await self.client.put_object(
            Bucket=self.bucket,
            Key=validate_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl=CACHE_CONTROL,
        )

    async def delete(self, key: str) -> None:
        # S3 answers 204 for a key that does not exist, so "already gone" needs no special case.
        await self.client.delete_object(Bucket=self.bucket, Key=validate_key(key))

    def public_url(self, key: str) -> str:
        key = validate_key(key)
        if self._public_url:
            return f"{self._public_url}/{key}"
        if self._endpoint_url:
            return f"{self._endpoint_url}/{self.bucket}/{key}"
        return f"https://{self.bucket}.s3.{self._region}.amazonaws.com/{key}"

    async def check(self) -> None:
        await self.client.head_bucket(Bucket=self.bucket)

    async def close(self) -> None:
        await self._stack.aclose()
        self._client = None
