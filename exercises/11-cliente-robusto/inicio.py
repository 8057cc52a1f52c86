import os
import socket
import sys
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    s.sendall(b"HOLA\n")
    # Completa: tiempo de espera, reintentos y los tres mensajes de error.
    respuesta = s.recv(1024)
print("respuesta:", respuesta.decode().rstrip("\n"))
