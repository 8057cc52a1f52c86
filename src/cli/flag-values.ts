/**
 * Coercers for flag values, so that a bad value is reported as the user typed it (yargs would
 * turn "tres" into NaN before any check could see it).
 */
export function positiveInteger(flag: string, what: string): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const text = String(Array.isArray(value) ? value.at(-1) : value).trim();
    if (!/^[1-9]\d*$/.test(text)) throw new Error(`--${flag} debe ser ${what} (1, 2, 3...), no «${text}»`);
    return Number(text);
  };
}
