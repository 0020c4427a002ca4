import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * The version of the running Waymark package, from its `package.json`.
 *
 * @returns The version, or `0.0.0-unknown` when the manifest cannot be found.
 */
export function waymarkVersion(): string {
  if (cached !== undefined) return cached;
  cached = "0.0.0-unknown";
  // The source runs from node/status and the build from dist/node/status: walk up to the manifest.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === "waymark" && typeof manifest.version === "string") {
        cached = manifest.version;
        break;
      }
    } catch {
      // no manifest here: keep walking up
    }
    dir = dirname(dir);
  }
  return cached;
}
