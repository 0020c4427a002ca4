import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the Waymark registry.
 *
 * Parameters (`--parameters FILE.json`, under the `Registry` key):
 * - `admin`: default admin, who grants and revokes curators (default: the deploying account).
 * - `adminTransferDelay`: seconds a default-admin transfer waits before it can be accepted
 *   (default: 86400).
 * - `curator`: the first curator (default: the deploying account). The admin grants more later.
 */
export default buildModule("Registry", (m) => {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const adminTransferDelay = m.getParameter("adminTransferDelay", 86_400n);
  const curator = m.getParameter("curator", deployer);
  const registry = m.contract("Registry", [adminTransferDelay, admin, [curator]]);
  return { registry };
});
