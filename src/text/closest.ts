/** Edit distance (Levenshtein), for "¿quisiste decir...?" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The options nearest to `word`, best first; only those close enough to be a plausible typo. */
export function closest(word: string, options: readonly string[], limit = 3): string[] {
  const needle = word.toLowerCase();
  return options
    .map((option) => {
      const candidate = option.toLowerCase();
      const distance = candidate.includes(needle) || needle.includes(candidate) ? 1 : editDistance(needle, candidate);
      return { option, distance };
    })
    .filter(({ option, distance }) => distance <= Math.max(2, Math.floor(option.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map(({ option }) => option);
}
