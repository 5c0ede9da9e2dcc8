"""The text side of redaction: units in, replaced units out.

A writer hands over *units*: the text of one paragraph, cell, header or
block, as the list of *pieces* it is stored in (the ``w:t`` runs of a Word
paragraph split by formatting, the data and entity references of an HTML
block). Detection runs on the joined text; a replacement lands in the first
editable piece it touches and the rest of the value is cut from the others,
so a name split over three runs disappears from all three.

``Redactor`` (redact) and ``Unredactor`` (restore encrypted tokens) share
that machinery. A ``Redactor`` lives for one top-level file and remembers
every value it removed:

- later units are swept for literal repeats of those values, so a name NER
  saw once is removed where it missed it (a second pass also re-detects on
  the changed text, whose new context can reveal more);
- verification checks the output for them.

The values stay in memory only; nothing here logs or returns them.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from presidio_anonymizer.entities import InvalidParamError

from scanner.detect import Detector
from scanner.errors import ConfigError, RedactionError
from scanner.models import Location, Segment
from scanner.redact.keys import Keyring
from scanner.redact.operators import TOKEN_RE, Decrypt
from scanner.redact.policy import OperatorSet, Policy

MAX_PASSES = 3
SWEEP_MIN_CHARS = 3
_EXTENSION = re.compile(r"(?:\.tar)?\.[A-Za-z0-9]{1,5}$", re.IGNORECASE)
# In a file name as written ("policy-schedule-2024-0117") only entities whose
# shape proves them count: joined by hyphens, any number after "policy" looks
# like a policy number. Everything is looked for again with separators read
# as spaces.
_NAME_WORD = re.compile(r"[^\W\d_]{3,}(?:[-'’][^\W\d_]+)*")
_HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir madam jr sr".split())
_NAME_AS_WRITTEN = frozenset(
    "US_SSN EMAIL_ADDRESS CREDIT_CARD IBAN_CODE IP_ADDRESS PHONE_NUMBER US_NPI VIN UK_NHS UK_NINO US_MBI "
    "DEA_NUMBER ABA_ROUTING_NUMBER".split()
)
_NAME_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass
class Unit:
    """One piece of running text as stored: ``pieces`` join to what a reader sees."""

    pieces: list[str]
    context: tuple[str, ...] = ()
    location: Location = field(default_factory=Location)
    # False for pieces that stand for structure (a tab element, a line break):
    # they are kept even inside a removed value.
    editable: list[bool] | None = None

    @classmethod
    def of(cls, text: str, context: tuple[str, ...] = (), location: Location | None = None) -> Unit:
        return cls([text], context, location or Location())

    @property
    def text(self) -> str:
        return "".join(self.pieces)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity: str
    replacement: str | None = None


def _merge(hits: list[Hit]) -> list[Hit]:
    """Sorted, with overlaps folded into the earlier hit."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and h.start < out[-1].end:
            last = out[-1]
            out[-1] = Hit(last.start, max(last.end, h.end), last.entity, None)
            continue
        out.append(h)
    return out


