# Arranca un hilo por cliente, pero el with conn: del hilo principal cierra conn antes de que el hilo lo use.
# prueba: un mensaje tal cual
# espera: usó un socket que ya estaba cerrado
# espera: Pasa conn al hilo como argumento
import os
import socket
import threading
import time

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))


def atender(conn):
    time.sleep(0.1)
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.sendall(data)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            threading.Thread(target=atender, args=(conn,), daemon=True).start()
