// Saves an export the main side produced. Over HTTP (serve) and IPC alike, the file arrives as base64 and the
// browser saves it through a Blob link, so the same code gives a real download in both.
import type { ExportFile } from '../../src-shared/attendance/contract';

export function saveExport(file: ExportFile): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
