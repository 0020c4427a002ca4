import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { allowListMatcher } from "../../../node/host/allowList.js";

describe("allowListMatcher", () => {
  it("matches a host prefix exactly and a /ipcidr prefix as a network, as libp2p's allow list does", () => {
    const allowed = allowListMatcher(["/ip4/127.0.0.1", "/ip4/10.0.0.0/ipcidr/8", "/ip6/::1"]);
    expect(allowed(multiaddr("/ip4/127.0.0.1/tcp/4001"))).toBe(true);
    expect(allowed(multiaddr("/ip4/127.0.0.2/tcp/4001"))).toBe(false);
    expect(allowed(multiaddr("/ip4/10.20.30.40/tcp/4001"))).toBe(true);
    expect(allowed(multiaddr("/ip4/11.0.0.1/tcp/4001"))).toBe(false);
    expect(allowed(multiaddr("/ip6/::1/tcp/4001"))).toBe(true);
  });

  it("matches nothing when the list is empty", () => {
    expect(allowListMatcher([])(multiaddr("/ip4/127.0.0.1/tcp/4001"))).toBe(false);
  });

  it("refuses a prefix that is not an IP address", () => {
    expect(() => allowListMatcher(["/dns4/example.com"])).toThrow(/not an IPv4 or IPv6 address/);
  });
});
