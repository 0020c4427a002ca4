import type { RegistryClient } from "../kernel/registry/connect.js";
import type { ProviderInfo } from "../kernel/registry/providers.js";
import { reasonName } from "../actions/registry/reasons.js";
import type { ProviderStatusReason } from "../actions/registry/statusReasons.js";
import { getProviderStatusReasons } from "../actions/registry/statusReasons.js";
import type { CommandContext } from "./context.js";
import { errorLine, withProgress } from "./output.js";

/** A provider's status reason as `--json` prints it. */
export interface ReasonJson {
  event: ProviderStatusReason["event"];
  code: number;
  name: string;
  curator: string;
  blockNumber: number;
  transactionHash: string;
}

/** The reasons of the suspended and rejected providers among `providers`, as the CLI shows them. */
export interface ShownReasons {
  /** The REASON cell of a provider: the reason's name, `-` when it has no status reason. */
  cell(provider: ProviderInfo): string;
  /** The `reason` field of a provider in `--json`, or null. */
  json(provider: ProviderInfo): ReasonJson | null;
}

/**
 * Reads why the suspended and rejected providers among `providers` are so (from the registry's
 * events, within `maxBlocks` of the latest block). A failure to read them is a warning on stderr,
 * not the command's failure: the reason is decoration beside the status.
 *
 * @param context - The command context.
 * @param registry - The registry connection.
 * @param providers - The providers shown.
 * @param maxBlocks - Blocks of history searched at most, or undefined for the default.
 * @returns The cells and JSON fields.
 */
export async function readStatusReasons(
  context: CommandContext,
  registry: RegistryClient,
  providers: readonly ProviderInfo[],
  maxBlocks: number | undefined,
): Promise<ShownReasons> {
  const decided = providers.filter((p) => p.status === "Suspended" || p.status === "Rejected");
  let found = new Map<bigint, ProviderStatusReason>();
  let searchedFrom: number | undefined;
  let failed = false;
  if (decided.length > 0) {
    try {
      const result = await withProgress(
        "Reading suspension and rejection reasons",
        context.quiet,
        () => getProviderStatusReasons(registry, { providers: decided, maxBlocks }),
        (r) => `${r.reasons.size} of ${decided.length} found`,
      );
      found = result.reasons;
      searchedFrom = result.searchedFrom;
    } catch (err) {
      failed = true;
      process.stderr.write(`warning: the reasons could not be read from the event log (${errorLine(err)})\n`);
    }
  }
  const applies = (p: ProviderInfo): boolean => p.status === "Suspended" || p.status === "Rejected";
  return {
    cell(provider) {
      if (!applies(provider)) return "-";
      const reason = found.get(provider.id);
      if (reason !== undefined) return reasonName(reason.reason);
      return failed ? "unknown" : `not found since block ${searchedFrom ?? 0}`;
    },
    json(provider) {
      const reason = applies(provider) ? found.get(provider.id) : undefined;
      if (reason === undefined) return null;
      return {
        event: reason.event,
        code: reason.reason,
        name: reasonName(reason.reason),
        curator: reason.curator,
        blockNumber: reason.blockNumber,
        transactionHash: reason.transactionHash,
      };
    },
  };
}
