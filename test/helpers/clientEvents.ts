import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import type { WaymarkClientEvents } from "../../client/events.js";

/**
 * Resolves with the detail of the client's next event of a type.
 *
 * @param client - The client.
 * @param type - The event type.
 * @returns The event's detail.
 */
export async function nextEvent<K extends keyof WaymarkClientEvents>(
  client: WaymarkClient,
  type: K,
): Promise<WaymarkClientEvents[K]> {
  return new Promise((resolve) => {
    client.addEventListener(
      type,
      (event) => {
        resolve(event.detail);
      },
      { once: true },
    );
  });
}
