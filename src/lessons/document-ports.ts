import type { DocumentPort } from './model.js';

/**
 * The document's fixed ports: a lesson that uses them gets a free one when they are busy. Apart
 * from the parser so that showing a lesson does not load the parser and its YAML library.
 */
export const DOCUMENT_PORTS: DocumentPort[] = [
  { port: 65432, protocol: 'tcp' },
  { port: 9999, protocol: 'udp' },
];
