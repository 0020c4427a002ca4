import type { CircuitFigures } from "./circuits.js";
import type { RelayLimits } from "./options.js";

/** What `/status` shows under `relay`. */
export interface RelayStatus extends CircuitFigures {
  /** Reservations held now. */
  reservations: number;
  /** The limits in force. */
  limits: RelayLimits;
}
