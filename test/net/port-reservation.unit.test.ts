import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { reservationPath, sweepStaleReservations, tryReservePort } from '../../src/net/port-reservation.js';

// Reservations are directories: a private folder keeps these away from the real ports' locks.
const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-reservas-'));

describe('reservas de puerto entre procesos', () => {
  it('muchas reservas en un proceso comparten un solo oyente de «exit»', () => {
    const before = process.listenerCount('exit');
    const reservations = Array.from({ length: 25 }, (_, index) => tryReservePort(40_000 + index, dir));
    assert.ok(reservations.every(Boolean), 'every port was free to reserve');
    assert.ok(process.listenerCount('exit') <= before + 1, `${process.listenerCount('exit') - before} listeners added`);
    for (const reservation of reservations) reservation!.release();
    assert.ok(reservations.every((reservation) => !existsSync(reservationPath(reservation!.port, dir))), 'released reservations leave nothing');
  });

  it('una reserva viva no se puede tomar otra vez; liberada, sí', () => {
    const first = tryReservePort(41_000, dir)!;
    assert.equal(tryReservePort(41_000, dir), undefined);
    first.release();
    first.release(); // twice is harmless
    const again = tryReservePort(41_000, dir);
    assert.ok(again);
    again.release();
  });

  it('la de un proceso que ya no existe se toma enseguida', () => {
    const lock = reservationPath(41_001, dir);
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), '2147483646'); // beyond pid_max: no such process
    const taken = tryReservePort(41_001, dir);
    assert.ok(taken, 'the stale reservation was taken over');
    taken.release();
  });

  it('liberar dos veces un asa vieja no libera la reserva nueva del mismo puerto', () => {
    const old = tryReservePort(41_002, dir)!;
    old.release();
    const fresh = tryReservePort(41_002, dir)!;
    old.release();
    assert.ok(existsSync(reservationPath(41_002, dir)), 'the newer reservation is still held');
    assert.equal(tryReservePort(41_002, dir), undefined);
    fresh.release();
  });

  it('al empezar se barren las reservas de procesos muertos, no las de los vivos', () => {
    const dead = reservationPath(41_003, dir);
    mkdirSync(dead);
    writeFileSync(join(dead, 'pid'), '2147483646');
    const live = tryReservePort(41_004, dir)!;
    sweepStaleReservations(dir);
    assert.equal(existsSync(dead), false, 'a dead holder\'s reservation is gone');
    assert.ok(existsSync(reservationPath(41_004, dir)), 'a live one stays');
    live.release();
  });
});
