# Reintenta sin límite: si nadie escucha, nunca se rinde (y si el servidor vuelve a escuchar tarde, lo intentó más de 5 veces).
# espera: tras 5 intentos rechazados
import os
import socket
import sys
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
LIMITE = 2.0
INTENTOS = 5


def conectar():
    """Un socket conectado, reintentando con esperas crecientes si la conexión es rechazada."""
    espera = 0.2
    intento = 0
    while True:
        intento += 1
        try:
            return socket.create_connection((HOST, PORT), timeout=LIMITE)
        except ConnectionRefusedError:
            time.sleep(espera)
            espera = min(espera * 2, 1.0)


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
