// Small DOM helpers. Text always goes in through textContent, so strings from
// the server or from other people can never become markup.

import * as messages from "./messages.js";

/**
 * Make an element. props: {class, text, hidden, attrs: {name: value}, on: {event: fn}}
 * plus any plain DOM property (id, type, name, value, checked, disabled, htmlFor…).
 * Children may be nodes, strings (added as text) or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "attrs") {
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined && v !== null && v !== false) el.setAttribute(name, v === true ? "" : String(v));
      }
    } else if (key === "on") {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
}

/** Replace everything inside el with the given children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Put a step's body_html into el. This is the ONLY place markup is inserted:
 * body_html is rendered from the deck's Markdown and sanitised by the server
 * (nh3, a short allow-list of tags). Never pass any other string here.
 */
export function setStepBody(el, bodyHtml) {
  el.innerHTML = typeof bodyHtml === "string" ? bodyHtml : "";
  el.hidden = !bodyHtml;
}

/**
 * A slide's picture. A kept picture comes with every size it is stored at (srcset), so the
 * browser fetches the one this screen needs; `sizes` says how wide it will be drawn.
 */
export function stepImage(image, className, sizes) {
  const attrs = image.srcset ? { srcset: image.srcset, sizes } : {};
  return h("img", { class: className, src: image.url, alt: image.alt || "", attrs });
}

/**
 * An option's picture (null when it has none), drawn small beside its label. `alt` is the
 * picture's description unless given: "" where the description is said another way (a
 * phone's controls) or was already said with the question (results).
 */
export function optionImage(option, sizes, alt = undefined) {
  if (!option || !option.image || !option.image.url) return null;
  return stepImage(alt === undefined ? option.image : { ...option.image, alt }, "option-image", sizes);
}

/** "482913" -> "482 913", so a code is easy to read out and type. */
export function formatCode(code) {
  const digits = String(code ?? "").replace(/\D/g, "");
  return digits.length === 6 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : String(code ?? "");
}

/** "1 person" / "3 people", in `voice` (the page's unless given). */
export function people(n, voice = messages.pageVoice) {
  return voice.plural("{count} person", "{count} people", n);
}

/** The page's language alone: what a module speaks unless given the screen's room voices. */
export const PAGE_VOICES = [messages.pageVoice];

/**
 * `say(voice)` in each voice: with one, its words as they are (text, or nodes); with more,
 * one span each, marked with its language, the first first (the screen's room languages).
 */
export function said(voices, say) {
  if (voices.length === 1) return say(voices[0]);
  return voices.map((voice) => h("span", { class: "said", attrs: { lang: voice.tag, dir: voice.dir } }, say(voice)));
}

/**
 * Redraw part of a page without losing the keyboard's place: the element with focus is
 * found again by its data-focus-key after the redraw (its text may have changed).
 */
export function keepFocus(container, redraw) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : null;
  redraw();
  if (!key) return;
  const again = Array.from(container.querySelectorAll("[data-focus-key]")).find((el) => el.dataset.focusKey === key);
  if (again && again !== document.activeElement) again.focus({ preventScroll: true });
}

/** A message whose placeholders stand for elements: `make(name)` gives each one. */
export function withParts(text, make) {
  return text.split(/(\{\w+\})/).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part);
    return name ? make(name[1]) : part;
  });
}

/** "1 vote" / "3 votes", "1 group" / "2 groups"… */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
