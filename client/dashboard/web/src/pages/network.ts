import { css, html, unsafeCSS } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css?inline";

import { StoreElement } from "../storeElement.js";
import { sharedStyles } from "../styles.js";

/** Milliseconds between two samples of the chart. */
const SAMPLE_INTERVAL_MS = 2_000;

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
  private readonly samples: [number[], number[], number[]] = [[], [], []];
  private head = 0;
  private rttMs = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private plot: uPlot | undefined;
  private resize: ResizeObserver | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
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
        ],
        axes: [{}, { scale: "ms" }, { scale: "n", grid: { show: false } }],
      },
      this.samples,
      target,
    );
    this.resize = new ResizeObserver(() => {
      this.plot?.setSize({ width: Math.max(280, target.clientWidth), height: 220 });
    });
    this.resize.observe(target);
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
    for (const series of this.samples) if (series.length > MAX_SAMPLES) series.shift();
    this.plot?.setData(this.samples);
    this.requestUpdate();
  }
}

customElements.define("wm-network", NetworkPage);
