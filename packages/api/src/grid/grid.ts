import { CafeError, DIRECTIONS, type Direction } from '@cafe/shared';

/** The cafe floor (docs/policies.md#the-grid-and-intents): x 0–19, y 0–11. */
export const GRID = { minX: 0, maxX: 19, minY: 0, maxY: 11 } as const;
export const GRID_CENTRE = { x: 9, y: 5 } as const;
export { DIRECTIONS, type Direction };
export interface Position {
  x: number;
  y: number;
}

export const TABLES: Record<string, Position> = {
  table_1: { x: 2, y: 2 },
  table_2: { x: 6, y: 2 },
  table_3: { x: 10, y: 2 },
  table_4: { x: 14, y: 2 },
  table_5: { x: 2, y: 6 },
  table_6: { x: 6, y: 6 },
  table_7: { x: 10, y: 6 },
  table_8: { x: 14, y: 6 },
};

/** Rounds and clamps a position into the grid. */
export function clampPosition(position: Position): Position {
  return {
    x: Math.min(GRID.maxX, Math.max(GRID.minX, Math.round(position.x))),
    y: Math.min(GRID.maxY, Math.max(GRID.minY, Math.round(position.y))),
  };
}

/** Moves `steps` cells in a direction, stopping at the grid edge (N decreases y). */
export function movePosition(from: Position, direction: Direction, steps: number): Position {
  const delta = { N: [0, -1], S: [0, 1], E: [1, 0], W: [-1, 0] }[direction];
  return clampPosition({ x: from.x + delta[0]! * steps, y: from.y + delta[1]! * steps });
}

/** Validates a direction (trimmed, upper-cased) or throws ERR_MISSING_FIELD / ERR_INVALID_DIRECTION. */
export function parseDirection(value: unknown): Direction {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: direction', { field: 'direction' });
  }
  const direction = value.trim().toUpperCase();
  if (!(DIRECTIONS as readonly string[]).includes(direction)) {
    throw new CafeError('ERR_INVALID_DIRECTION', undefined, { field: 'direction', allowed: [...DIRECTIONS], value });
  }
  return direction as Direction;
}

/** Horizontal leg then vertical leg; zero-length legs omitted (docs/policies.md#the-grid-and-intents). */
export function planPath(from: Position, to: Position): { direction: Direction; steps: number }[] {
  const path: { direction: Direction; steps: number }[] = [];
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx !== 0) path.push({ direction: dx > 0 ? 'E' : 'W', steps: Math.abs(dx) });
  if (dy !== 0) path.push({ direction: dy > 0 ? 'S' : 'N', steps: Math.abs(dy) });
  return path;
}

/** Whether both coordinates are inside the grid. */
export function isInsideGrid(position: Position): boolean {
  return position.x >= GRID.minX && position.x <= GRID.maxX && position.y >= GRID.minY && position.y <= GRID.maxY;
}
