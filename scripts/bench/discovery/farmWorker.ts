/**
 * A worker process of the discovery benchmark's node farm (see `farm.ts` and `--farm-processes`):
 * a share of the nodes ({@link FarmNodes}). Driven by JSON lines on stdin, each answered by one on
 * stdout:
 *
 * - `{"keys": [<protobuf private key, hex>…]}` → starts the hosts → `{"msg":"hosts","multiaddrs":[…]}`;
 * - `{"join": [<multiaddr of every node of the farm, in order>…], "offset": <index of its first>}` →
 *   `{"msg":"joined"}`;
 * - `{"announce": "<service key CID>"}` → `{"msg":"announced"}`.
 *
 * Stops its hosts and exits on SIGTERM or when stdin closes. `--listen-address <IPv4>` makes its
 * hosts listen there instead of on 127.0.0.1 (a network namespace's address).
 */
import { createInterface } from "node:readline";

import { CID } from "multiformats/cid";

import { FarmNodes } from "./farmNodes.js";
import { recordStallsToFile } from "./stalls.js";

/** A command line on stdin. */
interface Command {
  readonly keys?: readonly string[];
  readonly join?: readonly string[];
  readonly offset?: number;
  readonly announce?: string;
}

recordStallsToFile();
const listenFlag = process.argv.indexOf("--listen-address");
const nodes = new FarmNodes(listenFlag === -1 ? undefined : process.argv[listenFlag + 1]);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await nodes.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());

const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

async function run(command: Command): Promise<void> {
  if (command.keys !== undefined) say({ msg: "hosts", multiaddrs: await nodes.start(command.keys) });
  else if (command.join !== undefined) {
    await nodes.join(command.join, command.offset ?? 0);
    say({ msg: "joined" });
  } else if (command.announce !== undefined) {
    await nodes.announce(CID.parse(command.announce));
    say({ msg: "announced" });
  }
}

// One command at a time, in order; the coordinator sends the next only after the answer.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on("close", () => void stop());
lines.on("line", (line) => {
  queue = queue.then(async () => run(JSON.parse(line) as Command));
});
