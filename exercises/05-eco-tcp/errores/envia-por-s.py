# Envía el eco por el socket que escucha (s) en vez de por la conexión (conn).
# prueba: un mensaje tal cual
# espera: s es el socket que escucha: solo acepta conexiones
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
                data = conn.recv(1024)
                if not data:
                    break
                s.sendall(data)
