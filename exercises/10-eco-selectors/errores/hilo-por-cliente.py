# Un hilo por cliente: funciona, pero el ejercicio pide un solo hilo con selectors.
# prueba: con un solo hilo y un solo proceso
# espera: ¿un hilo por cliente (threading.Thread)?
# espera: Este ejercicio pide un solo hilo
import os
import socket
import threading

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


def eco(conn):
    with conn:
        while True:
            datos = conn.recv(65536)
            if not datos:
                break
            conn.sendall(datos)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=eco, args=(conn,), daemon=True).start()
