"""Images (scans, photos of documents, faxes): OCR through tesseract.

With OCR switched off an image cannot be read at all, so it is reported as
``unsupported`` ("OCR disabled") rather than as a clean file: the inventory
must not claim an unread scan holds no personal data.

Pillow's decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``) applies; an
image over it is ``too_large``.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator

import pytesseract
from PIL import Image, ImageSequence, UnidentifiedImageError

from scanner.errors import ExtractError, ExtractTimeoutError, FileTooLargeError, UnsupportedFormatError
from scanner.extract.base import Blob, ExtractContext
from scanner.models import Location, Segment

# Animated GIFs and similar: frames after the first are rarely documents.
_ALL_FRAMES = frozenset({"TIFF", "MPO"})
_MAX_FRAMES = 500


def single_threaded_tesseract() -> None:
    """Make the tesseract processes started from here read a page on one thread.

    tesseract spreads a page over OpenMP threads (four by default), while a scan already reads
    a page per worker process. On a 2-core machine the threads mostly waited for each other:
    six scanned pages took 99 s, 57 s of it system time, with one worker or two; on one
    thread each they took 12 s. tesseract reads ``OMP_THREAD_LIMIT`` from the environment it
    inherits; a value the user set is kept.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr_image(image: Image.Image, ctx: ExtractContext) -> str:
    """Text tesseract reads in ``image``; honours the per-file deadline."""
    single_threaded_tesseract()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    timeout = 0.0
    if ctx.deadline is not None:
        timeout = ctx.deadline - time.monotonic()
        if timeout <= 0:
            raise ExtractTimeoutError("per-file time limit reached")
    try:
        return str(pytesseract.image_to_string(image, timeout=timeout))
    except pytesseract.TesseractNotFoundError:
        raise ExtractError("OCR engine (tesseract) is not installed") from None
    except pytesseract.TesseractError as exc:
        raise ExtractError(f"OCR failed (tesseract status {exc.status})") from None
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise ExtractTimeoutError("per-file time limit reached during OCR") from None
        raise


def extract_image(blob: Blob, ctx: ExtractContext) -> Iterator[Segment]:
    if not ctx.ocr:
        raise UnsupportedFormatError("image; OCR disabled")
    with blob.open() as fh, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fh)
            frames = getattr(image, "n_frames", 1) if image.format in _ALL_FRAMES else 1
            if frames > _MAX_FRAMES:
                raise FileTooLargeError(f"image has more than {_MAX_FRAMES} pages")
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= frames:
                    break
                ctx.check_time()
                frame.load()
                text = ocr_image(frame, ctx)
                if text.strip():
                    yield Segment(text, Location(page=index + 1 if frames > 1 else None))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise FileTooLargeError("image over the pixel limit (possible decompression bomb)") from None
        except UnidentifiedImageError:
            raise ExtractError("not a readable image") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ExtractError(f"damaged image ({type(exc).__name__})") from None
