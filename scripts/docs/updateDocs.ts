import { readFile, writeFile } from "node:fs/promises";

import { GENERATED_DOCUMENTS, GENERATED_FILES } from "./documents.js";
import { renderDocument } from "./generated.js";

/**
 * `npm run docs`: rewrites what is generated from the code (the option tables of
 * docs/configuration.md, the `*.generated.ts` option interfaces), so the reference and the TSDoc
 * say what the code does.
 */
async function main(): Promise<void> {
  const root = new URL("../../", import.meta.url);
  for (const [path, sections] of Object.entries(GENERATED_DOCUMENTS)) {
    const url = new URL(path, root);
    await writeFile(url, await renderDocument(url.pathname, await readFile(url, "utf8"), sections));
  }
  for (const file of GENERATED_FILES) await writeFile(new URL(file.path, root), file.render());
}

await main();
