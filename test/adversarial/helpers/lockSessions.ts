import pg from "pg";

/**
 * Terminates the server sessions holding advisory locks (the stores' schema locks), as a restart
 * of the server, a proxy or an administrator would.
 *
 * @param url - A superuser URL of the server.
 * @returns How many sessions were terminated.
 */
export async function dropLockSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted",
    );
    return rows.filter((row) => row.ok).length;
  } finally {
    await client.end();
  }
}
