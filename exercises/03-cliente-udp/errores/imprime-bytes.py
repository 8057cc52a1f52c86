# Imprime la respuesta sin decodificar.
# prueba: imprime
# espera: Tu programa imprimió la respuesta como bytes
# espera: data.decode()
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

with socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM) as s:
    s.sendto(b'Hola, soy un cliente UDP creado por UPP', (HOST, PORT))
    msg_in, addr = s.recvfrom(1024)
    print(msg_in)
