import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A network namespace of its own, joined to this machine's by a veth pair on a /30 of 10.254.0.0/16:
 * a process started inside it (`exec`) listens on `address`, which this machine reaches through
 * `hostAddress`. `cut()` partitions it: the namespace's end of the link goes down while this
 * machine keeps a permanent neighbour entry for it, so that packets to it are sent and silently
 * lost, as across a real partition (connections hang, nobody refuses them), until `heal()`.
 *
 * Needs root and iproute2's `ip`; see {@link networkNamespacesAvailable}.
 */
export class NetworkNamespace {
  private constructor(
    /** The namespace's name, for `ip netns exec`. */
    readonly name: string,
    /** This machine's end of the link. */
    readonly hostAddress: string,
    /** The namespace's end of the link, where processes inside it listen. */
    readonly address: string,
    private readonly inside: string,
  ) {}

  /**
   * Creates a namespace and its link, up, with loopback up inside it.
   *
   * @param label - Part of the namespace's name (letters and digits), to tell whose it is.
   * @returns The namespace.
   * @throws When `ip` fails (not root, no iproute2), after removing whatever it made.
   */
  static async create(label: string): Promise<NetworkNamespace> {
    const subnet = await freeSubnet();
    const id = `${process.pid.toString(36)}${(sequence++).toString(36)}`;
    const name = `waymark-${label}-${id}`;
    // Interface names have at most 15 characters.
    const outside = `wmh${id}`.slice(0, 15);
    const inside = `wmn${id}`.slice(0, 15);
    const space = new NetworkNamespace(name, `10.254.${subnet}.1`, `10.254.${subnet}.2`, inside);
    await ip("netns", "add", name);
    try {
      await ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", name);
      await ip("addr", "add", `${space.hostAddress}/30`, "dev", outside);
      await ip("link", "set", outside, "up");
      await space.inNamespace("ip", "addr", "add", `${space.address}/30`, "dev", inside);
      await space.inNamespace("ip", "link", "set", inside, "up");
      await space.inNamespace("ip", "link", "set", "lo", "up");
      const mac = (await readFileInNamespace(space, `/sys/class/net/${inside}/address`)).trim();
      // Without it this machine would ask for the address (ARP) once the link is cut, and refuse
      // connections after a few seconds instead of leaving them hanging.
      await ip("neigh", "replace", space.address, "lladdr", mac, "dev", outside, "nud", "permanent");
    } catch (err) {
      await space.delete();
      throw err;
    }
    return space;
  }

  /**
   * The command line that runs a program inside the namespace.
   *
   * @param argv - The program and its arguments.
   * @returns `ip netns exec <name> …argv`, for `spawn`; the process keeps its pid through the exec.
   */
  exec(argv: readonly string[]): { command: string; args: string[] } {
    return { command: "ip", args: ["netns", "exec", this.name, ...argv] };
  }

  /** Cuts the link: what is sent to the namespace from now on is lost, and nothing comes back. */
  async cut(): Promise<void> {
    await this.inNamespace("ip", "link", "set", this.inside, "down");
  }

  /** Restores the link cut by {@link cut}. */
  async heal(): Promise<void> {
    await this.inNamespace("ip", "link", "set", this.inside, "up");
  }

  /**
   * Deletes the namespace; its link goes with it once no process is left inside. Safe to call
   * more than once.
   */
  async delete(): Promise<void> {
    await ip("netns", "delete", this.name).catch(() => undefined);
  }

  private async inNamespace(...argv: string[]): Promise<void> {
    await ip("netns", "exec", this.name, ...argv);
  }
}

/**
 * Whether this process may create network namespaces: it runs as root on Linux with iproute2.
 *
 * @returns True when {@link NetworkNamespace.create} can work.
 */
export async function networkNamespacesAvailable(): Promise<boolean> {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  try {
    await ip("netns", "list");
    return true;
  } catch {
    return false;
  }
}

/** Namespaces this process made, to keep their names apart. */
let sequence = 0;

async function ip(...args: string[]): Promise<void> {
  await run("ip", args, { timeout: 10_000 });
}

async function readFileInNamespace(space: NetworkNamespace, path: string): Promise<string> {
  // /sys shows the namespace's own interfaces only to a process inside it.
  const { stdout } = await run("ip", ["netns", "exec", space.name, "cat", path], { timeout: 10_000 });
  return stdout;
}

/** A third octet of 10.254.0.0/16 whose /30 no interface of this machine uses. */
async function freeSubnet(): Promise<number> {
  const { stdout } = await run("ip", ["-o", "-4", "addr", "show"], { timeout: 10_000 });
  const used = new Set([...stdout.matchAll(/inet 10\.254\.(\d+)\./g)].map((match) => Number(match[1])));
  const start = process.pid % 256;
  for (let i = 0; i < 256; i++) {
    const candidate = (start + i) % 256;
    if (!used.has(candidate)) return candidate;
  }
  throw new Error("no free /30 left in 10.254.0.0/16");
}
