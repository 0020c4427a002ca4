import { readFile, writeFile } from "node:fs/promises";

import { NODE_OPTIONS_MARKERS, renderNodeOptionsTable } from "./nodeOptionsTable.js";

/**
 * `npm run docs`: rewrites the generated parts of docs/configuration.md (the node option table) from
 * the code, so the reference says what the code does.
 */
async function main(): Promise<void> {
  const path = new URL("../../docs/configuration.md", import.meta.url);
  const readme = await readFile(path, "utf8");
  const start = readme.indexOf(NODE_OPTIONS_MARKERS.start);
  const end = readme.indexOf(NODE_OPTIONS_MARKERS.end);
  if (start < 0 || end < start) throw new Error("docs/configuration.md lacks the node-options markers");
  const updated = `${readme.slice(0, start + NODE_OPTIONS_MARKERS.start.length)}\n\n${renderNodeOptionsTable()}\n\n${readme.slice(end)}`;
  await writeFile(path, updated);
}

await main();
