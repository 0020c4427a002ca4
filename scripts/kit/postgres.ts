import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

import { freePort } from "./freePort.js";

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server programs. */
export const POSTGRES_BIN_DIRS = [
  "/usr/lib/postgresql/17/bin",
  "/usr/lib/postgresql/16/bin",
  "/usr/lib/postgresql/15/bin",
];

/** A PostgreSQL server started by {@link startPostgres}. */
export interface PostgresServer {
  /** Superuser URL (`postgres` with the password set at start). */
  url: string;
  /** The port on 127.0.0.1. */
  port: number;
  /** The superuser's password. */
  password: string;
  /** The postmaster's process id (a new one after {@link PostgresServer.resume}). */
  readonly pid: number;
  /** The URL of another role or database on the same server. */
  urlFor(user: string, password: string, database?: string): string;
  /** Shuts the server down (fast), keeping its data, so that it can be resumed on the same port. */
  halt(): Promise<void>;
  /** Starts a halted server again, on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops the server (fast shutdown, by pid) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * The folder holding `initdb` and `pg_ctl`.
 *
 * @returns It.
 * @throws Error saying what to install when PostgreSQL is missing.
 */
export function postgresBinDir(): string {
  const dir = POSTGRES_BIN_DIRS.find((candidate) => existsSync(join(candidate, "initdb")));
  if (dir === undefined) {
    throw new Error(
      "PostgreSQL is not installed: the PostgreSQL store tests need Debian's `postgresql` package " +
        "(`apt-get install postgresql`; initdb and pg_ctl under /usr/lib/postgresql/<version>/bin).",
    );
  }
  return dir;
}

/**
 * Starts a throwaway PostgreSQL server: `initdb` and `pg_ctl` as the `postgres` user into a new
 * folder under /tmp, listening on 127.0.0.1 only at a free port, password authentication for
 * TCP. About a second.
 *
 * @returns The running server.
 * @throws Error when PostgreSQL is not installed or does not start.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const { stdout } = await run("id", ["-u", "postgres"]);
  const uid = Number(stdout.trim());
  const { stdout: gidText } = await run("id", ["-g", "postgres"]);
  const gid = Number(gidText.trim());
  const root = await mkdtemp("/tmp/waymark-pg-");
  await chmod(root, 0o755);
  await chown(root, uid, gid);
  const data = join(root, "data");
  const password = randomBytes(12).toString("hex");
  const pwfile = join(root, "pw");
  await writeFile(pwfile, password);
  await chown(pwfile, uid, gid);
  const asPostgres = async (command: string, args: string[]): Promise<void> => {
    await run("runuser", ["-u", "postgres", "--", join(bin, command), ...args]);
  };
  const port = await freePort();
  const start = async (): Promise<void> =>
    asPostgres("pg_ctl", [
      "start",
      "-w",
      "-D",
      data,
      "-l",
      join(root, "log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=on`,
    ]);
  const postmasterPid = async (): Promise<number> =>
    Number((await readFile(join(data, "postmaster.pid"), "utf8")).split("\n")[0]);
  try {
    await asPostgres("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth-local=peer",
      "--auth-host=scram-sha-256",
      `--pwfile=${pwfile}`,
      "--no-sync",
      "-E",
      "UTF8",
    ]);
    await start();
  } catch (err) {
    const log = await readFile(join(root, "log"), "utf8").catch(() => "");
    await rm(root, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n${log}`, {
      cause: err,
    });
  }
  let pid = await postmasterPid();
  const urlFor = (user: string, pass: string, database = "postgres"): string =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor("postgres", password),
    port,
    password,
    get pid() {
      return pid;
    },
    urlFor,
    async halt() {
      await asPostgres("pg_ctl", ["stop", "-w", "-m", "fast", "-D", data]);
    },
    async resume() {
      await start();
      pid = await postmasterPid();
    },
    async stop() {
      try {
        process.kill(pid, "SIGINT");
      } catch {
        // Already gone.
      }
      for (let i = 0; i < 200 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await rm(root, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
