// The screen's room language: one shipped language, or two side by side (the first first).
// The list shows the session's choice; "Show on screen" sends another (`room_language`), so
// moving through the list changes nothing on the projector. A pick not yet sent stays while
// snapshots of other changes arrive (a reconnect, the next step); a new choice of the session
// replaces it. A refusal shows where the console shows others, and the list goes back.

export class ScreenLanguage {
  constructor(form, { command }) {
    this.select = form.querySelector("select");
    this.command = command;
    this.current = null; // the session's choice, once a snapshot has said it
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.choose(this.select.value.split(","));
    });
  }

  async choose(languages) {
    const ack = await this.command("room_language", { languages });
    if (!ack.ok) this.show(this.current || ["en"]);
  }

  update(languages) {
    if (!Array.isArray(languages) || !languages.length) return;
    const changed = !this.current || languages.join(",") !== this.current.join(",");
    this.current = languages;
    if (changed) this.show(languages);
  }

  show(languages) {
    const value = languages.join(",");
    // A choice the list does not offer (a language no longer shipped) leaves it as it is.
    if ([...this.select.options].some((option) => option.value === value)) this.select.value = value;
  }
}
