// npm running on a Node older than 22 silently skips optional native bindings that declare
// `engines: node >= 22` (Hardhat's EDR binding among them). Lifecycle scripts run on the pinned
// Node 22 from node_modules/.bin, so when the npm that ran the install was on an older Node,
// install once more from here: that npm now runs on Node 22 and fetches the missing bindings.
import { spawnSync } from "node:child_process";

const GUARD = "WAYMARK_POSTINSTALL_REINSTALL";
const agent = process.env.npm_config_user_agent ?? "";
const match = /node\/v(\d+)/.exec(agent);
const installerNodeMajor = match ? Number(match[1]) : Number.NaN;

if (process.env[GUARD] === undefined && Number.isFinite(installerNodeMajor) && installerNodeMajor < 22) {
  console.log(
    `postinstall: npm ran on Node ${installerNodeMajor}; reinstalling on Node ${process.versions.node} for native bindings`,
  );
  const result = spawnSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"], {
    stdio: "inherit",
    env: { ...process.env, [GUARD]: "1" },
  });
  process.exit(result.status ?? 1);
}
