# Envía al puerto del documento aunque el taller escuche en otro (PUERTO): nadie contesta.
# puerto-fijo: 9999
# espera: Tu programa envió su datagrama a localhost:9999, pero el taller escuchaba en 127.0.0.1:
# espera: se queda esperando la respuesta
import socket

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
s.sendto(b'Hola, soy un cliente UDP creado por UPP', ('localhost', 9999))
print(s.recv(1024).decode())
s.close()
