"""Generate small llama-architecture GGUF models with random weights.

The vocabulary is SentencePiece-style with all 256 byte tokens, so any UTF-8 text
(English, Chinese, emoji) tokenizes through byte fallback. The output rows of the control
tokens are zero while the others are large, so greedy and ordinary sampling practically
never end a stream early: tests can rely on text arriving.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# A reasoning model's template as Qwen3 writes it: it thinks unless ``enable_thinking`` is
# false, and then the generation prompt holds an empty thinking block.
QWEN3_STYLE_TEMPLATE = CHATML_TEMPLATE.replace(
    "{{ '<|im_start|>assistant\\n' }}",
    "{{ '<|im_start|>assistant\\n' }}"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "{{ '<think>\\n\\n</think>\\n\\n' }}{% endif %}")
# A template that always opens a thinking block for the answer (as DeepSeek-R1's does).
REASONING_TEMPLATE = CHATML_TEMPLATE.replace(
    "{{ '<|im_start|>assistant\\n' }}", "{{ '<|im_start|>assistant\\n<think>\\n' }}")

_CONTROL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
_WORDS = ["the", "a", "an", "and", "of", "to", "in", "is", "it", "that", "was", "for", "on",
          "with", "as", "he", "she", "they", "we", "you", "I", "this", "be", "at", "by",
          "not", "are", "or", "from", "but", "have", "had", "his", "her", "their", "one",
          "all", "there", "what", "so", "up", "out", "if", "about", "who", "which", "when",
          "will", "more", "no", "time", "would", "can", "said", "like", "just", "into",
          "story", "writing", "text", "model", "draft", "word", "words", "line", "page",
          "write", "wrote", "rain", "river", "night", "light", "morning", "city", "house",
          "window", "quiet", "slowly", "under", "over", "again", "before", "after"]
_CHINESE = ["你", "好", "的", "是", "我", "们", "写", "作", "文", "本", "模", "型", "世", "界",
            "天", "下", "雨", "城", "市", "夜", "晚", "光", "，", "。", "你好", "世界", "写作"]


@dataclass(frozen=True)
class TinyModelSpec:
    """Shape and metadata of a generated model."""

    n_embd: int = 64
    n_layer: int = 2
    n_head: int = 4
    n_head_kv: int = 2
    n_ff: int = 128
    context_length: int = 4096
    chat_template: str | None = CHATML_TEMPLATE
    architecture: str = "llama"
    quantization: gguf.GGMLQuantizationType = gguf.GGMLQuantizationType.F32
    extra_words: int = 0
    seed: int = 1234
    name: str = "writer-app tiny test model"
    split_max_tensors: int = 0
    script: tuple[str, ...] = ()
    """Pieces the model says, greedily, after a prompt ending in a newline, then its end of
    text: e.g. ("<think>", "▁plan", "</think>", "▁Done", "."). Each is made a token; the
    layers are then transparent, so every token predicts the next piece on its own."""


# The model writer-app --self-test loads, shipped as resources/self-test.gguf (8-bit, so
# the file stays small): regenerate it with write_tiny_model when this spec changes.
SELF_TEST_SPEC = TinyModelSpec(quantization=gguf.GGMLQuantizationType.Q8_0,
                               name="writer-app self-test model")


def _vocabulary(extra_words: int, script: tuple[str, ...] = ()
                ) -> tuple[list[str], list[float], list[int]]:
    tokens: list[str] = list(_CONTROL)
    types = [gguf.TokenType.UNKNOWN] + [gguf.TokenType.CONTROL] * (len(_CONTROL) - 1)
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    pieces = ["▁"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    pieces += [chr(c) for c in range(ord("A"), ord("Z") + 1)] + list(",.;:!?'\"-()0123456789")
    pieces += ["▁" + w for w in _WORDS] + _CHINESE
    pieces += [f"▁w{i}" for i in range(extra_words)] + list(script)
    unique = list(dict.fromkeys(pieces))
    tokens += unique
    types += [gguf.TokenType.NORMAL] * len(unique)
    scores = [0.0] * (len(_CONTROL) + 256) + [-100.0 + len(p) for p in unique]
    return tokens, scores, [int(t) for t in types]


def _tensor(writer: gguf.GGUFWriter, name: str, data: np.ndarray,
            quantization: gguf.GGMLQuantizationType) -> None:
    data = data.astype(np.float32)
    if quantization == gguf.GGMLQuantizationType.F32 or data.ndim == 1:
        writer.add_tensor(name, data)
        return
    writer.add_tensor(name, gguf.quants.quantize(data, quantization), raw_dtype=quantization)


def _write_metadata(writer: gguf.GGUFWriter, spec: TinyModelSpec, tokens: list[str],
                    scores: list[float], types: list[int]) -> None:
    head_dim = spec.n_embd // spec.n_head
    writer.add_name(spec.name)
    writer.add_license("apache-2.0")
    writer.add_context_length(spec.context_length)
    writer.add_embedding_length(spec.n_embd)
    writer.add_block_count(spec.n_layer)
    writer.add_feed_forward_length(spec.n_ff)
    writer.add_head_count(spec.n_head)
    writer.add_head_count_kv(spec.n_head_kv)
    writer.add_rope_dimension_count(head_dim)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(
        gguf.LlamaFileType.ALL_F32
        if spec.quantization == gguf.GGMLQuantizationType.F32
        else gguf.LlamaFileType.MOSTLY_Q8_0
    )
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if spec.chat_template is not None:
        writer.add_eot_token_id(4)
        writer.add_chat_template(spec.chat_template)


def _follow_script(spec: TinyModelSpec, tokens: list[str], embeddings: np.ndarray,
                   output: np.ndarray) -> None:
    """Make the newline token predict the script's first piece, each piece the next, and
    the last one the end of text: token i of the chain has the i-th unit vector as its
    embedding, and the next token's output row points along it, far above the rest."""
    chain = [tokens.index("<0x0A>"), *(tokens.index(piece) for piece in spec.script), 2]
    if len(set(chain)) != len(chain) or len(chain) > spec.n_embd:
        raise ValueError("a script needs distinct pieces, fewer than the embedding size")
    for position, (token, following) in enumerate(itertools.pairwise(chain)):
        embeddings[token] = 0.0
        embeddings[token, position] = 1.0
        output[following] = 0.0
        output[following, position] = 50.0


