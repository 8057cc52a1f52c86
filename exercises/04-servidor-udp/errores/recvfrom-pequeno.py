# Recibe con recvfrom(16): el datagrama no cabe y UDP descarta el resto.
# prueba: al mensaje del documento
# espera: cortado a 16 bytes
# espera: en UDP lo que no cabe en el búfer se pierde
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
msg, addr = s.recvfrom(16)
s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode(errors='replace')).encode(), addr)
s.close()
