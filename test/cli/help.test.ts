import { describe, expect, it } from "vitest";

import { runCli } from "../../scripts/kit/cli.js";
import { scratch } from "./env.js";

describe("waymark", () => {
  it("lists the command groups of every role in its help", async () => {
    const tmp = await scratch();
    try {
      const help = await runCli("waymark", ["--help"], { env: tmp.env });
      expect(help.code).toBe(0);
      for (const command of [
        "curator",
        "provider",
        "node",
        "discover",
        "pick",
        "send",
        "history",
        "keygen",
        "keystore",
      ]) {
        expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
      }
      expect(help.stdout).toContain("WAYMARK_PRIVATE_KEY");

      const curator = await runCli("waymark", ["curator", "--help"], { env: tmp.env });
      for (const command of [
        "add-provider",
        "approve",
        "reject",
        "suspend",
        "reinstate",
        "set-default",
        "suspend-node",
        "reinstate-node",
        "grant",
        "revoke",
      ]) {
        expect(curator.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
      }

      const version = await runCli("waymark", ["--version"], { env: tmp.env });
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    } finally {
      await tmp.remove();
    }
  });

  it("exits with status 2 and one line on a usage error", async () => {
    const tmp = await scratch();
    try {
      const unknown = await runCli("waymark", ["frobnicate"], { env: tmp.env });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim()).toBe("error: unknown command 'frobnicate'");
      const missing = await runCli("waymark", ["curator", "approve"], { env: tmp.env });
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim()).toBe("error: missing required argument 'providerId'");
      const badId = await runCli("waymark", ["curator", "approve", "zero"], { env: tmp.env });
      expect(badId.code).toBe(2);
      expect(badId.stderr).toContain('Not a provider id: "zero"');
    } finally {
      await tmp.remove();
    }
  });
});
