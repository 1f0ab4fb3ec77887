// How big the device asks each pull page to be (decision 0097): a byte budget fitted to what its link has carried
// per second, so a page takes a few seconds on any link — a 64 kbit/s line gets pages of tens of kilobytes (a cut
// loses one), a LAN gets pages of megabytes (few round trips). Kept by the agent across attempts and cycles.

/** Seconds of link time one page should take: long enough that a round trip per page costs little, short enough that a cut page costs little. */
export const PAGE_SECONDS = 4;
/** Row JSON (before compression) of the first page, before anything is measured: about one second at 64 kbit/s. */
export const FIRST_PAGE_BYTES = 64 * 1024;
export const MIN_PAGE_BYTES = 16 * 1024;
/** The largest page: the row limit (20,000 rows, ~12 MB) binds first on a fast link, as before. */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;

/** Nearest power of two (in log scale): budgets move in steps, so HQ's page read ahead for the same budget is used. */
function quantize(bytes: number): number {
  const clamped = Math.min(MAX_PAGE_BYTES, Math.max(MIN_PAGE_BYTES, bytes));
  return 2 ** Math.round(Math.log2(clamped));
}

export class PageBudget {
  private bytes: number;
  /** Row JSON bytes per second the link has delivered (smoothed); null until a full page was measured. */
  private rate: number | null = null;

  constructor(
    private readonly targetSeconds = PAGE_SECONDS,
    first = FIRST_PAGE_BYTES,
  ) {
    this.bytes = quantize(first);
  }

  /** The byte budget of the next pull. */
  get maxBytes(): number {
    return this.bytes;
  }

  /** Bytes per second measured so far (null: nothing measured yet). */
  get bytesPerSecond(): number | null {
    return this.rate;
  }

  /**
   * An answer arrived: `bytes` of decoded JSON in `seconds` from request to the whole answer. Only answers that
   * filled most of their budget measure the link; a small one (the end of a bucket, a quiet periodic pull) is mostly
   * round trip and would make pages shrink for nothing.
   */
  observe(bytes: number, seconds: number): void {
    if (!(seconds > 0) || bytes < this.bytes / 2) return;
    const measured = bytes / seconds;
    this.rate = this.rate === null ? measured : (this.rate + measured) / 2;
    // Grows at most fourfold per page (one quick answer is not yet a fast link); shrinks at once.
    this.bytes = quantize(Math.min(this.rate * this.targetSeconds, this.bytes * 4));
  }

  /** A page was cut off: the link is worse than measured (or dropping), so the next page is half as big. */
  cut(): void {
    this.bytes = quantize(this.bytes / 2);
    if (this.rate !== null) this.rate /= 2;
  }
}
