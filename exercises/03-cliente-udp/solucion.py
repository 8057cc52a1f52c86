# Cliente UDP del documento, sin el falso bucle y con un tiempo máximo de espera.
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

with socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM) as mi_socket:
    print('Socket creado')
    msg = 'Hola, soy un cliente UDP creado por UPP'
    print('Envío del mensaje al servidor:', msg)
    mi_socket.sendto(msg.encode(), (HOST, PORT))  # UDP: sin connect(), la dirección va en cada envío
    mi_socket.settimeout(5)                        # sin servidor, no esperar para siempre
    msg_in, direccion = mi_socket.recvfrom(1024)
    print('Acuse de recibo recibido del servidor:')
    print(msg_in.decode())
print('Terminada la comunicación.')
