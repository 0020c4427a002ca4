import { Wallet } from "ethers";
import { expect } from "vitest";

import { expectRejectsNamed } from "../helpers/errors.js";

import type { RecordDomain, RecordFields, SignedRecord } from "../../client/records/protocol/record.js";
import { signRecord } from "../../client/records/protocol/record.js";

/** A deployment records are signed for in tests that run without a chain. */
export const TEST_DOMAIN: RecordDomain = {
  chainId: 31_337n,
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};

/** Unix seconds, now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs a record with test defaults: name `profile`, sequence 1, an hour of life, a 5-byte value.
 *
 * @param owner - The owner's key.
 * @param fields - The fields to set.
 * @param domain - The deployment. @default TEST_DOMAIN
 * @returns The signed record.
 */
export async function signed(
  owner: Wallet,
  fields: Partial<Omit<RecordFields, "owner">> = {},
  domain: RecordDomain = TEST_DOMAIN,
): Promise<SignedRecord> {
  return signRecord(owner, domain, {
    name: "profile",
    value: new TextEncoder().encode("hello"),
    sequence: 1,
    expires: nowSeconds() + 3_600,
    deleted: false,
    ...fields,
  });
}

/** A fresh random owner key. */
export function newOwner(): Wallet {
  return new Wallet(Wallet.createRandom().privateKey);
}

/**
 * Runs `run` and expects it to throw an error named `name`.
 *
 * @param run - What should throw.
 * @param name - The error's `name`.
 * @returns The error.
 */
export function expectThrowsNamed(run: () => unknown, name: string): Error & Record<string, unknown> {
  try {
    run();
  } catch (err) {
    expect((err as Error).name).toBe(name);
    return err as Error & Record<string, unknown>;
  }
  throw new Error(`expected ${name}, but nothing was thrown`);
}

/** The limit and retry time a refusal carries. */
export interface Refusal {
  limit: unknown;
  retryAfterMs: unknown;
}

/**
 * Awaits a request that must be refused with an error named `name`.
 *
 * @param promise - The request.
 * @param name - The expected error name.
 * @returns The limit and retry time the error carries.
 */
export async function expectRefused(promise: Promise<unknown>, name: string): Promise<Refusal> {
  const error = await expectRejectsNamed(promise, name);
  return { limit: Reflect.get(error, "limit"), retryAfterMs: Reflect.get(error, "retryAfterMs") };
}
