# Un proceso por cliente con os.fork(): funciona, pero el ejercicio pide un solo proceso.
# prueba: con un solo hilo y un solo proceso
# espera: ¿un proceso por cliente (os.fork, multiprocessing)?
import os
import signal
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))
signal.signal(signal.SIGCHLD, signal.SIG_IGN)

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        if os.fork() == 0:
            s.close()
            with conn:
                while True:
                    datos = conn.recv(65536)
                    if not datos:
                        break
                    conn.sendall(datos)
            os._exit(0)
        conn.close()
