import { describe, expect, it } from "vitest";

import { CLIENT_DEFAULTS, CLIENT_OPTIONS, resolveClientOptions } from "../../client/options/index.js";
import { REQUIRED_CLIENT_OPTIONS, optionRefusal } from "../helpers/optionRefusal.js";

describe("the client option table", () => {
  it("gives every table option its default", () => {
    const resolved = resolveClientOptions(REQUIRED_CLIENT_OPTIONS);
    expect(Object.keys(CLIENT_DEFAULTS)).toEqual(Object.keys(CLIENT_OPTIONS));
    for (const [key, value] of Object.entries(CLIENT_DEFAULTS)) {
      expect(resolved[key as keyof typeof CLIENT_DEFAULTS], key).toEqual(value);
    }
  });

  it("refuses a value of the wrong kind, naming the option and the value", () => {
    expect(optionRefusal({ watchRegistry: "yes" as unknown as boolean })).toMatchObject({
      name: "ConfigurationError",
      message: '`watchRegistry` must be true or false, not "yes"',
    });
    expect(optionRefusal({ latencySlackMs: -1 })).toMatchObject({
      name: "ConfigurationError",
      message: "`latencySlackMs` must be a number at least 0, not -1",
    });
    expect(optionRefusal({ probeCount: 5n as unknown as number })).toMatchObject({
      message: "`probeCount` must be a number above 0, not 5n",
    });
  });
});
