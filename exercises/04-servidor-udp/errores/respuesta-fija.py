# Contesta siempre con el mensaje del documento, sin mirar lo que recibe.
# prueba: otro texto
# espera: no depende de lo que recibe
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
msg, addr = s.recvfrom(1024)
s.sendto(b'Mensaje recibido Hola, soy un cliente UDP creado por UPP. Gracias.', addr)
s.close()
