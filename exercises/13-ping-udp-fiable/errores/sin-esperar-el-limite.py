# Un tiempo de espera de 0,05 s: reenvía antes de dar tiempo a la respuesta.
# prueba: hasta 3 reintentos
# espera: antes de reenviar, espera la respuesta 0,5 s
import os
import socket
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "9999"))
VECES = int(os.environ.get("VECES", "5"))
LIMITE = 0.05
ENVIOS = 4  # el primero y 3 reintentos


def esperar_pong(s, n):
    """True si llega «PONG n» antes de LIMITE segundos; ignora las demás respuestas."""
    fin = time.monotonic() + LIMITE
    while True:
        queda = fin - time.monotonic()
        if queda <= 0:
            return False
        s.settimeout(queda)
        try:
            datos, _ = s.recvfrom(1024)
        except socket.timeout:
            return False
        if datos == f"PONG {n}".encode():
            return True
        # Otra respuesta (repetida o atrasada): no cuenta; seguimos esperando la nuestra.


with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    for n in range(1, VECES + 1):
        respondido = False
        for envio in range(ENVIOS):
            s.sendto(f"PING {n}".encode(), (HOST, PORT))
            if esperar_pong(s, n):
                respondido = True
                break
        print(f"ping {n}: {'respuesta' if respondido else 'sin respuesta'}")
