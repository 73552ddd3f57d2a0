"""The staff side: sign-in, decks, starting sessions, the console and the screen."""
