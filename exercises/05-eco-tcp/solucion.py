# Servidor de eco TCP: devuelve cada byte que recibe, a un cliente detrás de otro.
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    print(f'Servidor de eco en {HOST}:{PORT}')
    while True:                          # un cliente detrás de otro
        conn, addr = s.accept()
        with conn:
            print('Conectado', addr)
            while True:                  # todo lo que envíe este cliente
                data = conn.recv(4096)
                if not data:             # b'': el cliente cerró
                    break
                conn.sendall(data)       # bytes tal cual: sin decode()
        print('Desconectado', addr)
