import type { DocumentPort } from '../lessons/model.js';
import { candidatePort, findFreePort } from '../net/free-port.js';
import type { PortReservation } from '../net/port-reservation.js';
import { reserveForLesson } from './lesson-reservations.js';
import type { PortSubstitution } from './port-plan.js';

export interface PortChoice {
  substitutions: PortSubstitution[];
  /** Reservations held for the lesson's whole life (host network only); release them at its end. */
  locks: PortReservation[];
}

export interface PortChoiceOptions {
  /** Could the learner bind this port right now (asked of the lesson's own Python)? */
  isFree: (port: number, protocol: DocumentPort['protocol']) => Promise<boolean>;
  /** Replace every document port even when it is free. */
  alwaysSubstitute?: boolean;
  /**
   * On the machine's own network, a free port is also reserved across processes: two lessons
   * started together would otherwise both pick 65432. A private network has ports of its own.
   */
  reserve: boolean;
}

/** Keeps each document port if it is free (and reserved), else picks a free one in its place. */
export async function choosePorts(ports: DocumentPort[], options: PortChoiceOptions): Promise<PortChoice> {
  const choice: PortChoice = { substitutions: [], locks: [] };
  const take = async (port: number, protocol: DocumentPort['protocol']): Promise<boolean> => {
    const lock = options.reserve ? reserveForLesson(port) : undefined;
    if (options.reserve && !lock) return false;
    if (await options.isFree(port, protocol)) {
      if (lock) choice.locks.push(lock);
      return true;
    }
    lock?.release();
    return false;
  };
  try {
    for (const documentPort of ports) {
      if (!options.alwaysSubstitute && await take(documentPort.port, documentPort.protocol)) continue;
      const free = options.alwaysSubstitute && await options.isFree(documentPort.port, documentPort.protocol);
      const taken = new Set(choice.substitutions.map((substitution) => substitution.replacement));
      let replacement = 0;
      for (let attempt = 0; attempt < 20 && !replacement; attempt++) {
        // Outside the ephemeral range, so no outgoing connection can be holding it (see free-port.ts).
        const candidate = attempt < 15 ? candidatePort() : await findFreePort('127.0.0.1', documentPort.protocol);
        if (!taken.has(candidate) && await take(candidate, documentPort.protocol)) replacement = candidate;
      }
      if (!replacement) throw new Error(`no free port found to replace ${documentPort.port}`);
      choice.substitutions.push({ ...documentPort, replacement, reason: free ? 'pedido' : 'ocupado' });
    }
  } catch (error) {
    for (const lock of choice.locks) lock.release();
    throw error;
  }
  return choice;
}
