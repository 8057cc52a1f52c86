# Un hilo por cliente, pero cada hilo lee una sola vez.
# prueba: varios mensajes
# espera: recv() una sola vez
import threading
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def atender(conn):
    with conn:
        conn.sendall(conn.recv(4096))


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=atender, args=(conn,), daemon=True).start()
