"""Small decks for kinds the demo deck does not use, saved into the store for a test."""

from __future__ import annotations

OPEN_AND_CLOUD = """
title: Open answers and a word cloud
min_responses: 2
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: ideas, kind: open, title: "What helps you on a bad day?", max_length: 200}
  - {id: one-word, kind: wordcloud, title: One word for your back today, max_words: 3}
"""

DECKS = {"open-and-cloud": OPEN_AND_CLOUD}


def start_with_deck(start_session, store, deck_id):
    store.decks.save(deck_id, DECKS[deck_id])
    return start_session(deck_id=deck_id)
