/**
 * Import boundaries of the repository, checked by `npm run lint` (`npm run lint:deps`).
 * Paths are relative to the repository's root; type-only imports count as imports.
 */
const SOURCE = "^(client|node|scripts|test)/";

/**
 * Folders of client/ and node/ shared by every kind of server. Every other folder there is a service
 * kind (mail/, and records/ or relay/ when they land), so a new kind is checked without editing this
 * file, and a new shared folder must be named here before anything shared may import it. The
 * dashboard is no kind: it shows them all.
 */
const CLIENT_SHARED =
  "(actions|cli|clients|dashboard|discovery|errors|kernel|options|selection|verification)";
const NODE_SHARED =
  "(announce|cli|config|consent|errors|host|keys|lifecycle|logging|registration|replication|serving|services|status|store)";
/** A service kind's folder on either side; group 1 is the side, group 2 the kind. */
const KIND = `^(client|node)/((?!${CLIENT_SHARED}/|${NODE_SHARED}/)[^/]+)/`;

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "No import cycle, type-only imports included.",
      from: { path: SOURCE },
      to: { circular: true },
    },
    {
      name: "kernel-imports-only-kernel",
      severity: "error",
      comment:
        "client/kernel is what the node, every service kind and the SDK share: it imports npm packages and itself, nothing else of the project.",
      from: { path: "^client/kernel/" },
      to: { path: SOURCE, pathNot: "^client/kernel/" },
    },
    {
      name: "protocol-imports-only-kernel",
      severity: "error",
      comment:
        "A service kind's wire protocol imports only the kernel and its own protocol folder, never the SDK.",
      from: { path: "^client/([^/]+)/protocol/" },
      to: { path: SOURCE, pathNot: ["^client/kernel/", "^client/$1/protocol/"] },
    },
    {
      name: "node-imports-only-kernel-and-protocols",
      severity: "error",
      comment:
        "The node imports the kernel and the service kinds' protocols of client/, never the SDK or its CLI.",
      from: { path: "^node/" },
      to: { path: "^client/", pathNot: ["^client/kernel/", "^client/[^/]+/protocol/"] },
    },
    {
      name: "createClient-imports-no-decorator-or-kind",
      severity: "error",
      comment:
        "The client's context is the transport: decorators bind actions to it, so it imports no decorator and nothing of a service kind.",
      from: { path: "^client/clients/createClient\\.ts$" },
      to: { path: ["^client/clients/decorators/", `^client/(?!${CLIENT_SHARED}/)[^/]+/`] },
    },
    {
      name: "node-reaches-kinds-only-through-the-catalog",
      severity: "error",
      comment:
        "The daemon and its shared parts know no service kind: node/services/catalog.ts is the one place that loads a kind's module.",
      from: { path: "^node/", pathNot: [`^node/(?!${NODE_SHARED}/)[^/]+/`, "^node/services/catalog\\.ts$"] },
      to: { path: `^node/(?!${NODE_SHARED}/)[^/]+/` },
    },
    {
      name: "kinds-do-not-import-each-other",
      severity: "error",
      comment:
        "A service kind imports the shared parts and its own folders (its client folder and, on the node, its protocol), never another kind.",
      from: { path: KIND },
      to: { path: KIND, pathNot: ["^client/$2/", "^node/$2/"] },
    },
    {
      name: "client-never-imports-node",
      severity: "error",
      comment: "The SDK and everything it shares with the node never reach into the node's daemon.",
      from: { path: "^client/" },
      to: { path: "^node/" },
    },
    {
      name: "nothing-imports-a-cli",
      severity: "error",
      comment:
        "The CLIs are thin shells over the libraries: only their own folder, tests and scripts import them.",
      from: { path: SOURCE, pathNot: "^(client/cli|node/cli|test|scripts)/" },
      to: { path: "^(client|node)/cli/" },
    },
    {
      name: "product-never-imports-tests-or-scripts",
      severity: "error",
      from: { path: "^(client|node)/" },
      to: { path: "^(test|scripts)/" },
    },
    {
      name: "scripts-never-import-tests",
      severity: "error",
      from: { path: "^scripts/" },
      to: { path: "^test/" },
    },
    {
      name: "dashboard-page-imports-only-browser-safe-code",
      severity: "error",
      comment:
        "The dashboard's page runs in a browser: of the project it imports its own folder, the kernel (ethers and plain data) and the reason names, nothing that needs Node.js.",
      from: { path: "^client/dashboard/web/" },
      to: {
        path: SOURCE,
        pathNot: ["^client/dashboard/web/", "^client/kernel/", "^client/actions/registry/reasons\\.ts$"],
      },
    },
    {
      name: "dashboard-page-never-imports-node-builtins",
      severity: "error",
      comment: "No node:* module in the browser's page.",
      from: { path: "^client/dashboard/web/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "nothing-imports-the-dashboard-page",
      severity: "error",
      comment: "The page is bundled by Vite and served as files; no Node.js code imports it.",
      from: { path: SOURCE, pathNot: "^client/dashboard/web/" },
      to: { path: "^client/dashboard/web/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves: to a file of the project or an installed package.",
      from: { path: SOURCE },
      // `?inline` imports are Vite's: the file's text, bundled into the page.
      to: { couldNotResolve: true, pathNot: "\\?inline$" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|artifacts|cache|coverage)/" },
    // The project and most of its packages are ES modules that publish only "import" conditions.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
