// Loads the app's JS glue and WebAssembly without an inline script, so the
// Content-Security-Policy can forbid inline scripts.

// Shows the error box, which stays above the page.
function fail(title, text, err) {
  const box = document.getElementById("boot-error");
  if (!box) return;
  box.hidden = false;
  box.classList.toggle("boot-error--crash", title !== null);
  if (title !== null) {
    box.querySelector("h1").textContent = title;
    box.querySelector("p").textContent = text;
  }
  box.querySelector("code").textContent = String(err);
}

// A panic in the app stops the WebAssembly with a RuntimeError: say so
// instead of leaving a page that no longer reacts.
window.addEventListener("error", (e) => {
  if (e.error instanceof WebAssembly.RuntimeError) {
    fail(
      "Bastion stopped because of an internal error",
      "Your data is safe up to the last \u201cAll changes saved\u201d. Reload the page to go on; if this happens again, export your ISMS and report the steps that led here.",
      e.error,
    );
  }
});

// single-file: the single-file edition (scripts/single-file.mjs) keeps what
// is above and loads the app its own way instead of what follows.
const js = document.getElementById("app-js");
const wasm = document.getElementById("app-wasm");

import(js.href)
  .then((m) => m.default({ module_or_path: wasm.href }))
  .catch((err) => fail(null, null, err));

// After the first visit the app opens with no network: the service worker
// (dist/sw.js, written at build time) keeps every file of this release. A
// debug build's worker removes itself. Not from file://, where there is none.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  navigator.serviceWorker.register("./sw.js").catch(() => {});
}
