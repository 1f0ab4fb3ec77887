// PDF pages are drawn in the renderer with pdf.js (its worker is a same-origin file, allowed by the CSP), so main
// needs no canvas library and the page arrives as the original bytes.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

const cache = new Map<string, Promise<PDFDocumentProxy>>();

async function open(base64: string): Promise<PDFDocumentProxy> {
  const key = `${base64.length}:${base64.slice(0, 64)}:${base64.slice(-64)}`;
  let doc = cache.get(key);
  if (!doc) {
    const pdfjs = await import('pdfjs-dist');
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    doc = pdfjs.getDocument({ data, isEvalSupported: false }).promise;
    cache.set(key, doc);
  }
  return doc;
}

export async function renderPdfPage(base64: string, pageIndex: number): Promise<string> {
  const doc = await open(base64);
  const page = await doc.getPage(pageIndex + 1);
  const viewport = page.getViewport({ scale: 2 });
  const canvas = document.createElement('canvas');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  await page.render({ canvas, viewport }).promise;
  return canvas.toDataURL('image/png');
}
