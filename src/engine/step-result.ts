import type { Step } from '../lessons/model.js';
import type { StepReply } from '../kernel/protocol.js';
import type { SocketTable } from '../system/proc/socket-table.js';
import type { CheckResult } from './check-result.js';
import type { PortSubstitution } from './port-plan.js';
import type { StepPackets } from './packets/packet-trace.js';

export type StepStatus = 'pass' | 'fail' | 'error';

export interface StepResult {
  step: Step;
  status: StepStatus;
  checks: CheckResult[];
  reply?: StepReply;
  stdout: string;
  stderr: string;
  /** It did not finish within the blocking threshold. */
  blocked: boolean;
  /** Wall time from sending the step to its reply, engine included. */
  ms: number;
  /** The OS's TCP table when the step finished (Linux), for the socket view. */
  tcp?: SocketTable;
  /** Why the step could not run at all (its Python process died). */
  problem?: string;
  /** Packets view on: the segments the step caused (see engine/packets). */
  packets?: StepPackets;
  /** Why the step was not run here (it needs two hosts this OS cannot make); it does not fail the lesson. */
  skipped?: string;
}

export interface StepRun {
  step: Step;
  blocked: boolean;
  /** Blocked: what the OS says the actor's process waits in (Linux), in the learner's words. */
  waitingIn?: string;
  completion: Promise<StepResult>;
}

export type EngineEvent =
  | { type: 'port-substituted'; substitution: PortSubstitution }
  | { type: 'step-started'; step: Step }
  | { type: 'output'; step: Step; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'step-blocked'; step: Step; afterMs: number; waitingIn?: string }
  | { type: 'step-finished'; result: StepResult }
  | { type: 'kernel-died'; actor: string; description: string }
  | { type: 'kernel-restarted'; actor: string; replayed?: number; replayProblem?: string };
