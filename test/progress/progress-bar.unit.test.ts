import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar, progressLine } from '../../src/ui/progress-bar.js';
import { theme, visibleLength, stripAnsi } from '../../src/ui/theme.js';

const U = { ascii: false };

test('la barra llena solo cuando todo está hecho y mide lo pedido', () => {
  const previous = theme.color;
  try {
    for (const color of [false, true]) {
      theme.color = color;
      assert.equal(stripAnsi(progressBar(0, 8, 10, U)), '░'.repeat(10));
      assert.equal(stripAnsi(progressBar(7, 8, 10, U)), '████████░░', '7 of 8 never looks complete');
      assert.equal(stripAnsi(progressBar(8, 8, 10, U)), '█'.repeat(10));
      assert.equal(stripAnsi(progressBar(3, 0, 4, U)), '░░░░', 'an empty course is an empty bar');
      assert.equal(stripAnsi(progressBar(1, 2, 6, { ascii: true })), '###---');
      assert.equal(progressBar(1, 2, 6).includes('\u001b['), color);
    }
  } finally {
    theme.color = previous;
  }
});

test('la línea de progreso cabe en cualquier ancho, con o sin colores', () => {
  const previous = theme.color;
  try {
    for (const color of [false, true]) {
      theme.color = color;
      for (let width = 30; width <= 200; width += 7) {
        const line = progressLine('Ejercicios', 3, 11, width);
        assert.ok(visibleLength(line) <= width, `${width}: ${stripAnsi(line)}`);
        assert.match(stripAnsi(line), /3\/11 \(27 %\)$/);
      }
      // Too narrow for a useful bar: the count alone.
      assert.equal(stripAnsi(progressLine('Lecciones', 1, 2, 24)), 'Lecciones  1/2 (50 %)');
    }
  } finally {
    theme.color = previous;
  }
});
