/** The typed model of a lesson, as loaded from `lessons/<folder>/leccion.md`. */

import type { Condition } from './variants.js';

export type SocketField = 'familia' | 'tipo' | 'local' | 'remoto' | 'escuchando' | 'cerrado';

/** Any check may apply to one platform or Python range only (`solo:`); see variants.ts. */
export type Check = CheckBody & { only?: Condition };

type CheckBody =
  | { kind: 'no-error'; text?: string; line: number }
  | { kind: 'error'; exception: string; message?: string; text?: string; line: number }
  | { kind: 'output'; contains: string; stream: 'stdout' | 'stderr'; text?: string; line: number }
  | { kind: 'value'; contains: string; text?: string; line: number }
  | {
      kind: 'socket';
      name: string;
      actor?: string;
      expect: Partial<Record<SocketField, string | boolean>>;
      text?: string;
      line: number;
    }
  | {
      kind: 'probe';
      protocol: 'tcp' | 'udp';
      host: string;
      port: number;
      expect: 'conecta' | 'rechaza' | 'llega';
      payload: string;
      text?: string;
      line: number;
    }
  | {
      kind: 'tcp-state';
      /** Any of these passes (after a close, FIN_WAIT1 or FIN_WAIT2 depends on when the ACK lands). */
      states: string[];
      localPort?: number;
      remotePort?: number;
      /** The connection of this socket (its ports as last seen open), instead of ports. */
      socket?: string;
      actor?: string;
      text?: string;
      line: number;
    }
  | { kind: 'blocks'; text?: string; line: number }
  /** Packets view: the step caused these kinds of segments, in this order (words of SEGMENT_KINDS). */
  | { kind: 'packets'; expect: string[]; exact: boolean; from?: string; text?: string; line: number }
  | { kind: 'handshake-before-accept'; text?: string; line: number }
  | { kind: 'first-fin'; actor: string; text?: string; line: number }
  /** The step runs only where the lesson's two hosts exist (else it is skipped, with the reason). */
  | { kind: 'requires'; what: 'dos_maquinas' | 'ipv6' | 'unix'; text?: string; line: number };

export interface Step {
  /** 1-based position in the lesson. */
  number: number;
  title: string;
  actor: string;
  explanation: string;
  code: string;
  after: string;
  checks: Check[];
  /** Line of the step's heading and of its code's first line in the lesson file. */
  line: number;
  codeLine: number;
}

export interface DocumentPort {
  port: number;
  protocol: 'tcp' | 'udp';
}

export interface Lesson {
  id: string;
  title: string;
  sections: string[];
  actors: string[];
  /** True for lessons the document lacks (marked as such in the list). */
  extra: boolean;
  ports: DocumentPort[];
  /** Actor -> host name (`maquinas` in the front matter), for lessons on two hosts. */
  machines?: Record<string, string>;
  intro: string;
  steps: Step[];
  file: string;
  folder: string;
}
