// At phone width the console is a remote (remote.css): the step, Next and Back and
// the room's switches, with the rest folded until "More" is pressed. The folding is
// CSS; this only flips the switch.

export function foldTheRest(button, root) {
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    root.dataset.more = open ? "shown" : "folded";
  });
}
