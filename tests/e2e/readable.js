// What a phone page would fail on for people with low vision or unsteady hands:
// text under 18px, touch targets under 44×44 CSS px, and sideways scrolling.
() => {
  const doc = document.documentElement;
  const shown = (el) => el.offsetParent !== null;
  const small = [...document.querySelectorAll("#main p, #main label, #main li")]
    .filter((el) => shown(el) && el.textContent.trim())
    .map((el) => [el.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)])
    .filter(([, size]) => size < 18);
  const controls = "#main button, #main input, #main select, #main textarea, .phone-bar a, .phone-bar button";
  const targets = [...document.querySelectorAll(controls)]
    .filter(shown)
    .map((el) => {
      // A radio button or checkbox is pressed through its label.
      const choice = el.matches("[type=radio], [type=checkbox]") && el.labels && el.labels[0];
      const box = (choice || el).getBoundingClientRect();
      return [el.name || el.id || el.textContent.trim().slice(0, 30), box.width, box.height];
    })
    .filter(([, width, height]) => width < 44 || height < 44);
  return { overflow: doc.scrollWidth - doc.clientWidth, small, targets };
}
