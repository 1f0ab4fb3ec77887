// Composite pages: an old map captured as rows × columns tiles and stitched into one image.
export interface TileRef {
  row: number;
  col: number;
}

export function tileCount(rows: number, cols: number): number {
  return rows * cols;
}

export function isComposite(rows: number, cols: number): boolean {
  return rows * cols > 1;
}

export function tileInGrid(tile: TileRef, rows: number, cols: number): boolean {
  return Number.isInteger(tile.row) && Number.isInteger(tile.col) && tile.row >= 1 && tile.col >= 1 && tile.row <= rows && tile.col <= cols;
}

/** Tiles of the grid not captured yet, in reading order (row by row). */
export function missingTiles(rows: number, cols: number, captured: TileRef[]): TileRef[] {
  const have = new Set(captured.map((t) => `${t.row}:${t.col}`));
  const missing: TileRef[] = [];
  for (let r = 1; r <= rows; r++) for (let c = 1; c <= cols; c++) if (!have.has(`${r}:${c}`)) missing.push({ row: r, col: c });
  return missing;
}

export function gridComplete(rows: number, cols: number, captured: TileRef[]): boolean {
  return missingTiles(rows, cols, captured).length === 0;
}
