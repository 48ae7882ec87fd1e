"""Offline guard for the test suite, Python side (scripts/test.mjs puts this folder on
PYTHONPATH, so every Python process of the suite imports it: reports.py, jupyter, Lab).
Connections and name lookups that are not loopback or Unix sockets fail at once and are
appended as JSON lines to $ATTENTION_LAB_NETLOG; scripts/test.mjs fails the run when that
file is not empty. test/offline/no-network.cjs does the same for Node.
"""
import os

_LOG = os.environ.get("ATTENTION_LAB_NETLOG")

if _LOG:
    import json
    import socket
    import sys
    import traceback

    def _loopback(host):
        if host in (None, "", b""):
            return True
        h = host.decode() if isinstance(host, bytes) else str(host)
        h = h.strip("[]").lower()
        return h == "localhost" or h.endswith(".localhost") or h.startswith("127.") or h in ("::1", "0.0.0.0", "::") or h.startswith("::ffff:127.")

    def _blocked(what, dest):
        entry = {"pid": os.getpid(), "process": " ".join(sys.argv[:2]), "what": what, "dest": str(dest),
                 "at": [l.strip() for l in traceback.format_stack(limit=6)[:-2]]}
        try:
            with open(_LOG, "a") as f:
                f.write(json.dumps(entry) + "\n")
        except OSError:
            pass
        return ConnectionRefusedError(f"attention-lab offline guard: {what} {dest} blocked (the test suite must not use the network)")

    def _inet(sock):
        return sock.family in (socket.AF_INET, socket.AF_INET6)

    _connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def connect(self, address):
        if _inet(self) and not _loopback(address[0]):
            raise _blocked("connect to", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if _inet(self) and not _loopback(address[0]):
            _blocked("connect to", address)
            return 111  # ECONNREFUSED
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        if _inet(self) and isinstance(address, tuple) and not _loopback(address[0]):
            raise _blocked("sendto", address)
        return _sendto(self, data, *args)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto

    _getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if not _loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, str(_blocked("DNS lookup of", host)))
        return _getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo

# Chain to any other sitecustomize this one shadows.
import importlib.util as _u
import sys as _s

_here = os.path.dirname(os.path.abspath(__file__))
for _p in _s.path:
    if os.path.abspath(_p or ".") == _here:
        continue
    _f = os.path.join(_p or ".", "sitecustomize.py")
    if os.path.isfile(_f):
        _spec = _u.spec_from_file_location("_attention_lab_next_sitecustomize", _f)
        _m = _u.module_from_spec(_spec)
        _spec.loader.exec_module(_m)
        break
