export type { CircuitFigures, RelayRefusal } from "./circuits.js";
export { CircuitLedger, RELAY_REFUSALS } from "./circuits.js";
export { CIRCUIT_RELAY_KEY, RELAY_LOG_COMPONENT, RELAY_RUNTIME_KEY } from "./constants.js";
export { RelayOptionError } from "./errors.js";
export { RELAY_SERVICE, relayModule, relayServices } from "./module.js";
export type { RelayLimits, RelayLimitsInit } from "./options.js";
export {
  RELAY_LIMIT_OPTIONS,
  RELAY_OPTIONS,
  RELAY_SERVICE_DEFAULTS,
  parseRelayOptions,
  resolveRelayLimits,
} from "./options.js";
export type { RelayStatus } from "./types.js";
export { RelayRuntime } from "./service.js";
