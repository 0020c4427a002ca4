import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { PrivateKey } from "@libp2p/interface";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { applyAsProvider } from "../../client/actions/registry/providerAdmin.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { getProvider } from "../../client/kernel/registry/providers.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import { runCli, spawnCli } from "../../scripts/kit/cli.js";
import { ROOT } from "../../scripts/kit/paths.js";
import type { ChildProcessHandle } from "../../scripts/kit/process.js";
import { useWorld } from "../helpers/hooks.js";
import type { DialogLog } from "./browser.js";
import { buildPage, launchBrowser } from "../../scripts/kit/browser.js";
import { injectWallet, watchDialogs } from "./browser.js";

/** A provider name that would run a script if it were ever rendered as HTML. */
const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const DESKTOP = { width: 1280, height: 820 };

describe("dashboard in a real browser", () => {
  const world = useWorld({
    providers: [
      { name: "Alpha Mail", metadataURI: "https://alpha.example/waymark.json" },
      { name: HOSTILE_NAME, metadataURI: "javascript:alert(2)", isDefault: false },
    ],
  });
  const keys: PrivateKey[] = [];
  let browser: Browser;
  let dashboard: ChildProcessHandle;
  let url: string;
  let configHome: string;
  let page: Page;
  let dialogs: DialogLog;
  const env = (): Record<string, string | undefined> => ({
    XDG_CONFIG_HOME: configHome,
    WAYMARK_CONFIG: undefined,
    WAYMARK_KEYSTORE: undefined,
    WAYMARK_DEPLOYMENT: undefined,
    WAYMARK_PRIVATE_KEY: undefined,
    WAYMARK_RPC_URL: world.current.chain.rpcUrl,
    WAYMARK_REGISTRY: world.current.address,
  });
  const node = (index: number): string => nodeWallet(keys[index]!).address;

  beforeAll(async () => {
    const w = world.current;
    for (let index = 0; index < 3; index += 1) keys.push(await w.newNodeKey());
    await w.registerNodes([
      { key: keys[0]!, providerId: 1n },
      { key: keys[1]!, providerId: 1n },
      { key: keys[2]!, providerId: 2n },
    ]);
    const applicant = await connectRegistry({
      provider: w.chain.provider,
      address: w.address,
      signer: w.chain.signers[9],
      skipCheck: true,
    });
    await applyAsProvider(applicant, { name: "Bravo Relay", metadataURI: "ipfs://bravo" });

    await buildPage();
    configHome = await mkdtemp(join(tmpdir(), "waymark-dashboard-"));
    await mkdir(SCREENSHOTS, { recursive: true });
    dashboard = spawnCli("waymark", ["dashboard", "--port", "0"], { env: env() });
    const match = await dashboard.waitForLine(/(http:\/\/127\.0\.0\.1:\d+\/)/, 30_000);
    url = match[1]!;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    await rm(configHome, { recursive: true, force: true });
  });

  const open = async (hash: string, viewport = DESKTOP): Promise<void> => {
    page = await browser.newPage({ viewport });
    dialogs = watchDialogs(page);
    await page.goto(`${url}#/${hash}`);
  };

  afterEach(async () => {
    await page.close();
  });

  it("lists the providers the chain holds, pending first, with names and URIs as text", async () => {
    await open("providers");
    const rows = page.locator("[data-testid=providers] tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).getAttribute("data-provider")).toBe("3");
    await expect.poll(() => rows.nth(0).innerText()).toMatch(/Bravo Relay\s+Pending/);
    const alpha = page.locator("tr[data-provider='1']");
    expect(await alpha.innerText()).toContain("Alpha Mail");
    expect(await alpha.innerText()).toContain("https://alpha.example/waymark.json");
    expect(await alpha.innerText()).toMatch(/Active\s+yes\s+2/);
    await page.screenshot({ path: join(SCREENSHOTS, "providers.png"), fullPage: true });

    const hostile = page.locator("tr[data-provider='2'] a.name");
    expect(await hostile.innerText()).toBe(HOSTILE_NAME);
    expect(await page.locator("img").count()).toBe(0);
    expect(dialogs.messages).toEqual([]);
  });

  it("renders a provider named like markup as text on its own page, and runs nothing", async () => {
    await open("provider/2");
    await expect.poll(() => page.locator("[data-testid=provider-name]").innerText()).toBe(HOSTILE_NAME);
    expect(await page.locator("dd.mono", { hasText: "javascript:alert(2)" }).count()).toBe(1);
    expect(await page.locator("a[href^='javascript']").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs.messages).toEqual([]);
  });

  it("shows each node's verdict under the policy chosen in the page", async () => {
    await open("nodes");
    const verdict = (index: number) => page.locator(`tr[data-node='${node(index)}'] td.verdict`).innerText();
    await expect.poll(() => verdict(0)).toBe("Trusted");
    await expect.poll(() => verdict(2)).toBe("ProviderNotTrusted");
    await page.screenshot({ path: join(SCREENSHOTS, "nodes.png"), fullPage: true });

    await page.locator("input[name=mode][value=set]").check();
    await page.locator("input[name=providers]").fill("2");
    await page.locator("input[name=excludeNodes]").fill(node(2));
    await page.getByRole("button", { name: "Apply policy" }).click();
    await expect.poll(() => verdict(0)).toBe("ProviderNotTrusted");
    await expect.poll(() => verdict(2)).toBe("Excluded");
  });

  it("shows a suspension made with the CLI in the timeline and flips the verdict, without a reload", async () => {
    await open("nodes");
    const verdict = () => page.locator(`tr[data-node='${node(1)}'] td.verdict`).innerText();
    await expect.poll(() => verdict()).toBe("Trusted");
    await page.evaluate("window.loadedOnce = true");

    await runCli("waymark", ["curator", "suspend-node", node(1), "--reason", "abuse"], {
      env: { ...env(), WAYMARK_PRIVATE_KEY: devAccount(0).privateKey },
      check: true,
    });

    await expect.poll(() => verdict(), { timeout: 10_000 }).toBe("NodeSuspended");
    await page.getByRole("link", { name: "Events" }).click();
    const newest = page.locator("[data-testid=events] li").first();
    await expect.poll(() => newest.getAttribute("data-event")).toBe("NodeSuspended");
    expect(await newest.innerText()).toMatch(/reason\s+abuse/);
    expect(await page.evaluate("window.loadedOnce")).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "events.png"), fullPage: true });
  });

  it("lets a curator approve an application with the browser's wallet", async () => {
    const curator = world.current.chain.signers[0]!.address;
    page = await browser.newPage({ viewport: DESKTOP });
    dialogs = watchDialogs(page);
    await injectWallet(page, world.current.chain.rpcUrl, curator);
    await page.goto(`${url}#/curator`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await expect.poll(() => page.locator("[data-testid=role]").innerText()).toContain("Curator");

    await page.locator("tr[data-provider='3']").getByRole("button", { name: "Approve" }).click();
    await expect
      .poll(() => page.locator("[data-testid=message]").innerText(), { timeout: 15_000 })
      .toContain("done");
    await expect
      .poll(() => page.locator("tr[data-provider='3']").innerText(), { timeout: 10_000 })
      .toContain("Active");
    expect((await getProvider(world.current.curator, 3n)).status).toBe("Active");
    await page.screenshot({ path: join(SCREENSHOTS, "curator.png"), fullPage: true });
  });

  it("tells an account without the curator role why it cannot curate", async () => {
    const outsider = world.current.chain.signers[1]!.address;
    page = await browser.newPage({ viewport: DESKTOP });
    dialogs = watchDialogs(page);
    await injectWallet(page, world.current.chain.rpcUrl, outsider);
    await page.goto(`${url}#/curator`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    const why = page.locator("[data-testid=why-not]");
    await expect.poll(() => why.innerText()).toContain("does not hold the curator role");
    expect(await why.innerText()).toContain("It owns provider 1");
    const buttons = page.locator("[data-testid=curation] button");
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);
  });

  it("fits a phone-sized screen", async () => {
    await open("providers", { width: 390, height: 844 });
    await expect.poll(() => page.locator("[data-testid=providers] tbody tr").count()).toBe(3);
    const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, "providers-phone.png") });
  });
});
