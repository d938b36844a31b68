// The single-file edition: packs the release dist/ (trunk build --release)
// into one page, dist-single/bastion.html, that runs when opened from disk
// (file://) with no server and no network. scripts/single-file.sh runs it
// after the release build; scripts/test.sh after its own.
//
// - The JS glue is inlined into one <script type="module"> (Chromium blocks
//   module imports from file://), its exports turned into a local object,
//   followed by the error handling of public/boot.js (the part above its
//   "single-file:" line) and a loader that starts the app from the inline
//   WebAssembly. No service worker, no manifest.
// - The WebAssembly is gzip'd and base64'd into a data block
//   (<script type="application/octet-stream">, never run, so outside the
//   CSP), unpacked with DecompressionStream("gzip"): about a third of the
//   size of the plain base64.
// - The CSS becomes a <style>, the icon a data: URL.
// - The Content-Security-Policy stays strict: the sha256 of the inline
//   script and of the style, 'wasm-unsafe-eval', nothing loaded by URL.
//
// Usage: node scripts/single-file.mjs     (from the project folder)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(root, "dist-single", "bastion.html");

function die(msg) {
  console.error(`single-file: ${msg}`);
  process.exit(1);
}

if (!existsSync(join(dist, "index.html"))) die("no dist/index.html: run trunk build --release first");
let page = readFileSync(join(dist, "index.html"), "utf8");

