# Decodifica lo recibido como Latin-1 y contesta en UTF-8: «ó» se vuelve «Ã³».
# prueba: otro texto
# espera: leyó en Latin-1 unos bytes que eran UTF-8
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
msg, addr = s.recvfrom(1024)
s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode('latin-1')).encode('utf-8'), addr)
s.close()
