# Un tiempo de espera de medio segundo: se rinde con respuestas que llegan a tiempo (también enseguida, en una computadora cargada).
# espera: ¿usa un tiempo de espera más corto que 2 s
import os
import socket
import sys
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
LIMITE = 0.5
INTENTOS = 5


def conectar():
    """Un socket conectado, reintentando con esperas crecientes si la conexión es rechazada."""
    espera = 0.2
    for intento in range(1, INTENTOS + 1):
        try:
            return socket.create_connection((HOST, PORT), timeout=LIMITE)
        except ConnectionRefusedError:
            if intento == INTENTOS:
                raise
            time.sleep(espera)
            espera *= 2


def pedir(s):
    s.sendall(b"HOLA\n")
    datos = b""
    while b"\n" not in datos:
        trozo = s.recv(1024)  # con settimeout (timeout=LIMITE), lanza TimeoutError a los 2 s
        if not trozo:
            raise ConnectionResetError("el servidor cerró antes de terminar la línea")
        datos += trozo
    return datos.split(b"\n", 1)[0].decode()


try:
    with conectar() as s:
        print("respuesta:", pedir(s))
except ConnectionRefusedError:
    print("error: rechazada")
    sys.exit(1)
except socket.timeout:  # en Python 3.10+ es lo mismo que TimeoutError
    print("error: tiempo agotado")
    sys.exit(1)
except ConnectionResetError:
    print("error: conexión reiniciada")
    sys.exit(1)
