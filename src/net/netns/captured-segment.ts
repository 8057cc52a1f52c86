/** One segment as capture.py reports it (see its docstring): TCP, UDP, or ICMP "port unreachable". */
export interface CapturedSegment {
  /** CLOCK_MONOTONIC in ms, the clock of `monotonicMs()`. */
  t: number;
  proto: 'tcp' | 'udp' | 'icmp';
  family: 4 | 6;
  /** The namespace (host) that captured it, and on which interface. */
  host: string;
  iface: string;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** TCP flags in a fixed order: SYN, FIN, RST, PSH, ACK, URG. */
  flags?: string[];
  /** Relative to the first sequence number of each direction (0 for the SYN). */
  seq?: number;
  ack?: number;
  /** Payload bytes. */
  len: number;
  /** The payload as text when it is printable UTF-8 (first 200 characters); null when it is not. */
  text?: string | null;
  /** ICMP: the datagram that could not be delivered. */
  kind?: 'port-unreachable';
  orig?: { src: string; sport: number; dst: string; dport: number };
  /** Sent or answered by one of our probes (sonda checks), not by the lesson's code. */
  probe?: boolean;
}

/** The clock capture.py stamps segments with (CLOCK_MONOTONIC on Linux, through libuv). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
