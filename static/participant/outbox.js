// Answers that the server has not acknowledged yet, kept in localStorage so a
// dropped connection or a reload never loses them. One entry per step: a new
// answer to the same step replaces the old one, as on the server. Other sends
// (an anonymous question) carry their own `key` and `event`.

const PREFIX = "talkback:outbox:";

/** A unique answer id. Older phones (and plain-http pages) lack randomUUID. */
export function newAnswerId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") {
    try {
      return c.randomUUID();
    } catch {
      // randomUUID throws outside secure contexts in some browsers; fall through.
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Outbox {
  constructor(sessionId) {
    this.key = PREFIX + sessionId;
    this.items = this.load();
  }

  load() {
    try {
      const data = JSON.parse(window.localStorage.getItem(this.key) || "{}");
      return data && typeof data === "object" && !Array.isArray(data) ? data : {};
    } catch {
      return {}; // storage blocked or corrupt: carry on in memory
    }
  }

  save() {
    try {
      if (Object.keys(this.items).length) window.localStorage.setItem(this.key, JSON.stringify(this.items));
      else window.localStorage.removeItem(this.key);
    } catch {
      // Private browsing or a full store: the answer still goes out from memory.
    }
  }

  /** The entry waiting under a key: a step id, or an entry's own `key`. */
  get(key) {
    return this.items[key] || null;
  }

  all() {
    return Object.values(this.items);
  }

  put(entry) {
    this.items[keyOf(entry)] = entry;
    this.save();
  }

  /** Remove the entry under key, but only if it is still this answer (not a newer one). */
  remove(key, id) {
    const entry = this.items[key];
    if (entry && entry.id === id) {
      delete this.items[key];
      this.save();
    }
  }

  clear() {
    this.items = {};
    this.save();
  }
}

/** Where an entry is kept: its own key, or its step (one answer per step). */
export function keyOf(entry) {
  return entry.key || entry.step_id;
}
