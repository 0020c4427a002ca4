import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PeerId, PeerStore } from "@libp2p/interface";
import { defaultLogger } from "@libp2p/logger";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { persistentPeerStore } from "@libp2p/peer-store";
import { MemoryDatastore } from "datastore-core";
import type { Key } from "interface-datastore";
import { TypedEventEmitter } from "main-event";
import { beforeEach, describe, expect, it } from "vitest";

import { skipKnownStreamProtocols } from "../../../node/host/knownStreamProtocols.js";

/** A memory datastore that counts the records written to it. */
class CountingDatastore extends MemoryDatastore {
  puts = 0;
  override put(key: Key, value: Uint8Array): ReturnType<MemoryDatastore["put"]> {
    this.puts += 1;
    return super.put(key, value);
  }
}

const MAIL = "/waymark/mail/1.0.0";
const PING = "/ipfs/ping/1.0.0";

describe("merging the protocol of each inbound stream into the peer store", () => {
  let datastore: CountingDatastore;
  let peerStore: PeerStore;
  let remote: PeerId;
  let clock: number;

  beforeEach(async () => {
    datastore = new CountingDatastore();
    peerStore = persistentPeerStore({
      peerId: peerIdFromPrivateKey(await generateKeyPair("Ed25519")),
      datastore,
      events: new TypedEventEmitter(),
      logger: defaultLogger(),
    });
    remote = peerIdFromPrivateKey(await generateKeyPair("Ed25519"));
    clock = 1_000_000;
    skipKnownStreamProtocols(peerStore, { ttlMs: 60_000, now: () => clock });
  });

  it("writes the record once for many streams of a protocol it already holds", async () => {
    for (let i = 0; i < 5; i++) {
      const peer = await peerStore.merge(remote, { protocols: [MAIL] });
      expect(peer.protocols).toContain(MAIL);
    }
    expect(datastore.puts).toBe(1);
    expect((await peerStore.get(remote)).protocols).toEqual([MAIL]);
  });

  it("merges again once the time to trust a merge has passed", async () => {
    await peerStore.merge(remote, { protocols: [MAIL] });
    clock += 60_000;
    await peerStore.merge(remote, { protocols: [MAIL] });
    expect(datastore.puts).toBe(2);
  });

  it("merges a protocol the record does not hold yet, and any merge of more than one protocol", async () => {
    await peerStore.merge(remote, { protocols: [MAIL] });
    await peerStore.merge(remote, { protocols: [PING] });
    await peerStore.merge(remote, { protocols: [MAIL], metadata: { seen: new Uint8Array([1]) } });
    expect(datastore.puts).toBe(3);
    const record = await peerStore.get(remote);
    expect([...record.protocols].sort()).toEqual([PING, MAIL].sort());
    expect(record.metadata.get("seen")).toEqual(new Uint8Array([1]));
  });

  it("puts the protocol back after a patch or a delete removed it", async () => {
    await peerStore.merge(remote, { protocols: [MAIL] });
    await peerStore.patch(remote, { protocols: [PING] });
    await peerStore.merge(remote, { protocols: [MAIL] });
    expect([...(await peerStore.get(remote)).protocols].sort()).toEqual([PING, MAIL].sort());

    await peerStore.delete(remote);
    await peerStore.merge(remote, { protocols: [MAIL] });
    expect((await peerStore.get(remote)).protocols).toEqual([MAIL]);
  });

  it("does not trust a merge that a patch overtook", async () => {
    const merging = peerStore.merge(remote, { protocols: [MAIL] });
    const patching = peerStore.patch(remote, { protocols: [PING] });
    await Promise.all([merging, patching]);
    await peerStore.merge(remote, { protocols: [MAIL] });
    expect([...(await peerStore.get(remote)).protocols].sort()).toEqual([PING, MAIL].sort());
  });
});
