import { describe, expect, it } from "vitest";

import { RECORDS_DEFAULTS } from "../../client/records/protocol/constants.js";
import { parseRecordsOptions } from "../../node/records/module.js";
import { RECORDS_SERVICE_DEFAULTS, resolveRecordsLimits } from "../../node/records/options.js";
import { expectThrowsNamed } from "./helpers.js";

describe("records service options", () => {
  it("defaults to the protocol's limits and the documented quotas", () => {
    expect(RECORDS_SERVICE_DEFAULTS).toMatchObject({
      maxNameBytes: RECORDS_DEFAULTS.maxNameBytes,
      maxValueBytes: RECORDS_DEFAULTS.maxValueBytes,
      maxFrameBytes: RECORDS_DEFAULTS.maxNameBytes + RECORDS_DEFAULTS.maxValueBytes + 1_024,
      maxRecordsPerOwner: 100,
      maxBytesPerOwner: 262_144,
      maxStoreBytes: 1_073_741_824,
      defaultListPageSize: 50,
      maxListPageSize: 200,
    });
    expect(resolveRecordsLimits({ maxListPageSize: 20 }).defaultListPageSize).toBe(20);
  });

  it("names the option of an invalid value, an unknown option and limits that do not fit", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ maxRecordsPerOwner: 0 }, "maxRecordsPerOwner"],
      [{ putsPerSecondPerPeer: -1 }, "putsPerSecondPerPeer"],
      [{ synchronous: "off" }, "synchronous"],
      [{ maxNameBytes: 65 }, "maxNameBytes"],
      [{ maxPutsPerHour: 3 }, "maxPutsPerHour"],
      [{ maxValueBytes: 10_000, maxFrameBytes: 5_000 }, "maxFrameBytes"],
      [{ maxBytesPerOwner: 100 }, "maxBytesPerOwner"],
      [{ defaultListPageSize: 300 }, "defaultListPageSize"],
    ];
    for (const [options, option] of cases) {
      const error = expectThrowsNamed(() => parseRecordsOptions(options), "RecordsOptionError");
      expect(error.option, JSON.stringify(options)).toBe(option);
    }
  });
});
