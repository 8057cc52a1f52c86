# socketserver.TCPServer atiende también de uno en uno (hace falta ThreadingTCPServer).
# prueba: callado
# espera: atiende a los clientes de uno en uno
import os
import socketserver

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PUERTO", "65432"))


class Eco(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(4096)
            if not data:
                break
            self.request.sendall(data)


with socketserver.TCPServer((HOST, PORT), Eco) as server:
    server.serve_forever()
