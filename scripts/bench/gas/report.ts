import type { CompilerContext, MachineContext } from "../lib/context.js";
import { formatInteger, markdownTable } from "../lib/table.js";
import type { BootstrapPages } from "./bootstrapPage.js";
import { buildBootstrapPageReport, renderBootstrapPageReport } from "./bootstrapReport.js";
import type { BootstrapPageReport } from "./bootstrapReport.js";
import type { GasMeasurement } from "./recorder.js";
import { ANCHORS, VERIFY_PER_NODE_TARGET, describeTarget, targetFor, withinTarget } from "./targets.js";
import type { GasAnchor } from "./targets.js";
import { TX_BASE_GAS } from "./verify.js";
import type { VerifyNodesMeasurement, VerifyPolicy } from "./verify.js";
import type { BootstrapSample } from "./writes.js";

/** Largest runtime code a contract may have (EIP-170). */
const EIP170_LIMIT_BYTES = 24_576;

/** Where and with what the figures were produced. */
export interface GasContext {
  /** ISO 8601 time of the run. */
  readonly date: string;
  /** The machine. */
  readonly machine: MachineContext;
  /** The compiler settings of the measured bytecode. */
  readonly compiler: CompilerContext;
  /** Versions of the tools that ran the benchmark. */
  readonly tools: { readonly hardhat: string; readonly ethers: string };
  /** The network the figures were measured on. */
  readonly network: {
    readonly name: string;
    readonly chainId: number;
    readonly hardfork: string | undefined;
  };
}

/** One write in the report. */
export interface WriteRow {
  readonly operation: string;
  readonly gas: number;
  /** The target as text, when the operation has one. */
  readonly target?: string;
  readonly withinTarget?: boolean;
}

/** One `verifyNodes` figure in the report; the target applies to `perNodeExcludingBase`. */
export interface VerifyRow {
  readonly nodes: number;
  readonly policy: VerifyPolicy;
  readonly totalGas: number;
  readonly perNode: number;
  readonly perNodeExcludingBase: number;
  readonly withinTarget: boolean;
}

/** Everything `scripts/bench/results/gas.json` holds. */
export interface GasReport {
  readonly benchmark: "gas";
  readonly context: GasContext;
  readonly anchors: readonly GasAnchor[];
  readonly writes: readonly WriteRow[];
  readonly bootstrap: BootstrapSample;
  /** Runtime code size against the EIP-170 limit. */
  readonly bytecode: { readonly deployedBytes: number; readonly limitBytes: number };
  readonly verifyNodes: {
    /** Providers the nodes are spread over. */
    readonly providers: number;
    /** The target, per node, excluding the 21,000 base. */
    readonly targetPerNode: string;
    readonly rows: readonly VerifyRow[];
    /** `(gas at the largest size - gas at one node) / (largest size - 1)`, per policy. */
    readonly marginalPerNode: Partial<Record<VerifyPolicy, number>>;
  };
  /** Pages of `getBootstrapRecords` over the largest records the registry accepts. */
  readonly bootstrapPages: BootstrapPageReport;
}

/** Inputs of {@link buildGasReport}. */
export interface GasReportInput {
  readonly context: GasContext;
  readonly writes: readonly GasMeasurement[];
  readonly bootstrap: BootstrapSample;
  readonly deployedBytecodeBytes: number;
  readonly verifyNodes: readonly VerifyNodesMeasurement[];
  readonly verifyProviders: number;
  readonly bootstrapPages: BootstrapPages;
}

/**
 * Joins the measurements with their targets into the report.
 *
 * @param input - The measurements and their context.
 * @returns The report, with every figure a plain number.
 */
export function buildGasReport(input: GasReportInput): GasReport {
  const writes = input.writes.map((measurement): WriteRow => {
    const gas = Number(measurement.gas);
    const target = targetFor(measurement.operation);
    return target === undefined
      ? { operation: measurement.operation, gas }
      : {
          operation: measurement.operation,
          gas,
          target: describeTarget(target),
          withinTarget: withinTarget(gas, target),
        };
  });
  const rows = input.verifyNodes.map((m): VerifyRow => ({
    nodes: m.nodes,
    policy: m.policy,
    totalGas: Number(m.totalGas),
    perNode: m.perNode,
    perNodeExcludingBase: m.perNodeExcludingBase,
    withinTarget: withinTarget(m.perNodeExcludingBase, VERIFY_PER_NODE_TARGET),
  }));
  return {
    benchmark: "gas",
    context: input.context,
    anchors: ANCHORS,
    writes,
    bootstrap: input.bootstrap,
    bytecode: { deployedBytes: input.deployedBytecodeBytes, limitBytes: EIP170_LIMIT_BYTES },
    verifyNodes: {
      providers: input.verifyProviders,
      targetPerNode: `${describeTarget(VERIFY_PER_NODE_TARGET)} per node, excluding the 21,000 base`,
      rows,
      marginalPerNode: marginalPerNode(rows),
    },
    bootstrapPages: buildBootstrapPageReport(input.bootstrapPages),
  };
}

