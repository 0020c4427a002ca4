import { WaymarkError } from "../errors/base.js";
import { redactUrl } from "../text/redactUrl.js";

/**
 * The chain's WebSocket endpoint answered a subscription request (`eth_subscribe`) with an error:
 * it does not offer subscriptions, so the registry's events are polled instead.
 */
export class SubscriptionRefusedError extends WaymarkError {
  override name = "SubscriptionRefusedError" as const;
  /** The endpoint, redacted to `scheme://host[:port]`. */
  readonly url: string;

  /**
   * @param url - The endpoint (redacted here).
   * @param reason - What it answered.
   */
  constructor(url: string, reason: string) {
    const shown = redactUrl(url);
    super(`The chain RPC ${shown} does not offer event subscriptions`, {
      details: reason,
      hint: "the registry's events are polled instead (`watchIntervalMs`)",
    });
    this.url = shown;
  }
}
