"""Where avatars live: an S3 bucket when ``S3_BUCKET`` is set, else local disk."""

from __future__ import annotations

import anyio

from quad.core.config import Settings
from quad.storage.base import FileStorage, validate_key
from quad.storage.local import MEDIA_URL_PATH, LocalFileStorage
from quad.storage.s3 import CACHE_CONTROL, S3FileStorage

__all__ = [
    "CACHE_CONTROL",
    "MEDIA_URL_PATH",
    "FileStorage",
    "LocalFileStorage",
    "S3FileStorage",
    "build_storage",
    "validate_key",
]


async def build_storage(settings: Settings) -> FileStorage:
    """An opened store chosen from settings; the caller closes it at shutdown.

    For local storage the root directory exists on return, so the app can mount it at
    ``MEDIA_URL_PATH`` right away.
    """
    if settings.s3_enabled:
        assert settings.s3_bucket is not None  # s3_enabled says so
        secret = settings.aws_secret_access_key
        storage = S3FileStorage(
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.aws_access_key_id,
            secret_access_key=secret.get_secret_value() if secret else None,
            public_url=settings.s3_public_url,
        )
        await storage.open()
        return storage
    await anyio.Path(settings.media_root).mkdir(parents=True, exist_ok=True)
    return LocalFileStorage(settings.media_root, settings.api_base_url)
