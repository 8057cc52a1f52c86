# El bucle del documento sin el break: la segunda vuelta usa un socket cerrado.
# prueba: termina
# espera: OSError: [Errno 9] Bad file descriptor
# espera: Ese socket ya está cerrado
import os
import socket

direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

mySocket = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
mySocket.bind((direccion, puerto))
while True:
    msg, client_addr = mySocket.recvfrom(1024)
    msg_out = "Mensaje recibido {}. Gracias.".format(msg.decode()).encode()
    mySocket.sendto(msg_out, client_addr)
    mySocket.close()
