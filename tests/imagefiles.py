"""Sample uploads for the image tests and benchmarks, built in memory and deterministic.

Every builder returns a Django ``SimpleUploadedFile``, as a view would receive it. The content
type each one declares is deliberately plausible for its name: the code under test must judge
the bytes, not the label.
"""

import functools
import io
import math
import random
import struct
import zlib

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw, ImageFilter

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"


def _upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _encode(img: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def picture(size: tuple[int, int] = (400, 300), mode: str = "RGB", seed: int = 0) -> Image.Image:
    """A small, colourful, deterministic picture: a gradient with a few shapes on it."""
    rng = random.Random(seed)
    width, height = size
    img = Image.linear_gradient("L").resize(size).convert(mode)
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(4, max(5, min(size) // 3))
        colour = (*(rng.randrange(256) for _ in range(3)), 255)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour[: len(mode)])
    return img


# --- accepted pictures ----------------------------------------------------------------------


def png(name: str = "screenshot.png", size: tuple[int, int] = (400, 300)) -> SimpleUploadedFile:
    return _upload(name, _encode(picture(size), "PNG"), "image/png")


def noise_png(name: str = "noise.png", size: tuple[int, int] = (1000, 1000), seed: int = 0):
    """Random pixels: the least compressible picture there is (about 3 bytes a pixel as PNG)."""
    data = random.Random(seed).randbytes(size[0] * size[1] * 3)
    return _upload(name, _encode(Image.frombytes("RGB", size, data), "PNG"), "image/png")


def transparent_png(name: str = "sticker.png", size: tuple[int, int] = (400, 300)):
    """An RGBA PNG whose left half is fully transparent."""
    img = picture(size, mode="RGBA")
    img.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    return _upload(name, _encode(img, "PNG"), "image/png")


def jpeg(
    name: str = "photo.jpg",
    size: tuple[int, int] = (640, 480),
    *,
    exif: Image.Exif | None = None,
    trailing: bytes = b"",
) -> SimpleUploadedFile:
    """A JPEG, optionally with EXIF, optionally with bytes appended after its end marker."""
    options = {"exif": exif.tobytes()} if exif is not None else {}
    data = _encode(picture(size), "JPEG", quality=90, **options)
    return _upload(name, data + trailing, "image/jpeg")


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def jpeg_with_gps(name: str = "photo.jpg", size: tuple[int, int] = (640, 480)):
    return jpeg(name, size, exif=phone_exif())


def jpeg_rotated(name: str = "photo.jpg", size: tuple[int, int] = (200, 100), orientation=6):
    """Stored landscape, but EXIF says to turn it (6: 90° clockwise, so it shows portrait)."""
    return jpeg(name, size, exif=phone_exif(orientation))


def heic(name: str = "IMG_0001.HEIC", size: tuple[int, int] = (640, 480)) -> SimpleUploadedFile:
    out = io.BytesIO()
    pillow_heif.from_pillow(picture(size)).save(out, quality=80, exif=phone_exif().tobytes())
    return _upload(name, out.getvalue(), "image/heic")


def has_exif(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        return "exif" in img.info or len(img.getexif()) > 0 or b"Exif\x00\x00" in data


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        return ExifTags.IFD.GPSInfo in exif or len(exif.get_ifd(ExifTags.IFD.GPSInfo)) > 0


# --- realistic phone photos, for benchmarks ---------------------------------------------------


def _photo_size(megapixels: float) -> tuple[int, int]:
    width = round(math.sqrt(megapixels * 1_000_000 * 4 / 3))
    return width, width * 3 // 4


def _photo(megapixels: float, seed: int, grain: float) -> Image.Image:
    """Soft shapes on gradients, with sensor-like grain; `grain` 0..1 sets how much."""
    rng = random.Random(seed)
    size = width, height = _photo_size(megapixels)
    bands = [Image.linear_gradient("L").rotate(rng.randrange(360)).resize(size) for _ in "RGB"]
    img = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y, r = (
            rng.randrange(width),
            rng.randrange(height),
            rng.randrange(width // 40, width // 6),
        )
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in "RGB"))
    img = img.filter(ImageFilter.BoxBlur(max(1, width // 400)))
    noise = Image.frombytes("RGB", size, rng.randbytes(width * height * 3))
    return Image.blend(img, noise, grain)


def _bisect(size_of, low: float, high: float, target: int, steps: int = 10) -> float:
    """The setting between low and high whose output size is closest to target (size rises)."""
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (middle, high) if size_of(middle) < target else (low, middle)
    return (low + high) / 2


@functools.cache
def _phone_jpeg_bytes(megapixels: float, target_bytes: int, seed: int, orientation: int):
    clean = _photo(megapixels, seed, grain=0)
    noise = _photo(megapixels, seed, grain=1)
    sample = (0, 0, clean.width // 4, clean.height // 4)  # 1/16 of the picture predicts the size
    clean_sample, noise_sample = clean.crop(sample), noise.crop(sample)

    def size_of(grain: float) -> int:
        return 16 * len(_encode(Image.blend(clean_sample, noise_sample, grain), "JPEG", quality=92))

    grain = _bisect(size_of, 0.0, 0.6, target_bytes)
    exif = phone_exif(orientation).tobytes()
    return _encode(Image.blend(clean, noise, grain), "JPEG", quality=92, exif=exif)


@functools.cache
def _phone_heic_bytes(megapixels: float, target_bytes: int, seed: int) -> bytes:
    img = _photo(megapixels, seed, grain=0.08)
    # Tiled 512x512 like an iPhone; x265's fastest preset keeps building this to seconds.
    options = {"tile_size": 512, "enc_params": {"preset": "ultrafast"}}
    sample = img.crop((0, 0, 1024, 768))

    def size_of(quality: float) -> int:
        out = io.BytesIO()
        pillow_heif.from_pillow(sample).save(out, quality=round(quality), **options)
        return round(out.tell() * img.width * img.height / (1024 * 768))

    quality = round(_bisect(size_of, 1, 100, target_bytes, steps=7))
    out = io.BytesIO()
    pillow_heif.from_pillow(img).save(out, quality=quality, exif=phone_exif().tobytes(), **options)
    return out.getvalue()


def phone_jpeg(
    name: str = "IMG_0001.JPG",
    megapixels: float = 12,
    target_bytes: int = 3_000_000,
    *,
    seed: int = 1,
    orientation: int = 1,
) -> SimpleUploadedFile:
    """A phone-camera-like JPEG (4:3, quality 92, EXIF with GPS) of about target_bytes."""
    data = _phone_jpeg_bytes(megapixels, target_bytes, seed, orientation)
    return _upload(name, data, "image/jpeg")


@functools.cache
def _noisy_jpeg_bytes(megapixels: float, target_bytes: int, seed: int) -> bytes:
    img = _photo(megapixels, seed, grain=NOISY_GRAIN)
    sample = img.crop((0, 0, img.width // 4, img.height // 4))

    def size_of(quality: float) -> int:
        return 16 * len(_encode(sample, "JPEG", quality=round(quality)))

    quality = round(_bisect(size_of, 5, 95, target_bytes, steps=7))
    return _encode(img, "JPEG", quality=quality, exif=phone_exif().tobytes())


NOISY_GRAIN = 0.3


def noisy_jpeg(
    name: str = "IMG_0001.JPG",
    megapixels: float = 39,
    target_bytes: int = 6_700_000,
    *,
    seed: int = 1,
) -> SimpleUploadedFile:
    """A grainy camera JPEG (heavy sensor noise, saved at whatever quality gives target_bytes).

    Heavy grain is the worst case for storage: re-encoded at full size it grows to about three
    times what was sent. Slow to build the first time at 39 megapixels; cached afterwards.
    """
    return _upload(name, _noisy_jpeg_bytes(megapixels, target_bytes, seed), "image/jpeg")


def phone_heic(
    name: str = "IMG_0001.HEIC",
    megapixels: float = 12,
    target_bytes: int = 3_000_000,
    *,
    seed: int = 1,
) -> SimpleUploadedFile:
    """A phone-camera-like HEIC (4:3, 512-pixel tiles, EXIF with GPS) of about target_bytes.

    Slow to build the first time (a few seconds, HEVC encoding); cached afterwards.
    """
    return _upload(name, _phone_heic_bytes(megapixels, target_bytes, seed), "image/heic")


# --- refused uploads --------------------------------------------------------------------------


def svg_with_script(name: str = "screenshot.svg") -> SimpleUploadedFile:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
        b'<rect width="400" height="300" fill="green"/>'
        b"<script>alert(document.cookie)</script></svg>\n"
    )
    return _upload(name, svg, "image/svg+xml")


def html_renamed_png(name: str = "screenshot.png") -> SimpleUploadedFile:
    return _upload(name, HTML, "image/png")


def png_header_then_html(name: str = "screenshot.png") -> SimpleUploadedFile:
    return _upload(name, PNG_SIGNATURE + HTML, "image/png")


def truncated_png(name: str = "screenshot.png") -> SimpleUploadedFile:
    """A valid PNG cut in half, part way through its image data."""
    data = _encode(picture((400, 300)), "PNG")
    return _upload(name, data[: len(data) // 2], "image/png")


def bmp(name: str = "screenshot.bmp") -> SimpleUploadedFile:
    return _upload(name, _encode(picture((40, 30)), "BMP"), "image/bmp")


def empty(name: str = "screenshot.png") -> SimpleUploadedFile:
    return _upload(name, b"", "image/png")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_declared_png(
    width: int = 50_000, height: int = 50_000, name: str = "huge.png"
) -> SimpleUploadedFile:
    """A tiny, well-formed PNG whose header claims width x height RGB pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    idat = zlib.compress(b"\x00" * (1 + 3 * min(width, 1000)))  # one short row of black
    data = PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    return _upload(name, data, "image/png")


def oversized(name: str = "big.png", nbytes: int = 11 * 1024 * 1024) -> SimpleUploadedFile:
    """A real PNG, padded with zeros after its end to nbytes."""
    data = _encode(picture((40, 30)), "PNG")
    return _upload(name, data + b"\x00" * (nbytes - len(data)), "image/png")
