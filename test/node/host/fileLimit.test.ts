import { describe, expect, it } from "vitest";

import {
  connectionsOverFileLimit,
  FILE_DESCRIPTOR_MARGIN,
  openFileLimit,
} from "../../../node/host/fileLimit.js";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe("open-file limit", () => {
  it("reads the soft limit of /proc/self/limits", () => {
    expect(openFileLimit(LIMITS)).toBe(1024);
    expect(openFileLimit(LIMITS.replace("1024   ", "unlimited"))).toBeUndefined();
    expect(openFileLimit("")).toBeUndefined();
  });

  it("reads this process's limit on Linux", () => {
    const limit = openFileLimit();
    if (process.platform === "linux") expect(limit === undefined || limit > 0).toBe(true);
  });

  it("says how many connections fit when maxConnections does not", () => {
    expect(connectionsOverFileLimit(12_000, 1024)).toBe(1024 - FILE_DESCRIPTOR_MARGIN);
    expect(connectionsOverFileLimit(12_000, 20_000)).toBeUndefined();
    expect(connectionsOverFileLimit(12_000, undefined)).toBeUndefined();
    expect(connectionsOverFileLimit(12_000, 100)).toBe(0);
  });
});
