// Trunk post-build hook (Trunk.toml), after minify-js.mjs: writes the
// service worker, dist/sw.js, so that the app opens with no network after
// the first visit. In a release build the worker precaches every file of
// this build, listed here from the staging folder (never by hand), under a
// version that is a hash of them all, so a release is never served half old,
// half new. In a debug build (and `trunk serve`) it writes a worker that
// removes itself and its caches: development never runs stale code.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stage = process.env.TRUNK_STAGING_DIR;
const out = join(stage, "sw.js");

if (process.env.TRUNK_PROFILE !== "release") {
  writeFileSync(
    out,
    `// Debug build: no offline cache. This worker removes itself and its caches.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(
  caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k))))
    .then(() => self.registration.unregister())));
`,
  );
  process.exit(0);
}

const files = readdirSync(stage).filter((f) => f !== "sw.js").sort();
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(join(stage, f)));
const version = hash.digest("hex").slice(0, 16);
// index.html is cached as the folder itself ("./"), which is what is opened.
const list = files.map((f) => (f === "index.html" ? "./" : `./${f}`));

writeFileSync(
  out,
  `// Bastion's service worker, written by scripts/service-worker.mjs for this build.
// Every file of the build is kept; hashed files are served from the cache
// first, the page itself from the network first with the kept copy as fallback.
const CACHE = "bastion-${version}";
const FILES = ${JSON.stringify(list)};
const PAGE = new URL("./", self.location).href;
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("bastion-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate" || url.href.split("#")[0].split("?")[0] === PAGE || url.pathname.endsWith("/index.html")) {
    e.respondWith(fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(PAGE, copy));
      }
      return res;
    }).catch(() => caches.open(CACHE).then((c) => c.match(PAGE)).then((hit) => hit || Response.error())));
    return;
  }
  e.respondWith(caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: true })).then((hit) => hit || fetch(req)));
});
`,
);
