import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def responder(linea):
    """La respuesta (sin el salto de línea) a una orden."""
    # Completa: PING, SUMA a b y ERROR.
    return "ERROR sin hacer"


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                # Completa: un recv() no es una orden.
                conn.sendall((responder(data.decode()) + "\n").encode())