def blank(seg: Segment, spans: Sequence[tuple[int, int]]) -> Segment:
    """``seg`` with the given spans turned into spaces, offsets unchanged."""
    if not spans:
        return seg
    chars = list(seg.text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return dataclasses.replace(seg, text="".join(chars))


def _inside(h: Hit, spans: list[tuple[int, int]]) -> bool:
    return any(s <= h.start and h.end <= e for s, e in spans)


class TextTransformer:
    """Shared machinery: apply hits to piece lists, keep track of inserted text."""

    mode = "redact"

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.operators_used: dict[str, str] = {}
        self.inserted: set[str] = set()
        self.naming: str | None = None  # set while a file name is being transformed

    # -- to be provided ------------------------------------------------------------
    def _hits(
        self, segments: Sequence[Segment], protected: list[list[tuple[int, int]]], first: bool
    ) -> list[list[Hit]]:
        raise NotImplementedError

    def _replacement(self, hit: Hit, value: str) -> str:
        raise NotImplementedError

    def find(self, segments: Sequence[Segment]) -> list[list[Hit]]:
        """Spans to black out (PDF, images); nothing for transformers that do not remove."""
        return [[] for _ in segments]

    def learn(self, segments: Sequence[Segment]) -> None:
        """Detect in text that is not written back (another view of the same page), so
        the values found there are swept from the units that are."""

    def whole(self, entity: str, value: str) -> str:
        """A field that *is* an entity by definition (a document's author is a PERSON)."""
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------
    def transform(self, texts: Sequence[str], contexts: Sequence[tuple[str, ...]] | None = None) -> list[str]:
        units = [Unit.of(t, contexts[i] if contexts else ()) for i, t in enumerate(texts)]
        return ["".join(p) for p in self.transform_units(units)]

    def transform_units(self, units: Sequence[Unit]) -> list[list[str]]:
        """New pieces for every unit (same number of pieces, some shortened or emptied)."""
        pieces = [list(u.pieces) for u in units]
        protected: list[list[tuple[int, int]]] = [[] for _ in units]
        todo = [i for i, u in enumerate(units) if u.text.strip()]
        for n in range(MAX_PASSES):
            if not todo:
                break
            segs = [Segment("".join(pieces[i]), units[i].location, units[i].context) for i in todo]
            found = self._hits(segs, [protected[i] for i in todo], n == 0)
            changed = []
            for i, seg, hits in zip(todo, segs, found, strict=True):
                hits = [h for h in _merge(hits) if not _inside(h, protected[i])]
                if hits:
                    pieces[i], protected[i] = self._apply(
                        pieces[i], units[i].editable, seg.text, hits, protected[i]
                    )
                    changed.append(i)
            todo = changed
        return pieces

    def _apply(
        self,
        pieces: list[str],
        editable: list[bool] | None,
        text: str,
        hits: list[Hit],
        protected: list[tuple[int, int]],
    ) -> tuple[list[str], list[tuple[int, int]]]:
        pieces = list(pieces)
        protected = list(protected)
        for h in reversed(hits):
            value = text[h.start : h.end]
            rep = h.replacement if h.replacement is not None else self._replacement(h, value)
            bounds, offset = [], 0
            for piece in pieces:
                bounds.append((offset, offset + len(piece)))
                offset += len(piece)
            targets = [
                j
                for j, (ps, pe) in enumerate(bounds)
                if ps < h.end and pe > h.start and (editable is None or editable[j])
            ]
            if not targets:
                raise RedactionError("a value sits in text that cannot be edited")
            for j in targets:
                ps = bounds[j][0]
                a, b = max(h.start, ps) - ps, min(h.end, bounds[j][1]) - ps
                piece = pieces[j]
                pieces[j] = piece[:a] + (rep if j == targets[0] else "") + piece[b:]
            delta = len(rep) - (h.end - h.start)
            protected = [(s + delta, e + delta) if s >= h.end else (s, e) for s, e in protected]
            protected.append((h.start, h.start + len(rep)))
            self.inserted.add(rep)
        return pieces, protected

    def transform_name(self, name: str) -> str:
        """A file or member name with values replaced; ``_``, ``-`` and ``.`` read as spaces.

        The extension is never touched, and a PERSON needs a capital letter
        here: NER reads short lower-case names ("scan jpg") as people.
        """
        m = _EXTENSION.search(name)
        stem, ext = (name[: m.start()], m.group(0)) if m and m.start() > 0 else (name, "")
        if not stem.strip():
            return name
        self.naming = "as-written"
        try:
            # As written first ("536-22-1947"), then with separators read as spaces ("Maria_Gonzalez").
            stem = "".join(self.transform_units([Unit.of(stem)])[0])
            self.naming = "spaced"
            parts = re.split(r"([_\-.]+)", stem)
            unit = Unit(
                [" " if i % 2 else p for i, p in enumerate(parts)],
                editable=[i % 2 == 0 for i in range(len(parts))],
            )
            new = self.transform_units([unit])[0]
        finally:
            self.naming = None
        out = "".join(parts[i] if i % 2 else _NAME_UNSAFE.sub("_", p) for i, p in enumerate(new))
        return (out if out.strip(" ._") else "_") + ext


class Redactor(TextTransformer):
    """Detect, filter by policy, operate; remembers what it removed (in memory)."""

    mode = "redact"

    def __init__(self, detector: Detector, operators: OperatorSet) -> None:
        super().__init__()
        self.detector = detector
        self.ops = operators
        self.policy: Policy = operators.policy
        # casefolded, whitespace-collapsed value -> (entity, value)
        self.removed: dict[str, tuple[str, str]] = {}
        self._sweep: re.Pattern[str] | None = None
        self._parts: re.Pattern[str] | None = None
        self._sweep_size = -1

    @staticmethod
    def key(value: str) -> str:
        return " ".join(value.casefold().split())

    def _remember(self, entity: str, value: str) -> None:
        if value.strip():
            self.removed.setdefault(self.key(value), (entity, value))

    def seed(self, values: Iterable[tuple[str, str]]) -> None:
        """Values to remove wherever they appear, found before this attempt began
        (by the check of an earlier attempt): the sweep then finds them everywhere."""
        for entity, value in values:
            self._remember(entity, value)

    def sweep_pattern(self) -> re.Pattern[str] | None:
        """One regex for every removed value long enough to search for safely."""
        if self._sweep_size != len(self.removed):
            values = sorted(
                {v for k, (_, v) in self.removed.items() if len(k) >= SWEEP_MIN_CHARS}, key=len, reverse=True
            )
            alts = [r"\s+".join(re.escape(w) for w in v.split()) for v in values]
            self._sweep = (
                re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE) if alts else None
            )
            self._parts = self._name_parts()
            self._sweep_size = len(self.removed)
        return self._sweep

    def _name_parts(self) -> re.Pattern[str] | None:
        """Each word of a removed name, alone: a letter signed "Maria Gonzalez" also
        says "Dear Maria" and "Gonzalez, Maria", which NER often misses.

        Only words of three letters or more, and only as a name is written
        (as stored, capitalised or upper case), so "Do" of "Linh Do" and the
        verb "do", or "park" in a sentence, stay.
        """
        words = {
            w
            for entity, value in self.removed.values()
            if entity == "PERSON"
            for w in _NAME_WORD.findall(value)
            if w.casefold() not in _HONORIFICS
        }
        forms = sorted(
            {f for w in words for f in (w, w[:1].upper() + w[1:], w.upper())}, key=len, reverse=True
        )
        if not forms:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")

    def _detected(self, segments: Sequence[Segment]) -> list[list[Hit]]:
        out = []
        for seg, results in zip(segments, self.detector.analyze(segments), strict=True):
            hits = [Hit(r.start, r.end, r.entity_type) for r in results if self.policy.removes(r.entity_type)]
            if self.naming:
                hits = [
                    h
                    for h in hits
                    if h.entity != "PERSON" or any(c.isupper() for c in seg.text[h.start : h.end])
                ]
            if self.naming == "as-written":
                hits = [h for h in hits if h.entity in _NAME_AS_WRITTEN]
            out.append(hits)
        return out

    def _swept(self, text: str, hits: list[Hit], protected: list[tuple[int, int]]) -> list[Hit]:
        pattern = self.sweep_pattern()
        if pattern is None:
            return []
        extra: list[Hit] = []
        for m in pattern.finditer(text):
            h = Hit(m.start(), m.end(), self.removed[self.key(m.group(0))][0])
            if _inside(h, protected) or any(h.start < o.end and o.start < h.end for o in hits):
                continue
            extra.append(h)
        if self._parts is not None:
            taken = hits + extra
            for m in self._parts.finditer(text):
                h = Hit(m.start(), m.end(), "PERSON")
                if _inside(h, protected) or any(h.start < o.end and o.start < h.end for o in taken):
                    continue
                extra.append(h)
        return extra

    def _hits(
        self, segments: Sequence[Segment], protected: list[list[tuple[int, int]]], first: bool
    ) -> list[list[Hit]]:
        # Our own tokens are blanked for detection (same offsets): "<DATE_OF_BIRTH>"
        # holds the context word "birth" and would turn the next date into one.
        found = self._detected([blank(seg, prot) for seg, prot in zip(segments, protected, strict=True)])
        for seg, hits, prot in zip(segments, found, protected, strict=True):
            for h in hits:
                if not _inside(h, prot):
                    self._remember(h.entity, seg.text[h.start : h.end])
        # Sweep only after every unit was detected, so a value found late in
        # the document is also removed where it appeared earlier.
        for seg, hits, prot in zip(segments, found, protected, strict=True):
            hits.extend(self._swept(seg.text, hits, prot))
        return found

    def find(self, segments: Sequence[Segment]) -> list[list[Hit]]:
        found = self._hits(segments, [[] for _ in segments], True)
        for seg, hits in zip(segments, found, strict=True):
            for h in hits:
                self.counts[h.entity] += 1
                self.operators_used[h.entity] = "blackout"
                self._remember(h.entity, seg.text[h.start : h.end])
        return [_merge(h) for h in found]

    def learn(self, segments: Sequence[Segment]) -> None:
        self._hits(segments, [[] for _ in segments], True)  # remembers what it detects

    def _replacement(self, hit: Hit, value: str) -> str:
        self.counts[hit.entity] += 1
        self.operators_used[hit.entity] = self.ops.name_for(hit.entity)
        return self.ops.apply(hit.entity, value)

    def whole(self, entity: str, value: str) -> str:
        if not value.strip() or not self.policy.removes(entity):
            return value
        self._remember(entity, value)
        rep = self._replacement(Hit(0, len(value), entity), value)
        self.inserted.add(rep)
        return rep

    def replace_literal(self, value: str) -> str:
        """A string with every remembered value in it replaced (a safety net for
        copies of the text a format keeps where no reader looks, such as caches)."""
        pattern = self.sweep_pattern()
        if pattern is None or not value:
            return value

        def sub(m: re.Match[str]) -> str:
            entity = self.removed[self.key(m.group(0))][0]
            rep = self._replacement(Hit(m.start(), m.end(), entity), m.group(0))
            self.inserted.add(rep)
            return rep

        return pattern.sub(sub, value)


