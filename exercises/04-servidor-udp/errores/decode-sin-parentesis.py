# msg.decode sin paréntesis: la respuesta lleva la descripción del método.
# prueba: responde
# espera: <built-in method decode
# espera: falta llamarlo con paréntesis
import os
import socket

direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
s.bind((direccion, puerto))
msg, client_addr = s.recvfrom(1024)
s.sendto("Mensaje recibido {}. Gracias.".format(msg.decode).encode(), client_addr)
s.close()
