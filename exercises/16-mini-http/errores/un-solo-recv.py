# Lee la petición con un solo recv(): falla cuando llega en trozos.
# prueba: espera la petición entera
# espera: antes de que terminara la petición
import os
import socket

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "8080"))
CARPETA = os.environ.get("CARPETA", ".")
FIN_DE_CABECERAS = b"\r\n\r\n"


def respuesta(estado, cuerpo=None):
    if cuerpo is None:
        cuerpo = (estado + "\n").encode()
    cabeceras = f"HTTP/1.0 {estado}\r\nContent-Length: {len(cuerpo)}\r\n\r\n"
    return cabeceras.encode() + cuerpo


def leer_peticion(conn):
    """Lo recibido hasta la línea vacía (o hasta que el cliente cierre)."""
    datos = b""
    return conn.recv(4096)


def atender(peticion):
    primera = peticion.split(b"\r\n", 1)[0].decode("latin-1")
    partes = primera.split(" ")
    if len(partes) != 3 or partes[0] != "GET" or not partes[1].startswith("/") or not partes[2].startswith("HTTP/1."):
        return respuesta("400 Bad Request")
    ruta = partes[1]
    if ".." in ruta.split("/"):
        return respuesta("403 Forbidden")
    archivo = os.path.join(CARPETA, ruta.lstrip("/"))
    if not os.path.isfile(archivo):
        return respuesta("404 Not Found")
    with open(archivo, "rb") as f:
        return respuesta("200 OK", f.read())


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen()
    while True:
        conn, addr = s.accept()
        with conn:
            conn.sendall(atender(leer_peticion(conn)))
