import { WaymarkError } from "../kernel/errors/base.js";

/**
 * Why discovery found nothing in the DHT:
 * - `NoEntryPoint`: nothing to join it through (no usable bootstrap record in the registry, which
 *   lists only active nodes of active providers, and no configured bootstrap peer);
 * - `EntryPointsUnreachable`: there were entry points, and none answered;
 * - `NotInDht`: the client joined the DHT, and it named no server of the service in time;
 * - `DhtNotSearched`: the chain id is not known (the registry did not answer, and none is
 *   configured), so neither is the service's DHT key.
 */
export type EmptyDiscoveryReason = "NoEntryPoint" | "EntryPointsUnreachable" | "NotInDht" | "DhtNotSearched";

/** Why discovery found nothing, as errors carry it. */
export interface EmptyDiscovery {
  /** The cause, to match on. */
  reason: EmptyDiscoveryReason;
  /** One short phrase, e.g. "no DHT entry point". */
  summary: string;
  /** What was missing or failed, with figures. */
  details: string;
  /** What a person can do about it. */
  hint: string;
}

/** No verified, reachable server is available for the service right now. */
export class NoServerAvailableError extends WaymarkError {
  override name = "NoServerAvailableError" as const;
  /** When a grey-listed server may be tried again (milliseconds since the epoch), if any is. */
  readonly retryAt: number | undefined;
  /**
   * Why the DHT named no server, when it named none (e.g. `NoEntryPoint` once the only node with a
   * bootstrap record is suspended), with what to do; undefined when it named some.
   */
  readonly discovery: EmptyDiscovery | undefined;

  /**
   * @param service - The service that was asked for.
   * @param options - Why, when a server may be retried, why the DHT named none, and the last failure.
   */
  constructor(
    service: string,
    options: {
      details?: string | undefined;
      retryAt?: number | undefined;
      discovery?: EmptyDiscovery | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(`No verified and reachable ${service} server is available`, {
      details: options.details,
      cause: options.cause,
      hint:
        options.discovery === undefined
          ? undefined
          : `the DHT named none, ${options.discovery.summary}: ${options.discovery.hint}`,
    });
    this.retryAt = options.retryAt;
    this.discovery = options.discovery;
  }
}

/** Discovery found no candidate server at all: no registry record, no custom server, nothing in the DHT. */
export class NoCandidatesError extends WaymarkError {
  override name = "NoCandidatesError" as const;
  /** Why the DHT named no server. */
  readonly reason: EmptyDiscoveryReason;

  /**
   * @param service - The service searched for.
   * @param discovery - Why nothing was found, and what to do.
   */
  constructor(service: string, discovery: EmptyDiscovery) {
    super(`No ${service} candidates found: ${discovery.summary}`, {
      details: discovery.details,
      hint: discovery.hint,
    });
    this.reason = discovery.reason;
  }
}

/** A multiaddr that cannot name a server (malformed, or without a `/p2p/<peer id>` part). */
export class InvalidMultiaddrError extends WaymarkError {
  override name = "InvalidMultiaddrError" as const;

  /**
   * @param multiaddr - The offending text.
   * @param reason - Why it was rejected.
   */
  constructor(multiaddr: string, reason: string) {
    super(`Invalid server multiaddr "${multiaddr}": ${reason}`);
  }
}

/** Text that should be an Ethereum address and is not. */
export class InvalidAddressError extends WaymarkError {
  override name = "InvalidAddressError" as const;

  /** @param value - The offending text. */
  constructor(value: string) {
    super(`Not an Ethereum address: "${value}"`);
  }
}

/** No verified records server holds a mail key for an address: its owner never published one (or deleted it). */
export class MailKeyNotPublishedError extends WaymarkError {
  override name = "MailKeyNotPublishedError" as const;
  /** The address asked for. */
  readonly address: string;

