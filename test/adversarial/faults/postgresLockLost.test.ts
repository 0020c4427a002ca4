import { describe, expect, it } from "vitest";

import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import { PostgresMailStore } from "../../../node/mail/store/postgres/postgresMailStore.js";
import { PostgresRecordsStore } from "../../../node/records/store/postgres/postgresRecordsStore.js";
import { usePostgres } from "../../helpers/hooks.js";
import { newOwner, signed } from "../../records/helpers.js";
import { dropLockSessions } from "../helpers/lockSessions.js";

function envelope(n: number) {
  const made = createEnvelope({ topic: "/lost", payload: new TextEncoder().encode(`lost ${n}`), ttl: 3_600 });
  return { ...made, expiresAt: Date.now() + 3_600_000 };
}

// A store whose schema lock is gone (its session dropped by a restart of the server, a proxy, an
// administrator) no longer owns the schema: another node process may take it. It must refuse
// every write with a typed error instead of acknowledging into a schema it does not hold.
describe("PostgreSQL store that lost its schema lock", () => {
  const server = usePostgres();

  it("refuses records puts and mail pushes once its lock session is gone", async () => {
    const { url } = server.current;
    const records = await PostgresRecordsStore.open({ url, schema: "lost_records" });
    const mail = await PostgresMailStore.open({ url, schema: "lost_mail" });
    const owner = newOwner();
    expect(await records.put(await signed(owner, { name: "before" }))).toBe("stored");
    expect(await mail.put([envelope(0)])).toEqual(["stored"]);

    const dropped = await dropLockSessions(url);
    // Another node process now takes the schemas: the locks are free.
    const recordsTaker = await PostgresRecordsStore.open({ url, schema: "lost_records" });
    const mailTaker = await PostgresMailStore.open({ url, schema: "lost_mail" });
    const put = await records
      .put(await signed(owner, { name: "after" }))
      .catch((err: unknown) => err as Error);
    const push = await mail.put([envelope(1)]).catch((err: unknown) => err as Error);
    console.log(
      `lost schema lock: ${dropped} lock sessions dropped, another process took both schemas; ` +
        `records put after: ${put instanceof Error ? put.name : put}, ` +
        `mail push after: ${push instanceof Error ? push.name : push.join(",")}`,
    );
    expect(put).toMatchObject({ name: "StoreConnectionLostError" });
    expect(push).toMatchObject({ name: "StoreConnectionLostError" });
    expect(await recordsTaker.get(owner.address, "after")).toBeUndefined();
    expect(mailTaker.stats().messages).toBe(1);
    await Promise.all(
      [recordsTaker, mailTaker, records, mail].map(async (store) => store.close().catch(() => undefined)),
    );
  });
});
