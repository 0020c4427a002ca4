/**
 * Import boundaries of the repository, checked by `npm run lint` (`npm run lint:deps`).
 * Paths are relative to the repository's root; type-only imports count as imports.
 */
const SOURCE = "^(client|node|scripts|test)/";

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
      name: "client-never-imports-node",
      severity: "error",
      comment: "The SDK and everything it shares with the node never reach into the node's daemon.",
      from: { path: "^client/" },
      to: { path: "^node/" },
    },
    {
      name: "node-never-imports-the-client-cli",
      severity: "error",
      comment: "The node shares the client's kernel and protocols, never its command-line program.",
      from: { path: "^node/" },
      to: { path: "^client/cli/" },
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
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves: to a file of the project or an installed package.",
      from: { path: SOURCE },
      to: { couldNotResolve: true },
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
