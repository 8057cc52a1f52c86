# Se vincula a todas las interfaces ('0.0.0.0') en vez de a HOST.
# prueba: se vincula
# espera: en todas las interfaces, y no en HOST
# espera: expuesto a todas las redes
import os
import socket

PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', PORT))
msg, addr = s.recvfrom(1024)
s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode()).encode(), addr)
s.close()
