import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerResponse } from "node:http";

import { DashboardAssetsMissingError } from "../../errors/dashboard.js";
import { SECURITY_HEADERS } from "./http.js";

/**
 * Where `npm run build` puts the page (Vite's output): `dist/dashboard-web/`, found from this
 * file's place in `dist/client/dashboard/server/`.
 */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL("../../../dashboard-web/", import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
};

/**
 * Checks that the built page is there.
 *
 * @param dir - The assets folder.
 * @throws DashboardAssetsMissingError when it has no `index.html`.
 */
export function checkAssets(dir: string): void {
  if (!existsSync(join(dir, "index.html"))) throw new DashboardAssetsMissingError(dir);
}

/**
 * Serves one file of the built page; any path that is not a file (a page route) gets
 * `index.html`. Paths never leave the assets folder.
 *
 * @param dir - The assets folder.
 * @param pathname - The URL path.
 * @param response - The response.
 */
export async function serveAsset(dir: string, pathname: string, response: ServerResponse): Promise<void> {
  const root = normalize(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, "");
  } catch {
    relative = "";
  }
  let file = normalize(join(root, relative === "" ? "index.html" : relative));
  if (!file.startsWith(root)) file = join(root, "index.html");
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    file = join(root, "index.html");
    body = await readFile(file);
  }
  const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
  const immutable = file.includes(`${sep}assets${sep}`);
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": type,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  response.end(body);
}
