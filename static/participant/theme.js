// "Larger text and high contrast" on every phone page, kept on this device.
// A plain blocking script at the top of the page (not a module, which would
// wait for the page to load), so the chosen look is there before the first paint.

(() => {
  const KEY = "talkback:contrast";
  const root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch {
      return false; // storage blocked: the normal look
    }
  }

  function keep(on) {
    try {
      if (on) window.localStorage.setItem(KEY, "on");
      else window.localStorage.removeItem(KEY);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }

  root.classList.toggle("theme-contrast", stored());
  // The button only shows once this script has run, so it never sits there doing nothing.
  root.classList.add("can-theme");

  function wire() {
    const button = document.getElementById("contrast-toggle");
    if (!button) return;
    button.setAttribute("aria-pressed", String(root.classList.contains("theme-contrast")));
    button.addEventListener("click", () => {
      const on = !root.classList.contains("theme-contrast");
      root.classList.toggle("theme-contrast", on);
      button.setAttribute("aria-pressed", String(on));
      keep(on);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
