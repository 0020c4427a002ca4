import { readFile } from "node:fs/promises";

import { beforeAll, describe, expect, it } from "vitest";

import { CLIENT_DEFAULTS } from "../../client/options/index.js";
import { serviceKey, serviceKeyText } from "../../client/kernel/service/serviceKey.js";
import { NODE_OPTIONS } from "../../node/config/options.js";
import { MAIL_LIMIT_OPTIONS, resolveMailLimits } from "../../node/mail/options.js";
import { escapeMarkdown } from "../../client/kernel/options/markdown.js";
import { GENERATED_DOCUMENTS, GENERATED_FILES } from "../../scripts/docs/documents.js";
import { renderDocument, sectionMarkers } from "../../scripts/docs/generated.js";
import { NODE_OPTIONS_SECTION } from "../../scripts/docs/nodeOptionsTable.js";
import { ROOT } from "../../scripts/kit/paths.js";

/** The cells of every Markdown table row in `text`, trimmed, keyed by the first cell. */
function tableRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.set(cells[0] ?? "", cells);
  }
  return rows;
}

function section(readme: string, heading: string): string {
  const start = readme.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const next = readme.indexOf("\n#", start + heading.length);
  return readme.slice(start, next < 0 ? undefined : next);
}

/** The first line where a committed file and what the code renders differ, or undefined. */
function firstDifference(committed: string, rendered: string): string | undefined {
  const was = committed.split("\n");
  const is = rendered.split("\n");
  for (let line = 0; line < Math.max(was.length, is.length); line++) {
    if (was[line] !== is[line]) {
      return `line ${line + 1}: committed ${JSON.stringify(was[line])}, rendered ${JSON.stringify(is[line])} (run npm run docs)`;
    }
  }
  return undefined;
}

describe("what npm run docs generates", () => {
  for (const [path, sections] of Object.entries(GENERATED_DOCUMENTS)) {
    it(`${path} holds ${sections.map((section) => section.name).join(", ")} as the code renders them`, async () => {
      const committed = await readFile(`${ROOT}${path}`, "utf8");
      for (const section of sections) expect(committed).toContain(sectionMarkers(section).start);
      const difference = firstDifference(
        committed,
        await renderDocument(`${ROOT}${path}`, committed, sections),
      );
      if (difference !== undefined) expect.fail(`${path} ${difference}`);
    });
  }

  for (const file of GENERATED_FILES) {
    it(`${file.path} is what the code renders`, async () => {
      const committed = await readFile(`${ROOT}${file.path}`, "utf8");
      const difference = firstDifference(committed, file.render());
      if (difference !== undefined) expect.fail(`${file.path} ${difference}`);
    });
  }
});

describe("the configuration reference (docs/configuration.md)", () => {
  let readme: string;
  beforeAll(async () => {
    readme = await readFile(`${ROOT}docs/configuration.md`, "utf8");
  });

  it("lists every waymark-node option with the flag, variable and default the node uses", () => {
    const markers = sectionMarkers(NODE_OPTIONS_SECTION);
    const start = readme.indexOf(markers.start);
    const end = readme.indexOf(markers.end);
    expect(start).toBeGreaterThanOrEqual(0);
    const rows = tableRows(readme.slice(start, end));
    for (const [key, spec] of Object.entries(NODE_OPTIONS)) {
      const row = rows.get(`\`${key}\``);
      expect(row, `row for ${key} (run npm run docs)`).toBeDefined();
      if (spec.fileOnly !== true) {
        expect(row?.[1]).toBe(`\`${spec.flag}\``);
        expect(row?.[2]).toBe(`\`${spec.env}\``);
      }
      expect(row?.[3], key).toBe(escapeMarkdown(spec.defaultText));
    }
    expect(rows.size - 1).toBe(Object.keys(NODE_OPTIONS).length);
  });

  it("lists every mail option with the default the service resolves", () => {
    const rows = tableRows(section(readme, "## Mail service options"));
    const defaults = resolveMailLimits({});
    for (const option of MAIL_LIMIT_OPTIONS) {
      const row = rows.get(`\`${option}\``);
      expect(row, `row for mail option ${option}`).toBeDefined();
      const text = row?.[1] ?? "";
      // Formulas (maxFrameBytes) are text; every plain value must be the resolved default.
      if (/^[\d"a-z]+$/.test(text) && option !== "maxFrameBytes") {
        expect(text, option).toBe(JSON.stringify(defaults[option]));
      }
    }
  });

  it("lists every client option default", () => {
    const rows = tableRows(section(readme, "## Client library"));
    for (const [option, value] of Object.entries(CLIENT_DEFAULTS)) {
      const row = [...rows.entries()].find(([key]) => key.split(" / ").includes(`\`${option}\``))?.[1];
      expect(row, `row for client option ${option}`).toBeDefined();
      expect(row?.[1], option).toBe(`\`${JSON.stringify(value)}\``);
    }
  });
});

describe("the registry reference (docs/registry.md)", () => {
  it("gives the service key the code computes for its example", async () => {
    const text = await readFile(`${ROOT}docs/registry.md`, "utf8");
    const scope = {
      chainId: 31_337,
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      service: "mail/1",
    };
    expect(text).toContain(`${serviceKeyText(scope)}\n→ ${serviceKey(scope).toString()}`);
  });
});
