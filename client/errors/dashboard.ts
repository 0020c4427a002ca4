import { WaymarkError } from "../kernel/errors/base.js";

/** The dashboard's built page is not where the server looks for it (the build did not run). */
export class DashboardAssetsMissingError extends WaymarkError {
  override name = "DashboardAssetsMissingError" as const;

  /**
   * @param dir - The folder the server looked in.
   */
  constructor(dir: string) {
    super(`The dashboard's page is not built: ${dir} has no index.html`, {
      hint: "Run `npm run build` (it builds the page with Vite), then start the dashboard again.",
    });
  }
}

/** The dashboard server could not listen on the address it was given. */
export class DashboardListenError extends WaymarkError {
  override name = "DashboardListenError" as const;

  /**
   * @param address - `host:port` it tried.
   * @param options - The cause.
   */
  constructor(address: string, options: { cause?: unknown } = {}) {
    super(`The dashboard cannot listen on ${address}`, {
      ...options,
      hint: "Choose another port with --port (0 picks a free one).",
    });
  }
}
