import hashlib
import io
import time
import warnings

import pytest
from PIL import Image, ImageFile

from incidents.services.images import (
    MAX_UPLOAD_BYTES,
    THUMBNAIL_SIZE,
    BudgetExceeded,
    ImageRejected,
    ProcessedImage,
    UploadBudget,
    image_process,
)
from tests import imagefiles

ACCEPTED_TYPES = "PNG, JPEG, WebP, GIF or HEIC"


def opened(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def rejection(upload) -> str:
    with pytest.raises(ImageRejected) as caught:
        image_process(upload)
    return str(caught.value)


# --- accepted ---------------------------------------------------------------------------------


def test_png_is_accepted_and_stays_png():
    result = image_process(imagefiles.png(size=(400, 300)))
    assert isinstance(result, ProcessedImage)
    assert (result.content_type, result.extension, result.original_format) == (
        "image/png",
        "png",
        "PNG",
    )
    assert (result.width, result.height) == (400, 300)
    img = opened(result.data)
    assert (img.format, img.mode, img.size) == ("PNG", "RGB", (400, 300))


def test_jpeg_with_gps_is_stored_without_exif_or_gps():
    upload = imagefiles.jpeg_with_gps()
    original = upload.read()
    assert imagefiles.has_exif(original) and imagefiles.has_gps(original)

    result = image_process(upload)

    assert (result.content_type, result.extension, result.original_format) == (
        "image/jpeg",
        "jpg",
        "JPEG",
    )
    assert not imagefiles.has_exif(result.data)
    assert not imagefiles.has_gps(result.data)
    assert b"iPhone" not in result.data and b"Apple" not in result.data


def test_hashes_are_of_the_uploaded_bytes_and_of_the_stored_bytes():
    upload = imagefiles.jpeg_with_gps()
    original = upload.read()

    result = image_process(upload)

    assert result.original_sha256 == hashlib.sha256(original).hexdigest()
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    assert result.original_sha256 != result.sha256
    assert result.original_size == len(original)


def test_heic_is_accepted_and_converted_to_jpeg():
    result = image_process(imagefiles.heic(size=(640, 480)))
    assert result.original_format == "HEIF"
    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    img = opened(result.data)
    assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (640, 480))
    assert not imagefiles.has_exif(result.data)


def test_transparent_png_keeps_its_alpha():
    result = image_process(imagefiles.transparent_png())
    img = opened(result.data)
    assert (img.format, img.mode) == ("PNG", "RGBA")
    assert img.getpixel((0, 0))[3] == 0


def test_animated_gif_keeps_its_first_frame_as_png():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    upload = imagefiles._upload("funny.gif", out.getvalue(), "image/gif")

    result = image_process(upload)

    img = opened(result.data)
    assert (result.original_format, img.format, img.size) == ("GIF", "PNG", (60, 40))
    assert img.convert("RGB").getpixel((30, 20)) == (255, 0, 0)


def test_trailing_bytes_after_a_jpeg_are_dropped():
    result = image_process(imagefiles.jpeg(trailing=b"<script>alert(1)</script>" * 10))
    assert result.data.endswith(b"\xff\xd9")
    assert b"<script>" not in result.data


def test_exif_orientation_is_applied():
    result = image_process(imagefiles.jpeg_rotated(size=(200, 100), orientation=6))
    assert (result.width, result.height) == (100, 200)
    assert opened(result.data).size == (100, 200)


def test_thumbnail_is_a_jpeg_within_320_pixels_square():
    result = image_process(imagefiles.png(size=(1200, 800)))
    thumb = opened(result.thumbnail)
    assert (thumb.format, thumb.mode) == ("JPEG", "RGB")
    assert thumb.width <= THUMBNAIL_SIZE[0] and thumb.height <= THUMBNAIL_SIZE[1]
    assert thumb.size == (320, 213)


def test_thumbnail_of_a_transparent_png_is_flattened_on_white():
    thumb = opened(image_process(imagefiles.transparent_png()).thumbnail)
    assert thumb.mode == "RGB"
    assert all(channel > 245 for channel in thumb.getpixel((2, 2)))


# --- refused ----------------------------------------------------------------------------------


def test_svg_with_script_is_rejected():
    message = rejection(imagefiles.svg_with_script(name="evidence.svg"))
    assert "“evidence.svg”" in message
    assert ACCEPTED_TYPES in message


def test_html_renamed_png_is_rejected():
    message = rejection(imagefiles.html_renamed_png(name="chat.png"))
    assert "“chat.png” is not an image we can accept" in message
    assert ACCEPTED_TYPES in message


def test_png_signature_followed_by_html_is_rejected():
    message = rejection(imagefiles.png_header_then_html(name="chat.png"))
    assert "“chat.png”" in message
    assert ACCEPTED_TYPES in message


