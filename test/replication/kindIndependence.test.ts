import { createHash } from "node:crypto";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PeerId, PrivateKey, Stream } from "@libp2p/interface";
import { lpStream } from "@libp2p/utils";
import { afterEach, describe, expect, it } from "vitest";

import { WaymarkError } from "../../client/kernel/errors/base.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import type { RoundTripErrors } from "../../client/kernel/protocol/roundTrip.js";
import { requestResponse } from "../../client/kernel/protocol/roundTrip.js";
import type {
  DigestBucket,
  ListingPosition,
  ReplicaPutOutcome,
  ReplicaStore,
  ReplicationAdapter,
  ReplicationTransport,
  SyncCallOptions,
} from "../../node/replication/adapter.js";
import { admitPeer } from "../../node/replication/admission.js";
import type { ReplicationLimits } from "../../node/replication/limits.js";
import type { SyncQuotas } from "../../node/replication/quotas.js";
import { Replicator } from "../../node/replication/replicator.js";
import type { ReplicateOutcome } from "../../node/replication/server.js";
import { ReplicationServer } from "../../node/replication/server.js";
import type { PeerPolicyCheck } from "../../node/services/types.js";
import { waitFor } from "../../scripts/kit/wait.js";

/*
 * A second kind, "notes", made up here to drive the replication core without anything of mail: a
 * note is a (key, version, value) signed by a checksum, the higher version of a key wins, and notes
 * are positioned by the first six bytes of sha256(key), so ranges cut the key space rather than
 * time. Its node-to-node wire is JSON frames over the kernel's request/response exchange.
 */

/** A note as it travels and as it is stored. */
interface Note {
  key: string;
  version: number;
  value: string;
  /** sha256 of the other fields; a note whose checksum does not match is unverifiable. */
  sig: string;
}

const PROTOCOL = "/waymark-test/notes/sync/1.0.0";
const KEY_SPACE = { from: 0, to: 2 ** 48 - 1 };

class NotesError extends WaymarkError {
  override name = "NotesError" as const;
}

function sha256(text: string | Uint8Array): Buffer {
  return createHash("sha256").update(text).digest();
}

function signNote(key: string, version: number, value: string): Note {
  return { key, version, value, sig: sha256(`${key}|${version}|${value}`).toString("hex") };
}

function positionOf(key: string): number {
  return sha256(key).readUIntBE(0, 6);
}

/** A listed id: position (6 bytes), version (4 bytes), key; so ids sort by (position, id). */
function idOf(note: Pick<Note, "key" | "version">): Uint8Array {
  const id = Buffer.alloc(10 + Buffer.byteLength(note.key));
  id.writeUIntBE(positionOf(note.key), 0, 6);
  id.writeUInt32BE(note.version, 6);
  id.write(note.key, 10);
  return new Uint8Array(id);
}

