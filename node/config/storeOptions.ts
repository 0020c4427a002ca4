import type { OptionSpec } from "../../client/kernel/options/optionTable.js";
import { integer, oneOf, rule } from "../../client/kernel/options/rules.js";
import { describeTarget, postgresUrlOf } from "./postgres.js";

/** The specs {@link storeOptions} returns. */
export interface StoreOptionSpecs {
  store: OptionSpec<"sqlite" | "postgres">;
  postgresUrl: OptionSpec<string>;
  postgresSchema: OptionSpec<string>;
  storeConnectTimeoutMs: OptionSpec<number>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The store backend options a service with a database adds to its option table: `store`,
 * `postgresUrl`, `postgresSchema` and `storeConnectTimeoutMs`.
 *
 * @param defaultSchema - The service's schema when none is set, e.g. `waymark_mail`.
 * @returns The option specs, for `defineOptions`.
 */
export function storeOptions(defaultSchema: string): StoreOptionSpecs {
  return {
    store: {
      default: "sqlite",
      rule: oneOf("sqlite", "postgres"),
      doc:
        "Store backend: `sqlite` (a file in the node's data folder, nothing to set up) or `postgres` " +
        "(a PostgreSQL server; see docs/storage.md).",
    },
    postgresUrl: {
      default: "",
      defaultText: "the WAYMARK_PG_URL environment variable",
      rule: rule<string>("string", "a postgres:// URL", (value) =>
        typeof value === "string" && (value === "" || /^postgres(ql)?:\/\//.test(value))
          ? undefined
          : "must be a postgres:// URL",
      ),
      doc:
        "PostgreSQL connection URL of the `postgres` store. Keep it in the configuration file or the " +
        "environment, never on a command line (it holds the password).",
    },
    postgresSchema: {
      default: defaultSchema,
      rule: rule<string>("string", "a lower-case SQL name", (value) =>
        typeof value === "string" && SCHEMA_NAME.test(value)
          ? undefined
          : "must be lower-case letters, digits and _, at most 63, not starting with a digit",
      ),
      doc:
        "PostgreSQL schema of the `postgres` store; each node process needs its own (a second process on " +
        "the same schema is refused).",
    },
    storeConnectTimeoutMs: {
      default: 30_000,
      rule: integer(0, 3_600_000),
      doc:
        "PostgreSQL store: ms a starting node retries a server that refuses or is starting up; 0 tries " +
        "once. Wrong credentials or privileges fail at once (see docs/storage.md).",
    },
  };
}

/**
 * What the node logs about a service's store at start: the SQLite file, or the PostgreSQL server
 * (without the password) and schema.
 *
 * @param options - The service's store options as given.
 * @param path - The SQLite file.
 * @param defaultSchema - The service's default schema.
 * @returns Log fields.
 */
export function storeLogFields(
  options: {
    store?: string | undefined;
    postgresUrl?: string | undefined;
    postgresSchema?: string | undefined;
  },
  path: string,
  defaultSchema: string,
): Record<string, string | undefined> {
  if (options.store !== "postgres") return { store: "sqlite", path };
  const url = postgresUrlOf(options.postgresUrl);
  return {
    store: "postgres",
    target: url === undefined ? undefined : describeTarget(url),
    schema: options.postgresSchema ?? defaultSchema,
  };
}
