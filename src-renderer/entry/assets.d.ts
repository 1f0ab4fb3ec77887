// Vite resolves `?url` imports to the emitted file's URL (used for the pdf.js worker).
declare module '*?url' {
  const url: string;
  // eslint-disable-next-line no-restricted-syntax -- the module shape is Vite's, not ours: `?url` modules have a default export.
  export default url;
}
