"""Avatar normalisation: any accepted upload becomes a small, metadata-free WebP.

Uploads are untrusted: the size is checked before parsing, the pixel count before decoding,
and only Pillow's JPEG, PNG and WebP decoders are ever reached. Every failure is one of two
domain errors, ``PayloadTooLarge`` (413) or ``UnsupportedMediaType`` (415).
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zlib
from dataclasses import dataclass
from functools import partial

import anyio
import anyio.to_thread
from PIL import ExifTags, Image, ImageCms

from quad.core.errors import PayloadTooLarge, UnsupportedMediaType

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_MAX_BYTES = 5 * 1024 * 1024  # the contract: "≤ 5 MB"
"""Uploads with more pixels (width × height) are refused before their pixels are decoded."""
AVATAR_CONTENT_TYPE = "image/webp"
WEBP_QUALITY = 85
WEBP_METHOD = 4  # 0 (fast) .. 6 (small); 4 is libwebp's own default trade-off

# Pillow warns above MAX_IMAGE_PIXELS and raises DecompressionBombError above twice that.
# The limit is process-wide: only ever lower it to ours, never raise it or switch it off.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > AVATAR_MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = AVATAR_MAX_PIXELS
# Between the two Pillow only warns, and goes on; our own check refuses those images right
# after, so the warning would only print a line per bomb into the log. As an error it is
# caught below, and refused the same way.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

# A decode may hold width × height × 4 bytes (160 MB at the pixel limit): few at a time.
_DECODE_SLOTS = anyio.CapacityLimiter(2)

# What Pillow's decoders raise on files that are not what they claim, corrupt or truncated.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)

_NOT_AN_IMAGE = "Upload a JPEG, PNG or WebP image."
_TOO_MANY_PIXELS = f"Images can be at most {AVATAR_MAX_PIXELS // 1_000_000} megapixels."

_ORIENTATION_FIXES = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """A re-encoded avatar; name its storage key from ``sha256`` (hex of ``data``)."""

    data: bytes
    content_type: str
    width: int
    height: int
    sha256: str


def normalize_avatar(data: bytes, *, max_bytes: int, max_side: int = 512) -> ProcessedImage:
    """Decode an uploaded avatar and re-encode it; CPU-bound, so call it off the event loop.

    Guarantees of the result: WebP, at most ``max_side`` on each side (shrunk keeping the
    aspect ratio, never enlarged), upright (EXIF orientation applied), sRGB, RGB or RGBA,
    first frame only, and no metadata at all (no EXIF, GPS, XMP or ICC profile).

    Raises ``PayloadTooLarge`` when ``data`` exceeds ``max_bytes`` or the image has more than
    ``AVATAR_MAX_PIXELS`` pixels (a decompression bomb is "too large", not "unsupported"),
    and ``UnsupportedMediaType`` for anything that is not a whole JPEG, PNG or WebP image.
    """
    if max_side < 1:
        raise ValueError("max_side must be positive")
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"Avatars can be at most {_describe_size(max_bytes)}.")
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
            # Image.open has read the header only: refuse bombs before any pixel is decoded.
            width, height = image.size
            if width * height > AVATAR_MAX_PIXELS:
                raise PayloadTooLarge(_TOO_MANY_PIXELS)
            # JPEG only (a no-op elsewhere): decode at 1/2, 1/4 or 1/8 scale, still ≥ max_side.
            image.draft(None, (max_side, max_side))
            image.load()  # the current frame, which is the first for animations
            orientation = _orientation(image)
            icc_profile = image.info.get("icc_profile")
            picture = _to_working_mode(image)
            picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            picture = _to_srgb(picture, icc_profile)
            for fix in _ORIENTATION_FIXES.get(orientation, ()):
                picture = picture.transpose(fix)
            if picture.mode == "RGBA" and picture.getchannel("A").getextrema() == (255, 255):
                picture = picture.convert("RGB")  # fully opaque: alpha would only cost bytes
            # A fresh image has an empty info dict: no encoder can copy metadata from it.
            clean = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PayloadTooLarge(_TOO_MANY_PIXELS) from exc
    except _DECODE_ERRORS as exc:
        raise UnsupportedMediaType(_NOT_AN_IMAGE) from exc

    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    encoded = out.getvalue()
    return ProcessedImage(
        data=encoded,
        content_type=AVATAR_CONTENT_TYPE,
        width=clean.width,
        height=clean.height,
        sha256=hashlib.sha256(encoded).hexdigest(),
    )


async def normalize_avatar_async(
    data: bytes, *, max_bytes: int, max_side: int = 512
) -> ProcessedImage:
    """``normalize_avatar`` in a worker thread, at most two at a time per process."""
    return await anyio.to_thread.run_sync(
        partial(normalize_avatar, data, max_bytes=max_bytes, max_side=max_side),
        limiter=_DECODE_SLOTS,
    )


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except _DECODE_ERRORS:
        return 1  # broken EXIF must not cost a student their photo; it only loses the rotation
    return value if isinstance(value, int) else 1


def _to_working_mode(image: Image.Image) -> Image.Image:
    """RGB or RGBA; CMYK stays CMYK for now so its colour profile can still be applied."""
    if image.mode in {"I", "I;16", "I;16B", "I;16L"}:
        # 16-bit greyscale PNG: convert() would clip every value above 255 to white.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("RGB")
    if image.has_transparency_data:
        return image.convert("RGBA")
    if image.mode in {"RGB", "CMYK"}:
        return image
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc_profile: object) -> Image.Image:
    """Colours into sRGB (phones often tag photos Display P3), then RGB or RGBA."""
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    if isinstance(icc_profile, bytes) and icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
        except (ImageCms.PyCMSError, *_DECODE_ERRORS):
            pass  # a broken or mismatched profile: keep the numbers as they are
        else:
            if converted is not None:
                return converted
    return image if image.mode == output_mode else image.convert(output_mode)


def _describe_size(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"
