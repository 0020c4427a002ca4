import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { SolidityBuildInfo } from "hardhat/types/solidity";

/** The machine a benchmark ran on. */
export interface MachineContext {
  /** CPU model as the OS reports it. */
  readonly cpuModel: string;
  /** Logical cores available to the process. */
  readonly cores: number;
  /** Total memory in GiB, one decimal. */
  readonly memoryGiB: number;
  /** `os.platform()`, `os.release()` and `os.arch()`. */
  readonly os: string;
  /** Node.js version that ran the benchmark. */
  readonly node: string;
}

/** The compiler that built a contract, as its Hardhat build info records it. */
export interface CompilerContext {
  /** Full solc version, for example `0.8.30+commit.73712a01`. */
  readonly solc: string;
  /** Whether the optimizer ran. */
  readonly optimizerEnabled: boolean;
  /** Optimizer runs (`undefined` when solc's default applied). */
  readonly optimizerRuns: number | undefined;
  /** Target EVM version (`undefined` when solc's default applied). */
  readonly evmVersion: string | undefined;
  /** Whether the IR pipeline was used. */
  readonly viaIR: boolean;
}

/**
 * Describes the machine running the current process.
 *
 * @returns CPU, cores, memory, OS and Node.js version.
 */
export function machineContext(): MachineContext {
  const cpu = os.cpus()[0];
  return {
    cpuModel: cpu?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/**
 * Reads the compiler settings that built a contract from its Hardhat build info, so that the
 * figures are reported with the settings that produced the measured bytecode.
 *
 * @param hre - The Hardhat runtime environment.
 * @param contractName - The contract, for example `"Registry"`.
 * @returns The solc version and optimizer settings.
 * @throws Error when the contract has not been built.
 */
export async function compilerContext(
  hre: HardhatRuntimeEnvironment,
  contractName: string,
): Promise<CompilerContext> {
  const id = await hre.artifacts.getBuildInfoId(contractName);
  const path = id === undefined ? undefined : await hre.artifacts.getBuildInfoPath(id);
  if (path === undefined) throw new Error(`no build info for ${contractName}: run \`hardhat build\``);
  const buildInfo = JSON.parse(await readFile(path, "utf8")) as SolidityBuildInfo;
  const { optimizer, evmVersion, viaIR } = buildInfo.input.settings;
  return {
    solc: buildInfo.solcLongVersion,
    optimizerEnabled: optimizer.enabled ?? false,
    optimizerRuns: optimizer.runs,
    evmVersion,
    viaIR: viaIR ?? false,
  };
}

/**
 * The installed version of an npm package.
 *
 * @param name - A package that exports its `package.json`, for example `"hardhat"`.
 * @returns Its version.
 */
export async function packageVersion(name: string): Promise<string> {
  const path = createRequire(import.meta.url).resolve(`${name}/package.json`);
  const manifest = JSON.parse(await readFile(path, "utf8")) as { version: string };
  return manifest.version;
}
