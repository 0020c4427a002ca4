import type { RegistryClient } from "../kernel/registry/connect.js";
import { RegistryWatcher } from "../kernel/registry/registryWatcher.js";
import { NodeVerifier } from "../kernel/registry/verifier.js";
import type { ResolvedClientOptions, ResolvedQuorumRegistry } from "../options/index.js";
import { closeRegistry, openRegistry } from "./openRegistry.js";
import type { QuorumMember } from "./quorum.js";
import { RegistryConnection } from "./registryConnection.js";

/** Parameters of {@link QuorumRegistries}. */
export interface QuorumRegistriesInit {
  /** The client's options; `trust.quorum` names the registries. */
  options: ResolvedClientOptions;
  /** A registry's trust event was seen: the known servers must be verified again. */
  onEvents(): Promise<void>;
  /** A registry could not be asked (reported once until it answers again). */
  onUnavailable(registry: string, error: Error): void;
  /** A registry that could not be asked answers again. */
  onAvailable(registry: string): void;
}

/** One registry of the quorum and the parts that follow it. */
interface Member extends QuorumMember {
  connection: RegistryConnection;
  watcher: RegistryWatcher | undefined;
  /** Whether `onUnavailable` was reported since it last answered. */
  down: boolean;
}

/**
 * The registries of a quorum of curators, each with the parts a client has for its one registry:
 * a connection made in the background (retrying while its RPC does not answer), a cached
 * {@link NodeVerifier} under the registry's own provider policy, and a watcher of its trust events
 * (a `ws://` RPC URL sees a revocation within one block). A trust event in any registry drops that
 * registry's cached answers and verifies the known servers again.
 */
export class QuorumRegistries {
  /** The members, in the order of `trust.registries`, for `verifyQuorum`. */
  readonly members: readonly QuorumMember[];
  private readonly all: Member[];
  private started = false;

  /** @param init - Options and what to call on events and outages. */
  constructor(private readonly init: QuorumRegistriesInit) {
    const registries = init.options.trust.quorum?.registries ?? [];
    this.all = registries.map((registry) => this.member(registry));
    this.members = this.all;
  }

  /** Starts connecting to every registry, and their watchers once connected. */
  start(): void {
    this.started = true;
    for (const member of this.all) {
      member.connection.start();
      void member.watcher?.start();
    }
  }

  /** Stops the watchers and closes the connections. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.allSettled(this.all.map(async (member) => member.watcher?.stop()));
    for (const member of this.all) member.connection.stop();
  }

  private member(registry: ResolvedQuorumRegistry): Member {
    const { options } = this.init;
    const memberOptions: ResolvedClientOptions = {
      ...options,
      rpcUrl: registry.rpcUrl,
      provider: undefined,
      signer: undefined,
      registry: registry.registry,
      chainId: registry.chainId,
      trust: { ...options.trust, providers: registry.providers, quorum: undefined },
    };
    const member: Member = {
      label: registry.label,
      down: false,
      watcher: undefined,
      connection: new RegistryConnection({
        // Discovery reads the client's own registry, never a member's.
        connect: async () => openRegistry(memberOptions, { discovery: false }),
        onConnect: (client) => {
          this.watch(member, client);
        },
        close: (client) => {
          closeRegistry(client, memberOptions);
        },
      }),
      verifier: new NodeVerifier(async () => member.connection.get(), {
        service: options.service,
        trustedProviders: registry.providers === "default" ? [] : registry.providers,
        cacheTtlMs: options.verificationTtlMs,
        staleGraceMs: options.staleGraceMs,
        maxBlockAgeMs: options.maxBlockAgeMs,
        onAnswer: () => {
          this.answered(member);
        },
        onFailure: (error) => {
          this.failed(member, error);
        },
      }),
    };
    return member;
  }

  private answered(member: Member): void {
    if (!member.down) return;
    member.down = false;
    this.init.onAvailable(member.label);
  }

  private failed(member: Member, error: Error): void {
    if (member.down) return;
    member.down = true;
    this.init.onUnavailable(member.label, error);
  }

  private watch(member: Member, client: RegistryClient): void {
    const { options } = this.init;
    if (!options.watchRegistry || member.watcher !== undefined) return;
    member.watcher = new RegistryWatcher(client, {
      intervalMs: options.watchIntervalMs,
      subscribe: options.watchSubscribe,
      socketTimeoutMs: options.rpcTimeoutMs,
      maxBlockAgeMs: options.maxBlockAgeMs,
      onEvents: async () => {
        member.verifier.invalidate();
        await this.init.onEvents();
      },
      onReachable: () => {
        this.answered(member);
      },
      onUnreachable: (error) => {
        member.verifier.markUnavailable();
        this.failed(member, error);
      },
    });
    if (this.started) void member.watcher.start();
  }
}
