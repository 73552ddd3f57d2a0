"""Themes in what people wrote: short texts grouped by the words they share (TF-IDF and
average-linkage clustering from scikit-learn, on this server only), each theme with a label
from its top terms, its size and a few example quotes. The same texts, in any order, give the
same themes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

MAX_THEMES = 6
MAX_QUOTES = 3
MAX_QUOTE_LENGTH = 240
LABEL_TERMS = 3
APART = 0.9
"""Cosine distance at which two groups are too unlike to merge: 1 is no word in common. The
fixed comments of the tests give the same themes anywhere from 0.8 to 0.95."""
_WORD = re.compile(r"[a-z][a-z']+")
# Words every piece of feedback uses, which would otherwise pull unlike comments together.
_COMMON = frozenset(
    {"really", "very", "just", "session", "class", "felt", "feel", "think", "lot", "bit", "good"}
)
_STOP = ENGLISH_STOP_WORDS | _COMMON


@dataclass(frozen=True)
class Theme:
    label: str
    size: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Themes:
    """`themes` largest first; `other` counts the texts in no theme shown ("Other comments":
    sharing no word with another text, or in a theme smaller than the small-number threshold
    or beyond the largest MAX_THEMES), which are never quoted."""

    themes: tuple[Theme, ...]
    other: int
    total: int
    threshold: int

    @property
    def withheld(self) -> bool:
        """Too few texts to show anything of them."""
        return 0 < self.total < self.threshold


def stem(word: str) -> str:
    """A light normalisation, so that 'waiting', 'waited' and 'wait' are one term."""
    word = word.replace("'", "")
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def _surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """For each stem, the word people most often wrote for it (ties: the first in order)."""
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if word not in _STOP:
                seen.setdefault(stem(word), Counter())[word] += 1
    return {s: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for s, c in seen.items()}


def find_themes(texts: Sequence[str], *, threshold: int) -> Themes:
    """Group `texts` into themes, at most MAX_THEMES. Themes of fewer than `threshold` texts
    (and any beyond the largest MAX_THEMES) are folded into "Other comments"; fewer than
    `threshold` texts in all show nothing but their number."""
    if threshold < 1:
        raise ValueError("The small-number threshold must be at least 1.")
    cleaned = sorted(t.strip() for t in texts if t and t.strip())  # sorted: order-independent
    total = len(cleaned)
    if total < max(threshold, 2):
        return Themes((), total if total >= threshold else 0, total, threshold)
    groups = _groups(cleaned)
    forms = _surface_forms(cleaned)
    shown: list[Theme] = []
    other = 0
    for members, terms in groups:
        if not terms or len(members) < threshold:
            other += len(members)
            continue
        label = ", ".join(forms.get(t, t) for t in terms[:LABEL_TERMS])
        shown.append(Theme(label.capitalize(), len(members), _quotes(members)))
    shown.sort(key=lambda t: (-t.size, t.label))
    other += sum(t.size for t in shown[MAX_THEMES:])  # a long tail of themes reads as none
    return Themes(tuple(shown[:MAX_THEMES]), other, total, threshold)


def _groups(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """Each group's texts, nearest its centre first, with its terms by weight. Single words
    only (in answers this short, pairs split "friendly staff" from "staff were friendly"), and
    only those in two texts or more (a word one person used groups nothing); texts with none
    of those make a group with no terms."""
    vectoriser = TfidfVectorizer(
        analyzer=_terms, min_df=2, sublinear_tf=True, norm="l2", dtype=np.float64
    )
    try:
        matrix = vectoriser.fit_transform(texts).toarray()
    except ValueError:  # not one term in any text
        return [(texts, [])]
    vocabulary = vectoriser.get_feature_names_out()
    has_terms = matrix.sum(axis=1) > 0
    wordless = [t for t, keep in zip(texts, has_terms, strict=True) if not keep]
    matrix, kept = matrix[has_terms], [t for t, keep in zip(texts, has_terms, strict=True) if keep]
    labels = _cluster(matrix)
    groups: list[tuple[list[str], list[str]]] = []
    for number in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == number)
        centre = matrix[rows].mean(axis=0)
        nearest = sorted(rows.tolist(), key=lambda r: (-float(matrix[r] @ centre), kept[r]))
        order = sorted(range(len(vocabulary)), key=lambda i: (-centre[i], vocabulary[i]))
        terms = [str(vocabulary[i]) for i in order if centre[i] > 0]
        groups.append(([kept[r] for r in nearest], terms))
    if wordless:
        groups.append((wordless, []))
    return groups


def _cluster(matrix: np.ndarray) -> np.ndarray:
    """Group labels by average-linkage clustering on cosine distance: groups merge while,
    on average, their texts share enough weighted words. No seed, no random start: the same
    input gives the same groups, and the number of groups follows from the texts."""
    if matrix.shape[0] < 2:
        return np.zeros(matrix.shape[0], dtype=int)
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=APART
    )
    return np.asarray(clustering.fit_predict(matrix))


def _quotes(members: Sequence[str]) -> tuple[str, ...]:
    """The texts nearest the theme's centre, shortened; never the same words twice."""
    quotes: list[str] = []
    for text in members:
        short = text if len(text) <= MAX_QUOTE_LENGTH else text[: MAX_QUOTE_LENGTH - 1] + "…"
        if short not in quotes:
            quotes.append(short)
        if len(quotes) == MAX_QUOTES:
            break
    return tuple(quotes)
