// A sparkline's SVG path: the values left to right, scaled into a width × height box with the
// lowest value at the bottom and the highest at the top. Missing values (null) break the line, so
// a month without data is not drawn as a slope between its neighbours.

export interface SparklineGeometry {
  /** SVG path data ("M x y L x y …"); empty when fewer than two values are known. */
  path: string;
  /** The last known point, marked with a dot. */
  last?: { x: number; y: number };
}

export function sparkline(
  values: readonly (number | null)[],
  width: number,
  height: number,
  pad = 2,
): SparklineGeometry {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2) return { path: '' };
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1; // a flat series sits in the middle
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  let path = '';
  let pen = false;
  let last: { x: number; y: number } | undefined;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      pen = false;
      return;
    }
    const x = round(pad + i * step);
    const y = round(
      max === min ? height / 2 : pad + (1 - (value - min) / span) * (height - 2 * pad),
    );
    path += `${pen ? 'L' : 'M'}${x} ${y} `;
    pen = true;
    last = { x, y };
  });
  return { path: path.trim(), last };
}
