// Your classes: each start form shows its closing date only when "self-paced" is
// chosen, and then requires it. Without this script the date is always there and
// the server refuses a self-paced start without one.

for (const form of document.querySelectorAll("form[data-start-form]")) {
  const closes = form.querySelector("[data-closes]");
  const date = closes ? closes.querySelector("input[type='date']") : null;
  if (!closes || !date) continue;
  const update = () => {
    const chosen = form.querySelector("input[name='mode']:checked");
    const selfPaced = Boolean(chosen && chosen.value === "self-paced");
    closes.hidden = !selfPaced;
    date.required = selfPaced;
  };
  for (const radio of form.querySelectorAll("input[name='mode']")) radio.addEventListener("change", update);
  update();
}

// A refused start is read out first, and its link leads to the field at fault.
const summary = document.getElementById("start-error");
if (summary) summary.focus();
