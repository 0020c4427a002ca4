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

/**
 * Names an error and its causes in one line, e.g. `MailUnreachableError < ConnectionClosedError:
 * The connection muxer is "closed"`, so a test that counts failures by kind also says why.
 *
 * @param err - Anything thrown.
 * @returns The outer name, then each cause's name, the innermost with its message.
 */
export function errorChain(err: unknown): string {
  const names: string[] = [];
  let current: unknown = err;
  while (current instanceof Error && names.length < 5) {
    const next: unknown = current.cause;
    names.push(next instanceof Error ? current.name : `${current.name}: ${current.message}`);
    current = next;
  }
  return names.length === 0 ? String(err) : names.join(" < ");
}
