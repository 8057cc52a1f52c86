# Codifica la respuesta en Latin-1: cada letra con tilde va en un solo byte.
# prueba: otro texto
# espera: codificó el texto en Latin-1
# espera: El ejercicio habla UTF-8
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
msg, addr = s.recvfrom(1024)
s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode()).encode('latin-1'), addr)
s.close()
