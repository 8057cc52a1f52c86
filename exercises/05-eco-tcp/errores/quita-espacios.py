# Devuelve el texto con strip(): un eco no toca los bytes.
# prueba: varios mensajes
# espera: quitó los espacios y saltos de línea del principio y del final (¿strip()?)
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data.strip())
