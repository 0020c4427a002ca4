import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { Uint8ArrayList } from "uint8arraylist";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex, toWire } from "../../client/mail/protocol/envelope.js";
import { SyncLimits } from "../../node/replication/syncLimits.js";
import { resolveMailLimits } from "../../node/mail/options.js";
import { MAIL_REPLICATION_ERRORS } from "../../node/mail/replication/adapter.js";
import { openSqliteStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import type { MailStore, StoredEnvelope } from "../../node/mail/store/types.js";
import { SyncRequest, SyncResponse } from "../../node/mail/sync/sync.generated.js";
import { MAX_SYNC_IDS } from "../../node/mail/sync/syncBounds.js";
import type { SyncOrigin } from "../../node/mail/sync/syncHandler.js";
import { SyncHandler } from "../../node/mail/sync/syncHandler.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { Harness, payloadOf } from "./helpers.js";

const NOW = 1_700_000_000_000;

describe("the node-to-node handler, by request kind", () => {
  const harness = new Harness();
  let store: MailStore;
  let from: SyncOrigin;
  let replicated: StoredEnvelope[];

  beforeEach(async () => {
    store = openSqliteStore({
      path: join(await harness.tempDir(), "mail.sqlite"),
      clock: () => NOW,
      limits: resolveMailLimits(),
    });
    from = { peer: peerIdFromPrivateKey(await generateKeyPair("Ed25519")), origin: "provider-7" };
    replicated = [];
  });
  afterEach(async () => {
    await store.close();
    await harness.cleanup();
  });

  /** A handler over the store, with the default limits but for the quota overrides given. */
  function handler(quotas: Partial<ConstructorParameters<typeof SyncLimits>[0]> = {}): SyncHandler {
    const limits = resolveMailLimits();
    return new SyncHandler({
      limits,
      store,
      quotas: new SyncLimits({ ...limits, ...quotas }, () => NOW, MAIL_REPLICATION_ERRORS),
      clock: () => NOW,
      onReplicated: (envelopes) => replicated.push(...envelopes),
    });
  }

  async function ask(sync: SyncHandler, request: SyncRequest): Promise<SyncResponse> {
    return SyncResponse.decode(await sync.handle(new Uint8ArrayList(SyncRequest.encode(request)), from));
  }

  function envelope(i: number): MailEnvelope {
    return createEnvelope({ topic: "/sync/kinds", payload: payloadOf(100, i), timestamp: NOW - 60_000 + i });
  }

  /** An envelope's id as the generated codec types it. */
  function idOf(i: number): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(envelope(i).id);
  }

  it("stores what a replication request brings, refusing the envelopes that break a rule, and counts duplicates", async () => {
    const sync = handler();
    const bad = { ...toWire(envelope(9)), topic: "" };
    const first = await ask(sync, { replicate: { envelopes: [toWire(envelope(1)), bad] } });
    expect(first.replicate).toEqual({ stored: 1, duplicates: 0, rejected: 1 });
    expect(replicated.map((stored) => [envelopeIdHex(stored.id), stored.origin])).toEqual([
      [envelopeIdHex(envelope(1).id), "provider-7"],
    ]);
    const again = await ask(sync, { replicate: { envelopes: [toWire(envelope(1))] } });
    expect(again.replicate).toEqual({ stored: 0, duplicates: 1, rejected: 0 });
  });

  it("lists ids, fetches envelopes in the order asked, and digests the time range", async () => {
    const sync = handler();
    await ask(sync, { replicate: { envelopes: [1, 2, 3].map((i) => toWire(envelope(i))) } });

    const listed = await ask(sync, { listIds: { from: 0, to: NOW, cursor: new Uint8Array(0), limit: 2 } });
    expect(listed.listIds?.ids.map((id) => envelopeIdHex(id))).toEqual(
      [1, 2].map((i) => envelopeIdHex(envelope(i).id)),
    );
    expect(listed.listIds?.cursor.byteLength).toBeGreaterThan(0);

    const unknown = new Uint8Array(32).fill(7);
    const fetched = await ask(sync, { fetch: { ids: [idOf(3), unknown, idOf(1)] } });
    expect(fetched.fetch?.envelopes).toEqual([toWire(envelope(3)), toWire(envelope(1))]);

    const digest = await ask(sync, { digest: { from: 0, to: NOW, buckets: 2 } });
    expect(digest.digest?.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
  });

  it("charges a digest to the digest quota, and an answer's ids to the byte quota", async () => {
    const digests = handler({ syncDigestBurst: 2, syncDigestsPerSecond: 0.001 });
    for (let i = 0; i < 2; i++) await ask(digests, { digest: { from: 0, to: NOW, buckets: 4 } });
    expect(
      await expectRejectsNamed(
        ask(digests, { digest: { from: 0, to: NOW, buckets: 4 } }),
        "MailRateLimitedError",
      ),
    ).toMatchObject({ limit: "sync-digests" });
    // A refused digest does not take a request: other kinds are still answered.
    await ask(digests, { fetch: { ids: [] } });

    const bytes = handler({ syncBytesBurst: 50, syncBytesPerSecond: 0.001 });
    await store.put([1, 2].map((i) => ({ ...envelope(i), expiresAt: NOW + 3_600_000 })));
    const listed = await ask(bytes, { listIds: { from: 0, to: NOW, cursor: new Uint8Array(0), limit: 10 } });
    expect(listed.listIds?.ids).toHaveLength(2);
    expect(
      await expectRejectsNamed(ask(bytes, { fetch: { ids: [] } }), "MailRateLimitedError"),
    ).toMatchObject({
      limit: "sync-bytes",
    });
  });

  it("refuses a request of no kind, an oversized one and one that is not a request", async () => {
    const sync = handler();
    await expectRejectsNamed(ask(sync, {}), "MailUnsupportedVersionError");
    const ids = Array.from({ length: MAX_SYNC_IDS + 1 }, () => new Uint8Array(32));
    expect(await expectRejectsNamed(ask(sync, { fetch: { ids } }), "MailTooLargeError")).toMatchObject({
      limit: "items",
    });
    await expectRejectsNamed(
      sync.handle(new Uint8ArrayList(new Uint8Array([0x0a, 0xff])), from),
      "MailMalformedError",
    );
    await expectRejectsNamed(
      ask(sync, { digest: { from: NOW, to: 0, buckets: 4 } }),
      "MailInvalidQueryError",
    );
  });
});
