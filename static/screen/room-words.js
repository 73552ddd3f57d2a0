// The screen's own few words (how to join, the answer hint, the ending) in its room
// language(s), from the browser catalogues the phones read (docs/languages.md). Each room
// language is a voice: its words, its tag for `lang` and its direction. English needs no
// catalogue (the words are in the modules); another is fetched once, when first chosen.

import { messageKey, fillPlaceholders } from "../common/messages.js";

const shipped = JSON.parse(document.getElementById("screen").dataset.languages || "{}");
const catalogues = new Map();

function catalogue(code) {
  if (!catalogues.has(code)) {
    const url = shipped[code].messages;
    // A catalogue that cannot be fetched leaves the words in English rather than none.
    const loading = url ? import(url).then((module) => module.default, () => ({})) : Promise.resolve({});
    catalogues.set(code, loading);
  }
  return catalogues.get(code);
}

function voice(code, words) {
  const { tag, dir } = shipped[code];
  const rules = new Intl.PluralRules(tag);
  const numbers = new Intl.NumberFormat(tag);
  const t = (id, values) => {
    const found = words[messageKey(id)];
    return fillPlaceholders(typeof found === "string" ? found : id, values);
  };
  return {
    code,
    tag,
    dir,
    t,
    formatNumber: (value, options) => new Intl.NumberFormat(tag, options).format(value),
    plural(singular, pluralForm, count, values) {
      const forms = words[messageKey(singular)];
      const english = count === 1 ? singular : pluralForm;
      const text = forms && typeof forms === "object" ? (forms[rules.select(count)] ?? forms.other) : english;
      return fillPlaceholders(text, { count: numbers.format(count), ...values });
    },
  };
}

/** The room's voices, the first first; a code Talkback does not ship is passed over. */
export async function roomVoices(codes) {
  const known = (Array.isArray(codes) ? codes : []).filter((code) => Object.hasOwn(shipped, code));
  const chosen = known.length ? known : ["en"];
  return Promise.all(chosen.map(async (code) => voice(code, await catalogue(code))));
}
