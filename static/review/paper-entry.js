// Typing in paper forms from the keyboard alone: Enter saves the form from any box, as it
// does from a text field, and Ctrl+Enter from a box for writing, where Enter is a new line.
// A refused form's error summary takes the focus, so its problems are read out first;
// otherwise the first box of a fresh form has it, ready for the next form.
for (const form of document.querySelectorAll("[data-paper-form]")) {
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    if (target instanceof HTMLTextAreaElement && !event.ctrlKey) return;
    event.preventDefault();
    form.requestSubmit();
  });
}
(document.querySelector(".error-summary") || document.querySelector("[autofocus]"))?.focus();
