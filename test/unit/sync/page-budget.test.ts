// The pull page budget (decision 0097) and the time left of a join (decision 0098): pages fit the measured link, a
// cut halves the next page, and the time left follows the rows held over the last minute.
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_BYTES, MAX_PAGE_BYTES, MIN_PAGE_BYTES, PAGE_SECONDS, PageBudget } from '../../../src-main/sync/page-budget';
import { RowRate } from '../../../src-main/sync/row-rate';

/** Pages the budget asks for on a link that delivers `bytesPerSecond` of row JSON, each full. */
function settle(budget: PageBudget, bytesPerSecond: number, pages = 12): number[] {
  const asked: number[] = [];
  for (let i = 0; i < pages; i++) {
    asked.push(budget.maxBytes);
    budget.observe(budget.maxBytes, budget.maxBytes / bytesPerSecond + 0.05);
  }
  return asked;
}

describe('PageBudget', () => {
  it('settles a 64 kbit/s link (about 50 KB/s of JSON once compressed) on pages of a few seconds', () => {
    const budget = new PageBudget();
    expect(budget.maxBytes).toBe(FIRST_PAGE_BYTES);
    settle(budget, 50_000);
    const seconds = budget.maxBytes / 50_000;
    expect(seconds).toBeGreaterThan(PAGE_SECONDS / 2);
    expect(seconds).toBeLessThan(PAGE_SECONDS * 2);
  });

  it('grows to the largest page on a LAN within a few pages, at most fourfold per page', () => {
    const budget = new PageBudget();
    const asked = settle(budget, 200_000_000, 8);
    for (let i = 1; i < asked.length; i++) expect(asked[i]).toBeLessThanOrEqual(asked[i - 1] * 4);
    expect(asked.at(-1)).toBe(MAX_PAGE_BYTES);
    expect(asked.indexOf(MAX_PAGE_BYTES)).toBeLessThanOrEqual(5);
  });

  it('ignores small answers (mostly round trip) and halves the page after a cut, never below the floor', () => {
    const budget = new PageBudget();
    settle(budget, 1_000_000);
    const before = budget.maxBytes;
    budget.observe(500, 2);
    expect(budget.maxBytes).toBe(before);
    budget.cut();
    expect(budget.maxBytes).toBe(before / 2);
    for (let i = 0; i < 20; i++) budget.cut();
    expect(budget.maxBytes).toBe(MIN_PAGE_BYTES);
  });

  it('moves in powers of two, so HQ serves the page it read ahead for the same budget', () => {
    const budget = new PageBudget();
    for (const b of settle(budget, 123_456)) expect(Math.log2(b) % 1).toBe(0);
  });
});

describe('RowRate', () => {
  it('estimates the time left from the rows held over the last minute, waits included', () => {
    const rate = new RowRate();
    expect(rate.secondsLeft(1000)).toBeNull();
    rate.sample(0, 0);
    rate.sample(1_000, 10);
    expect(rate.secondsLeft(1000)).toBeNull(); // too little measured yet
    rate.sample(10_000, 100);
    expect(rate.secondsLeft(1000)).toBe(90);
    // A cut: 20 s without rows. The estimate slows down accordingly.
    rate.sample(30_000, 100);
    expect(rate.secondsLeft(1000)).toBe(270);
  });

  it('forgets what is older than its window and starts over when rows go (a bucket fetched again)', () => {
    const rate = new RowRate(60_000);
    rate.sample(0, 0);
    rate.sample(60_000, 600); // 10 rows/s
    rate.sample(120_000, 3_000); // 40 rows/s over the last minute
    expect(rate.perSecond()).toBe(40);
    rate.sample(121_000, 10);
    expect(rate.perSecond()).toBeNull();
  });
});
