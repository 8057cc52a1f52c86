# Un proceso hijo por cliente (os.fork), pero el padre no cierra su copia de conn: la conexión nunca se cierra.
# prueba: varios mensajes
# espera: tu servidor no cerró la conexión en
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        if os.fork() == 0:
            s.close()
            with conn:
                while True:
                    data = conn.recv(1024)
                    if not data:
                        break
                    conn.sendall(data)
            os._exit(0)
