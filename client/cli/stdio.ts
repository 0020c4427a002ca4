import { access } from "node:fs/promises";

/**
 * Whether a file exists (and can be seen by this process).
 *
 * @param path - The file.
 * @returns True when it exists.
 */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads standard input to its end.
 *
 * @returns Its bytes.
 */
export async function readStdinBytes(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Reads standard input to its end as UTF-8 text.
 *
 * @returns Its text.
 */
export async function readStdinText(): Promise<string> {
  return Buffer.from(await readStdinBytes()).toString("utf8");
}
