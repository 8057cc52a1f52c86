# Lee una sola vez por cliente: devuelve el primer trozo y cierra.
# prueba: varios mensajes
# espera: recv() una sola vez
# espera: sin enviar el eco del mensaje 2
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
            data = conn.recv(1024)
            conn.sendall(data)
