# Toma un mensaje vacío por el final de la conexión.
# prueba: mensaje vacío
# espera: Un mensaje vacío no es el final
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
                if not contenido:
                    break
                conn.sendall(struct.pack("!I", longitud) + contenido[::-1])
