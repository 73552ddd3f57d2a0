"""The Talkback domain: decks, activities, live sessions and their store."""
