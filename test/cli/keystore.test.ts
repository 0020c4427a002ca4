import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { parseEther } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { getProvider } from "../../client/kernel/registry/providers.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import { runCli } from "../../scripts/kit/cli.js";
import { BINARIES, ROOT } from "../../scripts/kit/paths.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

describe("waymark keystore", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  const waymark = (args: string[], env: Record<string, string | undefined> = {}, input?: string) =>
    runCli("waymark", args, { env: { ...tmp.env, ...env }, input });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  it("makes a keystore whose account, once funded, signs provider apply with --keystore", async () => {
    const file = join(tmp.dir, "provider.json");
    const made = await waymark(["keystore", "new", "--out", file, "--json"], {
      WAYMARK_KEYSTORE_PASSWORD: "correct horse",
    });
    expect(made.code, made.stderr).toBe(0);
    const { address } = JSON.parse(made.stdout) as { address: string; file: string };
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The file is an ethers JSON wallet of that account, with no mnemonic in it.
    const json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    expect(json).toMatchObject({ version: 3, address: address.slice(2).toLowerCase() });
    expect(json).not.toHaveProperty("x-ethers.mnemonicCiphertext");

    const shown = await waymark(["keystore", "address"], { WAYMARK_KEYSTORE: file });
    expect(shown.stdout.trim()).toBe(address);

    // Unfunded, it cannot pay for the transaction; funded, it signs it.
    const unpaid = await waymark(["--keystore", file, "provider", "apply", "Keystore Mail"], {
      WAYMARK_KEYSTORE_PASSWORD: "correct horse",
    });
    expect(unpaid.code).toBe(1);
    expect(unpaid.stderr).toContain(`InsufficientFundsError: The account ${address}`);
    await (await network.chain.signers[0]!.sendTransaction({ to: address, value: parseEther("1") })).wait();
    const applied = await waymark(["--keystore", file, "provider", "apply", "Keystore Mail"], {
      WAYMARK_KEYSTORE_PASSWORD: "correct horse",
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied as provider 1 "Keystore Mail"');
    expect((await getProvider(network.curator, 1n)).owner).toBe(address);

    const wrong = await waymark(["--keystore", file, "provider", "apply", "Again"], {
      WAYMARK_KEYSTORE_PASSWORD: "wrong",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("KeystoreError: Cannot unlock the keystore");
  });

  it("imports a private key from stdin or WAYMARK_PRIVATE_KEY, and never overwrites a file", async () => {
    const fromStdin = join(tmp.dir, "stdin.json");
    const fromEnv = join(tmp.dir, "env.json");
    const passphrase = { WAYMARK_KEYSTORE_PASSWORD: "pw" };
    const piped = await waymark(
      ["keystore", "import", "--out", fromStdin],
      passphrase,
      `${devAccount(4).privateKey}\n`,
    );
    expect(piped.code, piped.stderr).toBe(0);
    const account = network.chain.signers[4]!.address;
    expect(piped.stdout.trim()).toBe(`Imported account ${account} into keystore ${fromStdin}`);

    const env = await waymark(["keystore", "import", "--out", fromEnv, "--json"], {
      ...passphrase,
      WAYMARK_PRIVATE_KEY: devAccount(4).privateKey.slice(2),
    });
    expect(JSON.parse(env.stdout)).toEqual({ address: account, file: fromEnv });
    expect((await waymark(["keystore", "address", fromEnv])).stdout.trim()).toBe(account);

    const before = await readFile(fromStdin, "utf8");
    const again = await waymark(["keystore", "new", "--out", fromStdin], passphrase);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `KeystoreExistsError: ${fromStdin} exists; a keystore is never overwritten`,
    );
    expect(await readFile(fromStdin, "utf8")).toBe(before);

    const secretTypo = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b7869";
    const bad = await waymark(
      ["keystore", "import", "--out", join(tmp.dir, "bad.json")],
      passphrase,
      secretTypo,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "ConfigurationError: The private key read from stdin is not a 32-byte hex key",
    );
    expect(bad.stderr).not.toContain(secretTypo.slice(2, 20));

    // A piped key leaves no terminal for the passphrase.
    const noPassphrase = await waymark(
      ["keystore", "import", "--out", join(tmp.dir, "x.json")],
      {},
      devAccount(4).privateKey,
    );
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toContain(
      "PassphraseError: No passphrase for the keystore: no terminal to ask on",
    );
    expect(noPassphrase.stderr).toContain("hint: set WAYMARK_KEYSTORE_PASSWORD");
  });

  it("prints the address a keystore states without its passphrase; a stated address that is not the key's fails to sign", async () => {
    const file = join(tmp.dir, "k.json");
    await waymark(
      ["keystore", "import", "--out", file],
      { WAYMARK_KEYSTORE_PASSWORD: "pw" },
      devAccount(5).privateKey,
    );
    const noFile = await waymark(["keystore", "address"]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain("ConfigurationError: No keystore");
    const notKeystore = await waymark(["keystore", "address", join(ROOT, "package.json")]);
    expect(notKeystore.code).toBe(1);
    expect(notKeystore.stderr).toContain("InvalidKeystoreError");

    const edited = join(tmp.dir, "edited.json");
    const other = network.chain.signers[6]!.address;
    const json = JSON.parse(await readFile(file, "utf8")) as { address: string };
    await writeFile(edited, JSON.stringify({ ...json, address: other.slice(2).toLowerCase() }));
    expect((await waymark(["keystore", "address", edited])).stdout.trim()).toBe(other);
    const signs = await waymark(["--keystore", edited, "provider", "apply", "Edited"], {
      WAYMARK_KEYSTORE_PASSWORD: "pw",
    });
    expect(signs.code).toBe(1);
    expect(signs.stderr).toContain("KeystoreError: Cannot unlock the keystore");
  });

  it("asks for the passphrase twice on a terminal, and writes nothing when the two differ", async () => {
    const good = join(tmp.dir, "typed.json");
    const typed = await onTerminal(["keystore", "new", "--out", good], ["typed secret", "typed secret"]);
    expect(typed.output).toContain("New keystore passphrase:");
    expect(typed.output).toContain("Repeat the passphrase:");
    expect(typed.output).not.toContain("typed secret");
    const address = /for account (0x[0-9a-fA-F]{40})/.exec(typed.output)?.[1];
    expect(address, typed.output).toBeDefined();
    // The passphrase typed on the terminal unlocks it for signing.
    await (await network.chain.signers[0]!.sendTransaction({ to: address, value: parseEther("1") })).wait();
    const applied = await waymark(["--keystore", good, "provider", "apply", "Typed"], {
      WAYMARK_KEYSTORE_PASSWORD: "typed secret",
    });
    expect(applied.code, applied.stderr).toBe(0);

    const differ = join(tmp.dir, "differ.json");
    const mismatch = await onTerminal(["keystore", "new", "--out", differ], ["one", "two"]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.output).toContain("PassphraseError: The two passphrases differ; nothing was written");
    expect(existsSync(differ)).toBe(false);
  });

  /**
   * Runs `waymark` on a pseudo-terminal (util-linux `script`), typing each answer once its prompt
   * has been printed.
   */
  async function onTerminal(
    args: string[],
    answers: string[],
  ): Promise<{ code: number | null; output: string }> {
    const command = [process.execPath, BINARIES.waymark, ...args].map((part) => `'${part}'`).join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, ...tmp.env, NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let prompts = 0;
    const pending = [...answers];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const seen = (output.match(/passphrase: /g) ?? []).length;
      while (prompts < seen && pending.length > 0) {
        prompts++;
        child.stdin.write(`${pending.shift()}\r`);
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }
});
