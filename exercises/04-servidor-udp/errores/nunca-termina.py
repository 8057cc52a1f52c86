# Atiende datagramas para siempre: no termina después del primero.
# prueba: termina
# espera: sigue en marcha
# espera: Este servidor atiende un solo datagrama
import os
import socket

direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
s.bind((direccion, puerto))
while True:
    msg, client_addr = s.recvfrom(1024)
    s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode()).encode(), client_addr)
