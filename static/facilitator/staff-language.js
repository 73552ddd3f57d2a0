// After a change of the staff's language: said once the page has settled, as a live region
// speaks only what changes in it.
const status = document.getElementById("staff-language-status");
if (status?.dataset.say) {
  window.setTimeout(() => {
    status.textContent = status.dataset.say;
  }, 500);
}