/** Gas of one more node in the call: the slope between the smallest and the largest batch. */
function marginalPerNode(rows: readonly VerifyRow[]): Partial<Record<VerifyPolicy, number>> {
  const slopes: Partial<Record<VerifyPolicy, number>> = {};
  for (const policy of new Set(rows.map((row) => row.policy))) {
    const sized = rows.filter((row) => row.policy === policy).sort((a, b) => a.nodes - b.nodes);
    const first = sized[0];
    const last = sized.at(-1);
    if (first === undefined || last === undefined || last.nodes === first.nodes) continue;
    slopes[policy] = Math.round((last.totalGas - first.totalGas) / (last.nodes - first.nodes));
  }
  return slopes;
}

const yesNo = (value: boolean | undefined): string => (value === undefined ? "" : value ? "yes" : "no");

/**
 * Renders the report as the text `npm run bench:gas` prints: Markdown tables that read well in a
 * terminal and paste into the benchmarks README as they are.
 *
 * @param report - The report.
 * @returns The text, without a trailing newline.
 */
export function renderGasReport(report: GasReport): string {
  const { context, writes, verifyNodes } = report;
  const { machine, compiler, network, tools } = context;
  const runs = compiler.optimizerEnabled
    ? `optimizer ${compiler.optimizerRuns ?? "default"} runs`
    : "no optimizer";

  const writeTable = markdownTable(
    [
      { header: "Operation" },
      { header: "Gas", align: "right" },
      { header: "Target", align: "right" },
      { header: "Within target" },
    ],
    writes.map((row) => [row.operation, formatInteger(row.gas), row.target ?? "", yesNo(row.withinTarget)]),
  );
  const verifyTable = markdownTable(
    [
      { header: "Nodes", align: "right" },
      { header: "Trust policy" },
      { header: "Total gas", align: "right" },
      { header: "Per node", align: "right" },
      { header: `Per node excl. ${formatInteger(TX_BASE_GAS)}`, align: "right" },
      { header: "Target", align: "right" },
      { header: "Within target" },
    ],
    verifyNodes.rows.map((row) => [
      formatInteger(row.nodes),
      row.policy,
      formatInteger(row.totalGas),
      formatInteger(row.perNode),
      formatInteger(row.perNodeExcludingBase),
      describeTarget(VERIFY_PER_NODE_TARGET),
      yesNo(row.withinTarget),
    ]),
  );
  const marginal = Object.entries(verifyNodes.marginalPerNode)
    .map(([policy, gas]) => `${policy} ${formatInteger(gas)}`)
    .join("; ");
  const registerNode = Math.max(
    ...writes.filter((row) => row.operation.startsWith("registerNode")).map((row) => row.gas),
  );
  const scale = report.anchors.map(
    (anchor) =>
      `- ${anchor.name}: about ${formatInteger(anchor.gas)} gas ` +
      `(the costliest registerNode above is ${(registerNode / anchor.gas).toFixed(2)}× that)`,
  );

  return [
    `Registry gas — ${context.date}`,
    `solc ${compiler.solc}, ${runs}, EVM ${compiler.evmVersion ?? "default"}${compiler.viaIR ? ", via IR" : ""}; ` +
      `Hardhat ${tools.hardhat} in-process network (chain ${network.chainId}, hardfork ${network.hardfork ?? "default"}); ` +
      `ethers ${tools.ethers}`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
    "",
    "Registry writes (receipt gasUsed: 21,000 base, calldata and execution, after refunds)",
    "",
    writeTable,
    "",
    `Deployed bytecode: ${formatInteger(report.bytecode.deployedBytes)} bytes ` +
      `(EIP-170 limit ${formatInteger(report.bytecode.limitBytes)})`,
    "",
    `verifyNodes (eth_estimateGas; nodes spread over ${verifyNodes.providers} active providers, every node trusted; ` +
      `the target applies to the gas per node excluding the ${formatInteger(TX_BASE_GAS)} base)`,
    "",
    verifyTable,
    "",
    `Marginal gas per extra node: ${marginal}`,
    "",
    ...renderBootstrapPageReport(report.bootstrapPages),
    "",
    "For scale",
    "",
    ...scale,
  ].join("\n");
}