function parseId(id: Uint8Array): { key: string; version: number } | undefined {
  if (id.byteLength <= 10) return undefined;
  const bytes = Buffer.from(id);
  const key = bytes.subarray(10).toString();
  return positionOf(key) === bytes.readUIntBE(0, 6) ? { key, version: bytes.readUInt32BE(6) } : undefined;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** An in-memory store of notes in which the higher version of a key wins. */
class NotesStore implements ReplicaStore<Note> {
  readonly notes = new Map<string, Note>();
  private readonly meta = new Map<string, string>();

  private sorted(range: { from: number; to: number }): { note: Note; id: Uint8Array; position: number }[] {
    return [...this.notes.values()]
      .map((note) => ({ note, id: idOf(note), position: positionOf(note.key) }))
      .filter(({ position }) => position >= range.from && position <= range.to)
      .sort((a, b) => a.position - b.position || compare(a.id, b.id));
  }

  digest(range: { from: number; to: number }, buckets: number): Promise<DigestBucket[]> {
    const width = Math.ceil((range.to - range.from + 1) / buckets);
    const digest = Array.from({ length: buckets }, () => ({ count: 0, sum: 0n }));
    for (const { id, position } of this.sorted(range)) {
      const bucket = digest[Math.floor((position - range.from) / width)]!;
      bucket.count += 1;
      bucket.sum += BigInt(sha256(id).readUInt32BE(0));
    }
    return Promise.resolve(digest);
  }

  missing(ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return Promise.resolve(
      ids.filter((id) => {
        const listed = parseId(id);
        return listed !== undefined && (this.notes.get(listed.key)?.version ?? -1) < listed.version;
      }),
    );
  }

  listIds(
    range: { from: number; to: number },
    after: ListingPosition | undefined,
    limit: number,
  ): Promise<{ ids: Uint8Array[]; next: ListingPosition | undefined }> {
    const rest = this.sorted(range).filter(
      ({ id, position }) =>
        after === undefined ||
        position > after.position ||
        (position === after.position && compare(id, after.id) > 0),
    );
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    const next =
      rest.length > limit && last !== undefined ? { position: last.position, id: last.id } : undefined;
    return Promise.resolve({ ids: page.map(({ id }) => id), next });
  }

  get(ids: readonly Uint8Array[]): Promise<Note[]> {
    const held = ids.map((id) => this.notes.get(parseId(id)?.key ?? ""));
    return Promise.resolve(held.filter((note) => note !== undefined));
  }

  put(notes: readonly Note[]): Promise<ReplicaPutOutcome[]> {
    return Promise.resolve(
      notes.map((note) => {
        const held = this.notes.get(note.key);
        if (held !== undefined && held.version > note.version) return "stale";
        if (held?.version === note.version) return "duplicate";
        this.notes.set(note.key, note);
        return "stored";
      }),
    );
  }

  floor(): number {
    return 0;
  }

  getMeta(key: string): Promise<string | undefined> {
    return Promise.resolve(this.meta.get(key));
  }

  setMeta(key: string, value: string): Promise<void> {
    this.meta.set(key, value);
    return Promise.resolve();
  }
}

/** A store that lists each note one version ahead of the one it serves. */
class OverstatingStore extends NotesStore {
  override async listIds(
    range: { from: number; to: number },
    after: ListingPosition | undefined,
    limit: number,
  ): Promise<{ ids: Uint8Array[]; next: ListingPosition | undefined }> {
    const page = await super.listIds(range, after, limit);
    return {
      ids: page.ids.map((id) => {
        const listed = parseId(id);
        return listed === undefined ? id : idOf({ key: listed.key, version: listed.version + 1 });
      }),
      next: page.next,
    };
  }
}

function notesAdapter(store: NotesStore): ReplicationAdapter<Note, Note> {
  return {
    label: "notes server",
    syncProtocol: PROTOCOL,
    store,
    ranges: { all: () => KEY_SPACE, since: () => KEY_SPACE },
    parseId,
    identify: (note) => ({ key: note.key, version: note.version }),
    versioned: true,
    encodeCursor: (position) => position.id,
    decodeCursor: (cursor) => {
      if (parseId(cursor) === undefined) throw new NotesError("not a cursor");
      return { position: Buffer.from(cursor).readUIntBE(0, 6), id: cursor };
    },
    toItem: (note) => note,
    frameBytes: (note) => note.key.length * 3 + note.value.length * 3 + 128,
    quotaBytes: (note) => note.key.length + note.value.length,
    verify: (note) =>
      signNote(note.key, note.version, note.value).sig === note.sig
        ? { ok: true, stored: note }
        : { ok: false, error: new NotesError(`the note ${note.key} is not signed`) },
    errors: {
      badResponse: (message, cause) => new NotesError(message, { cause }),
      timeout: (message, cause) => new NotesError(message, { cause }),
      invalidQuery: (message) => new NotesError(message),
      storeFailed: (cause) => new NotesError("store failed", { cause }),
      rateLimited: (message) => new NotesError(message),
      unauthorized: (message) => new NotesError(message),
    },
  };
}

/** JSON with byte strings as hex and bigints as decimal text. */
const encode = (value: unknown): Uint8Array =>
  new TextEncoder().encode(
    JSON.stringify(value, (_, v: unknown) =>
      v instanceof Uint8Array
        ? { hex: Buffer.from(v).toString("hex") }
        : typeof v === "bigint"
          ? { n: `${v}` }
          : v,
    ),
  );
const decode = (bytes: Uint8Array): unknown =>
  JSON.parse(new TextDecoder().decode(bytes), (_, v: unknown) => {
    if (typeof v === "object" && v !== null && "hex" in v)
      return new Uint8Array(Buffer.from(String(v.hex), "hex"));
    if (typeof v === "object" && v !== null && "n" in v) return BigInt(String(v.n));
    return v;
  });

const ROUND_TRIP_ERRORS: RoundTripErrors = {
  timeout: (message, cause) => new NotesError(message, { cause }),
  unreachable: (message, cause) => new NotesError(message, { cause }),
  unsupported: (message, cause) => new NotesError(message, { cause }),
  badResponse: (message, cause) => new NotesError(message, { cause }),
  connectionLost: (message, cause) => new NotesError(message, { cause }),
};

function notesTransport(host: Libp2p): ReplicationTransport<Note> {
  const call = async <T>(peer: PeerId, request: object, options: SyncCallOptions): Promise<T> => {
    const { frame } = await requestResponse(
      host,
      peer,
      {
        protocols: [PROTOCOL],
        request: encode(request),
        timeoutMs: options.timeoutMs,
        maxResponseFrameBytes: options.maxResponseFrameBytes,
        errors: ROUND_TRIP_ERRORS,
        what: "notes sync",
      },
      options,
    );
    const answer = decode(frame.subarray()) as { ok?: T; error?: string };
    if (answer.error !== undefined) throw new NotesError(answer.error);
    return answer.ok as T;
  };
  return {
    replicate: async (peer, items, options) => call(peer, { replicate: items }, options),
    digest: async (peer, request, options) => call(peer, { digest: request }, options),
    listIds: async (peer, request, options) => call(peer, { listIds: request }, options),
    fetch: async (peer, ids, options) => call(peer, { fetch: ids }, options),
  };
}

/** Quotas that refuse nothing and record what each peer was charged. */
class RecordingQuotas implements SyncQuotas {
  readonly incoming = new Map<string, number>();
  readonly outgoing = new Map<string, number>();
  admissions = 0;
  requests = 0;
  admitUnknown(): void {
    this.admissions += 1;
  }
  chargeRequest(_peer: string, _kind?: "digest" | "other"): void {
    this.requests += 1;
  }
  chargeIncoming(peer: string, bytes: number): void {
    this.incoming.set(peer, (this.incoming.get(peer) ?? 0) + bytes);
  }
  chargeOutgoing(peer: string, bytes: number): void {
    this.outgoing.set(peer, (this.outgoing.get(peer) ?? 0) + bytes);
  }
}

const LIMITS: ReplicationLimits = {
  peerRefreshIntervalMs: 60_000,
  antiEntropyIntervalMs: 3_600_000,
  heartbeatIntervalMs: 60_000,
  catchUpTimeoutMs: 20_000,
  catchUpWaitMs: 10_000,
  syncRoundTimeoutMs: 10_000,
  syncTimeoutMs: 5_000,
  maxSyncFrameBytes: 1 << 20,
  replicationBatchSize: 16,
  maxResponseBytes: 1 << 20,
  replicationQueueLimit: 1_000,
  digestBuckets: 8,
  listIdsPageSize: 4,
  fetchBatchSize: 3,
  syncMaxPages: 100,
};

interface NotesNode {
  host: Libp2p;
  store: NotesStore;
  quotas: RecordingQuotas;
  replicator: Replicator<Note, Note>;
  transport: ReplicationTransport<Note>;
  /** A client's put: stored, then forwarded. */
  put(note: Note): Promise<void>;
  stop(): Promise<void>;
}

async function startNotesNode(
  privateKey: PrivateKey,
  store: NotesStore,
  checkPeers: PeerPolicyCheck,
): Promise<NotesNode> {
  const host = await createWaymarkHost({ privateKey, connectionManager: LOOPBACK_CONNECTION_SETTINGS });
  const adapter = notesAdapter(store);
  const quotas = new RecordingQuotas();
  const transport = notesTransport(host);
  const replicator = new Replicator({
    self: host.peerId,
    registrar: host,
    peerStore: host.peerStore,
    contentRouting: undefined,
    serviceKey: undefined,
    checkPeers,
    adapter,
    transport,
    limits: LIMITS,
    clock: Date.now,
    log: host.logger.forComponent("waymark:test:notes"),
    onPulled: () => undefined,
    onSynced: () => undefined,
    onSyncFailed: () => undefined,
  });
  const server = new ReplicationServer({
    adapter,
    quotas,
    limits: LIMITS,
    maxListedIds: 1_000,
    clock: Date.now,
    onReplicated: (notes) => {
      replicator.noteReplicated(notes);
    },
  });
  const serve = async (
    stream: Stream,
    remote: PeerId,
    remoteAddr: Parameters<typeof admitPeer>[2],
  ): Promise<void> => {
    const lp = lpStream(stream);
    let answer: object;
    try {
      const from = await admitPeer(
        {
          peers: replicator.peers,
          quotas,
          checkPeers,
          errors: adapter.errors,
          label: adapter.label,
        },
        remote,
        remoteAddr,
        AbortSignal.timeout(5_000),
      );
      const request = decode((await lp.read()).subarray()) as {
        replicate?: Note[];
        digest?: { range: { from: number; to: number }; buckets: number };
        listIds?: { range: { from: number; to: number }; cursor: Uint8Array; limit: number };
        fetch?: Uint8Array[];
      };
      quotas.chargeRequest(remote.toString(), request.digest === undefined ? "other" : "digest");
      if (request.replicate) answer = { ok: await server.replicate(request.replicate, from) };
      else if (request.digest) answer = { ok: (await server.digest(request.digest)).buckets };
      else if (request.listIds) answer = { ok: await server.listIds(request.listIds, from) };
      else answer = { ok: await server.fetch(request.fetch ?? [], from) };
    } catch (err) {
      answer = { error: err instanceof Error ? err.message : String(err) };
    }
    await lp.write(encode(answer));
    await stream.close();
  };
  await host.handle(PROTOCOL, (stream, connection) => {
    void serve(stream, connection.remotePeer, connection.remoteAddr).catch(() => undefined);
  });
  await replicator.start();
  return {
    host,
    store,
    quotas,
    replicator,
    transport,
    put: async (note) => {
      await store.put([note]);
      replicator.forward(note);
    },
    stop: async () => {
      await replicator.stop();
      await host.stop();
    },
  };
}

function allowList(allowed: ReadonlySet<string>): PeerPolicyCheck {
  return (peers) =>
    Promise.resolve(
      peers.map((peer) => ({
        allowed: allowed.has(peer.toString()),
        reason: allowed.has(peer.toString()) ? "Listed" : "NotListed",
        providerId: undefined,
        ownProvider: false,
      })),
    );
}

function versions(store: NotesStore): Record<string, number> {
  return Object.fromEntries([...store.notes.values()].map((note) => [note.key, note.version]));
}

describe("the replication core, driven by a kind that is not mail", () => {
  const running: NotesNode[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(async (node) => node.stop()));
  });

  it("forwards, catches up after a node was offline, lets the higher version win and refuses unverifiable notes", async () => {
    const [keyA, keyB] = await Promise.all([generateKeyPair("secp256k1"), generateKeyPair("secp256k1")]);
    const allowed = new Set<string>();
    const checkPeers = allowList(allowed);
    const storeA = new NotesStore();
    const storeB = new NotesStore();
    const a = await startNotesNode(keyA, storeA, checkPeers);
    let b = await startNotesNode(keyB, storeB, checkPeers);
    running.push(a, b);
    allowed.add(a.host.peerId.toString()).add(b.host.peerId.toString());
    await b.host.dial(a.host.getMultiaddrs());
    b.replicator.startCatchUp();
    await b.replicator.ready();
    await waitFor(() => a.replicator.peers.known().length === 1, 10_000);

    // Forwarding: a client's put on A reaches B.
    await a.put(signNote("first", 1, "hello"));
    await waitFor(() => storeB.notes.get("first")?.version === 1, 10_000);

    // Twenty versions of one key put at once: the queue keeps only the newest waiting. (A counts
    // the first note forwarded only once B has answered, which may be after B has stored it.)
    await waitFor(() => a.replicator.status().replication.queued === 0, 10_000);
    const forwardedBefore = a.replicator.status().replication.forwarded;
    for (let version = 1; version <= 20; version++) {
      const note = signNote("busy", version, `version ${version}`);
      void storeA.put([note]);
      a.replicator.forward(note);
    }
    await waitFor(() => storeB.notes.get("busy")?.version === 20, 10_000);
    await waitFor(() => a.replicator.status().replication.queued === 0, 10_000);
    const forwardedBusy = a.replicator.status().replication.forwarded - forwardedBefore;
    expect(forwardedBusy).toBe(1);

    // B goes offline; A gets 30 notes and a newer version of the first.
    await b.stop();
    running.splice(running.indexOf(b), 1);
    for (let i = 0; i < 30; i++) await a.put(signNote(`note-${i}`, 1 + (i % 3), `value ${i}`));
    await a.put(signNote("first", 2, "hello again"));

    // B comes back with the store it had, catches up before it is ready, and holds what A holds.
    b = await startNotesNode(keyB, storeB, checkPeers);
    running.push(b);
    await b.host.dial(a.host.getMultiaddrs());
    b.replicator.startCatchUp();
    await b.replicator.ready();
    const catchUp = b.replicator.status().catchUp;
    expect(catchUp).toMatchObject({ state: "done", pulled: 31 });
    expect(versions(storeB)).toEqual(versions(storeA));

    // Conflicting versions on each side: anti-entropy both ways keeps the higher of each key.
    await storeA.put([signNote("shared-1", 3, "A's"), signNote("shared-2", 9, "A's")]);
    await storeB.put([signNote("shared-1", 5, "B's"), signNote("shared-2", 4, "B's")]);
    const pulledByA = await a.replicator.antiEntropy();
    const pulledByB = await b.replicator.antiEntropy();
    expect(pulledByA).toMatchObject({ pulled: 1, refused: 0 });
    expect(pulledByB).toMatchObject({ pulled: 1, refused: 0 });
    expect(storeA.notes.get("shared-1")?.value).toBe("B's");
    expect(storeB.notes.get("shared-2")?.value).toBe("A's");
    expect(versions(storeA)).toEqual(versions(storeB));

    // A note whose checksum does not match, held by A (a store tampered with): B refuses it when
    // pulling, and when A pushes it, charging A for it all the same.
    const forged = { ...signNote("forged", 1, "original"), value: "altered" };
    storeA.notes.set(forged.key, forged);
    const pulled = await b.replicator.antiEntropy();
    expect(pulled).toMatchObject({ pulled: 0, refused: 1 });
    const chargedBefore = b.quotas.incoming.get(a.host.peerId.toString()) ?? 0;
    const pushed = (await a.transport.replicate(b.host.peerId, [forged, signNote("honest", 1, "fine")], {
      timeoutMs: 5_000,
      maxResponseFrameBytes: 1 << 20,
    })) as ReplicateOutcome;
    expect(pushed).toEqual({ stored: 1, duplicates: 0, rejected: 1 });
    expect((b.quotas.incoming.get(a.host.peerId.toString()) ?? 0) - chargedBefore).toBe(
      "forged".length + "altered".length + "honest".length + "fine".length,
    );
    expect(storeB.notes.has("forged")).toBe(false);
    expect(storeB.notes.get("honest")?.version).toBe(1);

    console.log(
      `notes kind over the core: 20 versions of one key forwarded as ${forwardedBusy}; catch-up ${catchUp.state} pulled ${catchUp.pulled}; anti-entropy pulled ${pulledByA?.pulled}+${pulledByB?.pulled} (higher versions); forged note refused on pull (${pulled?.refused}) and on push (${pushed.rejected})`,
    );
  }, 60_000);

  it("refuses a note served at a lower version than the peer listed", async () => {
    const allowed = new Set<string>();
    const rogueStore = new OverstatingStore();
    await rogueStore.put([signNote("claimed", 4, "old"), signNote("other", 1, "fine")]);
    const rogue = await startNotesNode(await generateKeyPair("secp256k1"), rogueStore, allowList(allowed));
    const victim = await startNotesNode(
      await generateKeyPair("secp256k1"),
      new NotesStore(),
      allowList(allowed),
    );
    running.push(rogue, victim);
    allowed.add(rogue.host.peerId.toString()).add(victim.host.peerId.toString());
    await victim.host.dial(rogue.host.getMultiaddrs());
    await waitFor(() => victim.replicator.peers.known().length === 1, 10_000);
    const result = await victim.replicator.antiEntropy();
    expect(result).toMatchObject({ pulled: 0, refused: 2 });
    expect(victim.store.notes.size).toBe(0);
  }, 30_000);

  it("serves no peer the policy does not trust", async () => {
    const allowed = new Set<string>();
    const a = await startNotesNode(await generateKeyPair("secp256k1"), new NotesStore(), allowList(allowed));
    const stranger = await startNotesNode(
      await generateKeyPair("secp256k1"),
      new NotesStore(),
      allowList(allowed),
    );
    running.push(a, stranger);
    allowed.add(a.host.peerId.toString());
    await a.put(signNote("private", 1, "only for peers"));
    await stranger.host.dial(a.host.getMultiaddrs());
    await expect(
      stranger.transport.digest(
        a.host.peerId,
        { range: KEY_SPACE, buckets: 4 },
        { timeoutMs: 5_000, maxResponseFrameBytes: 1 << 20 },
      ),
    ).rejects.toThrow("Only notes servers this node replicates with may use the node-to-node protocol");
    // The stranger's address paid for the registry question, and it did not become a peer.
    expect(a.quotas.admissions).toBe(1);
    expect(a.quotas.requests).toBe(0);
    expect(a.replicator.peers.known()).toEqual([]);
  }, 30_000);
});
