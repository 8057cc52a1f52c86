# Vuelve a enviar y a esperar después de imprimir la respuesta: nunca termina.
# prueba: termina
# espera: sigue en marcha
# espera: sin un bucle que vuelva a esperar
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
while True:
    s.sendto(b'Hola, soy un cliente UDP creado por UPP', (HOST, PORT))
    print(s.recv(1024).decode())
