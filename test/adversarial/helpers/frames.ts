import { concat } from "uint8arrays/concat";

import type { Envelope } from "../../../client/mail/protocol/mail.generated.js";
import { QueryRequest, Request } from "../../../client/mail/protocol/mail.generated.js";

/** 2^64 - 1 as a protobuf varint. */
const MAX_UINT64 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

/** How a fuzzed frame was made. */
export type FrameKind =
  | "random"
  | "mutated"
  | "truncated"
  | "oversized"
  | "structured"
  | "valid"
  | "empty"
  | "trailing"
  | "stalled";

/** One fuzzed request: the bytes to write on a fresh stream, and whether to close the write end. */
export interface FuzzFrame {
  kind: FrameKind;
  bytes: Uint8Array;
  /** False for frames left hanging, which the node must time out. */
  closeWrite: boolean;
}

/** A small, seeded pseudo-random generator (mulberry32), so that a failing run can be replayed. */
export class Prng {
  private state: number;

  /** @param seed - Any 32-bit integer. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** @returns A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /**
   * @param max - Exclusive upper bound.
   * @returns An integer in [0, max).
   */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /**
   * @param length - How many bytes.
   * @returns Random bytes.
   */
  bytes(length: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /**
   * @param items - Choices.
   * @returns One of them.
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/**
 * The unsigned-varint length prefix of a frame.
 *
 * @param length - The length to announce.
 * @returns The prefix bytes.
 */
export function varint(length: number): Uint8Array {
  const out: number[] = [];
  let rest = length;
  do {
    out.push((rest % 128) | (rest >= 128 ? 0x80 : 0));
    rest = Math.floor(rest / 128);
  } while (rest > 0);
  return new Uint8Array(out);
}

function framed(body: Uint8Array): Uint8Array {
  return concat([varint(body.byteLength), body]);
}

/** Limits of the node under test that the generator aims around. */
export interface FrameLimits {
  maxFrameBytes: number;
  maxPayloadBytes: number;
  maxTopicBytes: number;
  maxTopicsPerQuery: number;
}

/**
 * Makes fuzzed request frames of the mail protocol: random bytes; valid pushes (of one envelope
 * and of several) and queries;
 * the same mutated (bit flips, overwritten, inserted, deleted and duplicated ranges, splices,
 * over-long varints) under a right, stale or random length prefix; truncated frames; frames
 * announcing or carrying more than the node accepts; well-formed requests with hostile values
 * (empty and over-long topics, too many topics, page sizes and times at the extremes, foreign
 * cursors, oversized payloads, unknown fields); streams that end before any byte; several frames
 * on one stream; and frames left hanging without the end of the stream.
 */
export class FrameFactory {
  private readonly random: Prng;
  private counter = 0;

  /**
   * @param seed - The seed, printed by the test so that a failure can be replayed.
   * @param limits - The node's limits.
   */
  constructor(
    seed: number,
    private readonly limits: FrameLimits,
  ) {
    this.random = new Prng(seed);
  }

  /**
   * The next frame. Kinds are drawn with fixed weights; "stalled" frames are rare because each
   * holds a stream until the node's request timeout.
   *
   * @returns The frame.
   */
  next(): FuzzFrame {
    const roll = this.random.int(1_000);
    if (roll < 180) return this.make("random", this.randomFrame());
    if (roll < 480) return this.make("mutated", this.mutatedFrame());
    if (roll < 600) return this.make("truncated", this.truncatedFrame());
    if (roll < 680) return this.make("oversized", this.oversizedFrame());
    if (roll < 880) return this.make("structured", framed(this.hostileRequest()));
    if (roll < 940) return this.make("valid", framed(this.validRequest()));
    if (roll < 960) return this.make("empty", new Uint8Array(0));
    if (roll < 999) return this.make("trailing", this.trailingFrames());
    return { kind: "stalled", bytes: this.truncatedFrame(), closeWrite: false };
  }

  private make(kind: FrameKind, bytes: Uint8Array): FuzzFrame {
    return { kind, bytes, closeWrite: true };
  }

  private randomFrame(): Uint8Array {
    const body = this.random.bytes(this.random.int(this.random.next() < 0.9 ? 64 : 4_096));
    return this.random.next() < 0.7 ? framed(body) : body;
  }

  /** An envelope the node may store: timestamp now, a short payload. */
  private validEnvelope(): Envelope {
    return {
      topic: `/fuzz/${this.random.int(50)}`,
      payload: this.random.bytes(this.random.int(256)),
      timestamp: Date.now(),
      ttl: 600,
    };
  }

  /** A valid push of one envelope or of several, or a valid query. */
  validRequest(): Uint8Array {
    const roll = this.random.next();
    if (roll < 0.4) return Request.encode({ push: { envelope: this.validEnvelope() } });
    if (roll < 0.5) {
      const envelopes = Array.from({ length: 1 + this.random.int(4) }, () => this.validEnvelope());
      return Request.encode({ pushMany: { envelopes } });
    }
    return Request.encode({
      query: {
        topics: [`/fuzz/${this.random.int(50)}`],
        cursor: new Uint8Array(0),
        pageSize: this.random.int(20),
        direction:
          this.random.next() < 0.5 ? QueryRequest.Direction.FORWARD : QueryRequest.Direction.BACKWARD,
      },
    });
  }

  /** A request that decodes but breaks the protocol's rules or sits at the edge of its limits. */
  private hostileRequest(): Uint8Array {
    const { maxTopicBytes, maxPayloadBytes, maxTopicsPerQuery } = this.limits;
    const topic = (): string =>
      this.random.pick(["", "/", "x".repeat(maxTopicBytes), "x".repeat(maxTopicBytes + 1), "\u0000", "é/💥"]);
    const big = this.random.pick([0, 1, 2 ** 31, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, Date.now()]);
    switch (this.random.int(9)) {
      case 0:
        return Request.encode({
          push: {
            envelope: {
              topic: topic(),
              payload: new Uint8Array(this.random.pick([0, maxPayloadBytes, maxPayloadBytes + 1])),
              timestamp: this.random.pick([0, Date.now(), Date.now() + 10_000_000, Number.MAX_SAFE_INTEGER]),
              ttl: this.random.pick([0, 1, 2 ** 32 - 1]),
            },
          },
        });
      case 1:
        return Request.encode({ push: {} });
      case 2:
        return Request.encode({
          query: {
            topics: Array.from(
              { length: this.random.pick([0, maxTopicsPerQuery, maxTopicsPerQuery + 1, 500]) },
              topic,
            ),
            cursor: new Uint8Array(0),
            pageSize: this.random.pick([0, 1, 2 ** 32 - 1]),
            direction: QueryRequest.Direction.FORWARD,
          },
        });
      case 3:
        return Request.encode({
          query: {
            topics: [topic()],
            from: big,
            to: this.random.pick([0, big, Number.MAX_SAFE_INTEGER]),
            cursor: this.random.bytes(this.random.pick([1, 8, 40, 41, 300])),
            pageSize: 10,
            direction: this.random.pick([QueryRequest.Direction.FORWARD, QueryRequest.Direction.BACKWARD]),
          },
        });
      case 4:
        // An unknown field number beside (or instead of) a known one.
        return concat([
          new Uint8Array([((this.random.int(14) + 3) << 3) | 2, 3, 1, 2, 3]),
          this.random.next() < 0.5 ? this.validRequest() : new Uint8Array(0),
        ]);
      case 5:
        // A known field with the wrong wire type.
        return new Uint8Array([(1 << 3) | this.random.pick([0, 1, 5]), ...this.random.bytes(8)]);
      case 6:
        return this.random.next() < 0.5
          ? // Nested length-delimited fields announcing more than the frame holds.
            new Uint8Array([(1 << 3) | 2, 0xff, 0xff, 0x03, (1 << 3) | 2, 0x7f])
          : this.random.next() < 0.5
            ? // A query whose `from` and `to` are 2^64 - 1, beyond what a JavaScript number holds exactly.
              new Uint8Array([(2 << 3) | 2, 22, 2 << 3, ...MAX_UINT64, 3 << 3, ...MAX_UINT64])
            : // A query with a direction the enum does not have.
              new Uint8Array([(2 << 3) | 2, 2, 6 << 3, this.random.int(128)]);
      case 7:
        // A push of several envelopes: none, more than a push may carry, or good and bad mixed.
        return Request.encode({
          pushMany: {
            envelopes: Array.from({ length: this.random.pick([0, 2, 65, 200]) }, (_, i) =>
              i % 2 === 0
                ? this.validEnvelope()
                : {
                    topic: topic(),
                    payload: new Uint8Array(this.random.pick([0, maxPayloadBytes + 1])),
                    timestamp: this.random.pick([0, Date.now(), Number.MAX_SAFE_INTEGER]),
                    ttl: this.random.pick([0, 600]),
                  },
            ),
          },
        });
      default:
        // A deep chain of nested messages.
        return concat(Array.from({ length: 200 }, () => new Uint8Array([(2 << 3) | 2, 0x7f])));
    }
  }

  private mutatedFrame(): Uint8Array {
    const base = this.random.next() < 0.5 ? this.validRequest() : this.hostileRequest();
    const body = this.mutate(base);
    const prefix = this.random.next();
    if (prefix < 0.8) return framed(body);
    if (prefix < 0.9) return concat([varint(base.byteLength), body]);
    return concat([varint(this.random.int(200_000)), body]);
  }

  private mutate(input: Uint8Array): Uint8Array {
    let bytes: Uint8Array = new Uint8Array(input);
    const rounds = 1 + this.random.int(4);
    for (let round = 0; round < rounds; round++) {
      const at = bytes.byteLength === 0 ? 0 : this.random.int(bytes.byteLength);
      switch (this.random.int(7)) {
        case 0:
          if (bytes.byteLength > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << this.random.int(8));
          break;
        case 1:
          if (bytes.byteLength > 0) bytes[at] = this.random.int(256);
          break;
        case 2:
          bytes = concat([
            bytes.subarray(0, at),
            this.random.bytes(1 + this.random.int(16)),
            bytes.subarray(at),
          ]);
          break;
        case 3:
          bytes = concat([bytes.subarray(0, at), bytes.subarray(at + 1 + this.random.int(16))]);
          break;
        case 4:
          bytes = concat([
            bytes.subarray(0, at),
            bytes.subarray(at, at + 1 + this.random.int(32)),
            bytes.subarray(at),
          ]);
          break;
        case 5:
          bytes = concat([bytes.subarray(0, at), this.validRequest().subarray(this.random.int(8))]);
          break;
        default:
          bytes = concat([bytes.subarray(0, at), new Uint8Array(10).fill(0xff), bytes.subarray(at)]);
      }
    }
    return bytes;
  }

  private truncatedFrame(): Uint8Array {
    const whole = framed(this.random.next() < 0.7 ? this.validRequest() : this.hostileRequest());
    return whole.subarray(0, this.random.int(whole.byteLength));
  }

  private oversizedFrame(): Uint8Array {
    const { maxFrameBytes } = this.limits;
    switch (this.random.int(4)) {
      case 0:
        // An announced length just over the limit, with a little of it sent.
        return concat([
          varint(maxFrameBytes + 1 + this.random.int(1_000)),
          this.random.bytes(this.random.int(512)),
        ]);
      case 1:
        // An announced length far over the limit.
        return concat([varint(2 ** (24 + this.random.int(28))), this.random.bytes(16)]);
      case 2:
        // A length prefix longer than any length the node accepts.
        return new Uint8Array(11).fill(0xff);
      default:
        // Rarely, the whole oversized frame.
        return this.random.next() < 0.05
          ? concat([varint(maxFrameBytes + 1), new Uint8Array(maxFrameBytes + 1)])
          : concat([varint(maxFrameBytes * 4), this.random.bytes(64)]);
    }
  }

  private trailingFrames(): Uint8Array {
    const parts = [framed(this.validRequest())];
    const more = 1 + this.random.int(8);
    for (let i = 0; i < more; i++) {
      parts.push(this.random.next() < 0.5 ? framed(this.validRequest()) : this.randomFrame());
    }
    this.counter += more;
    return concat([...parts]);
  }

  /** Frames written after the first on a stream (which the node ignores), for the count. */
  get extraFrames(): number {
    return this.counter;
  }
}