def write_tiny_model(path: Path, spec: TinyModelSpec = TinyModelSpec()) -> Path:
    """Write a model described by ``spec`` to ``path`` and return the path.

    With ``split_max_tensors`` the model is split into parts named
    ``NAME-00001-of-0000N.gguf``; the first part's path is returned.
    """
    rng = np.random.default_rng(spec.seed)
    tokens, scores, types = _vocabulary(spec.extra_words, spec.script)
    n_vocab = len(tokens)
    head_dim = spec.n_embd // spec.n_head
    n_embd_kv = head_dim * spec.n_head_kv

    writer = gguf.GGUFWriter(str(path), spec.architecture,
                             split_max_tensors=spec.split_max_tensors)
    _write_metadata(writer, spec, tokens, scores, types)

    def normal(*shape: int, scale: float = 0.02) -> np.ndarray:
        return rng.standard_normal(shape, dtype=np.float32) * scale

    q = spec.quantization
    embeddings = normal(n_vocab, spec.n_embd, scale=1.0)
    output = normal(n_vocab, spec.n_embd, scale=1.0)
    output[: len(_CONTROL)] = 0.0
    silent = np.ones(1, dtype=np.float32)
    if spec.script:
        _follow_script(spec, tokens, embeddings, output)
        silent = np.zeros(1, dtype=np.float32)  # layers add nothing to the residual
    _tensor(writer, "token_embd.weight", embeddings, q)
    for i in range(spec.n_layer):
        _tensor(writer, f"blk.{i}.attn_norm.weight", np.ones(spec.n_embd), q)
        _tensor(writer, f"blk.{i}.attn_q.weight", normal(spec.n_embd, spec.n_embd), q)
        _tensor(writer, f"blk.{i}.attn_k.weight", normal(n_embd_kv, spec.n_embd), q)
        _tensor(writer, f"blk.{i}.attn_v.weight", normal(n_embd_kv, spec.n_embd), q)
        _tensor(writer, f"blk.{i}.attn_output.weight",
                normal(spec.n_embd, spec.n_embd) * silent, q)
        _tensor(writer, f"blk.{i}.ffn_norm.weight", np.ones(spec.n_embd), q)
        _tensor(writer, f"blk.{i}.ffn_gate.weight", normal(spec.n_ff, spec.n_embd), q)
        _tensor(writer, f"blk.{i}.ffn_up.weight", normal(spec.n_ff, spec.n_embd), q)
        _tensor(writer, f"blk.{i}.ffn_down.weight", normal(spec.n_embd, spec.n_ff) * silent, q)
    _tensor(writer, "output_norm.weight", np.ones(spec.n_embd), q)
    _tensor(writer, "output.weight", output, q)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    if spec.split_max_tensors:
        parts = sorted(path.parent.glob(f"{path.stem}-*-of-*.gguf"))
        return parts[0]
    return path
