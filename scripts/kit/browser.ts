import { existsSync } from "node:fs";
import { createRequire } from "node:module";

import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";

import { binScript, ROOT } from "./paths.js";
import { runProcess } from "./process.js";

/** Where Debian's `chromium` package puts the browser (`.ci/run` installs it when missing). */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium to drive: first one shipped inside an npm package, when such a package is installed
 * (`@sparticuz/chromium`, or a browser Playwright downloaded); else Debian's `/usr/bin/chromium`.
 *
 * @returns The executable's path.
 * @throws Error saying how to install one when none is found.
 */
export async function findChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  try {
    const sparticuz = require.resolve("@sparticuz/chromium");
    const { default: packaged } = (await import(sparticuz)) as {
      default: { executablePath(): Promise<string> };
    };
    const path = await packaged.executablePath();
    if (existsSync(path)) return path;
  } catch {
    // Not installed: try the next.
  }
  const downloaded = chromium.executablePath();
  if (downloaded !== "" && existsSync(downloaded)) return downloaded;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new Error(
    `No Chromium found for the browser tests: none shipped in an npm package, and ${SYSTEM_CHROMIUM} is missing. ` +
      "Install Debian's chromium (`apt-get install -y chromium`, as .ci/run does).",
  );
}

/**
 * Starts headless Chromium (Playwright passes `--no-sandbox`, needed as root).
 *
 * @returns The browser.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await findChromium(), headless: true });
}

/**
 * Builds the dashboard's page into `dist/dashboard-web/` as `npm run build` does (the test run's
 * global setup compiles only the TypeScript), so the browser loads the page of this checkout.
 */
export async function buildPage(): Promise<void> {
  await runProcess({
    name: "vite build",
    args: [
      binScript("vite"),
      "build",
      "client/dashboard/web",
      "--outDir",
      `${ROOT}dist/dashboard-web`,
      "--emptyOutDir",
      "--base",
      "./",
      "--logLevel",
      "warn",
    ],
    timeoutMs: 120_000,
    check: true,
  });
}
