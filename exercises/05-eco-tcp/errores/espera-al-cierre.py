# Acumula todo y lo devuelve cuando el cliente cierra: demasiado tarde.
# prueba: tal cual
# espera: no llegó nada en
# espera: en cuanto lo recibe
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
            todo = b''
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                todo += data
            conn.sendall(todo)
