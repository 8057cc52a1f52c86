import os
import socket
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "9999"))

sala = {}  # dirección -> nombre

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind((HOST, PORT))
    while True:
        datos, direccion = s.recvfrom(2048)
        texto = datos.decode("utf-8", errors="replace").strip()
        # Completa: NOMBRE, /sigo, /salir, reenviar a los demás y sacar a los callados.
        s.sendto(b"ERROR sin hacer", direccion)
