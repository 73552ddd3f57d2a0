// Words in the page's language, from the catalogue <html data-messages> names (made from the
// .po files, docs/languages.md); without one, the English given. Placeholders are {name}.

const url = document.documentElement.dataset.messages;
const catalogue = url ? (await import(url)).default : {};
const language = document.documentElement.lang || "en";
const rules = new Intl.PluralRules(language);

// A message's key in the catalogue: FNV-1a over its UTF-16 code units, as
// server/languages.py's message_key makes it.
function key(text) {
  let digest = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) digest = Math.imul(digest ^ text.charCodeAt(i), 0x01000193);
  return (digest >>> 0).toString(16).padStart(8, "0");
}

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

// The screen speaks its room language(s) rather than the page's: it reads their catalogues
// itself (static/screen/room-words.js), with the same keys and placeholders.
export { key as messageKey, fill as fillPlaceholders };

/** Deck text a module writes for an author to change (a new step's first title, say): decks are
 *  written in English whatever the page's language (their other languages are in their
 *  translations block, docs/decks.md), so these words never go through the catalogue. */
export function deckText(words) {
  return words;
}

/** `id` (its English text) in the page's language. */
export function t(id, values) {
  const found = catalogue[key(id)];
  return fill(typeof found === "string" ? found : id, values);
}

/** The form for `count` things (one per plural category in the catalogue); {count} is it. */
export function plural(singular, pluralForm, count, values) {
  const forms = catalogue[key(singular)];
  const english = count === 1 ? singular : pluralForm;
  const text = forms && typeof forms === "object" ? (forms[rules.select(count)] ?? forms.other) : english;
  return fill(text, { count: formatNumber(count), ...values });
}

/** The page's own words as a voice: what the results modules and others speak unless given
 *  another (the screen gives one per room language, static/screen/room-words.js). */
export const pageVoice = { tag: language, dir: document.documentElement.dir || "ltr", t, plural, formatNumber };

/** Nobody fluent has checked this language's words yet: a clinical text says so beside it. */
export const translationDrafted = document.documentElement.hasAttribute("data-drafted");

/** For the browser's own date formats. */
export function pageLanguage() {
  return language;
}

/** A number as the page's language writes it. */
export function formatNumber(value, options) {
  return new Intl.NumberFormat(language, options).format(value);
}

/** A language's name (by its code) as the page's language writes it: "Saesneg" for "en" on a
 *  Welsh page. A browser that cannot name it gives the code. */
export function languageName(code) {
  try {
    return new Intl.DisplayNames([language], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

/** Whether words in `code` are in the page's own language ("en" on an "en-GB" page). */
export function inPageLanguage(code) {
  return language.split("-")[0].toLowerCase() === String(code).toLowerCase();
}
