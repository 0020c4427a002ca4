import { describe, expect, it } from "vitest";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import type { ConnectFailure } from "../../node/config/postgres.js";
import { isTransient } from "../../node/config/postgres.js";
import { PostgresMailStore } from "../../node/mail/store/postgres/postgresMailStore.js";
import { MAIL_OPTIONS } from "../../node/mail/options/table.js";
import { PostgresRecordsStore } from "../../node/records/store/postgres/postgresRecordsStore.js";
import { RECORDS_OPTIONS } from "../../node/records/options/table.js";
import { freePort } from "../../scripts/kit/freePort.js";
import { usePostgres } from "../helpers/hooks.js";
import { newOwner, signed } from "../records/helpers.js";

/** Resolves once `check` holds, polling; rejects after `limitMs` (a bound, not a measurement). */
async function until(check: () => boolean, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function codeOf(failure: ConnectFailure): unknown {
  return (failure.error.cause as { code?: unknown } | undefined)?.code;
}

// A node started beside its database (a host boot, a compose file, a pod) often starts first: the
// store's first connection must wait for the server, within a bound, and fail at once on what will
// not heal (credentials), without a restart loop from the service manager.
describe("PostgreSQL store: first connection retried while the server is not up", () => {
  const postgres = usePostgres();

  it("opens both stores once a server started after them answers", async () => {
    const server = postgres.current;
    await server.halt();
    const mailFailures: ConnectFailure[] = [];
    const recordsFailures: ConnectFailure[] = [];
    const mailOpen = PostgresMailStore.open({
      url: server.url,
      schema: "late_mail",
      connectTimeoutMs: 60_000,
      onConnectFailed: (failure) => mailFailures.push(failure),
    });
    const recordsOpen = PostgresRecordsStore.open({
      url: server.url,
      schema: "late_records",
      connectTimeoutMs: 60_000,
      onConnectFailed: (failure) => recordsFailures.push(failure),
    });
    // Both have tried and failed before the server starts.
    await until(() => mailFailures.length > 0 && recordsFailures.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await server.resume();
    const [mail, records] = await Promise.all([mailOpen, recordsOpen]);

    const envelope = createEnvelope({
      topic: "/late",
      payload: new TextEncoder().encode("late"),
      ttl: 3_600,
    });
    expect(await mail.put([{ ...envelope, expiresAt: Date.now() + 3_600_000 }])).toEqual(["stored"]);
    expect(await records.put(await signed(newOwner(), { name: "late" }))).toBe("stored");
    const failures = [...mailFailures, ...recordsFailures];
    const codes = [...new Set(failures.map(codeOf))].sort();
    console.log(
      `connect retry: server started ~2 s after the stores; mail opened after ${mailFailures.length} failed ` +
        `attempts, records after ${recordsFailures.length}; codes seen: ${codes.join(", ")}`,
    );
    for (const list of [mailFailures, recordsFailures]) {
      expect(list.map((failure) => failure.attempt)).toEqual(list.map((_, index) => index + 1));
    }
    for (const failure of failures) {
      expect(failure.error.name).toBe("StoreUnreachableError");
      expect(["ECONNREFUSED", "57P03"]).toContain(codeOf(failure));
      expect(failure.retryInMs).toBeGreaterThan(0);
    }
    await Promise.all([mail.close(), records.close()]);
  });

  it("fails at once on a wrong password or a missing database, without retrying", async () => {
    const server = postgres.current;
    const failures: ConnectFailure[] = [];
    const wrong = await PostgresMailStore.open({
      url: server.urlFor("postgres", "not-the-password"),
      schema: "wrong_pw",
      connectTimeoutMs: 60_000,
      onConnectFailed: (failure) => failures.push(failure),
    }).catch((err: unknown) => err);
    expect(wrong).toMatchObject({ name: "StoreCredentialsError" });
    const missing = await PostgresRecordsStore.open({
      url: server.urlFor("postgres", server.password, "nowhere"),
      connectTimeoutMs: 60_000,
      onConnectFailed: (failure) => failures.push(failure),
    }).catch((err: unknown) => err);
    expect(missing).toMatchObject({ name: "StoreUnreachableError", attempts: 1 });
    expect(failures).toHaveLength(0);
    console.log(
      `connect retry: wrong password -> ${(wrong as Error).name}, missing database -> ` +
        `${(missing as Error).name} after 1 attempt; retried attempts: ${failures.length}`,
    );
  });

  it("gives up with StoreUnreachableError, naming the attempts, once the deadline passes", async () => {
    const closed = await freePort();
    const failures: ConnectFailure[] = [];
    const error = await PostgresMailStore.open({
      url: `postgres://postgres:x@127.0.0.1:${closed}/postgres`,
      connectTimeoutMs: 1_500,
      onConnectFailed: (failure) => failures.push(failure),
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: "StoreUnreachableError" });
    const { attempts, message } = error as { attempts: number; message: string };
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBe(failures.length + 1);
    expect(message).toContain(`after ${attempts} attempts`);
    expect(message).not.toContain(":x@");
    console.log(`connect retry: nothing listening, deadline passed: ${message}`);
  });

  it("tries once when the store is opened without a deadline", async () => {
    const closed = await freePort();
    const error = await PostgresRecordsStore.open({
      url: `postgres://postgres:x@127.0.0.1:${closed}/postgres`,
    }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: "StoreUnreachableError", attempts: 1 });
  });

  it("retries what heals (refused, starting up, shutting down) and nothing else", () => {
    for (const code of ["ECONNREFUSED", "57P03", "57P01", "ENOTFOUND"])
      expect(isTransient({ code })).toBe(true);
    for (const code of ["28P01", "28000", "42501", "3D000", "42P01"])
      expect(isTransient({ code })).toBe(false);
    expect(isTransient(new TypeError("Invalid URL"))).toBe(false);
  });

  it("has the node option default to 30 s for both services", () => {
    expect(MAIL_OPTIONS.storeConnectTimeoutMs.default).toBe(30_000);
    expect(RECORDS_OPTIONS.storeConnectTimeoutMs.default).toBe(30_000);
  });
});
