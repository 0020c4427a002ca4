import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Temporary folders, removed together by {@link TempDirs.cleanup}. */
export class TempDirs {
  private readonly dirs: string[] = [];

  /** @param prefix - Start of each folder's name. @default "waymark-" */
  constructor(private readonly prefix = "waymark-") {}

  /**
   * Makes a new folder under the system's temporary directory.
   *
   * @returns Its path.
   */
  async make(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), this.prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** Removes every folder made so far. */
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map(async (dir) => rm(dir, { recursive: true, force: true })));
  }
}
