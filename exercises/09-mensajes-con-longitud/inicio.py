import os
import socket
import struct

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
MAXIMO = 1024 * 1024


def recibir_exacto(conn, n):
    """Exactamente n bytes de conn, o None si el cliente cierra antes."""
    # Completa: recv(n) puede devolver menos de n bytes.
    return conn.recv(n)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            cabecera = recibir_exacto(conn, 4)
            (longitud,) = struct.unpack("!I", cabecera)
            contenido = recibir_exacto(conn, longitud)
            # Completa: responde con el contenido al revés, y atiende más de un mensaje.
