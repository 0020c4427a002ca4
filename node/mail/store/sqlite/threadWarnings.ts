/**
 * Keeps this thread from printing Node's `ExperimentalWarning` about `node:sqlite` (the node's
 * command line quiets it on its own thread); every other warning is printed as before. A store
 * thread calls it before it first loads `node:sqlite`, which warns on that first load.
 */
export function quietSqliteExperimentalWarning(): void {
  const listeners = process.listeners("warning");
  for (const listener of listeners) process.off("warning", listener);
  process.on("warning", (warning) => {
    const fromSqlite =
      warning.name === "ExperimentalWarning" &&
      warning.message.startsWith("SQLite is an experimental feature");
    if (!fromSqlite) for (const listener of listeners) listener(warning);
  });
}
