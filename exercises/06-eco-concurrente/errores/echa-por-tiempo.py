# No atiende a la vez: echa al cliente que no envía nada en 1 s para pasar al siguiente.
# prueba: callado
# espera: la conexión del cliente A, que estaba conectado sin enviar nada
# espera: settimeout
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        conn.settimeout(1)
        with conn:
            try:
                while True:
                    data = conn.recv(1024)
                    if not data:
                        break
                    conn.sendall(data)
            except socket.timeout:  # en Python 3.10+ es lo mismo que TimeoutError
                pass
