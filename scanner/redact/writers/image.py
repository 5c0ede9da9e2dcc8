"""Images (scans, photos of documents, faxes): OCR word boxes give the places to black out.

Tesseract's word boxes are joined into lines in reading order; detection runs
on that text and every word that overlaps a removed value is painted over
(a little larger than its box, since OCR boxes hug the ink). The copy is
saved in the same format without EXIF, XMP or text chunks: a photo's
metadata can hold a location or an owner's name. An image with nothing to
remove and no metadata is copied unchanged.

With OCR off an image cannot be checked, so it is not copied at all.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageDraw, ImageSequence, UnidentifiedImageError

from scanner.errors import RedactionError
from scanner.extract.image import single_threaded_tesseract
from scanner.models import Location, Segment
from scanner.redact.dispatch import Job, UnredactableError
from scanner.redact.engine import Hit

PAD = 3
_BENIGN_INFO = frozenset(
    "dpi icc_profile gamma transparency compression jfif jfif_version jfif_unit jfif_density progressive "
    "progression duration loop background version interlace aspect adobe adobe_transform srgb chromaticity "
    "resolution photometric_interpretation".split()
)
_BLACK = {
    "RGB": (0, 0, 0),
    "RGBA": (0, 0, 0, 255),
    "CMYK": (0, 0, 0, 255),
    "L": 0,
    "1": 0,
    "I": 0,
    "LA": (0, 255),
}
_MAX_FRAMES = 500


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in image pixels
    line: tuple[int, ...]


def ocr_words(image: Image.Image) -> list[Word]:
    single_threaded_tesseract()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    try:
        data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractNotFoundError:
        raise UnredactableError("OCR engine (tesseract) is not installed") from None
    except pytesseract.TesseractError as exc:
        raise RedactionError(f"OCR failed (tesseract status {exc.status})") from None
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        left, top, width, height = (data[k][i] for k in ("left", "top", "width", "height"))
        line = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append(Word(text, (left, top, left + width, top + height), line))
    return words


def layout(words: Sequence[Word]) -> tuple[str, list[tuple[int, int]]]:
    """Text of the words (spaces within a line, newlines between) and each word's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    previous: tuple[int, ...] | None = None
    for w in words:
        if previous is not None:
            sep = " " if w.line == previous else "\n"
            parts.append(sep)
            at += 1
        spans.append((at, at + len(w.text)))
        parts.append(w.text)
        at += len(w.text)
        previous = w.line
    return "".join(parts), spans


def covered(hits: Sequence[Hit], spans: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes of words that overlap any hit."""
    return [i for i, (s, e) in enumerate(spans) if any(h.start < e and s < h.end for h in hits)]


def paint(
    image: Image.Image, boxes: Sequence[tuple[float, float, float, float]], pad: float = PAD
) -> Image.Image:
    if image.mode not in _BLACK:
        image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 - pad, top - pad, x1 + pad, bottom + pad], fill=_BLACK[image.mode])
    return image


def _has_metadata(image: Image.Image) -> bool:
    return any(key not in _BENIGN_INFO for key in image.info) or bool(getattr(image, "text", None))


def write_image(data: bytes, name: str, job: Job) -> bytes:
    if not job.redacting:
        return data
    if not job.config.ocr:
        raise UnredactableError("image; OCR is switched off, so its text cannot be checked")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            fmt = image.format or "PNG"
            frames = [
                f.copy() for _, f in zip(range(_MAX_FRAMES), ImageSequence.Iterator(image), strict=False)
            ]
            metadata = _has_metadata(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise RedactionError("image over the pixel limit (possible decompression bomb)") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise UnredactableError(f"not a readable image ({type(exc).__name__})") from None
    if fmt not in Image.SAVE:
        raise UnredactableError(f"{fmt} images cannot be written back")
    found = [ocr_words(frame) for frame in frames]
    laid = [layout(words) for words in found]
    segments = [Segment(text, Location(page=i + 1)) for i, (text, _) in enumerate(laid)]
    hits = job.transformer.find(segments)
    if not any(hits) and not metadata:
        return data
    for i, (words, (_, spans), frame_hits) in enumerate(zip(found, laid, hits, strict=True)):
        if frame_hits:
            frames[i] = paint(frames[i], [words[j].box for j in covered(frame_hits, spans)])
    return _save(frames, fmt, image)


def _save(frames: list[Image.Image], fmt: str, original: Image.Image) -> bytes:
    out = io.BytesIO()
    options: dict[str, object] = {}
    if "icc_profile" in original.info:
        options["icc_profile"] = original.info["icc_profile"]
    if "dpi" in original.info:
        options["dpi"] = original.info["dpi"]
    if fmt == "JPEG":
        options["quality"] = 92
        frames = [f.convert("RGB") if f.mode not in ("RGB", "L", "CMYK") else f for f in frames]
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:])
    frames[0].save(out, format=fmt, **options)
    return out.getvalue()