// The attributes of a tag's text ("<link rel=icon href=/x.svg>").
function attrs(tag) {
  const found = {};
  const inner = tag.replace(/^<\w+/, "").replace(/\/?>$/, "");
  for (const m of inner.matchAll(/([\w-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
    found[m[1].toLowerCase()] = (m[2] ?? "").replace(/^["']|["']$/g, "");
  }
  return found;
}

// A file of dist/ named by a URL of the page: relative ("icons/x.svg") or
// absolute under a --public-url ("/app/x.js", the hashed files at the top).
function file(url) {
  const bare = decodeURIComponent(url.split(/[?#]/)[0]);
  const rel = /^(\.\/)?[\w.-]+(\/[\w.-]+)*$/.test(bare) && !bare.includes("..") ? bare : basename(bare);
  const path = join(dist, rel);
  if (!existsSync(path)) die(`dist/index.html refers to ${url}, which is not in dist/`);
  return readFileSync(path);
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

// What the page loads, read from its tags; each tag is replaced below.
let css, icon, glue, wasm, boot;
page = page.replace(/<(link|meta|script)\b[^>]*>(?:<\/script>)?/gi, (tag) => {
  const a = attrs(tag);
  const kind = tag.slice(1, 5).toLowerCase();
  if (kind === "meta") return a["http-equiv"]?.toLowerCase() === "content-security-policy" ? "@CSP@" : tag;
  if (kind === "scri") {
    if (a.src && basename(a.src) === "boot.js") return (boot = "@BOOT@");
    die(`unexpected script in dist/index.html: ${tag}`);
  }
  const rel = (a.rel ?? "").toLowerCase();
  if (rel === "stylesheet") return (css = file(a.href).toString("utf8")), "@CSS@";
  if (rel === "icon") {
    icon = `data:${a.type || "image/svg+xml"};base64,${file(a.href).toString("base64")}`;
    return `<link rel=icon href="${icon}">`;
  }
  if (a.id === "app-js") return (glue = file(a.href).toString("utf8")), "";
  if (a.id === "app-wasm") return (wasm = file(a.href)), "";
  if (rel === "modulepreload" || rel === "preload") return ""; // Trunk's own preloads of the same files
  if (rel === "manifest") return ""; // an installed app needs a web server
  if (rel === "apple-touch-icon") return ""; // the same: installing needs a web server
  die(`unexpected link in dist/index.html: ${tag}`);
});
for (const [what, v] of Object.entries({ css, icon, glue, wasm, boot })) {
  if (v === undefined) die(`dist/index.html loads no ${what} (is dist/ a release build of this project?)`);
}
if (!page.includes("@CSP@")) die("dist/index.html has no Content-Security-Policy");
if (/url\(\s*(?!["']?data:)/i.test(css) || /@import/i.test(css)) die("the CSS loads something by URL");

// The glue as a classic part of the inline module: no imports, its exports
// gathered in `bastion_glue`.
if (/(^|[;}\n])\s*import\s*[{*\w"']/.test(glue)) die("the JS glue imports another file (a snippet?); it cannot be inlined");
const exported = [];
glue = glue.replace(/export\s*\{([^}]*)\}\s*;?/g, (_, list) => {
  for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [local, name = local] = item.split(/\s+as\s+/);
    exported.push(`${JSON.stringify(name)}:${local}`);
  }
  return "";
});
glue = glue.replace(/export\s+(?=(async\s+)?function|class|const|let|var)/g, "");
if (/\bexport\b/.test(glue.replace(/"[^"]*"|'[^']*'/g, ""))) die("the JS glue has an export this script does not understand");
if (!exported.some((e) => e.startsWith('"default":'))) die("the JS glue has no default export (its init)");

// boot.js's error handling, without its loader and worker registration.
const bootSource = readFileSync(join(root, "public", "boot.js"), "utf8");
const cut = bootSource.indexOf("\n// single-file:");
if (cut < 0) die('public/boot.js has no "// single-file:" line to cut at');
const loader = `
// The single-file edition: the WebAssembly is in the page (gzip, base64).
Promise.resolve()
  .then(() => {
    const packed = document.getElementById("app-wasm");
    const text = atob(packed.textContent);
    packed.remove();
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const wasm = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return bastion_glue.default({
      module_or_path: new Response(wasm, { headers: { "Content-Type": "application/wasm" } }),
    });
  })
  .catch((err) => fail(null, null, err));
`;
const source = `${glue}\nconst bastion_glue = {${exported.join(",")}};\n{\n${bootSource.slice(0, cut)}\n${loader}}\n`;

// Minified as one module by terser (from .tools/, scripts/setup.sh).
const terser = join(root, ".tools", "node_modules", ".bin", "terser");
if (!existsSync(terser)) die("terser is missing from .tools/ (run scripts/setup.sh)");
const tmp = mkdtempSync(join(tmpdir(), "bastion-single-"));
let script;
try {
  writeFileSync(join(tmp, "in.js"), source);
  execFileSync(terser, [join(tmp, "in.js"), "--module", "--compress", "--mangle", "--output", join(tmp, "out.js")], {
    stdio: "inherit",
  });
  script = readFileSync(join(tmp, "out.js"), "utf8").trim();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (/<\/script|<!--/i.test(script)) die("the inline script contains </script or <!--");
if (/<\/style/i.test(css)) die("the CSS contains </style");
if (/serviceWorker|sw\.js/.test(script)) die("the inline script still registers a service worker");

const packed = gzipSync(wasm, { level: constants.Z_BEST_COMPRESSION }).toString("base64");
const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha256(css)}`,
  "img-src data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
page = page
  .replace("@CSP@", () => `<meta http-equiv=Content-Security-Policy content="${csp}">`)
  .replace("@CSS@", () => `<style>${css}</style>`)
  .replace(
    "@BOOT@",
    () => `<script type=module>${script}</script><script type=application/octet-stream id=app-wasm>${packed}</script>`,
  );

// Nothing left that is loaded by URL.
const withoutBlocks = page.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, "");
for (const m of withoutBlocks.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)) {
  if (!/^(data:|#)/.test(m[1])) die(`the page still loads ${m[1]}`);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `single-file: wrote dist-single/bastion.html, ${kb(Buffer.byteLength(page))} ` +
    `(WebAssembly ${kb(wasm.length)}, gzip'd and base64'd ${kb(packed.length)}; script ${kb(script.length)}, CSS ${kb(css.length)})`,
);
