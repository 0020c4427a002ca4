import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createWaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { CLIENT_DEFAULTS, resolveClientOptions } from "../../client/options/index.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TestNetwork } from "./network.js";

describe("createWaymarkClient", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  it("starts with the documented defaults and runs the DHT in client mode", async () => {
    const client = await network.createClient();
    expect(client.options.service).toBe("mail/1");
    expect(client.options.trust.providers).toBe("default");
    expect(client.options.verificationTtlMs).toBe(CLIENT_DEFAULTS.verificationTtlMs);
    expect(client.options.staleGraceMs).toBe(CLIENT_DEFAULTS.staleGraceMs);
    expect(client.host.services.dht.getMode()).toBe("client");
    expect(client.host.getMultiaddrs()).toEqual([]);
  });

  it("rejects a trusted provider that does not exist, by its registry error name", async () => {
    const error = await expectRejectsNamed(
      network.createClient({ trust: { providers: [42n] } }),
      "RegistryRevertError",
    );
    expect(error).toMatchObject({ errorName: "RegistryUnknownProvider", args: [42n] });
  });

  it("reports an unreachable RPC by name", async () => {
    await expectRejectsNamed(
      createWaymarkClient({
        rpcUrl: "http://127.0.0.1:9",
        registry: network.registryAddress,
        rpcTimeoutMs: 2_000,
      }),
      "RpcUnreachableError",
    );
  });

  it("rejects malformed options before connecting", () => {
    const base = { rpcUrl: "http://127.0.0.1:9", registry: network.registryAddress };
    const named = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        return (err as Error).name;
      }
      return "none";
    };
    expect(named(() => resolveClientOptions({ ...base, registry: "0x1234" }))).toBe("InvalidAddressError");
    expect(named(() => resolveClientOptions({ ...base, customServers: ["/ip4/127.0.0.1/tcp/1"] }))).toBe(
      "InvalidMultiaddrError",
    );
    expect(named(() => resolveClientOptions({ ...base, service: "Mail!" }))).toBe("InvalidServiceNameError");
    expect(named(() => resolveClientOptions({ ...base, probeCount: 0 }))).toBe("ConfigurationError");
    expect(named(() => resolveClientOptions({ ...base, discoveryQuorum: 0 }))).toBe("ConfigurationError");
    expect(named(() => resolveClientOptions({ ...base, maxBlockAgeMs: -1 }))).toBe("ConfigurationError");
    expect(resolveClientOptions(base).maxBlockAgeMs).toBe(0);
    expect(named(() => resolveClientOptions({ registry: network.registryAddress }))).toBe(
      "ConfigurationError",
    );
    expect(named(() => resolveClientOptions({ ...base, trust: { excludeNodes: ["nope"] } }))).toBe(
      "InvalidAddressError",
    );
  });
});
