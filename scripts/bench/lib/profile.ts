import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

import { ROOT } from "../../kit/paths.js";

/** One line of a CPU profile summary. */
export interface ProfileEntry {
  /** A package (`@chainsafe/libp2p-noise`), a project file, or a V8 category (`(garbage collector)`). */
  readonly name: string;
  /** Share of the busy samples (all but `(idle)`) spent in it (self time), in percent. */
  readonly percent: number;
}

/** Self time of a V8 CPU profile, grouped two ways. */
export interface ProfileSummary {
  /** By package or project file, largest first. */
  readonly byPackage: readonly ProfileEntry[];
  /** By function, largest first. */
  readonly byFunction: readonly ProfileEntry[];
  /**
   * By function and the two functions that called it (`fn ← caller ← its caller`), largest first:
   * which code reaches a shared helper (an `addEventListener`, a socket write). Absent in results
   * written before it was added.
   */
  readonly byCallers?: readonly ProfileEntry[] | undefined;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * Summarises the self time of a `.cpuprofile` written by `node --cpu-prof`.
 *
 * @param path - The profile file.
 * @param top - Entries kept per grouping. @default 12
 * @returns The largest entries by package and by function.
 */
export async function summarizeProfile(path: string, top = 12): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, "utf8")) as { nodes: ProfileNode[] };
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byCallers = new Map<string, number>();
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    // Waiting for events is not work: shares are of the busy samples.
    if (hits === 0 || node.callFrame.functionName === "(idle)") continue;
    total += hits;
    const file = shortUrl(node.callFrame.url);
    const name = node.callFrame.functionName === "" ? "(anonymous)" : node.callFrame.functionName;
    const pkg = file === "" ? name : packageOf(file);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const fn = functionLabel(node);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    const caller = parents.get(node.id);
    const callerOfCaller = caller === undefined ? undefined : parents.get(caller.id);
    const chain = [node, caller, callerOfCaller].flatMap((frame) =>
      frame === undefined ? [] : [functionLabel(frame)],
    );
    const key = chain.join(" ← ");
    byCallers.set(key, (byCallers.get(key) ?? 0) + hits);
  }
  const rank = (map: Map<string, number>): ProfileEntry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, percent: (100 * hits) / total }));
  return { byPackage: rank(byPackage), byFunction: rank(byFunction), byCallers: rank(byCallers) };
}

function functionLabel(node: ProfileNode): string {
  const file = shortUrl(node.callFrame.url);
  const name = node.callFrame.functionName === "" ? "(anonymous)" : node.callFrame.functionName;
  return file === "" ? name : `${name} ${file}:${node.callFrame.lineNumber + 1}`;
}

/**
 * Node's default profile name, `CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile`: the
 * main thread has thread id 0, each worker thread (such as the mail store's) its own.
 */
const PROFILE_NAME = /^CPU\.\d+\.\d+\.\d+\.(\d+)\.\d+\.cpuprofile$/;

/**
 * The newest main-thread `.cpuprofile` in a folder. A process with worker threads writes one
 * profile per thread, and a worker's is written last; only the main thread's is taken. A file
 * whose name does not follow Node's default pattern counts as a main thread's.
 *
 * @param dir - The folder `--cpu-prof-dir` named.
 * @returns Its path, or undefined when there is none.
 */
export async function mainThreadProfile(dir: string): Promise<string | undefined> {
  const files = (await readdir(dir))
    .filter((file) => file.endsWith(".cpuprofile") && threadIdOf(file) === 0)
    .sort();
  const last = files.at(-1);
  return last === undefined ? undefined : join(dir, last);
}

function threadIdOf(file: string): number {
  const threadId = PROFILE_NAME.exec(file)?.[1];
  return threadId === undefined ? 0 : Number(threadId);
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, "")
    .replace(ROOT, "")
    .replace(/^.*node_modules\//, "node_modules/");
}

function packageOf(file: string): string {
  if (!file.startsWith("node_modules/")) return file;
  const parts = file.split("/");
  return (parts[1]?.startsWith("@") === true ? parts.slice(1, 3) : parts.slice(1, 2)).join("/");
}

/**
 * Renders a profile summary as two Markdown tables (self time by package, then by function).
 *
 * @param summary - The summary.
 * @param markdownTable - The table renderer of `lib/table.ts`.
 * @returns The text.
 */
export function renderProfile(
  summary: ProfileSummary,
  markdownTable: (columns: { header: string; align?: "left" | "right" }[], rows: string[][]) => string,
): string {
  const rows = (entries: readonly ProfileEntry[]): string[][] =>
    entries.map((entry) => [entry.name, entry.percent.toFixed(1)]);
  return [
    markdownTable(
      [{ header: "Self time by package or file" }, { header: "%", align: "right" }],
      rows(summary.byPackage),
    ),
    "",
    markdownTable(
      [{ header: "Self time by function" }, { header: "%", align: "right" }],
      rows(summary.byFunction),
    ),
    ...(summary.byCallers === undefined
      ? []
      : [
          "",
          markdownTable(
            [{ header: "Self time by function ← caller ← its caller" }, { header: "%", align: "right" }],
            rows(summary.byCallers),
          ),
        ]),
  ].join("\n");
}

/**
 * Summarizes the newest CPU profile of the main thread of a benchmark's node (not of its worker
 * threads), then removes the folder.
 *
 * @param dir - The profile folder, or undefined when the run was not profiled.
 * @returns The summary; undefined when not profiled or no profile was written.
 */
export async function collectProfile(dir: string | undefined): Promise<ProfileSummary | undefined> {
  if (dir === undefined) return undefined;
  const file = await mainThreadProfile(dir);
  const summary = file === undefined ? undefined : await summarizeProfile(file);
  await rm(dir, { recursive: true, force: true });
  return summary;
}
