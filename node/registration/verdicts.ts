import type { Verdict } from "../../client/kernel/registry/verifyNodes.js";

/** The node's registration as last seen: a registry verdict, or `unknown` before the chain answered. */
export type RegistrationVerdict = Verdict | "unknown";

/**
 * What a verdict means for the node itself, in one sentence for its log.
 *
 * @param verdict - The registry's verdict on this node under the default providers' policy.
 * @param service - The service the node serves.
 * @param providerId - The node's provider, when known.
 * @returns The sentence.
 */
export function describeVerdict(verdict: RegistrationVerdict, service: string, providerId: bigint): string {
  switch (verdict) {
    case "Trusted":
      return `registered and active for ${service} under default provider ${providerId}: clients select this node`;
    case "ProviderNotTrusted":
      return `registered and active for ${service} under provider ${providerId}, which is active but not a default provider: clients that trust provider ${providerId} select this node`;
    case "NodeUnknown":
      return `not registered for ${service}: clients will not select this node (it still serves users who add it as a custom server); a provider registers it with the consent from \`waymark-node consent\``;
    case "NodeSuspended":
      return `suspended by the registry's curators: clients will not select this node`;
    case "NodeRetired":
      return `retired from the registry: clients will not select this node until a provider registers it again`;
    case "WrongService":
      return `registered for another service than ${service}: clients of ${service} will not select this node; check the service option`;
    case "ProviderNotActive":
      return `registered under provider ${providerId}, which is not active: clients will not select this node`;
    case "unknown":
      return "registration unknown: the registry has not answered yet";
  }
}
