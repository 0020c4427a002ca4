import type { Provider, TransactionRequest } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { getBootstrapRecords } from "../../../client/kernel/registry/bootstrap.js";
import { connectRegistry } from "../../../client/kernel/registry/connect.js";

import { mined } from "./recorder.js";
import {
  MAIL_SERVICE,
  MAX_BOOTSTRAP_ADDRS,
  MAX_MULTIADDR_BYTES,
  SIGNATURE_DEADLINE,
  deployRegistry,
  longestMultiaddr,
  nodeKey,
  registryDomain,
  signNodeConsent,
} from "./registry.js";

/** Published records the page benchmark fills the registry with: `MAX_PAGE_SIZE`. */
export const BOOTSTRAP_RECORDS = 256;

/** Page sizes (`limit`) `getBootstrapRecords` is measured with. */
export const BOOTSTRAP_PAGE_LIMITS: readonly number[] = [1, 16, 32, 64, 128, 256];

/** Providers the published nodes are spread over, round robin. */
export const BOOTSTRAP_PROVIDERS = 4;

/** One `getBootstrapRecords(service, 0, limit)` figure. */
export interface BootstrapPageMeasurement {
  /** The `limit` asked for. */
  readonly limit: number;
  /** Records in the answer (the registry clamps `limit`, so this may be fewer). */
  readonly records: number;
  /** `eth_estimateGas` of the call: the 21,000 base, calldata and execution. */
  readonly gas: bigint;
  /** Bytes of the ABI-encoded answer `eth_call` returns (the JSON-RPC response carries twice as many hex digits). */
  readonly responseBytes: number;
}

/** How the client library read every published record. */
export interface ClientBootstrapRead {
  /** Usable records it returned. */
  readonly records: number;
  /** `eth_call`s it made. */
  readonly calls: number;
  /** Bytes of ABI-encoded answers, over all its calls. */
  readonly answerBytes: number;
  /** Bytes of the largest answer. */
  readonly largestAnswerBytes: number;
}

/** What {@link measureBootstrapPages} returns. */
export interface BootstrapPages {
  /** Published records, every one the largest the registry accepts. */
  readonly published: number;
  /** Multiaddrs per record. */
  readonly multiaddrsPerRecord: number;
  /** Bytes per multiaddr. */
  readonly multiaddrBytes: number;
  /** One measurement per page size. */
  readonly pages: readonly BootstrapPageMeasurement[];
  /** The client library's `getBootstrapRecords` over the same records. */
  readonly client: ClientBootstrapRead;
}

/**
 * Deploys a registry whose service has {@link BOOTSTRAP_RECORDS} published bootstrap records, each
 * of the largest size the registry accepts ({@link MAX_BOOTSTRAP_ADDRS} multiaddrs of
 * {@link MAX_MULTIADDR_BYTES} bytes), from nodes spread over {@link BOOTSTRAP_PROVIDERS} active
 * providers, then measures the first page of `getBootstrapRecords` at each of
 * {@link BOOTSTRAP_PAGE_LIMITS}: its gas (`eth_estimateGas`) and the size of its answer; then
 * counts the calls and answer bytes of the client library reading them all.
 *
 * @param connection - A Hardhat network connection with ethers.
 * @returns The measurements.
 * @throws Error when a page does not hold the records it should.
 */
export async function measureBootstrapPages(connection: NetworkConnection): Promise<BootstrapPages> {
  const { ethers } = connection;
  const signers = await ethers.getSigners();
  const [admin, curator] = signers;
  const owners = signers.slice(10, 10 + BOOTSTRAP_PROVIDERS);
  if (admin === undefined || curator === undefined || owners.length < BOOTSTRAP_PROVIDERS) {
    throw new Error(`expected at least ${10 + BOOTSTRAP_PROVIDERS} funded accounts`);
  }
  const { registry } = await deployRegistry(ethers, admin.address, [curator.address]);
  const domain = await registryDomain(registry);

  const providerIds: bigint[] = [];
  for (const owner of owners) {
    const providerId = (await registry.providerCount()) + 1n;
    await mined(registry.connect(curator).addProvider(owner.address, `Provider ${providerId}`, ""));
    providerIds.push(providerId);
  }
  for (let i = 0; i < BOOTSTRAP_RECORDS; ++i) {
    const owner = owners[i % BOOTSTRAP_PROVIDERS];
    const providerId = providerIds[i % BOOTSTRAP_PROVIDERS];
    if (owner === undefined || providerId === undefined) throw new Error(`no provider for node ${i}`);
    const key = nodeKey(`bootstrap-${i}`);
    const { consent, signature } = await signNodeConsent(
      registry,
      domain,
      key,
      providerId,
      SIGNATURE_DEADLINE,
    );
    await mined(registry.connect(owner).registerNode(consent, signature));
    const multiaddrs = Array.from({ length: MAX_BOOTSTRAP_ADDRS }, (_, j) => longestMultiaddr(key, j));
    await mined(registry.connect(owner).setNodeBootstrap(key.address, multiaddrs));
  }

  const to = await registry.getAddress();
  const pages: BootstrapPageMeasurement[] = [];
  for (const limit of BOOTSTRAP_PAGE_LIMITS) {
    const [page, total] = await registry.getBootstrapRecords(MAIL_SERVICE, 0n, BigInt(limit));
    if (total !== BigInt(BOOTSTRAP_RECORDS))
      throw new Error(`expected ${BOOTSTRAP_RECORDS} records, got ${total}`);
    const full = page.every(
      (record) =>
        record.multiaddrs.length === MAX_BOOTSTRAP_ADDRS &&
        record.multiaddrs.every((text) => Buffer.byteLength(text) === MAX_MULTIADDR_BYTES),
    );
    if (page.length === 0 || !full) throw new Error(`the page of ${limit} does not hold full records`);
    const data = registry.interface.encodeFunctionData("getBootstrapRecords", [
      MAIL_SERVICE,
      0n,
      BigInt(limit),
    ]);
    const answer = await ethers.provider.call({ to, data });
    pages.push({
      limit,
      records: page.length,
      gas: await registry.getBootstrapRecords.estimateGas(MAIL_SERVICE, 0n, BigInt(limit)),
      responseBytes: (answer.length - 2) / 2,
    });
  }
  return {
    published: BOOTSTRAP_RECORDS,
    multiaddrsPerRecord: MAX_BOOTSTRAP_ADDRS,
    multiaddrBytes: MAX_MULTIADDR_BYTES,
    pages,
    client: await measureClientRead(ethers.provider, to),
  };
}

/** Reads every record with the client library through a provider that counts its `eth_call`s. */
async function measureClientRead(provider: Provider, address: string): Promise<ClientBootstrapRead> {
  const answers: number[] = [];
  const counting = new Proxy(provider, {
    get(target, key) {
      if (key === "call") {
        return async (request: TransactionRequest): Promise<string> => {
          const answer = await target.call(request);
          answers.push((answer.length - 2) / 2);
          return answer;
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const registry = await connectRegistry({ provider: counting, address });
  answers.length = 0;
  const records = await getBootstrapRecords(registry, { service: "mail/1" });
  if (records.length !== BOOTSTRAP_RECORDS) {
    throw new Error(`the client read ${records.length} of ${BOOTSTRAP_RECORDS} records`);
  }
  return {
    records: records.length,
    calls: answers.length,
    answerBytes: answers.reduce((sum, bytes) => sum + bytes, 0),
    largestAnswerBytes: Math.max(...answers),
  };
}
