import { describe, expect, it } from "vitest";

import { MAIL_DEFAULTS } from "../../client/mail/protocol/constants.js";
import {
  FRAME_OVERHEAD_BYTES,
  MAIL_LIMIT_OPTIONS,
  MAIL_OPTIONS,
  MAIL_SERVICE_DEFAULTS,
  resolveMailLimits,
} from "../../node/mail/options.js";

describe("the mail option table", () => {
  it("takes the limits a client also checks from the protocol's defaults", () => {
    const limits = resolveMailLimits();
    for (const key of [
      "maxTopicBytes",
      "maxPayloadBytes",
      "maxTopicsPerQuery",
      "defaultPageSize",
      "maxPageSize",
      "maxResponseBytes",
      "maxFutureSkewMs",
      "maxPastSkewMs",
      "maxRetentionSeconds",
      "requestTimeoutMs",
    ] as const) {
      expect(limits[key], key).toBe(MAIL_DEFAULTS[key]);
    }
  });

  it("computes maxFrameBytes and defaultPageSize from the options before them", () => {
    expect(resolveMailLimits({ maxPayloadBytes: 1_000, maxTopicBytes: 10 }).maxFrameBytes).toBe(
      1_000 + 10 + FRAME_OVERHEAD_BYTES,
    );
    expect(resolveMailLimits({ maxPageSize: 20 }).defaultPageSize).toBe(20);
    expect(resolveMailLimits({ maxPageSize: 20, defaultPageSize: 5 }).defaultPageSize).toBe(5);
  });

  it("exports the defaults and the option names derived from the table", () => {
    expect(MAIL_LIMIT_OPTIONS).toEqual(Object.keys(MAIL_OPTIONS));
    expect(MAIL_SERVICE_DEFAULTS).toEqual({
      ...resolveMailLimits(),
      frameOverheadBytes: FRAME_OVERHEAD_BYTES,
    });
  });

  it("says what a valid value is", () => {
    expect(() => resolveMailLimits({ maxProviderShare: 1.5 })).toThrow(
      expect.objectContaining({
        name: "MailOptionError",
        option: "maxProviderShare",
        message: 'Invalid mail option "maxProviderShare": must be a number above 0 and at most 1',
      }),
    );
    expect(() => resolveMailLimits({ maxTopicBytes: 70_000 })).toThrow(
      'Invalid mail option "maxTopicBytes": must be an integer from 1 to 65535',
    );
  });
});
