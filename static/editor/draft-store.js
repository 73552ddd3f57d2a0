// The draft kept in this browser until the server has it, so a dropped connection, a closed
// tab or a crash loses nothing. One entry per deck: {draft, rev, dirty, at}.

const key = (deckId) => `talkback:deck-draft:${deckId}`;

export function loadLocal(deckId) {
  try {
    const raw = window.localStorage.getItem(key(deckId));
    const entry = raw ? JSON.parse(raw) : null;
    return entry && entry.draft && typeof entry.rev === "number" ? entry : null;
  } catch (error) {
    return null;
  }
}

/** Keep the latest draft; `rev` is the server revision it was based on. */
export function keepLocal(deckId, draft, rev, dirty = true) {
  try {
    window.localStorage.setItem(key(deckId), JSON.stringify({ draft, rev, dirty, at: new Date().toISOString() }));
    return true;
  } catch (error) {
    return false; // storage full or blocked: the server copy is all there is
  }
}

export function forgetLocal(deckId) {
  try {
    window.localStorage.removeItem(key(deckId));
  } catch (error) {
    /* nothing kept, nothing to forget */
  }
}
