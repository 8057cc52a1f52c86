import os
import socket
import struct

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
MAXIMO = 1024 * 1024


def recibir_exacto(conn, n):
    """Exactamente n bytes de conn, o None si el cliente cierra antes."""
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
                    break  # el cliente cerró
                (longitud,) = struct.unpack("!I", cabecera)
                if longitud > MAXIMO:
                    break  # demasiado grande: sin leerlo, cerramos la conexión
                contenido = recibir_exacto(conn, longitud)
                if contenido is None:
                    break
                respuesta = contenido[::-1]
                conn.sendall(struct.pack("!I", len(respuesta)) + respuesta)
