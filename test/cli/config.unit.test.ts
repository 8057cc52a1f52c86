import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/cli/config.js';
import { shippedFolder } from '../../src/lessons/content-folders.js';

describe('la configuración se resuelve una vez, de las opciones y el entorno', () => {
  const shipped = { lessons: [shippedFolder('lessons')], exercises: [shippedFolder('exercises')] };

  it('sin opciones ni variables: el contenido del taller y el puerto del documento', () => {
    assert.deepEqual(resolveConfig({}, {}), { content: shipped, freePorts: false });
  });

  it('una opción gana a su variable; «+carpeta» suma la carpeta a la del taller', () => {
    const config = resolveConfig({ lecciones: '/mias', ejercicios: '+/extra' }, { TALLER_SOCKETS_LECCIONES: '/otras', TALLER_SOCKETS_EJERCICIOS: '/no' });
    assert.deepEqual(config.content, { lessons: ['/mias'], exercises: [shippedFolder('exercises'), '/extra'] });
  });

  it('las variables valen cuando no hay opción', () => {
    const config = resolveConfig({}, { TALLER_SOCKETS_LECCIONES: '+/mas', TALLER_SOCKETS_PUERTOS_LIBRES: 'sí' });
    assert.deepEqual(config.content.lessons, [shippedFolder('lessons'), '/mas']);
    assert.equal(config.freePorts, true);
    assert.equal(resolveConfig({}, { TALLER_SOCKETS_PUERTOS_LIBRES: '0' }).freePorts, false);
  });

  it('resolverla no escribe en el entorno del proceso', () => {
    const before = { ...process.env };
    resolveConfig({ lecciones: '/mias', ejercicios: '/mios' }, process.env);
    assert.deepEqual({ ...process.env }, before);
  });
});
