# El bucle del documento sin el break: la segunda vuelta usa un socket cerrado.
# prueba: termina
# espera: OSError: [Errno 9] Bad file descriptor
# espera: Ese socket ya está cerrado
import os
import socket

HOST = os.environ.get('HOST', 'localhost')
PORT = int(os.environ.get('PUERTO', '9999'))

mySocket = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
while True:
    msg = "Hola, soy un cliente UDP creado por UPP"
    mySocket.sendto(msg.encode(), (HOST, PORT))
    msg_in = mySocket.recv(1024).decode()
    print(msg_in)
    mySocket.close()
