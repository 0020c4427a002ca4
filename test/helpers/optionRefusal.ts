import type { WaymarkClientOptions } from "../../client/options/index.js";
import { resolveClientOptions } from "../../client/options/index.js";

/** The options every client needs: a chain RPC on 127.0.0.1 and the registry's address. */
export const REQUIRED_CLIENT_OPTIONS = {
  rpcUrl: "http://127.0.0.1:8545",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
} as const;

/**
 * Resolves client options that must be refused.
 *
 * @param options - The options to add to {@link REQUIRED_CLIENT_OPTIONS}.
 * @returns The error they were refused with.
 * @throws Error when they were accepted.
 */
export function optionRefusal(options: Partial<WaymarkClientOptions>): Error {
  try {
    resolveClientOptions({ ...REQUIRED_CLIENT_OPTIONS, ...options });
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the options to be refused");
}