def test_bmp_is_rejected_with_the_accepted_types():
    message = rejection(imagefiles.bmp(name="chat.bmp"))
    assert "“chat.bmp” is not an image we can accept" in message
    assert ACCEPTED_TYPES in message


def test_truncated_image_is_rejected_as_damaged():
    message = rejection(imagefiles.truncated_png(name="chat.png"))
    assert "“chat.png” seems to be damaged or incomplete" in message


def test_50000_pixel_square_declared_size_is_rejected_quickly():
    upload = imagefiles.huge_declared_png(50_000, 50_000)
    assert upload.size < 10_000

    started = time.perf_counter()
    message = rejection(upload)

    assert time.perf_counter() - started < 1
    assert "“huge.png” is too large in pixels" in message


def test_over_40_megapixels_is_rejected_before_any_pixel_is_decoded(monkeypatch):
    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    message = rejection(imagefiles.huge_declared_png(8_000, 6_000))  # 48 MP
    assert "is too large in pixels" in message


def test_pillow_decompression_bomb_warning_raised_as_error_is_a_rejection():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = rejection(imagefiles.huge_declared_png(10_000, 10_000))  # Pillow warns > 89 MP
    assert "is too large in pixels" in message


def test_file_over_10_mb_is_rejected():
    message = rejection(imagefiles.oversized(name="big.png", nbytes=11 * 1024 * 1024))
    assert "“big.png” is larger than 10 MB" in message


def test_file_over_10_mb_is_rejected_without_being_read():
    class Unreadable:
        name = "big.png"
        size = MAX_UPLOAD_BYTES + 1

        def chunks(self, chunk_size=None):
            raise AssertionError("the file was read")

    assert "“big.png” is larger than 10 MB" in rejection(Unreadable())


def test_empty_file_is_rejected():
    assert "“screenshot.png” is empty" in rejection(imagefiles.empty(name="screenshot.png"))


def test_long_file_names_are_cut_to_80_characters_in_messages():
    message = rejection(imagefiles.empty(name="a" * 200 + ".png"))
    assert f"“{'a' * 79}…”" in message


def test_truncated_image_is_refused_even_after_weasyprint_is_imported():
    import weasyprint  # noqa: F401  (it sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True)
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with pytest.raises(ImageRejected, match="damaged or incomplete"):
            image_process(imagefiles.truncated_png())
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


# --- scaling and the per-submission budget ----------------------------------------------------


def test_phone_screenshot_is_stored_at_its_own_size():
    result = image_process(imagefiles.png(size=(1170, 2532)))
    assert (result.width, result.height) == (1170, 2532)
    assert (result.original_width, result.original_height) == (1170, 2532)


def test_large_camera_photo_is_scaled_to_a_3000_pixel_longest_edge_and_its_size_recorded():
    result = image_process(imagefiles.jpeg(size=(6000, 4500)))
    assert (result.width, result.height) == (3000, 2250)
    assert (result.original_width, result.original_height) == (6000, 4500)
    assert opened(result.data).size == (3000, 2250)
    assert opened(result.thumbnail).size == (320, 240)


def test_long_scrolling_screenshot_keeps_a_legible_width():
    narrow = image_process(imagefiles.png(size=(1080, 7000)))
    assert (narrow.width, narrow.height) == (1080, 7000)
    wide = image_process(imagefiles.jpeg(size=(2000, 8000)))
    assert (wide.width, wide.height) == (1440, 5760)


def test_scaled_sideways_photo_is_upright_and_records_its_upright_size():
    result = image_process(imagefiles.jpeg_rotated(size=(6000, 4500), orientation=6))
    assert (result.width, result.height) == (2250, 3000)
    assert (result.original_width, result.original_height) == (4500, 6000)


def test_large_jpeg_is_decoded_at_reduced_scale():
    budget = UploadBudget(max_pixels=10**9, max_bytes=10**9)
    image_process(imagefiles.jpeg(size=(6000, 4500)), budget=budget)
    assert budget.pixels == 3000 * 2250  # a quarter of the 27 million pixels declared


def test_image_past_the_pixel_budget_is_refused_before_it_is_decoded(monkeypatch):
    budget = UploadBudget(max_pixels=500_000, max_bytes=10**9)
    image_process(imagefiles.png(size=(640, 480)), budget=budget)
    second = imagefiles.png(size=(640, 480))
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(BudgetExceeded, match="choose fewer pictures, or smaller ones"):
        image_process(second, budget=budget)


def test_image_past_the_byte_budget_is_refused():
    budget = UploadBudget(max_pixels=10**9, max_bytes=4_000_000)
    image_process(imagefiles.noise_png(size=(1000, 1000)), budget=budget)  # about 3 MB
    with pytest.raises(BudgetExceeded):
        image_process(imagefiles.noise_png(size=(1000, 1000), seed=1), budget=budget)
