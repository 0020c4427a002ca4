import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import { LevelDatastore } from "datastore-level";

import { DataDirLockedError } from "../errors/node.js";

/** The datastore's folder inside the data directory. */
export const DATASTORE_DIR = "datastore";

/**
 * Opens the node's persistent datastore (LevelDB in `<dataDir>/datastore`): libp2p keeps its peer
 * store there and the DHT its records, so both survive restarts. LevelDB locks the folder, so two
 * nodes never share one.
 *
 * @param dataDir - The node's data directory.
 * @returns The open datastore; close it after stopping libp2p.
 * @throws DataDirLockedError when another process holds the datastore.
 */
export async function openDatastore(dataDir: string): Promise<LevelDatastore> {
  const path = join(dataDir, DATASTORE_DIR);
  await mkdir(path, { recursive: true, mode: 0o700 });
  const datastore = new LevelDatastore(path);
  try {
    await datastore.open();
  } catch (err) {
    // The datastore's error drops LevelDB's reason; opening the database itself tells it.
    const reason = await datastore.db.open().then(
      () => undefined,
      (levelError: unknown) => levelError,
    );
    if (reason === undefined) return datastore;
    if (isLocked(reason)) throw new DataDirLockedError(dataDir, { cause: reason });
    throw err;
  }
  return datastore;
}

function isLocked(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "LEVEL_LOCKED") return true;
    current = current.cause;
  }
  return false;
}
