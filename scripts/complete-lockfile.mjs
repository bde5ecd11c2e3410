// Adds lockfile entries for platform-specific optional dependencies that the npm registry mirror on
// our build machines does not serve (macOS, Windows, Android… builds of next, tailwind, esbuild…).
// Without them `npm ci` refuses the lockfile as out of sync. The entries carry os/cpu, so npm skips
// them on other platforms; on a platform that needs one, `npm install` resolves it normally.
// Run after `npm install` changes package-lock.json: node scripts/complete-lockfile.mjs
import fs from "node:fs";

const OS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPU = ["arm64", "x64", "arm", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.filter((p) => OS.includes(p));
  const cpu = parts.filter((p) => CPU.includes(p));
  return { ...(os.length ? { os } : {}), ...(cpu.length ? { cpu } : {}) };
}

const path = "package-lock.json";
const lock = JSON.parse(fs.readFileSync(path, "utf8"));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = `${location ? `${location}/` : ""}node_modules/${dep}`;
    if (lock.packages[key] || lock.packages[nested]) continue;
    const platform = platformOf(dep);
    if (!platform.os && !platform.cpu) continue;
    lock.packages[key] = { version: range.replace(/^[\^~=]/, ""), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
fs.writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`Added ${added} platform-specific optional entries.`);
