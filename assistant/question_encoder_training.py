"""Fit the question encoder (``assistant.question_encoder``): a low-rank adapter of MiniLM and three heads.

Every dense weight of the six layers (query, key, value, attention output, intermediate, output) gets a rank
:data:`RANK` update ``scale * B @ A`` (LoRA: ``B`` starts at zero, so training starts from the model itself);
the embeddings, the layer norms and the original weights stay frozen. The form, property and polarity heads
read the mean-pooled, L2-normalised vector times :data:`LOGIT_SCALE`, as serving does. One cross-entropy per
head, summed; AdamW with a linearly decaying rate; the training questions and their lower-case, unpunctuated
copies (``assistant.question_augment``), shuffled with a fixed seed.

Needs torch and transformers (the development install has both); serving needs neither. About five minutes on
two CPU cores::

    python -m assistant.question_encoder_training [--out PATH] [--hold-out FILE ...]

``--hold-out`` leaves training files out of both readers, fits them on the rest and prints the four figures on
the files left out for several encoder shares (nothing is written). The linear heads keep the shipped model's C
and temperatures, which were chosen with those files in: a slight advantage to the linear heads. The settings
here and :data:`assistant.question_encoder.ENCODER_WEIGHT` were chosen on two such folds (three files each) with
an experiment script that differed from this module in its casual copies, seed and a 64-token cut (BENCHMARKS.md,
ninth session of 2026-12-06).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.question_augment import augment
from assistant.question_corpus import TRAIN_FILES, LabelledQuestion, corpus_hash, load
from assistant.question_encoder import CONSULT_BELOW, HEADS, SHIPPED_ENCODER
from assistant.question_model import ALWAYS
from assistant.question_training import target
from knowledge.embedder import MAX_TOKENS
from knowledge.minilm_onnx import ADAPTER_PREFIX

RANK = 8
ALPHA = 16.0
"""The adapter's update is scaled by ``ALPHA / RANK`` (LoRA's convention)."""
LOGIT_SCALE = 20.0
"""The heads read the unit vector times this (a cosine-scaled softmax)."""
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01
SEED = 17
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def _classes(records: Sequence[LabelledQuestion]) -> dict[str, tuple[str, ...]]:
    return {head: tuple(sorted({target(r, head) for r in records})) for head in HEADS}


def _adapted_model() -> tuple[Any, dict[str, Any], Any]:
    """MiniLM (torch), frozen, with a LoRA module in place of each adapted dense layer; the tokenizer serving uses."""
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    from knowledge.embedder import model_path

    class LoRA(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(RANK, base.in_features) * 0.01)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (x @ self.a.T) @ self.b.T * (ALPHA / RANK)

    root = model_path()
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    bert = BertModel.from_pretrained(str(root), add_pooling_layer=False)
    for parameter in bert.parameters():
        parameter.requires_grad = False
    adapters: dict[str, Any] = {}
    for i, layer in enumerate(bert.encoder.layer):
        for name in ADAPTED:
            *path, last = name.split(".")
            parent = layer
            for part in path:
                parent = getattr(parent, part)
            adapters[f"encoder.layer.{i}.{name}.weight"] = adapter = LoRA(getattr(parent, last))
            setattr(parent, last, adapter)
    return bert, adapters, tokenizer


def vectors(bert: Any, tokenizer: Any, texts: Sequence[str]) -> Any:
    """Mean-pooled, L2-normalised vectors of ``texts`` (a torch tensor), as the served graph computes them."""
    import torch

    encodings = [tokenizer.encode(t) for t in texts]
    width = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(texts), width), dtype=torch.long)
    mask = torch.zeros((len(texts), width), dtype=torch.long)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    states = bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    weights = mask.unsqueeze(-1).float()
    pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def train(
    records: Sequence[LabelledQuestion], log: Callable[[str], None] = print, epochs: int = EPOCHS
) -> dict[str, np.ndarray]:
    """The adapter and heads fitted on ``records`` (and their casual copies), as the arrays of an encoder file."""
    import torch

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    bert, adapters, tokenizer = _adapted_model()
    classes = _classes(records)
    heads = torch.nn.ModuleDict({head: torch.nn.Linear(bert.config.hidden_size, len(classes[head])) for head in HEADS})
    index = {head: {c: i for i, c in enumerate(classes[head])} for head in HEADS}
    trained = [p for a in adapters.values() for p in (a.a, a.b)] + list(heads.parameters())
    optimiser = torch.optim.AdamW(trained, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    items = list(records) + augment(list(records), ("casual",))[0]
    steps = epochs * -(-len(items) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1.0 - step / steps))

    started = time.monotonic()
    for epoch in range(epochs):
        rng.shuffle(items)
        bert.train()
        total = 0.0
        for begin in range(0, len(items), BATCH):
            batch = items[begin : begin + BATCH]
            z = LOGIT_SCALE * vectors(bert, tokenizer, [r.text for r in batch])
            losses = [
                torch.nn.functional.cross_entropy(heads[h](z), torch.tensor([index[h][target(r, h)] for r in batch]))
                for h in HEADS
            ]
            loss = torch.stack(losses).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        log(f"epoch {epoch + 1}/{epochs}: loss {total:.1f} ({time.monotonic() - started:.0f} s)")
    arrays: dict[str, np.ndarray] = {"lora_scale": np.asarray(ALPHA / RANK), "logit_scale": np.asarray(LOGIT_SCALE)}
    for name, adapter in adapters.items():
        arrays[f"{ADAPTER_PREFIX}{name}:a"] = adapter.a.detach().numpy().astype(np.float32)
        arrays[f"{ADAPTER_PREFIX}{name}:b"] = adapter.b.detach().numpy().astype(np.float32)
    for head in HEADS:
        linear: torch.nn.Linear = heads[head]  # type: ignore[assignment]
        arrays[f"head:{head}:classes"] = np.asarray(classes[head])
        arrays[f"head:{head}:coef"] = linear.weight.detach().numpy().astype(np.float32)
        arrays[f"head:{head}:intercept"] = linear.bias.detach().numpy().astype(np.float32)
    return arrays


def settings() -> dict[str, Any]:
    return {
        "rank": RANK,
        "alpha": ALPHA,
        "logit_scale": LOGIT_SCALE,
        "epochs": EPOCHS,
        "batch": BATCH,
        "learning_rate": LEARNING_RATE,
        "weight_decay": WEIGHT_DECAY,
        "seed": SEED,
        "adapted": list(ADAPTED),
        "augmented": ["casual"],
    }


def save(arrays: dict[str, np.ndarray], metadata: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        np.savez_compressed(out, allow_pickle=False, metadata=np.asarray(json.dumps(metadata)), **arrays)


def build(files: Sequence[Path] = TRAIN_FILES, out: Path = SHIPPED_ENCODER) -> dict[str, Any]:
    import torch

    from knowledge.embedder import MODEL_NAME

    records = [r for path in files for r in load(path)]
    arrays = train(records)
    metadata = {
        "corpus_hash": corpus_hash(files),
        "corpus_files": [path.name for path in files],
        "questions": len(records),
        "embedding_model": MODEL_NAME,
        "settings": settings(),
        "torch": torch.__version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    save(arrays, metadata, out)
    return metadata


def held_out(names: Sequence[str], weights: Sequence[float] = (0.0, 0.35, 0.5, 0.65, 1.0)) -> None:
    """Fit both readers without the files ``names`` and print each head's figures on them, per encoder share,
    with the encoder asked where a linear head is unsure (as served) and on every question."""
    import tempfile

    from assistant import question_training as qt
    from assistant.question_encoder import QuestionEncoder
    from assistant.question_model import QuestionModel

    wanted = {Path(name).name for name in names}
    kept = [p for p in TRAIN_FILES if p.name not in wanted]
    left = [p for p in TRAIN_FILES if p.name in wanted]
    if len(left) != len(wanted):
        raise SystemExit(f"not training files: {sorted(wanted - {p.name for p in left})}")
    article = qt.bundled_article()
    train_data, test_data = qt.embedded_files(kept, article), qt.embedded_files(left, article)
    shipped = QuestionModel.load().metadata
    linear = qt.fit(train_data, shipped["c"], shipped["temperature"], {}, qt.copies_of(train_data))
    with tempfile.TemporaryDirectory(prefix="weighin-encoder-") as folder:
        path = Path(folder) / "encoder.npz"
        save(train([r for p in kept for r in load(p)]), {"held_out": list(names)}, path)
        encoder = QuestionEncoder.load(path)
        for weight in weights:
            for below in (CONSULT_BELOW, ALWAYS) if weight else (ALWAYS,):
                figures = qt.score(linear, test_data, encoder, weight, below)
                print(f"held out {', '.join(names)}; encoder share {weight}, asked below {below}: {figures}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the question encoder on the labelled corpus's train files.")
    parser.add_argument("--out", type=Path, default=SHIPPED_ENCODER, help="where to write the fitted encoder")
    parser.add_argument(
        "--hold-out", nargs="+", metavar="FILE", help="training files to leave out and score on (writes nothing)"
    )
    args = parser.parse_args(argv)
    if args.hold_out and args.out != SHIPPED_ENCODER:
        parser.error("--hold-out writes no encoder; leave out --out")
    if args.hold_out:
        held_out(args.hold_out)
        return
    metadata = build(out=args.out)
    print(f"wrote {args.out} ({metadata['questions']} questions)")


if __name__ == "__main__":
    main()
