"""The fine-tuned question encoder: shipped on the current corpus, its adapter applied as fitted, its graph
cached per adapter, and its probabilities averaged into the linear heads' reading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import QuestionModelMissing
from assistant.question_corpus import FORMS, TRAIN_FILES, corpus_hash, load
from assistant.question_encoder import SHIPPED_ENCODER, QuestionEncoder, SoftmaxHead, read_heads
from assistant.question_model import ALWAYS, NO_PROPERTY, QuestionModel
from knowledge.minilm_onnx import ADAPTER_PREFIX, apply_adapter

QUERY = "encoder.layer.5.attention.self.query.weight"


def test_the_shipped_encoder_was_fitted_on_the_current_corpus() -> None:
    """Change a training file without `python -m assistant.question_encoder_training` and this fails."""
    heads, metadata = read_heads(SHIPPED_ENCODER)
    assert metadata["corpus_hash"] == corpus_hash(TRAIN_FILES)
    assert metadata["questions"] == sum(len(load(path)) for path in TRAIN_FILES)
    assert metadata["settings"]["rank"] > 0 and metadata["torch"]
    assert set(heads["form"].classes) == set(FORMS)
    linear = QuestionModel.load().heads
    assert all(set(heads[h].classes) == set(linear[h].classes) for h in heads)


def test_an_adapter_adds_its_low_rank_update_to_the_weights_it_names(tmp_path: Path) -> None:
    weights = {QUERY: np.ones((3, 2), dtype=np.float32), "other": np.zeros(2, dtype=np.float32)}
    a, b = np.array([[1.0, 2.0]], dtype=np.float32), np.array([[1.0], [0.0], [-1.0]], dtype=np.float32)
    adapter = tmp_path / "adapter.npz"
    np.savez(adapter, lora_scale=np.asarray(0.5), **{f"{ADAPTER_PREFIX}{QUERY}:a": a, f"{ADAPTER_PREFIX}{QUERY}:b": b})
    adapted = apply_adapter(weights, adapter)
    assert np.allclose(adapted[QUERY], [[1.5, 2.0], [1.0, 1.0], [0.5, 0.0]])
    assert adapted["other"] is weights["other"] and np.all(weights[QUERY] == 1.0)  # the input is not changed


def test_an_adapter_for_a_weight_the_model_lacks_is_an_error(tmp_path: Path) -> None:
    adapter = tmp_path / "adapter.npz"
    zeros = np.zeros((1, 2), dtype=np.float32)
    factors = {f"{ADAPTER_PREFIX}nope:a": zeros, f"{ADAPTER_PREFIX}nope:b": zeros}
    np.savez(adapter, lora_scale=np.asarray(1.0), **factors)
    with pytest.raises(ValueError, match="nope"):
        apply_adapter({QUERY: np.zeros((2, 2), dtype=np.float32)}, adapter)


def _encoder_file(path: Path, b_value: float) -> Path:
    """An encoder file with a rank-1 update of one weight (``b_value`` 0: no change) and three tiny heads."""
    hidden = 384
    arrays = {
        "lora_scale": np.asarray(1.0),
        "logit_scale": np.asarray(20.0),
        f"{ADAPTER_PREFIX}{QUERY}:a": np.full((1, hidden), 0.05, dtype=np.float32),
        f"{ADAPTER_PREFIX}{QUERY}:b": np.full((hidden, 1), b_value, dtype=np.float32),
        "metadata": np.asarray(json.dumps({"corpus_hash": "x"})),
    }
    heads = {"form": ("choice", "off_topic"), "property": ("none",), "polarity": ("better", "worse")}
    for head, classes in heads.items():
        arrays[f"head:{head}:classes"] = np.asarray(classes)
        arrays[f"head:{head}:coef"] = np.zeros((len(classes), hidden), dtype=np.float32)
        arrays[f"head:{head}:intercept"] = np.arange(len(classes), dtype=np.float32)
    np.savez(path, **arrays)
    return path


def test_the_adapted_graph_is_the_model_itself_with_a_zero_update_and_cached_per_adapter(embedder, tmp_path) -> None:
    """A refit writes over the same file: the graph cache follows the adapter's bytes, not its path."""
    text = "Which framework imports faster?"
    base = embedder.encode([text])[0]
    models, path = tmp_path / "models", tmp_path / "question_encoder.npz"
    unchanged = QuestionEncoder.load(_encoder_file(path, 0.0), cache_dir=models, precision="fp32")
    assert float(unchanged.embedder.encode([text])[0] @ base) > 0.9999
    changed = QuestionEncoder.load(_encoder_file(path, 1.0), cache_dir=models, precision="fp32")
    assert float(changed.embedder.encode([text])[0] @ base) < 0.999
    assert changed.embedder.name != unchanged.embedder.name
    graphs = [p.name for p in models.glob("*.onnx")]  # the refit's graph replaced the first fit's
    assert len(graphs) == 1 and "-adapted-" in graphs[0]
    again = QuestionEncoder.load(_encoder_file(path, 1.0), cache_dir=models, precision="fp32")
    assert [p.name for p in models.glob("*.onnx")] == graphs  # the same adapter bytes reuse the graph
    assert np.allclose(again.embedder.encode([text]), changed.embedder.encode([text]))


