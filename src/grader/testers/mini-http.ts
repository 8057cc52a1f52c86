import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byteCount, describeBytesMismatch, shortBytes } from '../bytes-view.js';
import { STARTUP_TEST_MS, type Harness } from '../harness.js';
import { sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { withExceptionAdvice } from './exception-advice.js';
import { readHttpResponse, realHttpGet, type HttpResponse } from './http-response.js';
import { setLearnerVars } from './learner-vars.js';
import { removeFolder, tempFolder } from './temp-folders.js';
import { pauseUntilIdle } from './program-idle.js';

const STATUS_NAMES: Record<number, string> = { 200: '200 OK', 400: '400 Bad Request', 403: '403 Forbidden', 404: '404 Not Found' };
const HEADERS_END =
  'Una petición HTTP termina con una línea vacía (\\r\\n\\r\\n): acumula lo que llega con recv() hasta encontrarla, ' +
  'aunque la petición llegue en varios trozos.';

interface Site {
  base: string;
  folder: string;
  files: Map<string, Buffer>;
  secretName: string;
  secret: Buffer;
}

function makeSite(): Site {
  const base = tempFolder('mini-http');
  const folder = join(base, 'publico');
  mkdirSync(folder);
  const tag = randomInt(1000, 10000);
  const files = new Map<string, Buffer>([
    [`indice-${tag}.html`, Buffer.from(`<h1>Hola, taller ${tag}</h1>\n<p>Canción, ñandú y camión: ${randomBytes(8).toString('hex')}</p>\n`)],
    [`datos-${tag}.bin`, randomBytes(randomInt(50_000, 200_000))],
  ]);
  for (const [name, content] of files) writeFileSync(join(folder, name), content);
  const secretName = `secreto-${tag}.txt`;
  const secret = Buffer.from(`clave de la computadora ${randomBytes(12).toString('hex')}\n`);
  writeFileSync(join(base, secretName), secret);
  return { base, folder, files, secretName, secret };
}

async function rawRequest(h: Harness, text: string, what: string): Promise<HttpResponse> {
  const peer = await h.connect();
  await sendBytes(h, peer, Buffer.from(text));
  const response = await readHttpResponse(h, peer, what);
  h.release(peer);
  return response;
}

async function expectStatus(h: Harness, response: HttpResponse, status: number, what: string, why: string[] = []): Promise<void> {
  if (response.status !== status) await h.fail([`A ${what} tu servidor respondió ${response.status}, y debía responder ${STATUS_NAMES[status]}.`, ...why]);
}

async function expectFile(h: Harness, body: Buffer, content: Buffer, what: string): Promise<void> {
  if (!body.equals(content)) {
    await h.fail([`El cuerpo de la respuesta a ${what} no es el contenido del archivo.`, ...describeBytesMismatch(content, body), "Envía los bytes del archivo tal cual: open(ruta, 'rb').read()."]);
  }
}

/** An HTTP/1.0 server for the files of a folder: 200 with Content-Length, 404, 400, and nothing outside the folder (403). */
export const miniHttp: TesterDefinition = {
  exerciseId: 'mini-http',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 8080,
  timeWaitExpected: true,
  tests() {
    let site: Site;
    const [page, data] = [0, 1];
    const name = (index: number): string => [...site.files.keys()][index]!;
    const test = (title: string, timeoutMs: number, run: (h: Harness) => Promise<void>): TestCase => ({
      name: title,
      timeoutMs,
      run: (h) => withExceptionAdvice({ FileNotFoundError: 'Si el archivo no existe, responde 404 en vez de dejar que open() lance FileNotFoundError.' }, () => run(h)),
    });
    return [
      test('responde 200 con Content-Length y el contenido de un archivo de CARPETA', STARTUP_TEST_MS, async (h) => {
        site = makeSite();
        setLearnerVars(h, { CARPETA: site.folder });
        h.step(`arranco tu programa con CARPETA=${site.folder}`);
        await h.startProgram();
        h.step(`pido GET /${name(page)} HTTP/1.0`);
        const response = await rawRequest(h, `GET /${name(page)} HTTP/1.0\r\n\r\n`, `GET /${name(page)}`);
        await expectStatus(h, response, 200, `GET /${name(page)}`);
        await expectFile(h, response.body, site.files.get(name(page))!, `GET /${name(page)}`);
      }),
      test('responde a un cliente HTTP de verdad (HTTP/1.1, con cabeceras), también con un archivo binario', 10000, async (h) => {
        h.step(`pido GET /${name(data)} con el cliente HTTP de Node`);
        const result = await realHttpGet(h, `/${name(data)}`);
        if ('error' in result) {
          await h.fail([
            `El cliente HTTP de Node no entendió la respuesta (${result.error}).`,
            'La respuesta es: «HTTP/1.0 200 OK\\r\\n», las cabeceras (Content-Length: n\\r\\n), una línea vacía (\\r\\n) y el cuerpo. ¿Lees la petición hasta la línea vacía, aunque traiga cabeceras?',
          ]);
        }
        const ok = result as { status: number; headers: Record<string, unknown>; body: Buffer };
        if (ok.status !== 200) await h.fail([`A GET /${name(data)} (con cabeceras Host y Connection) tu servidor respondió ${ok.status}, y debía responder 200 OK.`]);
        await expectFile(h, ok.body, site.files.get(name(data))!, `GET /${name(data)}`);
      }),
      test('responde 404 a un archivo que no existe', 8000, async (h) => {
        const missing = `no-esta-${randomInt(1000, 10000)}.html`;
        h.step(`pido GET /${missing}`);
        await expectStatus(h, await rawRequest(h, `GET /${missing} HTTP/1.0\r\n\r\n`, `GET /${missing}`), 404, `GET /${missing}`);
      }),
      test('responde 400 a una petición mal formada', 8000, async (h) => {
        for (const bad of ['HOLA', 'GET', `GET /${name(page)} HTTP/1.0 de más`]) {
          h.step(`envío la petición «${bad}» (y la línea vacía)`);
          await expectStatus(h, await rawRequest(h, `${bad}\r\n\r\n`, `«${bad}»`), 400, `«${bad}»`, [
            'La línea de petición son tres palabras: el método (GET), la ruta y la versión (HTTP/1.0 o HTTP/1.1). Si no, responde 400.',
          ]);
        }
      }),
      test('no entrega nada de fuera de CARPETA (una ruta con «..» recibe 403)', 8000, async (h) => {
        const path = `/../${site.secretName}`;
        h.step(`pido GET ${path}: un archivo que está fuera de CARPETA`);
        const response = await rawRequest(h, `GET ${path} HTTP/1.0\r\n\r\n`, `GET ${path}`);
        if (response.body.includes(site.secret)) {
          await h.fail([
            `¡Tu servidor entregó ${site.secretName}, un archivo de fuera de CARPETA! Así cualquiera puede leer cualquier archivo de tu computadora.`,
            'Rechaza (403) toda ruta con «..», o comprueba que os.path.realpath(ruta) sigue dentro de CARPETA.',
          ]);
        }
        await expectStatus(h, response, 403, `GET ${path}`);
      }),
      test('espera la petición entera aunque las cabeceras lleguen despacio', 10000, async (h) => {
        const parts = [`GET /${name(page)} HT`, 'TP/1.0\r\nHost: 127.0.0.1\r\nUser-Ag', 'ent: taller\r\n', '\r\n'];
        const peer: TcpPeer = await h.connect();
        for (const [index, part] of parts.entries()) {
          h.step(`envío la petición en trozos, con pausas: trozo ${index + 1} de ${parts.length}`);
          await sendBytes(h, peer, Buffer.from(part));
          if (index < parts.length - 1) {
            await pauseUntilIdle(h, 250);
            if (peer.pending().length || peer.peerEnded) {
              await h.fail([
                `Tu servidor ${peer.pending().length ? `respondió (${shortBytes(peer.pending().subarray(0, 40))})` : 'cerró la conexión'} antes de que terminara la petición: solo había enviado ${byteCount(parts.slice(0, index + 1).join('').length)}.`,
                HEADERS_END,
              ]);
            }
          }
        }
        const response = await readHttpResponse(h, peer, `GET /${name(page)} (en trozos)`);
        h.release(peer);
        await expectStatus(h, response, 200, `GET /${name(page)} (en trozos)`);
        await expectFile(h, response.body, site.files.get(name(page))!, `GET /${name(page)}`);
        removeFolder(site.base);
      }),
    ];
  },
};
