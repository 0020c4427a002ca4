/**
 * Entry of the thread that answers a SQLite mail store's reads (see `ThreadedSqliteMailStore`) on
 * a read-only connection of its own. In WAL mode a reader neither waits for the writer nor holds
 * it up, so history reads go on while the commit thread commits and waits for its fsync. Each call
 * reads one snapshot: it runs in a read transaction, so a page whose keys and rows take several
 * statements sees one committed state, as it would on the writer's connection.
 */
import { parentPort, workerData } from "node:worker_threads";

import type { SqliteMailReads } from "./reads.js";
import type { ReadThreadInit, ThreadCall, ThreadReply } from "./threadMessages.js";
import { toThreadError } from "./threadMessages.js";
import { quietSqliteExperimentalWarning } from "./threadWarnings.js";

quietSqliteExperimentalWarning();
// Loaded after the warning is quieted: `node:sqlite` warns when first loaded.
const { DatabaseSync } = await import("node:sqlite");
const { SqliteMailReads: Reads, dispatchRead } = await import("./reads.js");
const { prepareStatements } = await import("./statements.js");

const port = parentPort;
if (port === null) throw new Error("the mail store's read thread must run as a worker thread");
const init = workerData as ReadThreadInit;

function post(reply: ThreadReply): void {
  port?.postMessage(reply);
}

let db: InstanceType<typeof DatabaseSync> | undefined;
let reads: SqliteMailReads | undefined;
try {
  // Opened after the commit thread has created or upgraded the schema.
  db = new DatabaseSync(init.path, { readOnly: true });
  db.exec("PRAGMA busy_timeout = 5000");
  reads = new Reads(prepareStatements(db));
  post({ kind: "ready", stats: undefined });
} catch (err) {
  post({ kind: "failed", error: toThreadError(err) });
}

if (db !== undefined && reads !== undefined) {
  const open = { db, reads };
  port.on("message", (request: ThreadCall) => {
    post(answer(open, request));
  });
}

/** Runs one call in a read transaction of its own; its answer, or the error it threw. */
function answer(
  open: { db: InstanceType<typeof DatabaseSync>; reads: SqliteMailReads },
  request: ThreadCall,
): ThreadReply {
  const { db, reads } = open;
  try {
    if (request.op === "close") {
      db.close();
      return { kind: "done", id: request.id, value: undefined, stats: undefined };
    }
    if (request.op === "expire" || request.op === "getMeta" || request.op === "setMeta")
      throw new Error(`the read thread does not serve ${request.op}`);
    db.exec("BEGIN");
    try {
      const value = dispatchRead(reads, request.op, request.args);
      return { kind: "done", id: request.id, value, stats: undefined };
    } finally {
      db.exec("COMMIT");
    }
  } catch (err) {
    return { kind: "error", id: request.id, error: toThreadError(err), stats: undefined };
  }
}
