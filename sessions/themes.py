"""Themes in what people wrote: short texts grouped by the words they share (TF-IDF and
k-means from scikit-learn, on this server only), each theme with a label from its top terms,
its size and a few example quotes. The same texts, in any order, give the same themes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score

MAX_THEMES = 6
MAX_QUOTES = 3
MAX_QUOTE_LENGTH = 240
LABEL_TERMS = 3
MIN_SILHOUETTE = 0.05
"""Below this no split is better than one theme: the texts share too little to group."""
NEAR_BEST = 0.95
"""The fewest themes whose silhouette is this near the best win: a split that barely scores
higher only cuts a theme in two."""
OTHER = "Other comments"
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
    """`themes` largest first; `other` counts the texts in no theme shown (too few alike, or
    in a theme smaller than the small-number threshold), which are never quoted."""

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
    """Group `texts` into themes. Themes of fewer than `threshold` texts are folded into
    "Other comments"; fewer than `threshold` texts in all show nothing but their number."""
    if threshold < 1:
        raise ValueError("The small-number threshold must be at least 1.")
    cleaned = sorted(t.strip() for t in texts if t and t.strip())  # sorted: order-independent
    total = len(cleaned)
    if total < max(threshold, 2):
        return Themes((), total if total >= threshold else 0, total, threshold)
    groups = _groups(cleaned, most=min(MAX_THEMES, total // threshold))
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
    return Themes(tuple(shown), other, total, threshold)


def _groups(texts: list[str], *, most: int) -> list[tuple[list[str], list[str]]]:
    """Each group's texts, nearest its centre first, with its terms by weight. Single words
    only (in answers this short, pairs split "friendly staff" from "staff were friendly"), and
    only those in two texts or more (a word one person used groups nothing); texts with none
    of those make a group with no terms. At most `most` groups: more could not all be shown."""
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
    labels = _cluster(matrix, most=most)
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


def _cluster(matrix: np.ndarray, *, most: int) -> np.ndarray:
    """k-means labels for the number of groups (2 to `most`) with the best silhouette (or
    nearly the best, with fewer groups), or one group when no split separates the texts. Fixed
    seed and starts: the same input gives the same groups."""
    rows = matrix.shape[0]
    tried: list[tuple[float, np.ndarray]] = []
    for k in range(2, min(most, rows - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(matrix)
        if len(set(labels.tolist())) == k:
            tried.append((float(silhouette_score(matrix, labels, metric="cosine")), labels))
    best = max((score for score, _ in tried), default=0.0)
    if best < MIN_SILHOUETTE:
        return np.zeros(rows, dtype=int)
    return next(labels for score, labels in tried if score >= best * NEAR_BEST)


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
