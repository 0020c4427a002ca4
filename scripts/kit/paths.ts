import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The directory above `start` that holds `package.json`, with a trailing slash.
 *
 * @param start - Where to begin looking.
 * @returns The repository root.
 */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return `${dir}/`;
}

/** The repository root, with a trailing slash, whether this runs from source or from `dist/`. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The two command-line programs, as `npm run build` compiles them to `dist/` (what the package's bins run). */
export const BINARIES = {
  waymark: `${ROOT}dist/client/cli/main.js`,
  "waymark-node": `${ROOT}dist/node/cli/main.js`,
} as const;

/** The name of one of the project's command-line programs. */
export type Binary = keyof typeof BINARIES;

/**
 * The JavaScript file behind a binary of `node_modules/.bin` (such as `hardhat` or `tsc`), so that
 * it can run on the Node.js running the caller rather than whatever its shebang finds.
 *
 * @param name - The binary's name.
 * @returns Its absolute path.
 */
export function binScript(name: string): string {
  return realpathSync(`${ROOT}node_modules/.bin/${name}`);
}
