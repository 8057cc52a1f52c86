import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "9999"))
VECES = int(os.environ.get("VECES", "5"))

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    for n in range(1, VECES + 1):
        s.sendto(f"PING {n}".encode(), (HOST, PORT))
        # Completa: tiempo de espera, reintentos e ignorar respuestas de otros pings.
        datos, _ = s.recvfrom(1024)
        print(f"ping {n}: respuesta")
