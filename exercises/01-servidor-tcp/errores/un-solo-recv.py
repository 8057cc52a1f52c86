# Lee una sola vez: contesta al primer mensaje y se va.
# prueba: cada mensaje
# espera: recv() una sola vez
# espera: sin enviar la respuesta al mensaje 2 de
import os
import socket

HOST = os.environ.get('HOST', '127.0.0.1')
PORT = int(os.environ.get('PUERTO', '65432'))

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, PORT))
    s.listen()
    conn, addr = s.accept()
    with conn:
        data = conn.recv(1024)
        conn.sendall(b'Hola desde el servidor')
