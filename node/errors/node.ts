import { WaymarkError } from "../../client/kernel/errors/base.js";

/** Another process already holds the node's data directory. */
export class DataDirLockedError extends WaymarkError {
  override name = "DataDirLockedError" as const;

  /**
   * @param dir - The data directory.
   * @param options - The underlying error.
   */
  constructor(dir: string, options: { cause?: unknown } = {}) {
    super(`The data directory ${dir} is in use by another node`, options);
  }
}

/** A node was asked to do something its state does not allow (start twice, announce when stopped). */
export class NodeStateError extends WaymarkError {
  override name = "NodeStateError" as const;
}

/** A service module cannot be mounted: it serves another service, or its keys clash. */
export class ServiceMountError extends WaymarkError {
  override name = "ServiceMountError" as const;

  /** @param reason - What is wrong. */
  constructor(reason: string) {
    super(`Cannot mount the node's services: ${reason}`);
  }
}
