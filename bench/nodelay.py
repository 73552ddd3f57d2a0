"""An experiment, not how Talkback is served: run a server script with TCP_NODELAY set on its
listening socket (on Linux, accepted sockets inherit it), to measure what Nagle's algorithm
costs the protocol's back-to-back small messages. Used by `python -m bench --nodelay`.

    python bench/nodelay.py run.py --demo --port 5000 ...
"""

import runpy
import socket
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=r"(?s)\s*Eventlet is deprecated")

import eventlet  # noqa: E402

_listen = eventlet.listen


def listen(*args, **kwargs):
    sock = _listen(*args, **kwargs)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


eventlet.listen = listen  # Flask-SocketIO's run() calls eventlet.listen at start

if __name__ == "__main__":
    script = Path(sys.argv[1]).resolve()
    sys.argv = sys.argv[1:]
    sys.path.insert(0, str(script.parent))
    runpy.run_path(str(script), run_name="__main__")
