import { afterAll, afterEach, beforeAll } from "vitest";

import type { Chain, StartChainOptions } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import type { AddProviderOptions, DeployRegistryOptions } from "../../scripts/kit/registry.js";
import { RegistryWorld } from "../../scripts/kit/registry.js";
import { TempDirs } from "../../scripts/kit/tempDirs.js";

/** A value a `beforeAll` hook fills in; read it inside tests and hooks only. */
export interface Ref<T> {
  /** The value. */
  readonly current: T;
}

function ref<T>(what: string): { ref: Ref<T>; set(value: T | undefined): void } {
  let value: T | undefined;
  return {
    ref: {
      get current(): T {
        if (value === undefined) throw new Error(`${what} is read before its beforeAll hook ran`);
        return value;
      },
    },
    set(next) {
      value = next;
    },
  };
}

/**
 * Starts a local chain before the file's tests and closes it after them.
 *
 * @param options - In this process (default) or as a `hardhat node` process.
 * @returns The chain, once started.
 */
export function useChain(options: StartChainOptions = {}): Ref<Chain> {
  const chain = ref<Chain>("the chain");
  beforeAll(async () => {
    chain.set(await startChain(options));
  });
  afterAll(async () => {
    await chain.ref.current.close();
    chain.set(undefined);
  });
  return chain.ref;
}

/** Options of {@link useWorld}. */
export interface UseWorldOptions extends DeployRegistryOptions {
  /** The chain. @default one started by {@link useChain} */
  chain?: Ref<Chain>;
  /** Providers to admit, in order (ids 1, 2, …; owners `signers[1]`, `signers[2]`, …). @default none */
  providers?: readonly AddProviderOptions[];
}

/**
 * Deploys a registry (on a chain of its own unless given one) and admits providers, before the
 * file's tests.
 *
 * @param options - Chain, deployment, providers.
 * @returns The registry world, once deployed.
 */
export function useWorld(options: UseWorldOptions = {}): Ref<RegistryWorld> {
  const chain = options.chain ?? useChain();
  const world = ref<RegistryWorld>("the registry world");
  beforeAll(async () => {
    world.set(await RegistryWorld.deploy(chain.current, options));
  });
  return world.ref;
}

/**
 * Starts a throwaway PostgreSQL server (`initdb` into a folder under /tmp, on 127.0.0.1 at a free
 * port) before the file's tests, and stops it and removes its folder after them.
 *
 * @returns The server, once started.
 */
export function usePostgres(): Ref<PostgresServer> {
  const server = ref<PostgresServer>("the PostgreSQL server");
  let started: PostgresServer | undefined;
  beforeAll(async () => {
    started = await startPostgres();
    server.set(started);
  }, 60_000);
  afterAll(async () => {
    await started?.stop();
    started = undefined;
    server.set(undefined);
  });
  return server.ref;
}

/**
 * Temporary folders, removed after each test.
 *
 * @param prefix - Start of each folder's name. @default "waymark-test-"
 * @returns The folders.
 */
export function useTempDirs(prefix = "waymark-test-"): TempDirs {
  const dirs = new TempDirs(prefix);
  afterEach(async () => {
    await dirs.cleanup();
  });
  return dirs;
}

/** Something a test starts and that must be stopped after it. */
export interface Stoppable {
  stop(): Promise<unknown>;
}

/** What a test started, stopped together after each test. */
export interface Running {
  /**
   * Records something to stop after the test.
   *
   * @param item - A process, node or server.
   * @returns The same item.
   */
  add<T extends Stoppable>(item: T): T;
}

/**
 * Stops, after each test, every process, node or server the test recorded. Register it after
 * {@link useTempDirs}: `after` hooks run in reverse order, so the processes stop before their
 * folders go.
 *
 * @returns The record of running things.
 */
export function useProcesses(): Running {
  const items: Stoppable[] = [];
  afterEach(async () => {
    await Promise.all(items.splice(0).map(async (item) => item.stop()));
  });
  return {
    add(item) {
      items.push(item);
      return item;
    },
  };
}
