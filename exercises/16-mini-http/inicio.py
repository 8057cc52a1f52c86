import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "8080"))
CARPETA = os.environ.get("CARPETA", ".")


def responder(estado, cuerpo=b""):
    return b"HTTP/1.0 " + estado.encode() + b"\r\nContent-Length: " + str(len(cuerpo)).encode() + b"\r\n\r\n" + cuerpo


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            peticion = conn.recv(1024)
            # Completa: lee hasta la línea vacía, mira la ruta y responde 200, 404, 400 o 403.
            conn.sendall(responder("404 Not Found"))