  /**
   * @param address - The address asked for.
   * @param servers - How many records servers answered.
   */
  constructor(address: string, servers: number) {
    super(`No mail key is published for ${address}`, {
      details: `${servers} verified records server${servers === 1 ? "" : "s"} answered; its owner publishes one with \`waymark keygen --publish\``,
    });
    this.address = address;
  }
}

/** A registry transaction was asked for, but the connection has no signer. */
export class MissingSignerError extends WaymarkError {
  override name = "MissingSignerError" as const;

  /** @param action - What needed the signer. */
  constructor(action: string) {
    super(`${action} needs a signing key`, {
      details: "set WAYMARK_PRIVATE_KEY, or WAYMARK_KEYSTORE with its passphrase",
    });
  }
}

/** An operation was cancelled through its AbortSignal, or the client was stopped. */
export class OperationAbortedError extends WaymarkError {
  override name = "OperationAbortedError" as const;

  /**
   * @param operation - What was cancelled.
   * @param options - The abort reason.
   */
  constructor(operation: string, options: { cause?: unknown } = {}) {
    super(`${operation} was aborted`, options);
  }
}

/** A payload or key for end-to-end encryption is malformed, or a ciphertext does not open. */
export class EncryptionError extends WaymarkError {
  override name = "EncryptionError" as const;

  /**
   * @param reason - What is wrong.
   * @param options - The underlying error.
   */
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, options);
  }
}

/** The client's configuration is incomplete or contradictory (CLI flags, env, config file). */
export class ConfigurationError extends WaymarkError {
  override name = "ConfigurationError" as const;

  /**
   * @param reason - What is missing or wrong.
   * @param options - The underlying error and a hint.
   */
  constructor(reason: string, options: { cause?: unknown; details?: string } = {}) {
    super(reason, options);
  }
}

/** An encrypted JSON keystore could not be read or decrypted. */
export class KeystoreError extends WaymarkError {
  override name = "KeystoreError" as const;

  /**
   * @param file - The keystore file.
   * @param options - The underlying error.
   */
  constructor(file: string, options: { cause?: unknown; details?: string } = {}) {
    super(`Cannot unlock the keystore ${file}`, options);
  }
}

/** A keystore was to be written where a file already exists; keystores are never overwritten. */
export class KeystoreExistsError extends WaymarkError {
  override name = "KeystoreExistsError" as const;

  /** @param file - The existing file. */
  constructor(file: string) {
    super(`${file} exists; a keystore is never overwritten`, {
      hint: "choose another --out file, or move the old one away yourself",
    });
  }
}

/** A file that should be an encrypted JSON keystore (ethers' scrypt JSON wallet) is not one. */
export class InvalidKeystoreError extends WaymarkError {
  override name = "InvalidKeystoreError" as const;

  /**
   * @param file - The file.
   * @param reason - What is wrong with it.
   * @param options - The underlying error.
   */
  constructor(file: string, reason: string, options: { cause?: unknown } = {}) {
    super(`${file} is not an encrypted JSON keystore: ${reason}`, options);
  }
}

/** A passphrase for a new keystore could not be had: none given, empty, or typed differently twice. */
export class PassphraseError extends WaymarkError {
  override name = "PassphraseError" as const;

  /**
   * @param reason - What went wrong.
   * @param options - A hint.
   */
  constructor(reason: string, options: { hint?: string } = {}) {
    super(reason, options);
  }
}

/** More bootstrap addresses than the registry keeps for one node. */
export class TooManyBootstrapAddressesError extends WaymarkError {
  override name = "TooManyBootstrapAddressesError" as const;
  /** How many were given. */
  readonly count: number;
  /** The registry's limit. */
  readonly max: number;

  /**
   * @param count - How many were given.
   * @param max - The registry's limit.
   */
  constructor(count: number, max: number) {
    super(`${count} bootstrap addresses given; the registry keeps at most ${max} per node`);
    this.count = count;
    this.max = max;
  }
}
