"""Avatar normalisation: what is accepted, what is refused, and what comes out."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import threading
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms

from quad.core.errors import PayloadTooLarge, UnsupportedMediaType
from quad.users import images
from quad.users.images import ProcessedImage, normalize_avatar, normalize_avatar_async

MAX_BYTES = 5 * 1024 * 1024
RED = (220, 20, 20)
BLUE = (20, 20, 220)
GREEN = (20, 200, 20)


# --- builders -------------------------------------------------------------------------------


def encode(image: Image.Image, image_format: str, **params: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **params)
    return out.getvalue()


def solid(
    size: tuple[int, int] = (64, 48), color: tuple[int, ...] = RED, mode: str = "RGB"
) -> Image.Image:
    return Image.new(mode, size, color)


def noise(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Incompressible pixels, so a truncated file really misses image data."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))


def left_red_right_blue(size: tuple[int, int]) -> Image.Image:
    image = solid(size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def exif_with_gps(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 45.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 15.0, 3.0)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def png_declaring(width: int, height: int) -> bytes:
    """A valid-looking PNG header claiming a huge canvas, with almost no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def animation(image_format: str) -> bytes:
    frames = [solid((40, 40), color) for color in (RED, GREEN, BLUE)]
    return encode(frames[0], image_format, save_all=True, append_images=frames[1:], duration=100)


def webp_chunks(data: bytes) -> list[bytes]:
    """The RIFF chunk names of a WebP file, where metadata would live (EXIF, ICCP, XMP )."""
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    names, offset = [], 12
    while offset < len(data):
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        names.append(data[offset : offset + 4])
        offset += 8 + length + (length & 1)
    return names


def decode(result: ProcessedImage) -> Image.Image:
    image = Image.open(io.BytesIO(result.data))
    assert image.format == "WEBP"
    assert image.size == (result.width, result.height)
    image.load()
    return image


def assert_near(pixel: Any, expected: tuple[int, ...], tolerance: int = 40) -> None:
    assert all(abs(got - want) <= tolerance for got, want in zip(pixel, expected, strict=True)), (
        f"{pixel} is not close to {expected}"
    )


