import { expect } from "vitest";

/**
 * Awaits a promise that must reject with an error of the given `name` (Waymark errors are matched
 * by name, never by message text).
 *
 * @param promise - The operation.
 * @param name - The expected error name, e.g. `RpcUnreachableError`.
 * @returns The error, for further assertions.
 */
export async function expectRejectsNamed(promise: Promise<unknown>, name: string): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected a rejection named ${name}`).toBeInstanceOf(Error);
  expect((error as Error).name).toBe(name);
  return error as Error;
}
