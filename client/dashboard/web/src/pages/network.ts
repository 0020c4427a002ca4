import { css, html, unsafeCSS } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css?inline";

import { badge, shortAddress } from "../format.js";
import type { PageNetworkReport } from "../networkReport.js";
import { fetchNetworkReport, statusFields, statusSummary } from "../networkReport.js";
import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";

/** Milliseconds between two samples of the chart. */
const SAMPLE_INTERVAL_MS = 2_000;

/** Milliseconds between two network reports (the server reuses one for 5 s anyway). */
const REPORT_INTERVAL_MS = 5_000;

/** Samples kept (10 minutes at one every 2 s). */
const MAX_SAMPLES = 300;

/**
 * What the page sees of the network over its lifetime: the chain head, the round trip of a read
 * through the dashboard's RPC proxy, and how many registered nodes the policy trusts, as a chart.
 */
export class NetworkPage extends StoreElement {
  static override styles = [
    sharedStyles,
    unsafeCSS(uplotCss),
    css`
      .chart {
        width: 100%;
        min-height: 240px;
      }
    `,
  ];
  private readonly samples: [number[], number[], number[], (number | null)[]] = [[], [], [], []];
  private report: PageNetworkReport | undefined;
  /** Undefined while unknown; false when the server's network view is off. */
  private networkOn: boolean | undefined;
  private reportError: string | undefined;
  private reportTimer: ReturnType<typeof setInterval> | undefined;
  private head = 0;
  private rttMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private plot: uPlot | undefined;
  private resize: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    void this.readReport();
    this.reportTimer = setInterval(() => void this.readReport(), REPORT_INTERVAL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    clearInterval(this.reportTimer);
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  override render(): TemplateResult {
    const verdicts = [...(this.store.verdicts?.values() ?? [])];
    const trusted = verdicts.filter((verdict) => verdict.trusted).length;
    return html`
      <h2>Network</h2>
      <div class="card">
        <dl>
          <dt>Chain head</dt>
          <dd data-testid="head">block ${this.head}</dd>
          <dt>RPC round trip</dt>
          <dd>${this.rttMs.toFixed(0)} ms</dd>
          <dt>Trusted nodes</dt>
          <dd>${trusted} of ${this.store.snapshot?.nodes.length ?? 0} under the page's policy</dd>
          <dt>Registry events</dt>
          <dd>${this.store.events.length}</dd>
        </dl>
      </div>
      ${this.renderReport()}
      <h3>Since this page opened</h3>
      <div class="card"><div class="chart"></div></div>
    `;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const target = this.renderRoot.querySelector<HTMLElement>(".chart");
    if (target === null || this.plot !== undefined) return;
    this.plot = new uPlot(
      {
        width: Math.max(280, target.clientWidth),
        height: 220,
        series: [
          {},
          { label: "RPC round trip (ms)", stroke: "#2453c7", scale: "ms" },
          { label: "trusted nodes", stroke: "#17653a", scale: "n" },
          { label: "picked server's ping (ms)", stroke: "#b45309", scale: "ms" },
        ],
        // 1 is uPlot's `Axis.Side.Right`, a const enum its typings do not let a bundler import.
        // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
        axes: [{}, { scale: "ms" }, { scale: "n", side: 1, grid: { show: false } }],
      },
      this.samples,
      target,
    );
    this.resize = new ResizeObserver(() => {
      this.plot?.setSize({ width: Math.max(280, target.clientWidth), height: 220 });
    });
    this.resize.observe(target);
  }

  private renderReport(): TemplateResult {
    if (this.networkOn === false)
      return html`<div class="notice">
        The network view is off (the dashboard was started with --no-network).
      </div>`;
    const report = this.report;
    if (report === undefined)
      return html`${
        this.reportError === undefined
          ? html`<p class="muted">Discovering servers as a client does…</p>`
          : html`<div class="error">${this.reportError}</div>`
      }`;
    return html`
      <h3>What a client sees</h3>
      <div class="card" data-testid="pick">
        ${
          report.pick === undefined
            ? html`No server would be picked: ${report.pickError ?? ""}`
            : html`A client would pick <span class="mono">${report.pick.peerId}</span> (ping
                ${report.pick.rttMs.toFixed(0)} ms).`
        }
        <span class="muted">Report made in ${report.ms.toFixed(0)} ms.</span>
      </div>
      <div class="scroll">
        <table class="cards" data-testid="candidates">
          <thead>
            <tr>
              <th>Peer</th>
              <th>Node</th>
              <th>Found in</th>
              <th>Verdict</th>
              <th>Provider</th>
              <th>Ping</th>
            </tr>
          </thead>
          <tbody>
            ${report.candidates.map(
              (candidate) => html`
                <tr data-peer=${candidate.peerId} class=${candidate.rogue ? "rogue" : ""}>
                  <td data-label="Peer">${shortAddress(candidate.peerId)}</td>
                  <td data-label="Node">
                    ${candidate.node === undefined ? "" : shortAddress(candidate.node)}
                  </td>
                  <td data-label="Found in">${candidate.sources.join(", ")}</td>
                  <td data-label="Verdict">
                    ${badge(candidate.trusted ? "Trusted" : candidate.custom ? "Custom" : "untrusted")}
                    ${candidate.trusted || candidate.custom ? "" : candidate.verdict}
                    ${candidate.rogue ? html`<span class="badge Suspended">rogue</span>` : ""}
                  </td>
                  <td data-label="Provider">${candidate.providerId ?? ""}</td>
                  <td data-label="Ping">
                    ${candidate.rttMs === undefined ? "no answer" : `${candidate.rttMs.toFixed(0)} ms`}
                  </td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </div>
      ${
        report.statuses.length === 0
          ? ""
          : html`<h3>Node status</h3>
              ${report.statuses.map(
                (status) =>
                  html`<div class="card" data-testid="node-status">
                    <div class="mono">${status.url}</div>
                    ${
                      status.ok
                        ? html`<dl>
                              ${statusSummary(statusFields(status.status)).map(
                                ([name, value]) =>
                                  html`<dt>${name}</dt>
                                    <dd class="mono">${value}</dd>`,
                              )}
                            </dl>
                            <details>
                              <summary class="muted">Every field</summary>
                              <dl>
                                ${statusFields(status.status).map(
                                  ([name, value]) =>
                                    html`<dt>${name}</dt>
                                      <dd class="mono">${value}</dd>`,
                                )}
                              </dl>
                            </details>`
                        : html`<div class="error">Unreachable: ${status.error ?? ""}</div>`
                    }
                  </div>`,
              )}`
      }
    `;
  }

  private async readReport(): Promise<void> {
    try {
      const report = await fetchNetworkReport();
      this.networkOn = report !== undefined;
      this.report = report;
      this.reportError = undefined;
    } catch (err) {
      this.reportError = err instanceof Error ? err.message : String(err);
    }
    this.requestUpdate();
  }

  private async sample(): Promise<void> {
    const started = performance.now();
    try {
      this.head = await this.store.chain.registry.provider.getBlockNumber();
    } catch {
      return;
    }
    this.rttMs = performance.now() - started;
    const trusted = [...(this.store.verdicts?.values() ?? [])].filter((verdict) => verdict.trusted).length;
    this.samples[0].push(Date.now() / 1000);
    this.samples[1].push(this.rttMs);
    this.samples[2].push(trusted);
    this.samples[3].push(this.report?.pick?.rttMs ?? null);
    for (const series of this.samples) if (series.length > MAX_SAMPLES) series.shift();
    this.plot?.setData(this.samples);
    this.requestUpdate();
  }
}

customElements.define("wm-network", NetworkPage);
