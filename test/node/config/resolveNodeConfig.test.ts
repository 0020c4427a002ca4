import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { envLayer, fileLayer, flagLayer } from "../../../node/config/layers.js";
import { NODE_OPTIONS } from "../../../node/config/options.js";
import { parseNodeConfig, resolveNodeConfig } from "../../../node/config/resolve.js";
import { InvalidConfigError } from "../../../node/errors/config.js";
import { startNode } from "../../../node/daemon.js";
import { expectRejectsNamed } from "../../helpers/errors.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function invalidOption(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidConfigError);
    return err as InvalidConfigError;
  }
  throw new Error("expected an InvalidConfigError");
}

describe("resolveNodeConfig", () => {
  it("gives every option but the registry a default", () => {
    const config = parseNodeConfig({ registry: REGISTRY.toLowerCase() }, "/srv/waymark");
    expect(config).toMatchObject({
      dataDir: "/srv/waymark/waymark-data",
      keyFile: "/srv/waymark/waymark-data/node.key",
      keyPassphraseEnv: "WAYMARK_KEY_PASSPHRASE",
      rpcUrl: "http://127.0.0.1:8545",
      registry: REGISTRY,
      chainId: undefined,
      service: "mail/1",
      listen: ["/ip4/0.0.0.0/tcp/4001"],
      announce: [],
      bootstrap: [],
      registryBootstrap: true,
      maxConnections: 12_000,
      inboundConnectionThreshold: 5,
      maxIncomingPendingConnections: 64,
      inboundConnectionQueue: 2_048,
      announceInterval: 3_600_000,
      statusListen: "127.0.0.1:9464",
      logLevel: "info",
      loopback: false,
    });
    const withoutDefault = Object.entries(NODE_OPTIONS).filter(([, spec]) => spec.default === undefined);
    expect(withoutDefault.map(([name]) => name)).toEqual(["registry"]);
  });

  it("lets the environment override the file and flags override both", () => {
    const config = resolveNodeConfig([
      fileLayer("/etc/waymark/node.json", {
        registry: REGISTRY,
        listen: ["/ip4/0.0.0.0/tcp/1"],
        logLevel: "debug",
        announceInterval: "10m",
        dataDir: "state",
      }),
      envLayer({ WAYMARK_LISTEN: "/ip4/0.0.0.0/tcp/2", WAYMARK_LOG_LEVEL: "warn" }, "/home/op"),
      flagLayer({ listen: "/ip4/0.0.0.0/tcp/3,/ip6/::/tcp/3" }, "/home/op"),
    ]);
    expect(config.listen).toEqual(["/ip4/0.0.0.0/tcp/3", "/ip6/::/tcp/3"]);
    expect(config.logLevel).toBe("warn");
    expect(config.announceInterval).toBe(600_000);
    // Relative paths in the file are relative to the file.
    expect(config.dataDir).toBe("/etc/waymark/state");
    expect(config.keyFile).toBe(join("/etc/waymark/state", "node.key"));
  });

  it("applies the loopback preset to the limits no source set", () => {
    const config = parseNodeConfig({ registry: REGISTRY, loopback: true, maxIncomingPendingConnections: 7 });
    expect(config.inboundConnectionThreshold).toBe(10_000);
    expect(config.maxIncomingPendingConnections).toBe(7);
    expect(config.connectionAllow).toEqual(["/ip4/127.0.0.1"]);
  });

  it("accepts a ws:// or wss:// RPC URL, to follow the registry's events by subscription", () => {
    for (const rpcUrl of ["ws://127.0.0.1:8545", "wss://rpc.example/ws"]) {
      expect(parseNodeConfig({ registry: REGISTRY, rpcUrl }, "/srv/waymark").rpcUrl).toBe(rpcUrl);
    }
  });

  it.each([
    ["announceInterval", { announceInterval: "soon" }],
    ["announceInterval", { announceInterval: "25h" }],
    ["maxConnections", { maxConnections: -1 }],
    ["bootstrap", { bootstrap: ["/ip4/10.0.0.1/tcp/4001"] }],
    ["listen", { listen: "not-a-multiaddr" }],
    ["rpcUrl", { rpcUrl: "ftp://127.0.0.1:8545" }],
    ["registry", { registry: "0x1234" }],
    ["service", { service: "Mail!" }],
    ["statusListen", { statusListen: "9464" }],
    ["logLevel", { logLevel: "loud" }],
    ["chainId", { chainId: 0 }],
    ["announceTimeout", { announceInterval: "1m", announceTimeout: "2m" }],
    ["listenAddress", { listenAddress: "/ip4/0.0.0.0/tcp/1" }],
  ])("names %s when its value is invalid", (option, input) => {
    const error = invalidOption(() => parseNodeConfig({ registry: REGISTRY, ...input }));
    expect(error.name).toBe("InvalidConfigError");
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}"`);
  });

  it("names a missing registry", () => {
    expect(invalidOption(() => parseNodeConfig({})).option).toBe("registry");
  });

  it("says which source gave the invalid value", () => {
    const fromEnv = invalidOption(() =>
      resolveNodeConfig([
        fileLayer("/etc/waymark/node.json", { registry: REGISTRY }),
        envLayer({ WAYMARK_MAX_CONNECTIONS: "lots" }, "/"),
      ]),
    );
    expect(fromEnv).toMatchObject({ option: "maxConnections", source: "WAYMARK_MAX_CONNECTIONS" });
    const fromFlag = invalidOption(() =>
      resolveNodeConfig([flagLayer({ registry: REGISTRY, dialTimeout: "forever" }, "/")]),
    );
    expect(fromFlag).toMatchObject({ option: "dialTimeout", source: "--dial-timeout" });
  });

  it("makes startNode reject an invalid value before anything starts", async () => {
    const error = await expectRejectsNamed(
      startNode({ registry: REGISTRY, announceInterval: "often" }),
      "InvalidConfigError",
    );
    expect(error).toMatchObject({ option: "announceInterval" });
  });
});
