"""Validate uploaded screenshots and photos by their content, then re-encode them.

Nothing a parent uploads is kept as sent. The bytes are identified by Pillow (never by file name
or declared content type), limited to PNG, JPEG, WebP, GIF and HEIF/HEIC, checked for size and
pixel count before any pixels are decoded, decoded, scaled down if very large, turned
upright from the EXIF orientation, and written out again as a fresh JPEG or PNG with no metadata
at all: no EXIF, no GPS, no ICC profile, no text chunks, no comments and nothing after the end
of the image.

Memory stays bounded by one image at a time: a large JPEG is decoded at a reduced scale
(`Image.draft`, the decoder skips most of the work) when it will be scaled down anyway, and an
`UploadBudget` caps what one submission may decode and store in all.

Pure image processing: no models, no database, no storage.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pillow_heif
from PIL import ExifTags, Image, ImageFile

pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
# Stored images keep their longest edge within MAX_EDGE, which keeps phone screenshots as they are
# (an iPhone's are at most 1320 x 2868); a long scrolling screenshot is never made narrower than
# MIN_SHORT_EDGE, because that is what keeps its text legible.
MAX_EDGE = 3000
MIN_SHORT_EDGE = 1440

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "HEIF")
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
MAX_NAME_LENGTH = 80

# What Pillow and its plugins raise on malformed or truncated data.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


class ImageRejected(Exception):
    """Refused upload; str(exc) is a plain-English message for a parent, naming the file."""


class BudgetExceeded(ImageRejected):
    """The submission as a whole is too much to process or store; str(exc) says what to do."""


BUDGET_MESSAGE = (
    "Together these pictures are more than we can take in one go. Nothing you typed has been "
    "lost. Please choose fewer pictures, or smaller ones (screenshots rather than camera "
    "photos), keeping those that show what happened most clearly; you can add the others "
    "afterwards."
)


@dataclass
class UploadBudget:
    """What one submission may cost across all its images: pixels decoded and bytes stored."""

    max_pixels: int
    max_bytes: int
    pixels: int = 0
    stored: int = 0

    def charge_pixels(self, count: int) -> None:
        """Charged before decoding, so an over-budget image is never decoded."""
        self.pixels += count
        if self.pixels > self.max_pixels:
            raise BudgetExceeded(BUDGET_MESSAGE)

    def charge_bytes(self, count: int) -> None:
        self.stored += count
        if self.stored > self.max_bytes:
            raise BudgetExceeded(BUDGET_MESSAGE)


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes  # the re-encoded image we keep
    content_type: str  # "image/jpeg" or "image/png"
    extension: str  # "jpg" or "png"
    width: int
    height: int
    original_width: int  # as the parent saw it (upright), before any scaling
    original_height: int
    original_format: str  # Pillow format name of the upload: PNG, JPEG, WEBP, GIF, HEIF
    original_sha256: str  # hex sha256 of the uploaded bytes
    original_size: int  # bytes uploaded
    sha256: str  # hex sha256 of data
    thumbnail: bytes  # JPEG, fits within THUMBNAIL_SIZE
    decoded_pixels: int  # what decoding it cost, as charged to an UploadBudget


class Upload(Protocol):
    """The part of Django's UploadedFile we use."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterable[bytes]: ...


def _display_name(name: str | None) -> str:
    name = "".join(c if c.isprintable() else " " for c in (name or "")).strip() or "Your file"
    return name if len(name) <= MAX_NAME_LENGTH else name[: MAX_NAME_LENGTH - 1] + "…"


def _read(upload: Upload, name: str) -> bytes:
    """The upload's bytes, refusing early (and without reading further) once over the limit."""
    too_large = ImageRejected(
        f"“{name}” is larger than 10 MB. Please upload a smaller screenshot or photo."
    )
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise too_large
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise too_large
        chunks.append(chunk)
    if not total:
        raise ImageRejected(f"“{name}” is empty. Please choose the screenshot or photo again.")
    return b"".join(chunks)


def _too_big(name: str) -> ImageRejected:
    return ImageRejected(
        f"“{name}” is too large in pixels for us to process (the limit is "
        f"{MAX_PIXELS // 1_000_000} megapixels). Please upload a screenshot or a smaller photo."
    )


def _identify(data: bytes, name: str) -> Image.Image:
    """Identify the image and check its declared size; no pixel is decoded yet."""
    try:
        img = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big(name) from None
    except Exception:  # UnidentifiedImageError, or a plugin choking on garbage
        raise ImageRejected(
            f"“{name}” is not an image we can accept. "
            "Please upload a PNG, JPEG, WebP, GIF or HEIC image."
        ) from None
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise _too_big(name)
    return img


