# Servidor UDP del documento, corregido.
import os
import socket

direccion = os.environ.get('HOST', 'localhost')
puerto = int(os.environ.get('PUERTO', '9999'))

mi_socket = socket.socket(family=socket.AF_INET, type=socket.SOCK_DGRAM)
print('Socket creado')
mi_socket.bind((direccion, puerto))
print('Socket enlazado a la dirección {} y el número de puerto {}'.format(direccion, puerto))

msg, client_addr = mi_socket.recvfrom(1024)
print('Mensaje recibido del cliente')
print(msg.decode())                      # decode() con paréntesis: llamar al método
print('Envío acuse de recibo al cliente')
msg_out = 'Mensaje recibido {}. Gracias.'.format(msg.decode()).encode()  # texto, no b'...'
mi_socket.sendto(msg_out, client_addr)
mi_socket.close()                        # después de atender, fuera del bucle
