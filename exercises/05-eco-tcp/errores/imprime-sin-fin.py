# Imprime cada recv() y no sale del bucle: al cerrar el cliente, inunda la pantalla.
# prueba: varios mensajes
# espera: if not data: break
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
                print('recibido:', data)
                conn.sendall(data)
