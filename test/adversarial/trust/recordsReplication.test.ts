import { afterEach, describe, expect, it } from "vitest";

import type { SignedRecord } from "../../../client/records/protocol/record.js";
import { recordToWire } from "../../../client/records/protocol/record.js";
import { putRecord } from "../../../client/records/protocol/requests.js";
import { replicateRecords } from "../../../node/records/sync/syncClient.js";
import { waitFor } from "../../../scripts/kit/wait.js";
import { useWorld } from "../../helpers/hooks.js";
import { newOwner, signed } from "../../records/helpers.js";
import { RecordsNodes } from "../../records/nodes.js";
import {
  FORWARDING_ONLY,
  RECORDS_TEST_PROVIDERS,
  Replicas,
  connectAll,
  knowPeers,
} from "../../records/replicas.js";

/**
 * A records server registered under an admitted provider may use the node-to-node protocol; it must
 * not be able to make the others store (or spread) what no client put could: records whose
 * signature does not recover to their owner, or an owner's older records replayed over newer ones.
 */
describe("a registered records server pushing what a client could not put", () => {
  const world = useWorld({ providers: RECORDS_TEST_PROVIDERS });
  const nodes = new RecordsNodes();
  const replicas = new Replicas(() => world.current, nodes);
  afterEach(async () => {
    await nodes.cleanup();
  });

  /** Two honest servers of provider 1, connected; the attacker is a registered server of provider 2. */
  async function honestPair() {
    const a = await replicas.node(await replicas.registeredKey(1n));
    const c = await replicas.node(await replicas.registeredKey(1n));
    await connectAll([a, c]);
    await knowPeers([a, c], 1);
    const attacker = await nodes.client(await replicas.registeredKey(2n));
    return { a, c, attacker, client: await nodes.client() };
  }

  it("refuses forged records and they do not spread", async () => {
    const { a, c, attacker, client } = await honestPair();
    const victim = newOwner();
    const genuine = await signed(victim, { name: "mail/key", sequence: 1 }, replicas.domain);
    const forgeries: SignedRecord[] = [
      // The victim's name, signed by someone else.
      {
        ...(await signed(newOwner(), { name: "mail/key", sequence: 7 }, replicas.domain)),
        owner: victim.address,
      },
      // A genuine signature over other fields.
      { ...genuine, sequence: 8, value: new TextEncoder().encode("attacker key") },
      // Signed for another deployment.
      await signed(
        victim,
        { name: "mail/key", sequence: 9 },
        { ...replicas.domain, registry: newOwner().address },
      ),
    ];
    const answer = await replicateRecords(attacker, a.getMultiaddrs(), forgeries.map(recordToWire));
    // The honest servers reconcile: whatever a held would now reach c.
    const round = await c.services.records.antiEntropy();
    const key = { owner: victim.address, name: "mail/key" };
    const [onA, onC] = [await replicas.held(client, a, key), await replicas.held(client, c, key)];
    const refused = a.services.records.status().replication.refused;
    console.log(
      `records replication forgery: ${forgeries.length} forged records pushed by a registered server → stored ${answer.stored}, refused ${answer.rejected} (${JSON.stringify(refused)}); held by the target: ${onA === undefined ? 0 : 1}, by its peer after anti-entropy (pulled ${round?.pulled}): ${onC === undefined ? 0 : 1}`,
    );
    expect(answer).toEqual({ stored: 0, duplicates: 0, rejected: forgeries.length });
    expect(refused).toEqual({ bad_signature: forgeries.length });
    expect(onA).toBeUndefined();
    expect(onC).toBeUndefined();
    expect(round).toMatchObject({ pulled: 0 });
  });

  it("refuses an owner's replayed older record and it does not spread", async () => {
    const { a, c, attacker, client } = await honestPair();
    const owner = newOwner();
    const key = { owner: owner.address, name: "mail/key" };
    const old = await signed(owner, { name: "mail/key", sequence: 1 }, replicas.domain);
    const current = await signed(owner, { name: "mail/key", sequence: 2 }, replicas.domain);
    await putRecord(client, a.getMultiaddrs(), replicas.domain, old);
    await putRecord(client, a.getMultiaddrs(), replicas.domain, current);
    await waitFor(async () => (await replicas.held(client, c, key))?.sequence === 2);

    // The attacker kept sequence 1 (anyone can read it) and pushes it to both.
    const answers = [
      await replicateRecords(attacker, a.getMultiaddrs(), [recordToWire(old)]),
      await replicateRecords(attacker, c.getMultiaddrs(), [recordToWire(old)]),
    ];
    // A third server that never saw the name takes it (it is genuinely signed) and forwards
    // nothing it was sent; once it restarts beside an honest server, catch-up replaces it.
    const keyD = await replicas.registeredKey(1n);
    const dirD = await nodes.dir();
    let d = await replicas.node(keyD, FORWARDING_ONLY, dirD);
    const intoD = await replicateRecords(attacker, d.getMultiaddrs(), [recordToWire(old)]);
    const forwardedByD = d.services.records.status().replication.forwarded;
    await d.stop();
    d = await replicas.node(keyD, { ...FORWARDING_ONLY, catchUpWaitMs: 10_000 }, dirD);
    await connectAll([d, a]);
    await d.services.records.ready();
    const repaired = d.services.records.status().catchUp;
    const sequences = [
      (await replicas.held(client, a, key))?.sequence,
      (await replicas.held(client, c, key))?.sequence,
      (await replicas.held(client, d, key))?.sequence,
    ];
    console.log(
      `records replication replay: sequence 1 pushed over sequence 2 by a registered server → target ${answers[0]!.rejected} refused, its peer ${answers[1]!.rejected} refused (stale_sequence ${a.services.records.status().replication.refused.stale_sequence ?? 0}+${c.services.records.status().replication.refused.stale_sequence ?? 0}); a server without the name stored ${intoD.stored}, its catch-up pulled ${repaired.pulled}; sequences held now ${sequences.join("/")}; forwarded by that server ${forwardedByD}`,
    );
    for (const answer of answers) expect(answer).toEqual({ stored: 0, duplicates: 0, rejected: 1 });
    expect(a.services.records.status().replication.refused).toEqual({ stale_sequence: 1 });
    expect(intoD.stored).toBe(1);
    expect(repaired).toMatchObject({ state: "done", pulled: 1 });
    expect(sequences).toEqual([2, 2, 2]);
    expect(forwardedByD).toBe(0);
  });
});
