import { afterEach, describe, expect, it } from "vitest";

import type { SignedRecord } from "../../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../../client/records/protocol/requests.js";
import { TEST_DOMAIN, newOwner, signed } from "../../records/helpers.js";
import { RecordsNodes, rawPut } from "../../records/nodes.js";

/** Sends `count` puts and counts the answers by outcome (`stored`, `duplicate`, or the error name). */
async function outcomes(
  send: () => Promise<{ duplicate: boolean }>,
  count: number,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    let outcome: string;
    try {
      outcome = (await send()).duplicate ? "duplicate" : "stored";
    } catch (err) {
      outcome = err instanceof Error ? err.name : String(err);
    }
    seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
  }
  return seen;
}

function line(seen: Map<string, number>): string {
  return [...seen].map(([outcome, n]) => `${outcome} ${n}`).join(", ");
}

describe("attacks on a records node", () => {
  const nodes = new RecordsNodes();
  afterEach(async () => {
    await nodes.cleanup();
  });

  it("refuses forged records: an altered value, another owner's name, a borrowed signature", async () => {
    const node = await nodes.node();
    const attacker = await nodes.client();
    const victim = newOwner();
    const genuine = await signed(victim, { name: "mail/key", sequence: 1 });
    await putRecord(attacker, node.getMultiaddrs(), TEST_DOMAIN, genuine);
    const forgeries: SignedRecord[] = [
      { ...genuine, sequence: 2, value: new TextEncoder().encode("attacker key") },
      { ...(await signed(newOwner(), { name: "mail/key", sequence: 9 })), owner: victim.address },
      { ...genuine, name: "mail/other" },
      { ...genuine, signature: new Uint8Array(65) },
    ];
    const seen = new Map<string, number>();
    for (const forged of forgeries) {
      const one = await outcomes(async () => rawPut(attacker, node, forged), 1);
      for (const [outcome, n] of one) seen.set(outcome, (seen.get(outcome) ?? 0) + n);
    }
    expect(seen).toEqual(new Map([["RecordBadSignatureError", 4]]));
    const held = await getRecord(attacker, node.getMultiaddrs(), TEST_DOMAIN, {
      owner: victim.address,
      name: "mail/key",
    });
    expect(held?.sequence).toBe(1);
    console.log(
      `records forgery: ${forgeries.length} forged puts → ${line(seen)}; the genuine record still held`,
    );
  });

  it("refuses replays of an owner's older record and of a record signed for another deployment", async () => {
    const node = await nodes.node();
    const attacker = await nodes.client();
    const owner = newOwner();
    const old = await signed(owner, { name: "where", sequence: 1, value: new TextEncoder().encode("old") });
    await putRecord(attacker, node.getMultiaddrs(), TEST_DOMAIN, old);
    await putRecord(
      attacker,
      node.getMultiaddrs(),
      TEST_DOMAIN,
      await signed(owner, { name: "where", sequence: 2 }),
    );
    const replayed = await outcomes(async () => rawPut(attacker, node, old), 5);
    expect(replayed).toEqual(new Map([["RecordStaleSequenceError", 5]]));

    const elsewhere = { ...TEST_DOMAIN, registry: newOwner().address };
    const foreign = await signed(owner, { name: "where", sequence: 99 }, elsewhere);
    const crossDeployment = await outcomes(async () => rawPut(attacker, node, foreign), 5);
    expect(crossDeployment).toEqual(new Map([["RecordBadSignatureError", 5]]));
    expect(node.services.records.status()).toMatchObject({ records: 1, stored: 2 });
    console.log(
      `records replay: old sequence ×5 → ${line(replayed)}; another deployment's record ×5 → ${line(crossDeployment)}`,
    );
  });

  it("does not let replays of an owner's own record use up the owner's put allowance", async () => {
    const node = await nodes.node({ putBurstPerOwner: 3, putsPerSecondPerOwner: 0.01 });
    const owner = newOwner();
    const published = await signed(owner, { name: "profile", sequence: 1 });
    const ownerClient = await nodes.client();
    await putRecord(ownerClient, node.getMultiaddrs(), TEST_DOMAIN, published);
    // Many peers replay the owner's published record (valid, signed, already held) to spend the
    // owner's allowance, so that its next genuine update is refused.
    const attackers = [await nodes.client(), await nodes.client(), await nodes.client()];
    const seen = new Map<string, number>();
    for (const attacker of attackers) {
      for (const [outcome, n] of await outcomes(async () => rawPut(attacker, node, published), 4)) {
        seen.set(outcome, (seen.get(outcome) ?? 0) + n);
      }
    }
    const update = await signed(owner, { name: "profile", sequence: 2 });
    const [updated] = await outcomes(
      async () => putRecord(ownerClient, node.getMultiaddrs(), TEST_DOMAIN, update),
      1,
    );
    console.log(
      `records allowance: 12 replays of a held record → ${line(seen)}; then the owner's update → ${updated?.[0]}`,
    );
    expect(seen).toEqual(new Map([["duplicate", 12]]));
    expect(updated?.[0]).toBe("stored");
  });
});