class Unredactor(TextTransformer):
    """Puts encrypted values back for a holder of the keyring."""

    mode = "unredact"

    def __init__(self, keyring: Keyring) -> None:
        super().__init__()
        self.keyring = keyring
        self._decrypt = Decrypt()
        self._decrypt.validate({"keyring": keyring})

    def _open(self, token: str) -> str:
        try:
            return self._decrypt.operate(token, {"keyring": self.keyring})
        except (InvalidParamError, ConfigError) as exc:
            raise RedactionError(str(exc)) from None

    def _hits(
        self, segments: Sequence[Segment], protected: list[list[tuple[int, int]]], first: bool
    ) -> list[list[Hit]]:
        if not first:
            return [[] for _ in segments]  # restored values are not tokens; one pass
        out = []
        for seg in segments:
            hits = []
            for m in TOKEN_RE.finditer(seg.text):
                self.counts[m.group(1)] += 1
                self.operators_used[m.group(1)] = "decrypt"
                hits.append(Hit(m.start(), m.end(), m.group(1), self._open(m.group(0))))
            out.append(hits)
        return out

    def whole(self, entity: str, value: str) -> str:
        return TOKEN_RE.sub(lambda m: self._open(m.group(0)), value)

    def transform_name(self, name: str) -> str:
        return name  # names carry sanitised tokens that cannot be decrypted