def assert_no_metadata(result: ProcessedImage) -> None:
    assert set(webp_chunks(result.data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    image = decode(result)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp"} & image.info.keys()


# --- accepted formats -----------------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_reencoded_as_webp(image_format: str) -> None:
    result = normalize_avatar(encode(solid((64, 48)), image_format), max_bytes=MAX_BYTES)

    assert result.content_type == "image/webp"
    assert (result.width, result.height) == (64, 48)
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    assert_near(decode(result).convert("RGB").getpixel((32, 24)), RED)


def test_the_same_upload_always_gives_the_same_bytes_and_hash() -> None:
    upload = encode(noise((100, 80)), "PNG")

    first = normalize_avatar(upload, max_bytes=MAX_BYTES)
    second = normalize_avatar(upload, max_bytes=MAX_BYTES)

    assert first == second  # content-addressed keys rely on this


# --- refused uploads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(encode(solid(), "GIF"), id="gif"),
        pytest.param(encode(solid(), "BMP"), id="bmp"),
        pytest.param(encode(solid(), "TIFF"), id="tiff"),
        pytest.param(b"just some text, not a picture\n", id="text"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_kinds_of_file_are_refused_415(upload: bytes) -> None:
    with pytest.raises(UnsupportedMediaType, match=r"Upload a JPEG, PNG or WebP image\."):
        normalize_avatar(upload, max_bytes=MAX_BYTES)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_truncated_images_are_refused_415(image_format: str) -> None:
    whole = encode(noise((160, 120)), image_format)

    with pytest.raises(UnsupportedMediaType):
        normalize_avatar(whole[: len(whole) // 2], max_bytes=MAX_BYTES)


def test_uploads_over_the_byte_limit_are_refused_413_before_parsing() -> None:
    with pytest.raises(PayloadTooLarge, match=r"^Avatars can be at most 5 MB\.$"):
        normalize_avatar(b"\x00" * (MAX_BYTES + 1), max_bytes=MAX_BYTES)


def test_an_upload_of_exactly_the_byte_limit_is_accepted() -> None:
    upload = encode(solid(), "PNG")

    normalize_avatar(upload, max_bytes=len(upload))
    with pytest.raises(PayloadTooLarge):
        normalize_avatar(upload, max_bytes=len(upload) - 1)


@pytest.mark.parametrize(
    ("width", "height"),
    [(7_000, 7_000), (20_000, 20_000), (1, 50_000_000)],
)
def test_decompression_bombs_are_refused_413_before_decoding(width: int, height: int) -> None:
    # Decoding would fail as truncated (415): a 413 proves the refusal came first.
    with pytest.raises(PayloadTooLarge, match="megapixels"):
        normalize_avatar(png_declaring(width, height), max_bytes=MAX_BYTES)


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_decompression_bombs_are_413_even_when_warnings_are_errors() -> None:
    with pytest.raises(PayloadTooLarge, match="megapixels"):
        normalize_avatar(png_declaring(7_000, 7_000), max_bytes=MAX_BYTES)


def test_pillow_pixel_limit_is_never_weaker_than_ours() -> None:
    assert Image.MAX_IMAGE_PIXELS is not None
    assert Image.MAX_IMAGE_PIXELS <= images.AVATAR_MAX_PIXELS


# --- what comes out -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [((2000, 1000), (512, 256)), ((900, 1800), (256, 512)), ((3000, 3000), (512, 512))],
)
def test_big_images_are_shrunk_to_fit_512_keeping_aspect_ratio(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    result = normalize_avatar(encode(solid(size), "JPEG"), max_bytes=MAX_BYTES)

    assert (result.width, result.height) == expected


def test_small_images_are_never_upscaled() -> None:
    result = normalize_avatar(encode(solid((100, 40)), "PNG"), max_bytes=MAX_BYTES)

    assert (result.width, result.height) == (100, 40)


def test_max_side_is_configurable() -> None:
    result = normalize_avatar(encode(solid((400, 200)), "PNG"), max_bytes=MAX_BYTES, max_side=128)

    assert (result.width, result.height) == (128, 64)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_exif_with_gps_is_stripped_and_orientation_applied(image_format: str) -> None:
    # Orientation 6: the camera stored the picture lying on its side; viewers turn it
    # 90° clockwise, so the stored left edge (red) ends up at the top.
    upload = encode(
        left_red_right_blue((80, 40)),
        image_format,
        exif=exif_with_gps(orientation=6),
        icc_profile=srgb_profile(),
    )
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # precondition

    result = normalize_avatar(upload, max_bytes=MAX_BYTES)

    assert (result.width, result.height) == (40, 80)
    assert_no_metadata(result)
    picture = decode(result).convert("RGB")
    assert_near(picture.getpixel((20, 10)), RED)
    assert_near(picture.getpixel((20, 70)), BLUE)


def test_png_text_chunks_and_profile_are_not_carried_over() -> None:
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at 12 Secret Street")
    upload = encode(solid(), "PNG", pnginfo=text, icc_profile=srgb_profile())

    result = normalize_avatar(upload, max_bytes=MAX_BYTES)

    assert_no_metadata(result)
    assert b"Secret Street" not in result.data


@pytest.mark.parametrize("image_format", ["WEBP", "PNG"])
def test_animated_images_take_the_first_frame(image_format: str) -> None:
    upload = animation(image_format)
    assert getattr(Image.open(io.BytesIO(upload)), "n_frames", 1) == 3  # precondition

    result = normalize_avatar(upload, max_bytes=MAX_BYTES)

    picture = decode(result)
    assert getattr(picture, "n_frames", 1) == 1
    assert_near(picture.convert("RGB").getpixel((20, 20)), RED)
    assert_no_metadata(result)


def test_multi_picture_jpeg_from_phones_is_accepted_with_its_first_picture() -> None:
    upload = encode(
        solid((60, 40), RED), "MPO", save_all=True, append_images=[solid((60, 40), BLUE)]
    )

    picture = decode(normalize_avatar(upload, max_bytes=MAX_BYTES))

    assert_near(picture.convert("RGB").getpixel((30, 20)), RED)


def test_transparency_is_kept() -> None:
    image = solid((40, 40), (*RED, 255), mode="RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 20, 40))

    picture = decode(normalize_avatar(encode(image, "PNG"), max_bytes=MAX_BYTES))

    assert picture.mode == "RGBA"
    assert picture.getpixel((5, 20))[3] == 0
    assert_near(picture.getpixel((30, 20)), (*RED, 255))


def test_palette_png_with_a_transparent_colour_keeps_it_transparent() -> None:
    image = solid((40, 40), (*RED, 255), mode="RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 20, 40))
    palette = image.quantize(colors=4)
    assert palette.mode == "P"

    upload = encode(palette, "PNG", transparency=palette.getpixel((5, 20)))
    picture = decode(normalize_avatar(upload, max_bytes=MAX_BYTES))

    assert picture.mode == "RGBA"
    assert picture.getpixel((5, 20))[3] == 0


def test_fully_opaque_alpha_is_dropped() -> None:
    upload = encode(solid((40, 40), (*RED, 255), mode="RGBA"), "PNG")

    result = normalize_avatar(upload, max_bytes=MAX_BYTES)

    assert decode(result).mode == "RGB"
    assert b"ALPH" not in webp_chunks(result.data)


def test_16_bit_greyscale_keeps_its_shades() -> None:
    upload = encode(Image.new("I;16", (40, 40), 40_000), "PNG")  # 40000/65535 ≈ 61% grey

    picture = decode(normalize_avatar(upload, max_bytes=MAX_BYTES)).convert("RGB")

    assert_near(picture.getpixel((20, 20)), (156, 156, 156), tolerance=4)


def test_cmyk_jpeg_becomes_rgb() -> None:
    upload = encode(solid((40, 40), (0, 255, 255, 0), mode="CMYK"), "JPEG")

    picture = decode(normalize_avatar(upload, max_bytes=MAX_BYTES))

    assert picture.mode == "RGB"
    assert_near(picture.getpixel((20, 20)), (255, 0, 0))


def test_a_broken_colour_profile_is_ignored_not_refused() -> None:
    upload = encode(solid(), "PNG", icc_profile=b"this is not an ICC profile")

    result = normalize_avatar(upload, max_bytes=MAX_BYTES)

    assert_no_metadata(result)
    assert_near(decode(result).convert("RGB").getpixel((10, 10)), RED)


# --- off the event loop ---------------------------------------------------------------------


async def test_async_normalisation_runs_in_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[int] = []
    real = images.normalize_avatar

    def recording(data: bytes, *, max_bytes: int, max_side: int = 512) -> ProcessedImage:
        threads.append(threading.get_ident())
        return real(data, max_bytes=max_bytes, max_side=max_side)

    monkeypatch.setattr(images, "normalize_avatar", recording)
    upload = encode(solid((600, 300)), "JPEG")

    result = await normalize_avatar_async(upload, max_bytes=MAX_BYTES, max_side=300)

    assert threads
    assert threads[0] != threading.get_ident()
    assert result == real(upload, max_bytes=MAX_BYTES, max_side=300)


async def test_async_normalisation_raises_the_same_domain_errors() -> None:
    with pytest.raises(UnsupportedMediaType):
        await normalize_avatar_async(b"not an image", max_bytes=MAX_BYTES)


# --- property -------------------------------------------------------------------------------

_SEEDS = [
    encode(noise((24, 16)), "JPEG", exif=exif_with_gps(orientation=8)),
    encode(solid((16, 16), (*RED, 128), mode="RGBA"), "PNG"),
    encode(solid((16, 16)).quantize(colors=4), "PNG", transparency=0),
    encode(noise((16, 16)), "WEBP", lossless=True),
    encode(noise((16, 16)), "WEBP", quality=50, exif=exif_with_gps(orientation=3)),
    animation("WEBP"),
    animation("PNG"),
]


@st.composite
def uploads(draw: st.DrawFn) -> bytes:
    """Random bytes, or real images with a few bytes overwritten and perhaps cut short."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=512))
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    end = draw(st.integers(min_value=0, max_value=len(data)))
    return bytes(data[: end if draw(st.booleans()) else len(data)])


# Mutated EXIF and APNG chunks are corrupt on purpose; Pillow warns about them and skips
# them, which is fine.
@pytest.mark.filterwarnings("ignore::UserWarning:PIL.TiffImagePlugin")
@pytest.mark.filterwarnings("ignore::UserWarning:PIL.PngImagePlugin")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uploads())
def test_any_bytes_give_an_avatar_or_one_of_the_two_domain_errors(upload: bytes) -> None:
    try:
        result = normalize_avatar(upload, max_bytes=64 * 1024)
    except (PayloadTooLarge, UnsupportedMediaType):
        return
    assert result.content_type == "image/webp"
    assert max(result.width, result.height) <= 512
    assert_no_metadata(result)
