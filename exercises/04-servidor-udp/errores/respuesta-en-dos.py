# Envía la respuesta en dos sendto(): en UDP son dos datagramas.
# prueba: al mensaje del documento
# espera: partida en 2 datagramas
# espera: cada sendto() es un datagrama aparte
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
msg, addr = s.recvfrom(1024)
s.sendto('Mensaje recibido {}'.format(msg.decode()).encode(), addr)
s.sendto(b'. Gracias.', addr)
s.close()
