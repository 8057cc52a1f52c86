# No mira el límite: se queda esperando el contenido de un mensaje enorme.
# prueba: rechaza un mensaje de más de 1 MiB
# espera: se quedó esperando
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
                contenido = recibir_exacto(conn, longitud)
                if contenido is None:
                    break
                conn.sendall(struct.pack("!I", longitud) + contenido[::-1])
