// Whether two answers are the same, so an unchanged answer is neither re-sent nor
// flagged as changed.

/** Same answer? Lists in any order; objects key by key. */
export function sameValue(a, b) {
  return stable(a) === stable(b);
}

function stable(value) {
  if (Array.isArray(value)) return JSON.stringify([...value].map(stable).sort());
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
