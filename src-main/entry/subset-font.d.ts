// subset-font ships no types; this is the one call the app makes.
declare module 'subset-font' {
  // eslint-disable-next-line no-restricted-syntax -- describes the package's own default export
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
