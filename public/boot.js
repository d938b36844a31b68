// Loads the app's JS glue and WebAssembly without an inline script, so the
// Content-Security-Policy can forbid inline scripts.
const js = document.getElementById("app-js");
const wasm = document.getElementById("app-wasm");
import(js.href)
  .then((m) => m.default({ module_or_path: wasm.href }))
  .catch((err) => {
    const box = document.getElementById("boot-error");
    if (box) {
      box.hidden = false;
      box.querySelector("code").textContent = String(err);
    }
  });
