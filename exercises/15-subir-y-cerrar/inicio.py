import hashlib
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def cliente():
    with open(os.environ.get("ARCHIVO", "subir.bin"), "rb") as f:
        datos = f.read()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect((HOST, PORT))
        s.sendall(datos)
        # Completa: avisa de que terminaste de enviar y lee la respuesta hasta b''.
        respuesta = s.recv(1024)
    print(respuesta.decode(), end="")


def servidor():
    # Completa: lee hasta b'', responde «bytes: N» y «sha256: ...» y cierra.
    pass


if os.environ.get("MODO", "cliente") == "servidor":
    servidor()
else:
    cliente()
