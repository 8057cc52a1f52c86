# sendto() con un str.
# prueba: envía
# espera: TypeError: a bytes-like object is required, not 'str'
# espera: Tu programa terminó sin enviar ningún datagrama
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

with socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM) as s:
    s.sendto('Hola, soy un cliente UDP creado por UPP', (HOST, PORT))
    msg_in = s.recv(1024)
print(msg_in.decode())
