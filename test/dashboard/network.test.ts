import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { spawnCli } from "../../scripts/kit/cli.js";
import type { NodeProcess } from "../../scripts/kit/nodeProcess.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import { ROOT } from "../../scripts/kit/paths.js";
import type { ChildProcessHandle } from "../../scripts/kit/process.js";
import { useWorld } from "../helpers/hooks.js";
import { buildPage, launchBrowser } from "../../scripts/kit/browser.js";
import { watchDialogs } from "./browser.js";

describe("dashboard network view in a real browser", () => {
  const world = useWorld({ providers: [{ name: "Alpha Mail" }] });
  let browser: Browser;
  let node: NodeProcess;
  let dashboard: ChildProcessHandle;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    const w = world.current;
    dir = await mkdtemp(join(tmpdir(), "waymark-dashboard-network-"));
    const key = await w.newNodeKey();
    await w.registerNode(key, { providerId: 1n });
    node = await startNodeProcess({
      dir: join(dir, "node"),
      registry: w.address,
      rpcUrl: w.chain.rpcUrl,
      key,
      until: "ready",
    });
    await w.publishBootstrap(key, 1n, [node.multiaddr]);
    await buildPage();
    dashboard = spawnCli("waymark", ["dashboard", "--port", "0", "--node-status", node.statusUrl], {
      env: {
        XDG_CONFIG_HOME: dir,
        WAYMARK_CONFIG: undefined,
        WAYMARK_DEPLOYMENT: undefined,
        WAYMARK_RPC_URL: w.chain.rpcUrl,
        WAYMARK_REGISTRY: w.address,
      },
    });
    url = (await dashboard.waitForLine(/(http:\/\/127\.0\.0\.1:\d+\/)/, 30_000))[1]!;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the candidates a client finds, verified and pinged, its pick, and the node's status", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs = watchDialogs(page);
    await page.goto(`${url}#/network`);
    const row = page.locator(`[data-testid=candidates] tr[data-peer='${node.peerId}']`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.innerText()).toContain("Trusted");
    expect(await row.innerText()).toMatch(/\d+ ms/);
    await expect.poll(() => page.locator("[data-testid=pick]").innerText()).toContain(node.peerId);
    const status = page.locator("[data-testid=node-status]");
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain(node.statusUrl);
    expect(await status.locator("dt").count()).toBeGreaterThan(3);
    await page.waitForTimeout(4_500);
    await page.screenshot({ path: join(ROOT, "docs", "screenshots", "network.png"), fullPage: true });
    expect(dialogs.messages).toEqual([]);
    await page.close();
  });
});
