# El error del documento: .format(msg) con bytes mete b'...' en la respuesta.
# prueba: responde
# espera: Mensaje recibido b'Hola, soy un cliente UDP creado por UPP'. Gracias.
# espera: b'...' dentro
import os
import socket

direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
s.bind((direccion, puerto))
msg, client_addr = s.recvfrom(1024)
s.sendto("Mensaje recibido {}. Gracias.".format(msg).encode(), client_addr)
s.close()
