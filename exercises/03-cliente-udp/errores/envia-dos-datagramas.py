# Envía el mismo datagrama dos veces «por si se pierde»: el enunciado pide uno solo.
# prueba: sin enviar ningún otro datagrama
# espera: Tu cliente envió 2 datagramas
# espera: repiten el mismo mensaje
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
mensaje = 'Hola, soy un cliente UDP creado por UPP'.encode()
s.sendto(mensaje, (HOST, PORT))
s.sendto(mensaje, (HOST, PORT))
data, _ = s.recvfrom(1024)
print(data.decode())
s.close()
