// The words the browser modules draw, in the page's language. Each message is written in
// English where it is used, t("Sent") or plural("{count} answer", "{count} answers", n), and
// found in the catalogue the page names (<html data-messages>), made on the server from the
// same .po files as the page; a page without one, or a message without a translation, shows
// the English. Placeholders are {name}, filled from the values given.

const url = document.documentElement.dataset.messages;
const catalogue = url ? (await import(url)).default : {};
const language = document.documentElement.lang || "en";
const rules = new Intl.PluralRules(language);

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** The message `id` (its English text) in the page's language, placeholders filled. */
export function t(id, values) {
  const found = catalogue[id];
  return fill(typeof found === "string" ? found : id, values);
}

/** The form of a message for `count` things; {count} is the number, written for the page's
 *  language. The catalogue keeps one form per plural category of the language. */
export function plural(singular, pluralForm, count, values) {
  const forms = catalogue[singular];
  const english = count === 1 ? singular : pluralForm;
  const text = forms && typeof forms === "object" ? (forms[rules.select(count)] ?? forms.other) : english;
  return fill(text, { count: formatNumber(count), ...values });
}

/** The page's language, for the browser's own date and number formats. */
export function pageLanguage() {
  return language;
}

/** A number as the page's language writes it. */
export function formatNumber(value, options) {
  return new Intl.NumberFormat(language, options).format(value);
}
