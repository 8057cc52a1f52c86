# Se vincula al puerto del documento aunque el taller le dé otro en PUERTO.
# puerto-fijo: 9999
# espera: Tu programa está vinculado a 127.0.0.1:9999, pero debía hacerlo en 127.0.0.1:
# espera: no leyó la variable PUERTO
import socket

s = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
s.bind(('localhost', 9999))
msg, client_addr = s.recvfrom(1024)
s.sendto('Mensaje recibido {}. Gracias.'.format(msg.decode()).encode(), client_addr)
s.close()
