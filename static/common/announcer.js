// What a page says to screen readers through its live region: messages that arrive together
// are read together, not one over the other.

/** Returns announce(text), which speaks through the live region `el`. */
export function announcer(el) {
  let toAnnounce = [];
  return function announce(text) {
    toAnnounce.push(text);
    if (toAnnounce.length > 1) return;
    // Clear first so the same words are read again if they repeat.
    el.textContent = "";
    window.setTimeout(() => {
      el.textContent = toAnnounce.join(" ");
      toAnnounce = [];
    }, 50);
  };
}