def _decode(img: Image.Image, name: str) -> None:
    try:
        with _strict_decoding():
            img.load()  # first frame only, for animated GIF and WebP
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big(name) from None
    except DECODE_ERRORS:
        raise ImageRejected(
            f"“{name}” seems to be damaged or incomplete. "
            "Please save or export it again and upload the new copy."
        ) from None


def stored_size(width: int, height: int) -> tuple[int, int]:
    """The size we keep: the longest edge within MAX_EDGE, unless that would take the shorter
    edge below MIN_SHORT_EDGE (a long scrolling screenshot), which then sets the scale."""
    scale = max(MAX_EDGE / max(width, height), MIN_SHORT_EDGE / min(width, height))
    if scale >= 1:
        return width, height
    return max(1, round(width * scale)), max(1, round(height * scale))


# EXIF orientation → the turn that shows the picture upright (as ImageOps.exif_transpose).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SIDEWAYS = {5, 6, 7, 8}


def _orientation(img: Image.Image) -> int:
    # Unreadable EXIF: keep the pixels as stored rather than refuse the picture.
    with contextlib.suppress(*DECODE_ERRORS):
        return int(img.getexif().get(ExifTags.Base.Orientation, 1))
    return 1


@contextlib.contextmanager
def _strict_decoding():
    """Refuse truncated data even if another library switched Pillow to lenient decoding.

    WeasyPrint sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True when it is imported, which would
    otherwise let a truncated upload through padded with grey.
    """
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _has_alpha(img: Image.Image) -> bool:
    if img.mode in ("RGBA", "LA", "PA"):
        alpha = img.getchannel("A").getextrema()
        return alpha[0] < 255  # a fully opaque alpha channel is no alpha at all
    return img.has_transparency_data


def _encode(img: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def _thumbnail(img: Image.Image) -> bytes:
    """A small RGB JPEG; shrinks `img` in place, so call it last."""
    img.thumbnail(THUMBNAIL_SIZE)
    if img.mode == "RGBA":
        flat = Image.new("RGB", img.size, "white")
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    return _encode(img, "JPEG", quality=THUMBNAIL_QUALITY)


def image_process(upload: Upload, *, budget: UploadBudget | None = None) -> ProcessedImage:
    """Validate one upload by content and re-encode it; raises ImageRejected with the reason.

    With a budget, the pixels decoded and the bytes stored are charged to it (BudgetExceeded).
    """
    name = _display_name(upload.name)
    original = _read(upload, name)
    original_sha256, original_size = hashlib.sha256(original).hexdigest(), len(original)
    img = _identify(original, name)
    del original  # the open image holds what it still needs
    original_format = "JPEG" if img.format == "MPO" else str(img.format)
    original_width, original_height = img.size
    target = stored_size(*img.size)
    if original_format == "JPEG" and target != img.size:
        img.draft(None, target)  # decode at 1/2, 1/4 or 1/8 scale, still at least target
    decoded_pixels = img.size[0] * img.size[1]
    if budget is not None:
        budget.charge_pixels(decoded_pixels)
    _decode(img, name)
    orientation = _orientation(img)  # after decoding: a PNG reads its EXIF by loading itself

    if img.mode.startswith("I;16"):  # 16-bit greyscale PNG: scale down, or convert() clips it
        img = img.convert("I").point(lambda value: value / 256).convert("L")
    alpha = _has_alpha(img)
    as_png = alpha or original_format in ("PNG", "GIF")
    mode = "RGBA" if alpha else "RGB"
    if img.mode != mode:
        img = img.convert(mode)
    if img.size != target:
        img = img.resize(target, Image.Resampling.BICUBIC, reducing_gap=3.0)
    if orientation in UPRIGHT:
        img = img.transpose(UPRIGHT[orientation])
        if orientation in SIDEWAYS:
            original_width, original_height = original_height, original_width
    img.info.clear()  # Pillow would otherwise copy ICC profiles and comments into the output

    if as_png:
        data = _encode(img, "PNG")
        content_type, extension = "image/png", "png"
    else:
        data = _encode(img, "JPEG", quality=JPEG_QUALITY)
        content_type, extension = "image/jpeg", "jpg"
    if budget is not None:
        budget.charge_bytes(len(data))
    width, height = img.size
    thumbnail = _thumbnail(img)  # shrinks img, so last

    return ProcessedImage(
        data=data,
        content_type=content_type,
        extension=extension,
        width=width,
        height=height,
        original_width=original_width,
        original_height=original_height,
        original_format=original_format,
        original_sha256=original_sha256,
        original_size=original_size,
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail,
        decoded_pixels=decoded_pixels,
    )
