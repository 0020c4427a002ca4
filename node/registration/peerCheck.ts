import type { PeerId } from "@libp2p/interface";
import type { Logger } from "pino";

import { RpcUnreachableError } from "../../client/kernel/errors/registry.js";
import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import type { CachedVerification } from "../../client/kernel/registry/verifier.js";
import { isRegisteredVerdict, NodeVerifier } from "../../client/kernel/registry/verifier.js";
import type { NodeConfig } from "../config/types.js";
import type { PeerPolicyCheck, PeerVerdict } from "../services/types.js";
import type { RegistryLink } from "./registryLink.js";

/** What {@link ReplicationPolicy} needs. */
export interface ReplicationPolicyInit {
  link: RegistryLink;
  config: Pick<
    NodeConfig,
    "service" | "replicateWith" | "replicateExcludeProviders" | "replicateExcludeNodes"
  >;
  /** The node's own provider, once its registration is known. */
  ownProvider: () => bigint | undefined;
  /** Where failed checks are logged (debug). */
  logger: Logger;
}

/**
 * The node's replication policy: which peers its services replicate with, like a client's trust
 * policy. `replicateWith: "registered"` admits every node registered and active for the service
 * under an active provider (so that servers hold the same messages); `default` admits the
 * registry's default providers' nodes; a list admits those providers' nodes; exclusions apply on
 * top. Any number of peers cost one `verifyNodes` call, answers are cached (and forgotten when the
 * registry's events say a node or provider changed), and the check fails closed when the registry
 * cannot be asked and no recent answer exists.
 */
export class ReplicationPolicy {
  private verifier: NodeVerifier | undefined;
  private readonly excludeProviders: ReadonlySet<bigint>;
  private readonly excludeNodes: ReadonlySet<string>;

  /** @param init - Registry link, policy, own provider and logger. */
  constructor(private readonly init: ReplicationPolicyInit) {
    this.excludeProviders = new Set(init.config.replicateExcludeProviders);
    this.excludeNodes = new Set(init.config.replicateExcludeNodes);
  }

  /** The check to hand the services. */
  readonly check: PeerPolicyCheck = async (peers, options = {}) => {
    options.signal?.throwIfAborted();
    const addresses = peers.map(addressOf);
    const asked = [...new Set(addresses.filter((node): node is string => node !== undefined))].filter(
      (node) => !this.excludeNodes.has(node),
    );
    const answers = await this.answers(asked);
    return addresses.map((node): PeerVerdict => {
      if (node === undefined) return refused("NoNodeAddress");
      if (this.excludeNodes.has(node)) return refused("ExcludedNode");
      const answer = answers.get(node);
      if (answer === undefined) return refused("Unverified");
      const providerId = answer.verdict === "NodeUnknown" ? undefined : answer.providerId;
      const verdict = {
        reason: answer.verdict,
        providerId,
        ownProvider: isOwn(providerId, this.init.ownProvider()),
      };
      if (!this.admits(answer)) return { ...verdict, allowed: false };
      if (providerId !== undefined && this.excludeProviders.has(providerId)) {
        return { ...verdict, allowed: false, reason: "ExcludedProvider" };
      }
      return { ...verdict, allowed: true };
    });
  };

  /** Forgets every cached answer: the registry's events say something changed. */
  invalidate(): void {
    this.verifier?.invalidate();
  }

  private admits(answer: CachedVerification): boolean {
    return this.init.config.replicateWith === "registered"
      ? isRegisteredVerdict(answer.verdict)
      : answer.verdict === "Trusted";
  }

  /** The registry's answers for the nodes, from one call (or the cache, or within the grace time). */
  private async answers(nodes: readonly string[]): Promise<Map<string, CachedVerification>> {
    const answers = new Map<string, CachedVerification>();
    if (nodes.length === 0) return answers;
    try {
      const verifier = await this.verifierOf();
      if (verifier === undefined) return answers;
      try {
        for (const answer of await verifier.verify(nodes)) answers.set(answer.node, answer);
      } catch (err) {
        if (!(err instanceof RpcUnreachableError)) throw err;
        for (const node of nodes) {
          const answer = verifier.peek(node);
          if (answer !== undefined) answers.set(node, answer);
        }
      }
    } catch (err) {
      this.init.logger.debug({ err, peers: nodes.length }, "cannot tell whether peers are replication peers");
    }
    return answers;
  }

  private async verifierOf(): Promise<NodeVerifier | undefined> {
    if (this.verifier !== undefined) return this.verifier;
    const client = this.init.link.client ?? (await this.init.link.connect());
    if (client === undefined) return undefined;
    const providers = this.init.config.replicateWith;
    this.verifier ??= new NodeVerifier(client, {
      service: this.init.config.service,
      trustedProviders: typeof providers === "string" ? [] : providers,
    });
    return this.verifier;
  }
}

function addressOf(peerId: PeerId): string | undefined {
  try {
    return nodeAddressFromPeerId(peerId);
  } catch {
    return undefined;
  }
}

function refused(reason: string): PeerVerdict {
  return { allowed: false, reason, providerId: undefined, ownProvider: false };
}

function isOwn(providerId: bigint | undefined, own: bigint | undefined): boolean {
  return providerId !== undefined && own !== undefined && own !== 0n && providerId === own;
}
