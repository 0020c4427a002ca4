// `npm run build`, and `npm start`'s first step (with --no-check): the contracts, then the
// TypeScript, one line per step with the seconds it took, so that a first build on a fresh clone
// is not half a minute of silence. Each step's own output (none, when all is well) is held back
// while it runs and printed after its line.
// Plain JavaScript: it runs before anything is compiled.
import { spawn } from "node:child_process";
import { chmod, readFile, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// --no-check: emit without type checking (npm start's build; npm test and npm run typecheck check).
const check = !process.argv.includes("--no-check");

/** What the build runs, in order: Hardhat also writes the TypeChain bindings that tsc compiles. */
const STEPS = [
  {
    label: "Compiling contracts and their TypeScript bindings (hardhat build)",
    command: "hardhat",
    args: ["build", "--quiet"],
  },
  check
    ? { label: "Compiling TypeScript to dist/ (tsc)", command: "tsc", args: ["-p", "tsconfig.json"] }
    : {
        label: "Compiling TypeScript to dist/ (tsc, without type checking)",
        command: "tsc",
        args: ["-p", "tsconfig.json", "--noCheck"],
      },
  {
    // The dashboard's page: type-checked against the DOM (its own tsconfig), then bundled by Vite
    // into dist/dashboard-web/, where `waymark dashboard` serves it from.
    label: "Building the dashboard's page (vite)",
    command: "vite",
    args: [
      "build",
      "client/dashboard/web",
      "--outDir",
      join(root, "dist", "dashboard-web"),
      "--emptyOutDir",
      "--base",
      "./",
      "--logLevel",
      "warn",
    ],
  },
];
if (check) {
  STEPS.splice(2, 0, {
    label: "Type-checking the dashboard's page (tsc)",
    command: "tsc",
    args: ["-p", "client/dashboard/web/tsconfig.json"],
  });
}

const tty = process.stdout.isTTY;
const env = { ...process.env, PATH: [join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter) };

/**
 * Runs one step with its output captured.
 *
 * @param {{ label: string, command: string, args: string[] }} step - What to run.
 * @returns {Promise<{ code: number, output: string, seconds: number }>} How it ended.
 */
function run(step) {
  const startedAt = performance.now();
  const seconds = () => (performance.now() - startedAt) / 1000;
  process.stdout.write(`${step.label}…`);
  // On a terminal the line counts the seconds; in a log it stays one line.
  const ticker = tty
    ? setInterval(() => process.stdout.write(`\r${step.label}… ${Math.floor(seconds())} s`), 1000)
    : undefined;
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    const finish = (code) => {
      clearInterval(ticker);
      resolve({ code, output: Buffer.concat(chunks).toString(), seconds: seconds() });
    };
    child.on("error", (err) => {
      chunks.push(Buffer.from(`${err.message}\n`));
      finish(1);
    });
    child.on("close", (code) => finish(code ?? 1));
  });
}

/**
 * Runs every step in order and stops at the first that fails.
 *
 * @returns {Promise<number>} The exit code: 0, or the failed step's.
 */
async function build() {
  const startedAt = performance.now();
  for (const step of STEPS) {
    const { code, output, seconds } = await run(step);
    const prefix = tty ? `\r${step.label}…` : "";
    if (code !== 0) {
      process.stdout.write(`${prefix} failed after ${seconds.toFixed(1)} s\n`);
      process.stderr.write(output);
      return code;
    }
    // Hardhat's --quiet still prints an empty line.
    process.stdout.write(`${prefix} ${seconds.toFixed(1)} s\n${output.trim() === "" ? "" : output}`);
  }
  await makeBinsExecutable();
  console.log(`Build done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
  return 0;
}

/**
 * Sets the execute bits on the files package.json's `bin` names (tsc writes them without), so
 * that `npx waymark` and `npx waymark-node` run them: otherwise the shell answers "Permission
 * denied" on a fresh clone.
 */
async function makeBinsExecutable() {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  for (const file of Object.values(manifest.bin ?? {})) {
    const path = join(root, file);
    const { mode } = await stat(path);
    await chmod(path, mode | 0o111);
  }
}

process.exitCode = await build();
