# Trata «/sigo» como un mensaje más y lo reenvía a todos (falla en la primera prueba en que un miembro dice «/sigo»).
# espera: «/sigo» solo dice «sigo aquí»
import os
import socket
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "9999"))
SILENCIO = 3.0

sala = {}  # dirección -> nombre
ultima_vez = {}  # dirección -> cuándo habló por última vez


def a_los_demas(s, quien, texto):
    for direccion in list(sala):
        if direccion != quien:
            s.sendto(texto.encode(), direccion)


def sacar(s, direccion):
    nombre = sala.pop(direccion)
    ultima_vez.pop(direccion, None)
    a_los_demas(s, direccion, "SALE " + nombre)


def atender(s, datos, direccion):
    texto = datos.decode("utf-8", errors="replace").strip()
    if direccion not in sala:
        partes = texto.split()
        if len(partes) == 2 and partes[0] == "NOMBRE":
            sala[direccion] = partes[1]
            ultima_vez[direccion] = time.monotonic()
            s.sendto(("HOLA " + partes[1]).encode(), direccion)
            a_los_demas(s, direccion, "ENTRA " + partes[1])
        else:
            s.sendto(b"ERROR primero di tu nombre: NOMBRE <nombre>", direccion)
        return
    ultima_vez[direccion] = time.monotonic()
    if texto == "/salir":
        s.sendto(("ADIOS " + sala[direccion]).encode(), direccion)
        sacar(s, direccion)
        return
    a_los_demas(s, direccion, sala[direccion] + ": " + texto)


with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind((HOST, PORT))
    s.settimeout(0.5)  # para revisar los silencios aunque no llegue nada
    while True:
        try:
            datos, direccion = s.recvfrom(2048)
            atender(s, datos, direccion)
        except socket.timeout:
            pass
        ahora = time.monotonic()
        for direccion in [d for d, t in ultima_vez.items() if ahora - t > SILENCIO]:
            sacar(s, direccion)
