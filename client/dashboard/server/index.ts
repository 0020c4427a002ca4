export type { DashboardConfig, DashboardServer, DashboardServerOptions } from "./server.js";
export { startDashboardServer } from "./server.js";
export { DASHBOARD_DEFAULTS, RPC_ALLOWED_METHODS } from "./options.js";
export type { NetworkCandidate, NetworkReport, NodeStatusReport } from "./network.js";
export { fetchStatus, networkReport } from "./network.js";
