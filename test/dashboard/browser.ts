import type { Page } from "playwright-core";

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
