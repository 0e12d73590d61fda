#pragma once

#include <QByteArray>

// Blocking socket helpers for the test upstreams (ScriptedUpstream, HeldUpstream).

// A TCP socket listening on 127.0.0.1, port 0; the port it got is written to *port.
int listenOnLoopback(quint16* port, int backlog);

// Reads one HTTP request: the head, then the body its Content-Length announces. If the peer
// closes first, returns what arrived, and *complete (when given) says false.
QByteArray readHttpRequest(int fd, bool* complete = nullptr);
