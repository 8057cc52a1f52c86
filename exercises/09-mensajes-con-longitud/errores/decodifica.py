# Decodifica el contenido e invierte el texto: las letras con tilde salen al revés por dentro.
# prueba: responde a un mensaje con su contenido al revés
# espera: Invertiste el texto (letra a letra), no los bytes
import os
import socket
import struct

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
MAXIMO = 1024 * 1024


def recibir_exacto(conn, n):
    datos = b""
    while len(datos) < n:
        trozo = conn.recv(n - len(datos))
        if not trozo:
            return None
        datos += trozo
    return datos


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                cabecera = recibir_exacto(conn, 4)
                if cabecera is None:
                    break
                (longitud,) = struct.unpack("!I", cabecera)
                if longitud > MAXIMO:
                    break
                contenido = recibir_exacto(conn, longitud)
                if contenido is None:
                    break
                texto = contenido.decode()[::-1].encode()
                conn.sendall(struct.pack("!I", len(texto)) + texto)
