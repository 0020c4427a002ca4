import type { ContractTransactionResponse } from "ethers";

/** The gas one registry write used. */
export interface GasMeasurement {
  /** The operation, with the variant measured. */
  readonly operation: string;
  /** `gasUsed` of the receipt: intrinsic and execution gas, after refunds. */
  readonly gas: bigint;
}

/** Collects the `gasUsed` of transactions in the order they were sent. */
export class GasRecorder {
  readonly #measurements: GasMeasurement[] = [];

  /** The measurements so far. */
  get measurements(): readonly GasMeasurement[] {
    return this.#measurements;
  }

  /**
   * Records a gas figure obtained elsewhere, such as a deployment receipt.
   *
   * @param operation - The operation and variant.
   * @param gas - The gas used.
   */
  add(operation: string, gas: bigint): void {
    this.#measurements.push({ operation, gas });
  }

  /**
   * Waits for a transaction to be mined and records its `gasUsed`.
   *
   * @param operation - The operation and variant.
   * @param sent - The sent transaction.
   * @returns The gas used.
   * @throws Error when the transaction has no receipt or reverted.
   */
  async record(operation: string, sent: Promise<ContractTransactionResponse>): Promise<bigint> {
    const gas = await mined(sent);
    this.add(operation, gas);
    return gas;
  }
}

/**
 * Waits for a transaction to be mined, for setup steps that are not measured.
 *
 * @param sent - The sent transaction.
 * @returns The gas it used.
 * @throws Error when the transaction has no receipt or reverted.
 */
export async function mined(sent: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await sent).wait();
  if (receipt?.status !== 1) throw new Error(`transaction ${receipt?.hash ?? "(unknown)"} failed`);
  return receipt.gasUsed;
}
