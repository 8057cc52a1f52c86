# Sin «if not data: break»: cuando el cliente cierra, da vueltas para siempre sin cerrar.
# prueba: varios mensajes
# espera: Cerré el cliente, pero tu servidor no cerró la conexión
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(1024)
                conn.sendall(data)
