import type { ChildProcessHandle } from "../../../scripts/kit/process.js";

/** What a process reports of its memory, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface InspectorReply {
  id?: number;
  result?: { result?: { value?: unknown } };
  error?: { message: string };
}

/**
 * A connection to the V8 inspector of a process started with `--inspect=127.0.0.1:0` (through
 * `NODE_OPTIONS`), to force a full garbage collection and read `process.memoryUsage()` of the
 * process itself, without any code of the process under test knowing.
 */
export class InspectorProbe {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: InspectorReply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener("message", (event: MessageEvent) => {
      const reply = JSON.parse(String(event.data)) as InspectorReply;
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /**
   * Connects to the inspector a process announced on its standard error.
   *
   * @param process - The process, started with `NODE_OPTIONS=--inspect=127.0.0.1:0`.
   * @returns The probe.
   */
  static async attach(process: ChildProcessHandle): Promise<InspectorProbe> {
    const deadline = Date.now() + 20_000;
    let url: string | undefined;
    while ((url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(process.stderr)?.[0]) === undefined) {
      if (Date.now() > deadline) throw new Error(`no inspector URL on stderr: ${process.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => {
        resolve();
      });
      socket.addEventListener("error", () => {
        reject(new Error(`cannot connect to the inspector at ${url}`));
      });
    });
    return new InspectorProbe(socket);
  }

  /**
   * Forces a full garbage collection, then reads the process's memory.
   *
   * @returns The memory after collection.
   */
  async collectAndMeasure(): Promise<MemorySample> {
    await this.call("HeapProfiler.collectGarbage");
    return this.measure();
  }

  /**
   * Reads the process's memory as it is.
   *
   * @returns The memory.
   */
  async measure(): Promise<MemorySample> {
    const reply = await this.call("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    });
    return JSON.parse(String(reply.result?.result?.value)) as MemorySample;
  }

  /** Closes the connection. */
  close(): void {
    this.socket.close();
  }

  private async call(method: string, params: Record<string, unknown> = {}): Promise<InspectorReply> {
    const id = this.nextId++;
    const reply = new Promise<InspectorReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the inspector did not answer ${method}`));
      }, 30_000);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        if (answer.error !== undefined) reject(new Error(`${method}: ${answer.error.message}`));
        else resolve(answer);
      });
    });
    this.socket.send(JSON.stringify({ id, method, params }));
    return reply;
  }
}

/**
 * Megabytes, for printing.
 *
 * @param bytes - Bytes.
 * @returns The figure with one decimal.
 */
export function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}
