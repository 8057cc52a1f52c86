# Cliente UDP: completa los pasos marcados con TODO.
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

with socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM) as mi_socket:
    msg = 'Hola, soy un cliente UDP creado por UPP'
    # TODO 1: envía msg (en bytes) a (HOST, PORT) con sendto().
    # TODO 2: recibe la respuesta con recvfrom(1024) e imprímela como texto.
    pass
