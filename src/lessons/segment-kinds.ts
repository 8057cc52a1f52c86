/** The words for kinds of segments in the `paquetes` check (and in the packets diagram). */
export const SEGMENT_KINDS = ['SYN', 'SYN-ACK', 'ACK', 'DATOS', 'FIN', 'RST', 'UDP', 'ICMP'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** Other spellings accepted in checks (as a capture tool would name them). */
export const KIND_ALIASES: Record<string, SegmentKind> = {
  'FIN-ACK': 'FIN',
  'PSH-ACK': 'DATOS',
  PSH: 'DATOS',
  'RST-ACK': 'RST',
};
