import { describe, expect, it } from "vitest";

import { counted } from "../../client/cli/output.js";

describe("counted", () => {
  it("says one thing in the singular and any other count in the plural", () => {
    expect(counted(1, "candidate")).toBe("1 candidate");
    expect(counted(0, "candidate")).toBe("0 candidates");
    expect(counted(2, "message")).toBe("2 messages");
    expect(counted(1, "bootstrap address", "bootstrap addresses")).toBe("1 bootstrap address");
    expect(counted(3, "bootstrap address", "bootstrap addresses")).toBe("3 bootstrap addresses");
  });
});
