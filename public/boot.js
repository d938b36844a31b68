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
//
// A newer release waits until the app takes it: the worker's state is told to
// the app by a "bastion-update" event on window (detail "ready"), and
// window.bastionUpdate keeps it for an app not started yet. The app answers
// with a "bastion-take-update" event once its changes are saved: the waiting
// worker takes over and the page reloads, so the files of two releases never
// mix in one page.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  const sw = navigator.serviceWorker;
  const controlled = sw.controller !== null;
  let taking = false;
  const ready = () => {
    window.bastionUpdate = "ready";
    window.dispatchEvent(new CustomEvent("bastion-update", { detail: "ready" }));
  };
  sw.register("./sw.js").then((reg) => {
    const watch = (w) => w && w.addEventListener("statechange", () => {
      if (w.state === "installed" && sw.controller) ready();
    });
    if (reg.waiting && sw.controller) ready();
    watch(reg.installing);
    reg.addEventListener("updatefound", () => watch(reg.installing));
    // A tab left open for days still hears of a release: look when the tab
    // comes back into view, and every hour.
    const look = () => reg.update().catch(() => {});
    document.addEventListener("visibilitychange", () => document.hidden || look());
    setInterval(look, 3600e3);
    window.addEventListener("bastion-take-update", () => {
      taking = true;
      if (reg.waiting) reg.waiting.postMessage("bastion-take-update");
      else location.reload();
    });
  }).catch(() => {});
  sw.addEventListener("controllerchange", () => {
    // The first worker taking charge of a first visit is not an update.
    if (taking) location.reload();
    else if (controlled) ready();
  });
}
