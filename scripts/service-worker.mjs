// The second step of Trunk's post-build hook (scripts/post-build.mjs), after
// minify-js.mjs, whose output it lists and hashes: writes the
// service worker, dist/sw.js, so that the app opens with no network after
// the first visit. In a release build the worker precaches every file of
// this build, listed here from the staging folder (never by hand), under a
// version that is a hash of them all, so a release is never served half old,
// half new. In a debug build (and `trunk serve`) it writes a worker that
// removes itself and its caches: development never runs stale code.
import { execFileSync } from "node:child_process";
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

// Every file of the build, folders included, by its path from the build's root.
function walk(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}
const files = walk(stage).filter((f) => f !== "sw.js").sort();
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(join(stage, f)));
const version = hash.digest("hex").slice(0, 16);
// The page of this release, by its SHA-256: the worker tells it from a newer
// release's page on the server.
const pageHash = createHash("sha256").update(readFileSync(join(stage, "index.html"))).digest("hex");
// What a visit keeps: every file but the install icons (icons/*.png), which
// only the browser fetches, when it installs the app (budget.toml). index.html
// is kept as the folder itself ("./"), which is what is opened.
const list = files
  .filter((f) => !/^icons\/.*\.png$/.test(f))
  .map((f) => (f === "index.html" ? "./" : `./${f}`));

writeFileSync(
  out,
  `// Bastion's service worker, written by scripts/service-worker.mjs for this build.
// Every file of the release is kept under one version. Hashed files are served
// from the cache first. The page is asked of the network first: when the
// network has this release's page it is served (and kept), with no network the
// kept copy is; when the network has a newer release's page, this release's
// page is served (its files are all here, so two releases never mix) and the
// newer worker is fetched: the app then says a new version is ready, and it
// takes over only when the app asks (after saving) or once no tab is open.
const CACHE = "bastion-${version}";
const FILES = ${JSON.stringify(list)};
const PAGE_SHA256 = "${pageHash}";
const PAGE = new URL("./", self.location).href;
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const ours = async (res) => hex(await crypto.subtle.digest("SHA-256", await res.clone().arrayBuffer())) === PAGE_SHA256;
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then(async (c) => {
    await c.addAll(FILES);
    // A page of another release fetched in between: try again later.
    if (!(await ours(await c.match(PAGE)))) {
      await caches.delete(CACHE);
      throw new Error("the page changed while this release was kept");
    }
  }));
});
self.addEventListener("message", (e) => {
  if (e.data === "bastion-take-update") self.skipWaiting();
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("bastion-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
async function page(req) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(PAGE);
  let res;
  try {
    res = await fetch(req);
  } catch {
    return kept || Response.error();
  }
  if (!res.ok || !kept) return res;
  if (await ours(res)) {
    await cache.put(PAGE, res.clone());
    return res;
  }
  self.registration.update().catch(() => {});
  return kept;
}
self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate" || url.href.split("#")[0].split("?")[0] === PAGE || url.pathname.endsWith("/index.html")) {
    e.respondWith(page(req));
    return;
  }
  e.respondWith(caches.open(CACHE).then((c) => c.match(req, { ignoreSearch: true })).then((hit) => hit || fetch(req)));
});
`,
);
// Minified like the JS glue (terser from .tools/, scripts/setup.sh); the
// comments above stay here, in the generator.
const terser = join(process.cwd(), ".tools", "node_modules", ".bin", "terser");
execFileSync(terser, [out, "--compress", "--mangle", "--output", out], { stdio: "inherit" });
