import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { MailRateLimitedError } from "../../client/mail/protocol/errors.js";
import type { PeerLimitOptions } from "../../node/mail/limits/peerLimits.js";
import { PeerLimits } from "../../node/mail/limits/peerLimits.js";
import { resolveMailLimits } from "../../node/mail/options.js";

const PUSH = { kind: "push", bytes: 10 } as const;

function limitsWith(overrides: Partial<PeerLimitOptions>): { limits: PeerLimits; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  return { limits: new PeerLimits({ ...resolveMailLimits(), ...overrides }, () => clock.now), clock };
}

function refusal(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (err) {
    if (err instanceof MailRateLimitedError) return err.limit;
    throw err;
  }
}

describe("per-peer and per-address limits", () => {
  it("gives a peer its allowance back when its address refuses the request", () => {
    const { limits, clock } = limitsWith({
      pushBurst: 1,
      pushesPerSecond: 0.001,
      addressPushBurst: 1,
      addressPushesPerSecond: 1,
      addressLimitExempt: [],
    });
    const from = multiaddr("/ip4/198.51.100.7/tcp/4001");
    limits.charge({ peer: "a", remoteAddr: from }, PUSH);
    expect(
      refusal(() => {
        limits.charge({ peer: "b", remoteAddr: from }, PUSH);
      }),
    ).toBe("address-pushes");
    // One second refills the address, not b's own bucket (0.001/s): b succeeds only if refunded.
    clock.now += 1_000;
    expect(
      refusal(() => {
        limits.charge({ peer: "b", remoteAddr: from }, PUSH);
      }),
    ).toBeUndefined();
  });

  it("groups IPv6 peers by /64 and keeps IPv4 addresses apart", () => {
    const { limits } = limitsWith({
      addressPushBurst: 1,
      addressPushesPerSecond: 0.001,
      addressLimitExempt: [],
    });
    limits.charge({ peer: "a", remoteAddr: multiaddr("/ip6/2001:db8:1:2::10/tcp/1") }, PUSH);
    expect(
      refusal(() => {
        limits.charge({ peer: "b", remoteAddr: multiaddr("/ip6/2001:db8:1:2::99/tcp/1") }, PUSH);
      }),
    ).toBe("address-pushes");
    expect(
      refusal(() => {
        limits.charge({ peer: "c", remoteAddr: multiaddr("/ip6/2001:db8:1:3::10/tcp/1") }, PUSH);
      }),
    ).toBeUndefined();
    limits.charge({ peer: "d", remoteAddr: multiaddr("/ip4/198.51.100.1/tcp/1") }, PUSH);
    expect(
      refusal(() => {
        limits.charge({ peer: "e", remoteAddr: multiaddr("/ip4/198.51.100.2/tcp/1") }, PUSH);
      }),
    ).toBeUndefined();
  });

  it("limits exempt networks per peer only", () => {
    const { limits } = limitsWith({
      addressPushBurst: 1,
      addressPushesPerSecond: 0.001,
      addressLimitExempt: ["10.0.0.0/8"],
    });
    for (const peer of ["a", "b", "c"]) {
      expect(
        refusal(() => {
          limits.charge({ peer, remoteAddr: multiaddr("/ip4/10.1.2.3/tcp/1") }, PUSH);
        }),
      ).toBeUndefined();
    }
    limits.charge({ peer: "d", remoteAddr: multiaddr("/ip4/192.0.2.1/tcp/1") }, PUSH);
    expect(
      refusal(() => {
        limits.charge({ peer: "e", remoteAddr: multiaddr("/ip4/192.0.2.1/tcp/1") }, PUSH);
      }),
    ).toBe("address-pushes");
  });
});
