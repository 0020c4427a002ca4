import { describe, expect, it } from "vitest";

import { redactError } from "../../../client/kernel/errors/redactError.js";
import { RpcUnreachableError } from "../../../client/kernel/errors/registry.js";
import { redactUrl, redactUrls, UNPARSEABLE_URL } from "../../../client/kernel/text/redactUrl.js";

describe("redactUrl", () => {
  it("keeps the scheme, host and port, and drops user info, path, query and fragment", () => {
    expect(redactUrl("https://mainnet.infura.io/v3/KEY")).toBe("https://mainnet.infura.io");
    expect(redactUrl("http://user:pass@127.0.0.1:8545/rpc?apikey=K#frag")).toBe("http://127.0.0.1:8545");
    expect(redactUrl("wss://[::1]:8546/ws/KEY")).toBe("wss://[::1]:8546");
    expect(redactUrl("http://127.0.0.1:9")).toBe("http://127.0.0.1:9");
  });

  it("shows nothing of a URL it cannot parse", () => {
    expect(redactUrl("127.0.0.1:8545/KEY")).toBe(UNPARSEABLE_URL);
  });
});

describe("redactUrls", () => {
  it("redacts every URL in a text, up to a quote or a space", () => {
    const text =
      'server response 500 (info={ "requestUrl": "http://u:SECRET1@h:1/v3/SECRET2?k=SECRET3" }) at https://x.example/SECRET4 then';
    expect(redactUrls(text)).toBe(
      'server response 500 (info={ "requestUrl": "http://h:1" }) at https://x.example then',
    );
  });
});

describe("errors that quote an RPC URL", () => {
  const url = "http://user:SECRET1@127.0.0.1:8545/v3/SECRET2?apikey=SECRET3";

  it("RpcUnreachableError names the endpoint redacted, in its message, url and cause", () => {
    const cause = Object.assign(new Error(`bad response (info={ "requestUrl": "${url}" })`), {
      code: "SERVER_ERROR",
      info: { requestUrl: url },
    });
    const error = new RpcUnreachableError(url, { cause });
    expect(error.url).toBe("http://127.0.0.1:8545");
    expect(error.shortMessage).toBe("The chain RPC http://127.0.0.1:8545 is unreachable");
    expect(error.details).toBe('bad response (info={ "requestUrl": "http://127.0.0.1:8545" })');
    expect(error.cause).toMatchObject({ name: "Error", code: "SERVER_ERROR" });
    expect(error.cause).not.toHaveProperty("info");
    const everything = `${error.message} ${error.stack} ${String((error.cause as Error).stack)}`;
    expect(everything).not.toMatch(/SECRET/);
  });

  it("redactError copies a chain of causes, keeping names and codes", () => {
    const inner = Object.assign(new Error(`connect to ${url} refused`), { code: "ECONNREFUSED" });
    const outer = new TypeError("fetch failed", { cause: inner });
    const copy = redactError(outer) as Error & { cause: Error & { code: string } };
    expect(copy.name).toBe("TypeError");
    expect(copy.cause.message).toBe("connect to http://127.0.0.1:8545 refused");
    expect(copy.cause.code).toBe("ECONNREFUSED");
  });
});
