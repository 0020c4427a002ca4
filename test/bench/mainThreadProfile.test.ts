import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";

import { afterEach, describe, expect, it } from "vitest";

import { mainThreadProfile } from "../../scripts/bench/lib/profile.js";

const run = promisify(execFile);

/** A process whose main thread starts one worker thread, which does a little work and ends. */
const WITH_WORKER = `
const { Worker } = require("node:worker_threads");
new Worker("let sum = 0; for (let i = 0; i < 1e6; i++) sum += i;", { eval: true });
`;

describe("the CPU profile a benchmark summarises", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(async (dir) => rm(dir, { recursive: true, force: true })));
  });

  it("is the main thread's, not a worker thread's written after it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "waymark-cpuprof-"));
    dirs.push(dir);
    const { stdout } = await run(process.execPath, [
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      "-e",
      `${WITH_WORKER}; console.log(process.pid);`,
    ]);
    const pid = stdout.trim();
    const files = (await readdir(dir)).sort();
    // Node names each thread's profile CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile.
    expect(files).toHaveLength(2);
    expect(files.map((file) => file.split(".")[4])).toEqual(["0", "1"]);

    const chosen = await mainThreadProfile(dir);
    expect(chosen).toBeDefined();
    const [, , , filePid, threadId] = basename(chosen!).split(".");
    expect(filePid).toBe(pid);
    expect(threadId).toBe("0");
  });

  it("is none when only a worker thread's profile is there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "waymark-cpuprof-"));
    dirs.push(dir);
    await run(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "-e", WITH_WORKER]);
    for (const file of await readdir(dir)) if (file.split(".")[4] === "0") await rm(join(dir, file));
    expect(await mainThreadProfile(dir)).toBeUndefined();
  });
});
