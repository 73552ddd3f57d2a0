// "Larger text and high contrast" on every phone page, kept on this device, and the words
// that say a newly chosen language.
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

  // After a language change: said once the page has settled (a live region speaks changes).
  function announceLanguage() {
    const status = document.getElementById("language-status");
    if (!status || !status.dataset.say) return;
    window.setTimeout(() => {
      status.textContent = status.dataset.say;
    }, 500);
  }

  function ready() {
    wire();
    announceLanguage();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