def test_a_missing_or_malformed_encoder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionModelMissing, match="cannot read the question encoder"):
        QuestionEncoder.load(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    np.savez(broken, logit_scale=np.asarray(20.0))
    with pytest.raises(QuestionModelMissing, match="cannot read the question encoder"):
        QuestionEncoder.load(broken)
    for content in (b"", b"PK\x03\x04 truncated"):
        broken.write_bytes(content)
        with pytest.raises(QuestionModelMissing, match="cannot read the question encoder"):
            QuestionEncoder.load(broken)
    whole = _encoder_file(tmp_path / "whole.npz", 0.0).read_bytes()
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(QuestionModelMissing, match="cannot read the question encoder"):
        QuestionEncoder.load(broken)


def test_an_encoder_that_cannot_serve_is_refused_at_load(tmp_path: Path) -> None:
    arrays = dict(np.load(_encoder_file(tmp_path / "ok.npz", 0.0)))
    narrow = {**arrays, "head:form:coef": np.zeros((2, 100), dtype=np.float32)}
    np.savez(tmp_path / "narrow.npz", **narrow)
    with pytest.raises(QuestionModelMissing, match="reads 100 dimensions"):
        QuestionEncoder.load(tmp_path / "narrow.npz", precision="fp32")
    flat = {**arrays, "head:form:coef": np.zeros(2, dtype=np.float32)}
    np.savez(tmp_path / "flat.npz", **flat)
    with pytest.raises(QuestionModelMissing, match="do not match its classes"):
        QuestionEncoder.load(tmp_path / "flat.npz")
    embeddings = {**arrays, f"{ADAPTER_PREFIX}embeddings.word_embeddings.weight:a": np.zeros((1, 384), np.float32)}
    embeddings[f"{ADAPTER_PREFIX}embeddings.word_embeddings.weight:b"] = np.zeros((30522, 1), np.float32)
    np.savez(tmp_path / "embeddings.npz", **embeddings)
    for cache in (None, tmp_path / "models"):  # built here, or by the cache's child process
        with pytest.raises(QuestionModelMissing, match="not a dense weight of the encoder"):
            QuestionEncoder.load(tmp_path / "embeddings.npz", cache_dir=cache, precision="fp32")


class _FixedVector:
    """An embedder stand-in: every text is the same unit vector."""

    dimension = 384
    name = "fixed"

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return np.tile(np.eye(1, 384, dtype=np.float32), (len(texts), 1))


def _stub_encoder(classes: tuple[str, ...], favoured: str) -> QuestionEncoder:
    """An encoder whose form head is sure of ``favoured`` (its intercept), whatever the question."""
    intercept = np.asarray([8.0 if c == favoured else -float(i) for i, c in enumerate(classes)], dtype=np.float32)
    head = SoftmaxHead(classes, np.zeros((len(classes), 384), np.float32), intercept, 20.0)
    return QuestionEncoder(_FixedVector(), {"form": head}, {})


def test_the_encoders_probabilities_come_in_the_linear_heads_class_order() -> None:
    encoder = _stub_encoder(("choice", "who", "off_topic"), "choice")
    own = encoder.read("anything")["form"]
    aligned = encoder.aligned({"form": ("off_topic", "choice", "who")})("anything")["form"]
    assert np.array_equal(aligned, own[[2, 0, 1]]) and aligned.argmax() == 1
    with pytest.raises(QuestionModelMissing, match="refit both"):
        encoder.aligned({"form": ("choice", "who", "rating")})


def test_the_reader_reads_with_the_encoder_it_is_given(assistant) -> None:
    from assistant.question import QuestionReader
    from knowledge.frameworks import mask

    text = "Which framework should I use for deployment?"
    vectors = assistant.retriever.embed([text, mask(text) or text])
    model, article = assistant.reader.model, assistant.reader.article
    alone = QuestionReader(model, article).read(text, vectors[0], vectors[1])
    classes = model.heads["form"].classes
    other = next(c for c in classes if c != alone.form.value)
    encoder = _stub_encoder(classes, other)
    encoder.heads.update(
        {
            h: SoftmaxHead(
                head.classes,
                np.zeros((len(head.classes), 384), np.float32),
                np.zeros(len(head.classes), np.float32),
                20.0,
            )
            for h, head in model.heads.items()
            if h != "form"
        }
    )
    always = QuestionReader(model, article, encoder, encoder_weight=0.9, consult_below=ALWAYS)
    swayed = always.read(text, vectors[0], vectors[1])
    assert swayed.form.value == other != alone.form.value
    never = QuestionReader(model, article, encoder, encoder_weight=0.9, consult_below=0.0)
    assert never.read(text, vectors[0], vectors[1]) == alone
    assert assistant.reader.encoder is not None  # the fixture's assistant reads as served


def test_each_head_reads_the_average_of_both_readers(embedder) -> None:
    from assistant.question_features import featurize
    from assistant.question_training import bundled_article
    from knowledge.frameworks import mask

    model, article = QuestionModel.load(), bundled_article()
    text = "Which framework should I use for deployment?"
    vectors = embedder.encode([text, mask(text) or text])
    alone = model.read(text, vectors[0], vectors[1], article)
    classes = model.heads["form"].classes
    other = next(c for c in classes if c != alone.form)
    encoded = {h: np.eye(len(head.classes))[0] for h, head in model.heads.items()}
    encoded["form"] = np.eye(len(classes))[classes.index(other)]
    assert model.read(text, vectors[0], vectors[1], article, encode=lambda _: encoded, encoder_weight=0.0) == alone
    swayed = model.read(text, vectors[0], vectors[1], article, encode=lambda _: encoded, encoder_weight=0.9)
    assert swayed.form == other and swayed.confidence >= 0.9
    linear = model.heads["form"].probabilities(featurize(text, vectors[0], vectors[1], model.vocabulary, article))
    mixed = 0.5 * linear + 0.5 * encoded["form"]
    halfway = model.read(text, vectors[0], vectors[1], article, encode=lambda _: encoded, encoder_weight=0.5)
    assert halfway.form == classes[int(mixed.argmax())] and halfway.confidence == pytest.approx(mixed.max(), abs=1e-6)


def test_the_encoder_is_asked_only_where_a_linear_head_is_unsure(embedder) -> None:
    from assistant.question_features import featurize
    from assistant.question_training import bundled_article
    from knowledge.frameworks import mask

    model, article = QuestionModel.load(), bundled_article()
    text = "Which framework should I use for deployment?"
    vectors = embedder.encode([text, mask(text) or text])
    row = featurize(text, vectors[0], vectors[1], model.vocabulary, article)
    least_sure = min(float(head.probabilities(row).max()) for head in model.heads.values())
    asked: list[str] = []
    encoded = {h: np.eye(len(head.classes))[-1] for h, head in model.heads.items()}

    def encode(question: str) -> dict[str, np.ndarray]:
        asked.append(question)
        return encoded

    alone = model.read(text, vectors[0], vectors[1], article)
    sure = model.read(text, vectors[0], vectors[1], article, None, encode, 0.9, consult_below=least_sure)
    assert sure == alone and asked == []
    unsure = model.read(text, vectors[0], vectors[1], article, None, encode, 0.9, consult_below=least_sure + 1e-6)
    assert asked == [text]
    # every head, the sure ones too, then reads the average: the encoder's last class at 0.9 wins each
    assert unsure.form == model.heads["form"].classes[-1] and unsure.polarity == model.heads["polarity"].classes[-1]
    last_property = model.heads["property"].classes[-1]
    assert unsure.property == (None if last_property == NO_PROPERTY else last_property)


def test_the_served_encoder_reads_its_training_questions_as_it_was_fitted(assistant) -> None:
    """A drift between training and serving (pooling, scale, the adapter's orientation, class order) shows here:
    fitted, the encoder alone reads its training questions at about 0.99 / 0.99 / 0.97."""
    from assistant.question_training import target

    encoder = assistant.reader.encoder
    records = [r for path in TRAIN_FILES for r in load(path)][::27]  # about 150, every file
    right = dict.fromkeys(("form", "property", "polarity"), 0)
    for record in records:
        for head, probabilities in encoder.read(record.text).items():
            assert probabilities.sum() == pytest.approx(1.0, abs=1e-5) and (probabilities >= 0).all()
            right[head] += encoder.heads[head].classes[int(probabilities.argmax())] == target(record, head)
    assert right["form"] / len(records) >= 0.95 and right["property"] / len(records) >= 0.95
    assert right["polarity"] / len(records) >= 0.9


def test_the_served_encoder_caches_its_graph_in_the_data_dir(settings) -> None:
    from assistant.wiring import question_encoder

    encoder = question_encoder(settings.knowledge)
    graphs = list((settings.knowledge.data_dir / "models").glob("*-adapted-*.onnx"))
    assert graphs and f"+{SHIPPED_ENCODER.name}@" in encoder.embedder.name
    assert set(encoder.read("Which framework is easier to debug?")) == {"form", "property", "polarity"}
