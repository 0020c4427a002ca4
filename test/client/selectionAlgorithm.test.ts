import { describe, expect, it } from "vitest";

import { chooseAmongFastest } from "../../client/selection/chooseAmongFastest.js";
import { GreyList } from "../../client/selection/greyList.js";
import { sample, sampleAccepted } from "../../client/kernel/random/sample.js";

/** A deterministic source of randomness in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("chooseAmongFastest", () => {
  const band = { tolerance: 1.5, slackMs: 10 };

  it("never chooses a far server while a near one answers", () => {
    const random = seeded(1);
    const measured = [
      { id: "near-a", rttMs: 4 },
      { id: "near-b", rttMs: 9 },
      { id: "far", rttMs: 120 },
      { id: "farther", rttMs: 250 },
    ];
    const chosen = new Set<string>();
    for (let i = 0; i < 500; i++) chosen.add(chooseAmongFastest(measured, { ...band, random }).chosen.id);
    expect([...chosen].sort()).toEqual(["near-a", "near-b"]);
  });

  it("treats RTTs within the tolerance band as equal and picks uniformly among them", () => {
    const random = seeded(7);
    const measured = [1, 2, 3, 5].map((rttMs, i) => ({ id: i, rttMs }));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4_000; i++) counts[chooseAmongFastest(measured, { ...band, random }).chosen.id]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it("rejects an empty list", () => {
    expect(() => chooseAmongFastest([], { ...band, random: Math.random })).toThrow(RangeError);
  });
});

describe("sample", () => {
  it("draws distinct items without changing the list", () => {
    const items = [1, 2, 3, 4, 5, 6];
    const drawn = sample(items, 4, seeded(3));
    expect(new Set(drawn).size).toBe(4);
    expect(drawn.every((item) => items.includes(item))).toBe(true);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sample(items, 10, seeded(3))).toHaveLength(6);
  });
});

describe("sampleAccepted", () => {
  const odd = (n: number): string | undefined => (n % 2 === 1 ? `#${n}` : undefined);

  it("draws only what the check accepts, and checks only as many items as it takes", () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const checked: number[] = [];
    const drawn = sampleAccepted(items, 3, seeded(5), (n) => {
      checked.push(n);
      return odd(n);
    });
    expect(drawn).toHaveLength(3);
    expect(drawn.every((text) => Number(text.slice(1)) % 2 === 1)).toBe(true);
    expect(new Set(drawn).size).toBe(3);
    // Three accepted in a row would check 3 items; every item would be 40.
    expect(checked.length).toBeLessThan(20);
    expect(sampleAccepted(items, 100, seeded(5), odd)).toHaveLength(20);
    expect(sampleAccepted([2, 4], 1, seeded(5), odd)).toEqual([]);
  });

  it("draws uniformly among the accepted items, whatever the refused ones around them", () => {
    const random = seeded(11);
    // Refused items bunched before some accepted ones: "the next accepted after a random place"
    // would draw 1 half the time.
    const items = [0, 2, 4, 1, 3, 6, 5, 7];
    const counts = new Map<string, number>();
    for (let i = 0; i < 8_000; i++) {
      const [first] = sampleAccepted(items, 1, random, odd);
      if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["#1", "#3", "#5", "#7"]);
    // 2,000 each when uniform; a bias toward items after a refused one would show here.
    for (const count of counts.values()) expect(count).toBeGreaterThan(1_700);
  });
});

describe("GreyList", () => {
  it("keeps a failed server out for a time that doubles per failure up to the maximum", () => {
    let now = 1_000_000;
    const list = new GreyList({ baseMs: 1_000, maxMs: 5_000, now: () => now });
    expect(list.fail("a") - now).toBe(1_000);
    expect(list.has("a")).toBe(true);
    expect(list.fail("a") - now).toBe(2_000);
    expect(list.fail("a") - now).toBe(4_000);
    expect(list.fail("a") - now).toBe(5_000);
    now += 5_000;
    expect(list.has("a")).toBe(false);
    expect(list.fail("a") - now).toBe(5_000);
    list.succeed("a");
    expect(list.has("a")).toBe(false);
    expect(list.fail("a") - now).toBe(1_000);
  });

  it("reports the earliest retry among servers still kept out", () => {
    const now = 0;
    const list = new GreyList({ baseMs: 1_000, maxMs: 60_000, now: () => now });
    list.fail("a");
    list.fail("a");
    list.fail("b");
    expect(list.earliestRetry()).toBe(1_000);
    expect(list.earliestRetry(["a"])).toBe(2_000);
    expect(list.earliestRetry(["c"])).toBeUndefined();
  });
});
