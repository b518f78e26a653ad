"""all-MiniLM-L6-v2 as an ONNX graph, written from the checkpoint's weights: no torch, no exporter, no download.

The graph is the BERT encoder (post-LayerNorm, exact GELU through ``Erf``) followed by sentence-transformers'
mean pooling and L2 normalisation, so one ``InferenceSession.run`` turns token ids into the final vectors.
ONNX Runtime's CPU kernels run it about twice as fast as the same arithmetic in NumPy for one short
question (its small-matrix GEMMs and fused element-wise passes), which is what an answer waits for.

Inputs ``input_ids``, ``attention_mask``, ``token_type_ids`` (int64, batch x length); output ``embedding``
(float32, batch x hidden). Building takes about half a second; :func:`cached_model` keeps the serialised
graph on disk, keyed by the weights file, the precision, an adapter's bytes (:func:`apply_adapter`) and
:data:`GRAPH_VERSION`, with its tensors in a file of
their own beside it: ONNX Runtime maps that file instead of copying the tensors out of the graph, so a server
holds only the pages it reads (of the 47 MB word-embedding table, the rows of the tokens it meets): about
35 MB less resident memory than a graph holding its weights, and 85 MB less at its peak while loading. The
vectors are the same bit for bit.

Precision ``int8`` stores the weights of every dense layer as int8 with one scale per output channel and
quantises their inputs on the fly (ONNX Runtime's dynamic quantisation, weight MatMuls only: the attention
products stay float). One question embeds about 2.5 times faster on this class of CPU, and its vector keeps a
cosine of at least 0.99 to the float32 one (``tests/knowledge/test_embedder.py``). The activation scale is
computed over the whole batch, so an int8 graph must embed each text alone to keep a text's vector
independent of its batch-mates; :class:`knowledge.embedder.MiniLMEmbedder` does.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

GRAPH_VERSION = 2
"""Bump when the graph, its files or :func:`apply_adapter` change: cached files of other versions are rebuilt (2:
weights in a file of their own)."""
WORD_EMBEDDINGS = "word"
"""The graph's name for the word-embedding table: ``knowledge.embedder`` supplies it to a session by this name."""
OPSET = 18
PRECISIONS = ("fp32", "int8")


class _Graph:
    """Accumulates nodes and initialisers; each op returns its (generated) output name."""

    def __init__(self) -> None:
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    def const(self, name: str, value: Any) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, **attributes: Any) -> str:
        from onnx import helper

        self._count += 1
        output = f"t{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [output], **attributes))
        return output


