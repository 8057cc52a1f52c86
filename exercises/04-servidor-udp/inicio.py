# Servidor UDP: el listado del documento (con HOST y PUERTO del taller).
# Tal cual está, responde algo que no es lo pedido. Ejecútalo, mira la respuesta y corrígelo.
import os
import socket

mySocket = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM, proto=0, fileno=None)

print("Socket Creado")
direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

mySocket.bind((direccion, puerto))
print("Socket enlazado a la dirección {} y el número de puerto{}".format(direccion, puerto))

while True:
    msg, client_addr = mySocket.recvfrom(1024)

    print("Mensaje recibido del cliente")
    print(msg.decode)
    print("Envío acuse de recibo al cliente")
    msg_out = "Mensaje recibido {}. Gracias.".format(msg).encode()
    mySocket.sendto(msg_out, client_addr)
    mySocket.close()
    break
