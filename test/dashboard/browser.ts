import { existsSync } from "node:fs";
import { createRequire } from "node:module";

import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";

import { binScript, ROOT } from "../../scripts/kit/paths.js";
import { runProcess } from "../../scripts/kit/process.js";

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

/** Dialogs (`alert`, `confirm`, …) a page opened, recorded and dismissed. */
export interface DialogLog {
  readonly messages: string[];
}

/**
 * Records and dismisses every dialog the page opens: a script that ran from untrusted text would
 * show here.
 *
 * @param page - The page.
 * @returns The record.
 */
export function watchDialogs(page: Page): DialogLog {
  const log: DialogLog = { messages: [] };
  page.on("dialog", (dialog) => {
    log.messages.push(dialog.message());
    void dialog.dismiss();
  });
  return log;
}

/**
 * Gives the page an EIP-1193 `window.ethereum` that forwards every request to the chain's node as
 * it is (the node signs with its unlocked accounts), and shares one account, as a wallet with that
 * account selected does.
 *
 * @param page - The page, before it loads.
 * @param rpcUrl - The chain's JSON-RPC URL.
 * @param account - The account the wallet shares.
 */
export async function injectWallet(page: Page, rpcUrl: string, account: string): Promise<void> {
  let id = 0;
  await page.exposeFunction("__waymarkForward", async (method: string, params: unknown[]) => {
    if (method === "eth_accounts" || method === "eth_requestAccounts") return { result: [account] };
    const answer = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    return answer.json();
  });
  await page.addInitScript(() => {
    const scope = globalThis as unknown as {
      __waymarkForward: (method: string, params: unknown[]) => Promise<Record<string, unknown>>;
      ethereum: unknown;
    };
    const forward = scope.__waymarkForward;
    scope.ethereum = {
      async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
        const answer = await forward(method, params ?? []);
        if ("error" in answer) {
          const error = answer.error as { code: number; message: string; data?: unknown };
          throw Object.assign(new Error(error.message), error);
        }
        return answer.result;
      },
    };
  });
}
