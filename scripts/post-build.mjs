// Trunk's post-build hook (Trunk.toml). Trunk starts the hooks of one stage
// at the same time, so steps that must follow each other are one hook:
// first the JS is minified (and index.html's integrity hashes updated),
// then the service worker is written from those final files.
await import("./minify-js.mjs");
await import("./service-worker.mjs");
