# Servidor de eco concurrente: un hilo por cliente.
import os
import socket
import threading

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))


def atender(conn, addr):
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
    print('Desconectado', addr)


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f'Servidor de eco concurrente en {HOST}:{PORT}')
    while True:
        conn, addr = s.accept()
        print('Conectado', addr)
        # daemon=True: los hilos no impiden que el programa termine con Ctrl-C.
        threading.Thread(target=atender, args=(conn, addr), daemon=True).start()
