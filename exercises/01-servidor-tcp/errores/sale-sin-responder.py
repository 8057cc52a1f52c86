# Lee el mensaje y cierra sin contestar.
# prueba: responde
# espera: Tu servidor cerró la conexión sin enviar la respuesta
# espera: Tu programa terminó con código 0
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
        print('recibido', data)
