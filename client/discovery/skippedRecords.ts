import { logger } from "@libp2p/logger";

import type { WaymarkEventTarget } from "../events.js";
import type { SkippedRecord } from "./bootstrapRecords.js";

const log = logger("waymark:client:discovery");

/**
 * Reports bootstrap records that discovery skipped, once per record content however often
 * discovery runs: a debug log line and a `bootstrap:skipped` event. Remembers a bounded number of
 * records (the oldest are forgotten first).
 */
export class SkippedRecords {
  private readonly seen = new Set<string>();

  /**
   * @param events - Where to emit `bootstrap:skipped`.
   * @param maxRemembered - Records remembered at most.
   */
  constructor(
    private readonly events: WaymarkEventTarget,
    private readonly maxRemembered: number,
  ) {}

  /**
   * Reports a skipped record unless it was reported already.
   *
   * @param record - The record and why it was skipped.
   */
  report(record: SkippedRecord): void {
    const key = [record.node, record.providerId, ...record.published].join("\n");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    for (const oldest of this.seen) {
      if (this.seen.size <= this.maxRemembered) break;
      this.seen.delete(oldest);
    }
    log(
      "skipped %s bootstrap record of node %s (provider %s): %s",
      record.whole ? "the" : "part of the",
      record.node,
      record.providerId,
      record.reasons.join("; "),
    );
    this.events.emit("bootstrap:skipped", {
      node: record.node,
      providerId: record.providerId,
      reasons: record.reasons,
      whole: record.whole,
    });
  }
}