def _encoder_layers(g: _Graph, x: str, bias: str, weights: dict[str, np.ndarray], config: dict[str, Any]) -> str:
    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    eps = float(config["layer_norm_eps"])
    g.const("split", np.array([0, 0, heads, hidden // heads], dtype=np.int64))
    g.const("merge", np.array([0, 0, hidden], dtype=np.int64))
    g.const("scale", np.float32(1.0 / math.sqrt(hidden // heads)))

    def linear(t: str, name: str) -> str:
        w = g.const(f"{name}.wt", np.ascontiguousarray(weights[f"{name}.weight"].T))
        return g.op("Add", g.op("MatMul", t, w), g.const(f"{name}.b", weights[f"{name}.bias"]))

    def norm(t: str, name: str) -> str:
        scale, shift = g.const(f"{name}.g", weights[f"{name}.weight"]), g.const(f"{name}.b", weights[f"{name}.bias"])
        return g.op("LayerNormalization", t, scale, shift, axis=-1, epsilon=eps)

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}"
        q, k, v = (g.op("Reshape", linear(x, f"{p}.attention.self.{n}"), "split") for n in ("query", "key", "value"))
        scores = g.op("MatMul", g.op("Transpose", q, perm=[0, 2, 1, 3]), g.op("Transpose", k, perm=[0, 2, 3, 1]))
        attention = g.op("Softmax", g.op("Add", g.op("Mul", scores, "scale"), bias), axis=-1)
        context = g.op("MatMul", attention, g.op("Transpose", v, perm=[0, 2, 1, 3]))
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), "merge")
        x = norm(g.op("Add", x, linear(context, f"{p}.attention.output.dense")), f"{p}.attention.output.LayerNorm")
        inner = linear(x, f"{p}.intermediate.dense")
        gelu = g.op("Mul", g.op("Mul", inner, "half"), g.op("Add", "one_f", g.op("Erf", g.op("Mul", inner, "isqrt2"))))
        x = norm(g.op("Add", x, linear(gelu, f"{p}.output.dense")), f"{p}.output.LayerNorm")
    return x


def build_model(weights: dict[str, np.ndarray], config: dict[str, Any]) -> Any:
    """The ``onnx.ModelProto`` for these weights (names as in the HF checkpoint, without ``bert.``)."""
    from onnx import TensorProto, checker, helper

    g = _Graph()
    for name, value in {
        "zero": np.int64(0),
        "one": np.int64(1),
        "one_f": np.float32(1.0),
        "half": np.float32(0.5),
        "isqrt2": np.float32(1.0 / math.sqrt(2.0)),
        "lowest": np.float32(np.finfo(np.float32).min),
        "axes_12": np.array([1, 2], dtype=np.int64),
        "axis_1": np.array([1], dtype=np.int64),
        "axis_last": np.array([-1], dtype=np.int64),
        "tiny_count": np.float32(1e-9),
        "tiny_norm": np.float32(1e-12),
    }.items():
        g.const(name, value)
    emb = {
        n: g.const(n, weights[f"embeddings.{n}_embeddings.weight"]) for n in (WORD_EMBEDDINGS, "position", "token_type")
    }
    positions = g.op("Range", "zero", g.op("Gather", g.op("Shape", "input_ids"), "one", axis=0), "one")
    x = g.op(
        "Add",
        g.op("Add", g.op("Gather", emb["word"], "input_ids"), g.op("Gather", emb["position"], positions)),
        g.op("Gather", emb["token_type"], "token_type_ids"),
    )
    x = g.op(
        "LayerNormalization",
        x,
        g.const("embeddings.LayerNorm.g", weights["embeddings.LayerNorm.weight"]),
        g.const("embeddings.LayerNorm.b", weights["embeddings.LayerNorm.bias"]),
        axis=-1,
        epsilon=float(config["layer_norm_eps"]),
    )
    mask = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    bias = g.op("Unsqueeze", g.op("Mul", g.op("Sub", "one_f", mask), "lowest"), "axes_12")
    x = _encoder_layers(g, x, bias, weights, config)
    # Mean pooling over real tokens, then L2 normalisation (sentence-transformers' Pooling + Normalize).
    mask3 = g.op("Unsqueeze", mask, "axis_last")
    summed = g.op("ReduceSum", g.op("Mul", x, mask3), "axis_1", keepdims=0)
    pooled = g.op("Div", summed, g.op("Max", g.op("ReduceSum", mask3, "axis_1", keepdims=0), "tiny_count"))
    g.op("Div", pooled, g.op("Max", g.op("ReduceL2", pooled, "axis_last", keepdims=1), "tiny_norm"))
    g.nodes[-1].output[0] = "embedding"
    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"])
        for name in ("input_ids", "attention_mask", "token_type_ids")
    ]
    output = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", int(config["hidden_size"])])
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", inputs, [output], g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 9
    checker.check_model(model)
    return model


def load_weights(root: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    from safetensors.numpy import load_file

    config = json.loads((root / "config.json").read_text())
    tensors = load_file(str(root / "model.safetensors"))
    return {k.removeprefix("bert."): np.asarray(v, dtype=np.float32) for k, v in tensors.items()}, config


def quantized(model: Any) -> Any:
    """``model`` with int8 weights for its weight MatMuls (per output channel) and dynamically quantised inputs."""
    import tempfile

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(prefix="weighin-minilm-") as folder:
        target = Path(folder) / "int8.onnx"
        quantize_dynamic(
            model,
            target,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            extra_options={"MatMulConstBOnly": True},  # attention's activation x activation products stay float
        )
        return onnx.load(str(target))


ADAPTER_PREFIX = "lora:"
"""Keys of an adapter file: ``lora:<weight name>:a`` (rank x in) and ``lora:<weight name>:b`` (out x rank) for
each adapted dense weight, and ``lora_scale``; the file may hold other arrays (a classifier's heads), which
are not read here."""


def apply_adapter(weights: dict[str, np.ndarray], adapter: Path) -> dict[str, np.ndarray]:
    """``weights`` with a low-rank adapter's updates added: ``W + scale * B @ A`` for each adapted weight (LoRA;
    ``assistant.question_encoder_training`` fits one). Only the encoder layers' dense weights may be adapted (the
    embeddings are shared with unadapted sessions, ``knowledge.embedder.word_table``); any other name is an error."""
    adapted = dict(weights)
    with np.load(adapter, allow_pickle=False) as data:
        scale = float(data["lora_scale"])
        names = {key[len(ADAPTER_PREFIX) : -2] for key in data.files if key.startswith(ADAPTER_PREFIX)}
        for name in sorted(names):
            if not name.startswith("encoder.layer.") or name not in weights or weights[name].ndim != 2:
                raise ValueError(f"{adapter}: adapts {name!r}, which is not a dense weight of the encoder's layers")
            a, b = data[f"{ADAPTER_PREFIX}{name}:a"], data[f"{ADAPTER_PREFIX}{name}:b"]
            adapted[name] = (weights[name] + scale * (b.astype(np.float32) @ a.astype(np.float32))).astype(np.float32)
    return adapted


def model_proto(root: Path, precision: str = "fp32", adapter: Path | None = None) -> Any:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    weights, config = load_weights(root)
    if adapter is not None:
        weights = apply_adapter(weights, adapter)
    model = build_model(weights, config)
    return quantized(model) if precision == "int8" else model


def model_bytes(root: Path, precision: str = "fp32", adapter: Path | None = None) -> bytes:
    return bytes(model_proto(root, precision, adapter).SerializeToString())


GRAPH_PREFIX = "all-MiniLM-L6-v2-"
"""How a cached graph's file name begins; its kind (precision, adapted) and its key's hash follow."""


def tensors_path(graph: Path) -> Path:
    """The file that holds the tensors of a cached graph (the graph names it by this file name)."""
    return graph.with_suffix(".tensors")


def cached_model(root: Path, cache_dir: Path, precision: str = "fp32", adapter: Path | None = None) -> Path:
    """The graph for the model at ``root`` (with ``adapter``'s updates, when given), built once and kept in
    ``cache_dir`` (written atomically), keyed by the weights file and the adapter's bytes.

    The build runs in a child process: it briefly holds the weights three times over (arrays, graph,
    serialised bytes), which the long-running process that loads the result should never carry. A new build
    removes the graphs of the same kind it replaces (another checkpoint file or install, another adapter: 58-90
    MB each); graphs of other kinds (the retrieval graph beside the question encoder's) stay.
    """
    weights_file = root / "model.safetensors"
    stat = weights_file.stat()
    adapted = hashlib.sha256(adapter.read_bytes()).hexdigest() if adapter is not None else ""
    key = hashlib.sha256(
        f"{weights_file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{GRAPH_VERSION}|{adapted}".encode()
    )
    kind = f"{precision}-adapted" if adapter is not None else precision
    target = cache_dir / f"{GRAPH_PREFIX}{kind}-{key.hexdigest()[:16]}.onnx"
    if not (target.exists() and tensors_path(target).exists()):
        cache_dir.mkdir(parents=True, exist_ok=True)
        build = [sys.executable, "-m", "knowledge.minilm_onnx", str(root), str(target), precision]
        build += [str(adapter)] if adapter is not None else []
        done = subprocess.run(build, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(f"building the MiniLM ONNX graph failed: {done.stderr.strip()[-500:]}")
        _drop_replaced(cache_dir, kind, target)
    return target


def _drop_replaced(cache_dir: Path, kind: str, kept: Path) -> None:
    """Remove the cached graphs of ``kind`` other than ``kept``, with their tensors. A process that still has
    one loaded keeps reading it (the files are unlinked, not overwritten)."""
    replaced = re.compile(rf"{re.escape(GRAPH_PREFIX + kind)}-[0-9a-f]{{16}}\.onnx")
    for graph in cache_dir.iterdir():
        if graph != kept and replaced.fullmatch(graph.name):
            tensors_path(graph).unlink(missing_ok=True)
            graph.unlink(missing_ok=True)


def write_model(root: Path, target: Path, precision: str = "fp32", adapter: Path | None = None) -> None:
    """Write the graph at ``target`` and its tensors at :func:`tensors_path`, each swapped in whole: the tensors
    first, so a graph file never names a tensors file that is not all there."""
    import shutil

    import onnx

    staging = target.parent / f".{target.stem}.{os.getpid()}.tmp"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        tensors = tensors_path(target)
        onnx.save_model(
            model_proto(root, precision, adapter),
            str(staging / target.name),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=tensors.name,
            size_threshold=1024,
        )
        (staging / tensors.name).replace(tensors)
        (staging / target.name).replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    write_model(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        sys.argv[3] if len(sys.argv) > 3 else "fp32",
        Path(sys.argv[4]) if len(sys.argv) > 4 else None,
    )
