// How the bench shows its figures: a table with each figure, its floor measured in the same run,
// the ratio, the goal, and the change since the previous run.

const UNITS = { ms: 'ms', MiB: 'MiB' };

function format(value, unit) {
  if (value === undefined) return '—';
  const text = unit === 'MiB' ? value.toFixed(1) : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text} ${UNITS[unit] ?? unit}`;
}

function goalText(goal) {
  if (!goal) return 'informar';
  const parts = [];
  if (goal.maxRatio !== undefined) parts.push(`<= ${goal.maxRatio}x`);
  if (goal.maxValue !== undefined) parts.push(`< ${goal.maxValue} ms`);
  return parts.join(' y ');
}

function verdict(figure) {
  if (!figure.goal) return '';
  return figure.meetsGoal ? 'sí' : 'NO';
}

function change(figure, previous) {
  const before = previous?.figures?.[figure.key];
  if (!before || before.ratio === undefined || figure.ratio === undefined) return '';
  const delta = figure.ratio - before.ratio;
  const sign = delta > 0 ? '+' : '';
  return `${sign}${delta.toFixed(2)}x (antes ${before.ratio.toFixed(2)}x)`;
}

export function renderTable(result, previous) {
  const header = ['medida', 'mediana', 'suelo', 'suelo medido', 'proporción', 'objetivo', '¿cumple?', 'cambio'];
  const rows = Object.values(result.figures).map((figure) => {
    if (!figure.available) {
      return [figure.label, figure.reason, '', figure.floorLabel, '', goalText(figure.goal), '', ''];
    }
    if (figure.error) return [figure.label, `error: ${figure.error}`, '', figure.floorLabel, '', goalText(figure.goal), 'NO', ''];
    return [
      figure.label,
      format(figure.value, figure.unit),
      format(figure.floor, figure.unit),
      figure.floorLabel,
      `${figure.ratio.toFixed(2)}x`,
      goalText(figure.goal),
      verdict(figure),
      change(figure, previous),
    ];
  });
  // Long error texts would stretch the whole table: they go below it instead.
  const notes = [];
  for (const row of rows) {
    if (row[1].length > 40) {
      notes.push(`${row[0]}: ${row[1]}`);
      row[1] = row[1].startsWith('error') ? 'error (ver abajo)' : row[1].slice(0, 40);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd();
  const out = [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)];
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}
