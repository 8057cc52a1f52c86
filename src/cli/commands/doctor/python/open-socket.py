# doctor: this Python can create and close a real TCP socket.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.close()
print("ok")
