# Cierra los dos sentidos y tarda en leer: la respuesta llega antes y recv() falla con ConnectionResetError.
# prueba: cliente: sube el archivo entero
# espera: ¿cerró los dos sentidos (close() o shutdown(SHUT_RDWR)) antes de leer?
import hashlib
import os
import socket
import time

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
        s.shutdown(socket.SHUT_RDWR)
        time.sleep(0.5)  # la respuesta del servidor llega mientras tanto
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
                datos = recibir_todo(conn)
                resumen = hashlib.sha256(datos).hexdigest()
                conn.sendall(f"bytes: {len(datos)}\nsha256: {resumen}\n".encode())


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
