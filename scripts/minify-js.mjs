// The first step of Trunk's post-build hook (scripts/post-build.mjs): in a release build, minifies the
// wasm-bindgen JS glue and boot.js with terser (from .tools/, installed by
// scripts/setup.sh) and updates its integrity hash in index.html, which
// Trunk has already written. About 6.7 KB -> 5.0 KB brotli. Debug builds
// are left as they are.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

if (process.env.TRUNK_PROFILE === "release") {
  const stage = process.env.TRUNK_STAGING_DIR;
  const terser = join(process.cwd(), ".tools", "node_modules", ".bin", "terser");
  const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");

  const html = join(stage, "index.html");
  let page = readFileSync(html, "utf8");
  // The glue (with an integrity hash) and boot.js (without).
  for (const name of readdirSync(stage).filter((f) => f.endsWith(".js"))) {
    const file = join(stage, name);
    const before = sri(readFileSync(file));
    execFileSync(terser, [file, "--module", "--compress", "--mangle", "--output", file], {
      stdio: "inherit",
    });
    page = page.replaceAll(before, sri(readFileSync(file)));
  }
  writeFileSync(html, page);
}
