// Talking to the editor's JSON endpoints: the CSRF token in a header, JSON both ways, and one
// error shape. A network failure is reported as {offline: true}, never thrown.

import { t } from "../common/messages.js";

const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

/**
 * request(method, url, body?) -> {ok, status, data, offline}
 * body may be an object (sent as JSON) or a FormData (sent as it is).
 */
export async function request(method, url, body) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  } catch (error) {
    return { ok: false, status: 0, data: null, offline: true };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  return { ok: response.ok, status: response.status, data, offline: false };
}

/** The plain-words message of a failed request. */
export function messageOf(result, fallback = t("Something went wrong.")) {
  if (result.offline) return t("You are offline or the server cannot be reached.");
  return (result.data && result.data.error && result.data.error.message) || fallback;
}
