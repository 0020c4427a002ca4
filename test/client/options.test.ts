import { describe, expect, it } from "vitest";

import { CLIENT_DEFAULTS, CLIENT_OPTIONS, resolveClientOptions } from "../../client/options/index.js";
import type { WaymarkClientOptions } from "../../client/options/index.js";

const BASE = { rpcUrl: "http://127.0.0.1:8545", registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

function refusal(options: Partial<WaymarkClientOptions>): Error {
  try {
    resolveClientOptions({ ...BASE, ...options });
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the options to be refused");
}

describe("the client option table", () => {
  it("gives every table option its default", () => {
    const resolved = resolveClientOptions(BASE);
    expect(Object.keys(CLIENT_DEFAULTS)).toEqual(Object.keys(CLIENT_OPTIONS));
    for (const [key, value] of Object.entries(CLIENT_DEFAULTS)) {
      expect(resolved[key as keyof typeof CLIENT_DEFAULTS], key).toEqual(value);
    }
  });

  it("refuses a value of the wrong kind, naming the option and the value", () => {
    expect(refusal({ watchRegistry: "yes" as unknown as boolean })).toMatchObject({
      name: "ConfigurationError",
      message: '`watchRegistry` must be true or false, not "yes"',
    });
    expect(refusal({ latencySlackMs: -1 })).toMatchObject({
      name: "ConfigurationError",
      message: "`latencySlackMs` must be a number at least 0, not -1",
    });
    expect(refusal({ probeCount: 5n as unknown as number })).toMatchObject({
      message: "`probeCount` must be a number above 0, not 5n",
    });
  });
});
