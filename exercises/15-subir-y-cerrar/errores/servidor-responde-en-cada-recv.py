# El servidor responde tras el primer recv(), sin esperar a que el cliente termine.
# prueba: servidor: responde
# espera: antes de responder y cerrar
import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def recibir_todo(conn):
    partes = []
    while True:
        trozo = conn.recv(65536)
        if not trozo:  # el otro lado cerró su sentido de envío
            return b"".join(partes)
        partes.append(trozo)


def cliente():
    with open(os.environ.get("ARCHIVO", "subir.bin"), "rb") as f:
        datos = f.read()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((HOST, PORT))
        s.sendall(datos)
        s.shutdown(socket.SHUT_WR)  # «ya terminé de enviar»; seguimos pudiendo leer
        respuesta = recibir_todo(s)
    print(respuesta.decode("utf-8"), end="")


def servidor():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((HOST, PORT))
        s.listen()
        while True:
            conn, addr = s.accept()
            with conn:
                datos = conn.recv(65536)
                resumen = hashlib.sha256(datos).hexdigest()
                conn.sendall(f"bytes: {len(datos)}\nsha256: {resumen}\n".encode())


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
